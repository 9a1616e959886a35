/**
 * A worker thread of inkasso samlesak's first reading: builds the rule set once from the texts the
 * main thread read (the same version), then reads batches of NDJSON lines, or the records of CSV
 * claims (parse, check, candidacy), into FirstBatch arrays, which the main thread takes in the
 * file's order.
 */
import { workerData } from 'node:worker_threads';
import type { RuleSource } from '../rules/index.ts';
import { eachLineOfBytes } from '../replay/batch.ts';
import { parseClaimLine, type AsOfMode } from '../replay/claim-line.ts';
import { answerJobs, ruleSetOf } from '../replay/thread-side.ts';
import { FirstBatchBuilder, type FirstBatch } from '../samlesak/samlesak.ts';
import { csvItems, type CsvSetup } from '../replay/read-csv.ts';
import { unpackCsvEntries, type PackedCsvEntries } from '../replay/csv-packed.ts';

export interface FirstReadingSetup {
  readonly rules: readonly RuleSource[];
  readonly mode: AsOfMode;
}

export type FirstReadingJob =
  | {
    readonly kind: 'ndjson';
    readonly seq: number;
    readonly firstLine: number;
    /** Whole lines; about `lines` of them (for the arrays' first size). */
    readonly bytes: Uint8Array;
    readonly lines: number;
  }
  | { readonly kind: 'csv'; readonly seq: number; readonly setup: CsvSetup; readonly packed: PackedCsvEntries };

export interface FirstReadingDone {
  readonly seq: number;
  readonly batch: FirstBatch;
}

const setup = workerData as FirstReadingSetup;
answerJobs<FirstReadingJob, FirstReadingDone>(() => {
  const rules = ruleSetOf(setup.rules);
  return (job) => {
    const b = new FirstBatchBuilder(job.kind === 'csv' ? job.packed.counts.length : job.lines);
    if (job.kind === 'csv') {
      for (const item of csvItems(job.setup, unpackCsvEntries(job.packed))) {
        if ('claim' in item) b.claim(rules, item, setup.mode);
        else b.unreadable({ line: item.line, ...(item.claimId !== undefined ? { claimId: item.claimId } : {}), code: item.error.code, message: item.error.message });
      }
    } else {
      eachLineOfBytes(job.bytes, job.firstLine, (line, text) => {
        const r = parseClaimLine(text);
        if (r.ok) b.claim(rules, { line, claim: r.claim }, setup.mode);
        else b.unreadable({ line, ...(r.claimId !== undefined ? { claimId: r.claimId } : {}), code: r.error.code, message: r.error.message });
      }, (line, error) => b.unreadable({ line, code: error.code, message: error.message }));
    }
    const batch = b.build();
    return { done: { seq: job.seq, batch }, transfer: [batch.lines.buffer, batch.codes.buffer, batch.hashes.buffer, batch.handedOver.buffer] as ArrayBuffer[] };
  };
});
