/**
 * Text saved as UTF-16, as Excel's "Unicode Text" export and Notepad's "Unicode" write it, told by
 * its byte-order mark (FF FE little-endian, FE FF big-endian), which no UTF-8 text begins with.
 * The claims files the CLI reads (a claim, replay, samlesak, letters, ledger) are read in it as
 * they are in UTF-8; rule files and API bodies must be UTF-8 and are refused saying which it is.
 * Decoding is strict, as for UTF-8: a lone surrogate or an odd last byte is an error with its
 * line, never turned into U+FFFD.
 */
export type Utf16 = 'utf-16le' | 'utf-16be';

/** The UTF-16 its byte-order mark says the bytes are, or undefined. */
export function utf16ByBom(bytes: Uint8Array): Utf16 | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** "UTF-16 (it begins with the byte-order mark FF FE)". */
export function describeUtf16(encoding: Utf16): string {
  return `UTF-16 (it begins with the byte-order mark ${encoding === 'utf-16le' ? 'FF FE' : 'FE FF'})`;
}

/** A character UTF-16 cannot be: a surrogate without its pair, or a last byte without its partner. */
export class Utf16Problem extends Error {
  /** 1-based: the line the bad character is on. */
  readonly line: number;
  /** What is wrong, without the line. */
  readonly reason = 'the text is UTF-16 with a character cut in half (a surrogate without its pair, or an odd last byte); save it as UTF-8';
  constructor(line: number) {
    super();
    this.line = line;
    this.message = `line ${line}: ${this.reason}`;
  }
}

/** UTF-16 text (its byte-order mark first) as a string without the mark; Utf16Problem if a character is broken. */
export function decodeUtf16(bytes: Uint8Array, encoding: Utf16): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new Utf16Problem(1 + countLineEnds(textBeforeBroken(bytes.subarray(2), encoding)));
  }
}

/**
 * UTF-16 text, chunk by chunk (its byte-order mark at the start of the first), as UTF-8 bytes
 * without the mark: what the NDJSON and CSV readers take. A broken character ends it with
 * Utf16Problem, after the text before it.
 */
export async function* utf16AsUtf8(chunks: AsyncIterable<Uint8Array>, encoding: Utf16): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let lineEnds = 0; // in the text passed on so far
  let held = -2; // bytes given to the decoder whose text it has not given back (the mark: none)
  let tail: Uint8Array = new Uint8Array(0); // the last bytes given to it: those it may hold (at most 3)
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The text up to the broken character, from the bytes the decoder held and this chunk.
      const bytes = held < 0 ? chunk.subarray(-held) : Buffer.concat([tail.subarray(tail.length - held), chunk]);
      const before = textBeforeBroken(bytes, encoding);
      if (before) yield Buffer.from(before, 'utf8');
      throw new Utf16Problem(1 + lineEnds + countLineEnds(before));
    }
    held += chunk.length - 2 * text.length;
    tail = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : Buffer.concat([tail, chunk]).subarray(-3);
    if (!text) continue;
    lineEnds += countLineEnds(text);
    yield Buffer.from(text, 'utf8');
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new Utf16Problem(1 + lineEnds);
  }
  if (rest) yield Buffer.from(rest, 'utf8');
}

/** The text before the first character that does not decode. */
function textBeforeBroken(bytes: Uint8Array, encoding: Utf16): string {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const at = text.indexOf('\ufffd');
  return at < 0 ? text : text.slice(0, at);
}

function countLineEnds(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
