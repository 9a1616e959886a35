/**
 * A worker thread of inkasso samlesak's first reading: builds the rule set once from the texts the
 * main thread read (the same version), then reads batches of NDJSON lines (parse, check,
 * candidacy) into FirstBatch arrays, which the main thread takes in the file's order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rulesFromSources } from '../node.ts';
import type { RuleSource } from '../rules/index.ts';
import { eachLineOfBytes } from '../replay/batch.ts';
import { parseClaimLine, type AsOfMode } from '../replay/claim-line.ts';
import type { ThreadReply } from '../replay/pool.ts';
import { FirstBatchBuilder, type FirstBatch } from '../samlesak/samlesak.ts';

export interface FirstReadingSetup {
  readonly rules: readonly RuleSource[];
  readonly mode: AsOfMode;
}

export interface FirstReadingJob {
  readonly seq: number;
  readonly firstLine: number;
  /** Whole lines; about `lines` of them (for the arrays' first size). */
  readonly bytes: Uint8Array;
  readonly lines: number;
}

export interface FirstReadingDone {
  readonly seq: number;
  readonly batch: FirstBatch;
}

const port = parentPort!;
const setup = workerData as FirstReadingSetup;
try {
  const { ruleSet: rules, diagnostics } = rulesFromSources(setup.rules);
  if (!rules) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  port.on('message', (job: FirstReadingJob) => {
    try {
      const b = new FirstBatchBuilder(job.lines);
      eachLineOfBytes(job.bytes, job.firstLine, (line, text) => {
        const r = parseClaimLine(text);
        if (r.ok) b.claim(rules, { line, claim: r.claim }, setup.mode);
        else b.unreadable({ line, ...(r.claimId !== undefined ? { claimId: r.claimId } : {}), code: r.error.code, message: r.error.message });
      }, (line, error) => b.unreadable({ line, code: error.code, message: error.message }));
      const batch = b.build();
      const reply: ThreadReply<FirstReadingDone> = { type: 'done', seq: job.seq, batch };
      port.postMessage(reply, [batch.lines.buffer, batch.codes.buffer, batch.hashes.buffer, batch.handedOver.buffer] as ArrayBuffer[]);
    } catch (e) {
      port.postMessage({ type: 'fatal', message: (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) } satisfies ThreadReply<FirstReadingDone>);
    }
  });
  port.postMessage({ type: 'ready' } satisfies ThreadReply<FirstReadingDone>);
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies ThreadReply<FirstReadingDone>);
}
