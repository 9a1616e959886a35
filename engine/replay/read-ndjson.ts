/**
 * Cuts an NDJSON byte stream into batches of whole lines (about `batchBytes` each) without
 * decoding them: the workers decode and parse. Memory stays at a few batches however large the
 * file. A line longer than `maxLineBytes` is reported as malformed and skipped, not buffered.
 */
import type { BatchItem } from './batch.ts';
import type { CsvEntry, CsvSetup } from './read-csv.ts';
import { DEFAULT_IDLE_MS, IDLE, markIdle } from './idle.ts';

/**
 * A batch of input: raw NDJSON lines, the records of CSV claims (read-csv.ts), or claims already
 * read and lines already judged. `idle`: the input paused after it (a pipe written slowly), so
 * what is done should be written now.
 */
export type InputChunk = NdjsonChunk | CsvChunk;
export type NdjsonChunk =
  | { readonly kind: 'ndjson'; readonly firstLine: number; readonly bytes: Uint8Array; readonly lines: number; readonly idle?: boolean }
  | { readonly kind: 'items'; readonly items: readonly BatchItem[]; /** The last input line this batch accounts for. */ readonly lastLine: number; readonly idle?: boolean };
export type CsvChunk = { readonly kind: 'csv'; readonly setup: CsvSetup; readonly entries: readonly CsvEntry[]; /** The last input line this batch accounts for. */ readonly lastLine: number; readonly idle?: boolean };

export interface NdjsonOptions {
  readonly batchBytes?: number;
  readonly maxLineBytes?: number;
  /** True when the input was cut short (the run was stopped): a last line without its newline is dropped, not read. */
  readonly cut?: () => boolean;
  /** When the input pauses this long (ms), the whole lines read so far are a batch (default 200). */
  readonly idleMs?: number;
}

export const DEFAULT_BATCH_BYTES = 1 << 20;
/**
 * One claim's line: 1 MiB, the API's limit for one claim. A line must fit a worker's heap once
 * parsed: 16 MiB of `[{},{},…]` is five million objects and took a worker past its heap limit.
 */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/**
 * Newlines in a batch. Buffer's indexOf (memchr) rather than Uint8Array's, which is four times
 * slower: this runs on the main thread for every byte of the input, beside the workers.
 */
function countLines(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export async function* ndjsonBatches(source: AsyncIterable<Uint8Array>, options: NdjsonOptions = {}): AsyncGenerator<NdjsonChunk> {
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  /** Offset in the pending bytes just after their last newline (0: none yet). */
  let complete = 0;
  let line = 1;
  /** Inside an overlong line: drop bytes until its newline. */
  let skipping = false;

  const take = (upTo: number): Uint8Array => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength);
    const head = new Uint8Array(all.subarray(0, upTo)); // a copy: the batch owns its memory and can be transferred
    const rest = all.subarray(upTo);
    pending = rest.length ? [new Uint8Array(rest)] : [];
    pendingLength = rest.length;
    complete = 0;
    return head;
  };
  const batch = (bytes: Uint8Array, idle = false): NdjsonChunk => {
    // A last line without its newline still counts.
    const lines = countLines(bytes) + (bytes.length && bytes[bytes.length - 1] !== 10 ? 1 : 0);
    const chunk: NdjsonChunk = idle ? { kind: 'ndjson', firstLine: line, bytes, lines, idle } : { kind: 'ndjson', firstLine: line, bytes, lines };
    line += lines;
    return chunk;
  };

  for await (const data of markIdle(source, options.idleMs ?? DEFAULT_IDLE_MS)) {
    if (data === IDLE) {
      // The input paused: the whole lines read so far go on now, however few.
      if (complete > 0) yield batch(take(complete), true);
      continue;
    }
    let chunk = data;
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) continue;
      skipping = false;
      line++;
      chunk = chunk.subarray(nl + 1);
      if (!chunk.length) continue;
    }
    const last = chunk.lastIndexOf(10);
    pending.push(chunk);
    pendingLength += chunk.length;
    if (last >= 0) complete = pendingLength - chunk.length + last + 1;
    if (complete > 0 && pendingLength >= batchBytes) yield batch(take(complete));
    if (pendingLength - complete > maxLine) {
      if (complete > 0) yield batch(take(complete));
      pending = [];
      pendingLength = 0;
      skipping = true;
      yield {
        kind: 'items',
        lastLine: line,
        items: [{ line, error: { code: 'TOO_LARGE', message: `line longer than ${maxLine} bytes (the limit for one claim); skipped up to its end` } }],
      };
    }
  }
  if (skipping) return;
  const end = options.cut?.() ? complete : pendingLength;
  if (end > 0) yield batch(take(end));
}
