/**
 * The worker's side of startThreads (pool.ts), for every worker module (replay's, samlesak's):
 * set up once (build the rule sets from the texts the main thread read, so every thread works on
 * exactly the same version), say 'ready', then answer each job in the order it came with 'done',
 * or with 'fatal' (the first line of the error, the stack for INKASSO_DEBUG) when it cannot.
 */
import { parentPort } from 'node:worker_threads';
import { rulesFromSources } from '../node.ts';
import type { RuleSet, RuleSource } from '../rules/index.ts';
import type { ThreadReply } from './pool.ts';

/** A rule set built from the main thread's texts; throws with every problem (file:line:col). */
export function ruleSetOf(sources: readonly RuleSource[]): RuleSet {
  const { ruleSet, diagnostics } = rulesFromSources(sources);
  if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return ruleSet;
}

/** An answer, and the buffers to move to the main thread rather than copy. */
export interface Answer<O> {
  readonly done: O;
  readonly transfer?: readonly ArrayBuffer[];
}

/** Sets up with `setup`, then answers the main thread's jobs with what it returns. */
export function answerJobs<I, O extends object>(setup: () => (job: I) => Answer<O>): void {
  const port = parentPort!;
  const post = (reply: ThreadReply<O>, transfer: readonly ArrayBuffer[] = []) => port.postMessage(reply, transfer as ArrayBuffer[]);
  let answer: (job: I) => Answer<O>;
  try {
    answer = setup();
  } catch (e) {
    post({ type: 'fatal', message: (e as Error).message });
    return;
  }
  port.on('message', (job: I) => {
    try {
      const a = answer(job);
      post({ type: 'done', ...a.done }, a.transfer);
    } catch (e) {
      post({ type: 'fatal', message: firstLine(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
    }
  });
  post({ type: 'ready' });
}

/** The first line of an error's message: what went wrong, without a stack. */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
