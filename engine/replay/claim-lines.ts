/**
 * The claims of an NDJSON file, line by line, each parsed and checked as replay checks it: the
 * samlesak check reads the file twice (engine/samlesak/samlesak.ts), so it reads a file, never a
 * stream. A line that is not UTF-8, or longer than a claim may be, comes back as an error, never
 * dropped; blank lines are skipped.
 */
import { createReadStream } from 'node:fs';
import { ndjsonBatches } from './read-ndjson.ts';
import { parseClaimLine, type LineResult } from './claim-line.ts';
import { eachLineOfBytes } from './batch.ts';

export interface ClaimLine {
  readonly line: number;
  readonly result: LineResult;
}

export async function* claimLines(file: string): AsyncGenerator<ClaimLine> {
  for await (const chunk of ndjsonBatches(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if (chunk.kind === 'items') {
      for (const item of chunk.items) {
        if ('claim' in item) yield { line: item.line, result: { ok: true, claim: item.claim } };
        else yield { line: item.line, result: { ok: false, ...(item.claimId !== undefined ? { claimId: item.claimId } : {}), error: item.error } };
      }
      continue;
    }
    // A batch is at most about a megabyte: its lines are read, then handed on one by one.
    const lines: ClaimLine[] = [];
    eachLineOfBytes(chunk.bytes, chunk.firstLine, (line, text) => lines.push({ line, result: parseClaimLine(text) }), (line, error) => lines.push({ line, result: { ok: false, error } }));
    yield* lines;
  }
}
