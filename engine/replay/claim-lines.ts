/**
 * The claims of a file, each read and checked as replay reads it: NDJSON line by line, or CSV in
 * the replay's layout (with a column map), either of them gzip-compressed or not
 * (claims-file.ts); the samlesak check reads the file twice
 * (engine/samlesak/samlesak.ts), so it reads a file, never a stream. A line that is not UTF-8, or
 * longer than a claim may be, or a claim the CSV rows cannot make, comes back as an error with its
 * line, never dropped; blank lines are skipped.
 */
import { openClaimsFile, type ClaimsSource } from './claims-file.ts';
import { ndjsonBatches, type InputChunk } from './read-ndjson.ts';
import { parseClaimLine, type LineError, type LineResult } from './claim-line.ts';
import { eachLineOfBytes } from './batch.ts';
import type { CsvMap } from './csv-map.ts';
import { csvBatches, csvItems } from './read-csv.ts';

export interface ClaimLine {
  readonly line: number;
  readonly result: LineResult;
}

/**
 * With a CsvMap (`{}` for the replay's own column names), the file is read as CSV; without, as
 * NDJSON. `onRead` is told how many bytes of the file have been read, once a batch (for progress).
 * `wanted`, asked of every line (every claim of CSV), leaves out those it answers false for: an
 * NDJSON line left out is not even parsed (samlesak's second reading wants a few claims of many).
 */
export async function* claimLines(file: string, csv?: CsvMap, onRead?: (bytes: number) => void, wanted?: (line: number) => boolean): AsyncGenerator<ClaimLine> {
  const source = openClaimsFile(file, csv?.encoding);
  // Bytes ended by damaged gzip data: the line cut there is left out, then the error is thrown
  // (also in place of a CSV header the damage cut off).
  const cut = () => source.failure() !== undefined;
  try {
    yield* chunksOf(source, csv ? csvBatches(source.bytes, csv, { cut }) : ndjsonBatches(source.bytes, { cut }), onRead, wanted);
    const failure = source.failure();
    if (failure) throw failure;
  } catch (e) {
    throw source.failure() ?? e;
  } finally {
    source.destroy();
  }
}

async function* chunksOf(source: ClaimsSource, chunks: AsyncGenerator<InputChunk>, onRead: ((bytes: number) => void) | undefined, wanted: ((line: number) => boolean) | undefined): AsyncGenerator<ClaimLine> {
  for await (const chunk of chunks) {
    onRead?.(source.bytesRead());
    if (chunk.kind !== 'ndjson') {
      // CSV: its claims' fields read here, those wanted only.
      const items = chunk.kind === 'csv' ? csvItems(chunk.setup, chunk.entries, wanted && ((_, line) => wanted(line))) : chunk.items;
      for (const item of items) {
        if (wanted && !wanted(item.line)) continue;
        if ('claim' in item) yield { line: item.line, result: { ok: true, claim: item.claim } };
        else yield { line: item.line, result: { ok: false, ...(item.claimId !== undefined ? { claimId: item.claimId } : {}), error: item.error } };
      }
      continue;
    }
    // A batch is at most about a megabyte: its lines are read, then handed on one by one.
    const lines: ClaimLine[] = [];
    const push = (line: number, text: string) => lines.push({ line, result: parseClaimLine(text) });
    const bad = (line: number, error: LineError) => lines.push({ line, result: { ok: false, error } });
    if (wanted) wantedLines(chunk.bytes, chunk.firstLine, wanted, push, bad);
    else eachLineOfBytes(chunk.bytes, chunk.firstLine, push, bad);
    yield* lines;
  }
}

/**
 * The lines of a batch that `wanted` answers true for (asked of every line that is not blank),
 * each read as eachLineOfBytes reads it and numbered the same; the others are passed over as bytes,
 * never decoded.
 */
function wantedLines(bytes: Uint8Array, first: number, wanted: (line: number) => boolean, push: (line: number, text: string) => void, bad: (line: number, error: LineError) => void): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = first;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    if (!blank(buf, start, end) && wanted(line)) eachLineOfBytes(buf.subarray(start, end), line, push, bad);
    line++;
    start = end + 1;
  }
}

/** Spaces and tabs only, after one carriage return at the end is left off (as eachLineOfBytes reads a blank line). */
function blank(buf: Buffer, start: number, end: number): boolean {
  const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
  for (let i = start; i < stop; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
