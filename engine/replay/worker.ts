/**
 * A replay worker thread: builds the rule sets once from the texts the main thread read (so every
 * worker evaluates against exactly the same version), then answers batches with runBatch.
 */
import { workerData } from 'node:worker_threads';
import type { RuleSource } from '../rules/index.ts';
import { answerJobs, ruleSetOf } from './thread-side.ts';
import { runBatch, type BatchInput } from './batch.ts';
import type { ThreadReply } from './pool.ts';
import type { AsOfMode } from './claim-line.ts';
import type { Shard } from './shard.ts';

export interface WorkerSetup {
  readonly rules: readonly RuleSource[];
  readonly compare?: readonly RuleSource[];
  readonly asOf: AsOfMode;
  readonly all: boolean;
  readonly shard?: Shard;
  readonly ledger?: boolean;
}

export type WorkerReply = ThreadReply<ReturnType<typeof runBatch>>;

const setup = workerData as WorkerSetup;
answerJobs<BatchInput, ReturnType<typeof runBatch>>(() => {
  const rules = ruleSetOf(setup.rules);
  const compare = setup.compare ? ruleSetOf(setup.compare) : undefined;
  const options = { rules, ...(compare ? { compare } : {}), asOf: setup.asOf, all: setup.all, ...(setup.shard ? { shard: setup.shard } : {}), ...(setup.ledger ? { ledger: true } : {}) };
  return (input) => ({ done: runBatch(input, options) });
});
