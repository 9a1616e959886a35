/**
 * UTF-8 text read strictly: bytes that are not UTF-8 (a Latin-1 "§" saved by an old editor) are
 * an error with the line and column of the first bad byte, never silently turned into U+FFFD. A
 * byte-order mark at the start is accepted and dropped.
 */
export interface Utf8Problem {
  /** Byte offset of the first byte that is not UTF-8. */
  readonly offset: number;
  /** 1-based line and column (in characters) of that byte. */
  readonly line: number;
  readonly col: number;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8');

/** Where the first byte that is not UTF-8 is, or undefined when the bytes are UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): Utf8Problem | undefined {
  if (isUtf8(bytes)) return undefined;
  // The longest prefix that decodes (a sequence cut off at the prefix's end is not an error with
  // stream: true); the bad byte is right after it.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(bytes.subarray(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  // The first lo bytes decode. If they end in a sequence still waiting for its last bytes, that
  // sequence is the bad one; otherwise the byte at lo is.
  let offset = lo;
  let k = lo;
  while (k > 0 && lo - k < 3 && (bytes[k - 1]! & 0xc0) === 0x80) k--;
  if (k > 0 && bytes[k - 1]! >= 0xc0) {
    const lead = bytes[k - 1]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (lo - (k - 1) < need) offset = k - 1;
  }
  const before = bytes.subarray(0, offset);
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const col = lenient.decode(before.subarray(lineStart)).length + 1;
  return { offset, line, col };
}

/** Whether the bytes are UTF-8 (a BOM included). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The bytes as text, or the place of the first byte that is not UTF-8. A leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; at: Utf8Problem; byte: number } {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes)!;
    return { ok: false, at: bad, byte: bytes[bad.offset]! };
  }
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** "line 3, column 12: not valid UTF-8 (byte 0xa7)". */
export function describeUtf8Problem(p: { at: Utf8Problem; byte: number }): string {
  return `line ${p.at.line}, column ${p.at.col}: the text is not valid UTF-8 (byte 0x${p.byte.toString(16).padStart(2, '0')}); save it as UTF-8`;
}
