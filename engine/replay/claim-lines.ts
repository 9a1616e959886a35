/**
 * The claims of a file, each read and checked as replay reads it: NDJSON line by line, or CSV in
 * the replay's layout (with a column map); the samlesak check reads the file twice
 * (engine/samlesak/samlesak.ts), so it reads a file, never a stream. A line that is not UTF-8, or
 * longer than a claim may be, or a claim the CSV rows cannot make, comes back as an error with its
 * line, never dropped; blank lines are skipped.
 */
import { createReadStream } from 'node:fs';
import { ndjsonBatches } from './read-ndjson.ts';
import { parseClaimLine, type LineResult } from './claim-line.ts';
import { eachLineOfBytes } from './batch.ts';
import type { CsvMap } from './csv-map.ts';
import { csvBatches } from './read-csv.ts';

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
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of csv ? csvBatches(source, csv) : ndjsonBatches(source)) {
    onRead?.(source.bytesRead);
    if (chunk.kind === 'items') {
      for (const item of chunk.items) {
        if (wanted && !wanted(item.line)) continue;
        if ('claim' in item) yield { line: item.line, result: { ok: true, claim: item.claim } };
        else yield { line: item.line, result: { ok: false, ...(item.claimId !== undefined ? { claimId: item.claimId } : {}), error: item.error } };
      }
      continue;
    }
    // A batch is at most about a megabyte: its lines are read, then handed on one by one.
    const lines: ClaimLine[] = [];
    eachLineOfBytes(chunk.bytes, chunk.firstLine, (line, text) => {
      if (!wanted || wanted(line)) lines.push({ line, result: parseClaimLine(text) });
    }, (line, error) => {
      if (!wanted || wanted(line)) lines.push({ line, result: { ok: false, error } });
    });
    yield* lines;
  }
}
