/**
 * A replay worker thread: builds the rule sets once from the texts the main thread read (so every
 * worker evaluates against exactly the same version), then answers batches with runBatch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rulesFromSources } from '../node.ts';
import type { RuleSet, RuleSource } from '../rules/index.ts';
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

function build(sources: readonly RuleSource[]): RuleSet {
  const { ruleSet, diagnostics } = rulesFromSources(sources);
  if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return ruleSet;
}

const port = parentPort!;
const setup = workerData as WorkerSetup;
try {
  const rules = build(setup.rules);
  const compare = setup.compare ? build(setup.compare) : undefined;
  const options = { rules, ...(compare ? { compare } : {}), asOf: setup.asOf, all: setup.all, ...(setup.shard ? { shard: setup.shard } : {}), ...(setup.ledger ? { ledger: true } : {}) };
  port.on('message', (input: BatchInput) => {
    try {
      port.postMessage({ type: 'done', ...runBatch(input, options) } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ type: 'fatal', message: firstLine(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) } satisfies WorkerReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies WorkerReply);
}

/** The first line of an error's message: what went wrong, without a stack. */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
