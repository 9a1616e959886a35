/**
 * Worker threads that evaluate batches. Each job goes to the worker with the fewest jobs; the
 * caller awaits the jobs in the order it submitted them, which keeps the output in input order.
 * With size 0 the batches run in this thread (for debugging, and where threads are unwanted).
 * startThreads is the same for any worker module that answers as replay's does (samlesak's first
 * reading has one).
 */
import { Worker } from 'node:worker_threads';
import type { RuleSet } from '../rules/index.ts';
import { runBatch, type BatchInput, type BatchOptions, type BatchOutput } from './batch.ts';
import type { WorkerSetup } from './worker.ts';
import { packedBuffers } from './csv-packed.ts';

/** A worker failed; `detail` holds its stack for INKASSO_DEBUG, never the summary. */
export class WorkerFailed extends Error {
  readonly detail: string | undefined;
  constructor(message: string, detail?: string) {
    super(message);
    this.detail = detail;
  }
}

/**
 * Heap limits per worker. A worker holds one batch at a time, and nearly everything it allocates
 * dies young (a parsed claim, its evaluation, the findings text). The young generation is sized
 * for that: measured on 200 000 claims with 2 workers, 4 MB gave 6.2 s and 180 MB peak, 16 MB
 * 5.1 s, 32 MB 4.5 s and 268 MB peak, 64 MB no faster at 340 MB. The old generation leaves room
 * for a claim with the maximum 2 000 events.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

export interface BatchPool {
  readonly size: number;
  submit(input: BatchInput): Promise<BatchOutput>;
  close(): Promise<void>;
}

/** What the pool evaluates with: the rule sets the main thread loaded (workers get their texts). */
export interface PoolSetup {
  readonly rules: RuleSet;
  readonly compare?: RuleSet;
  readonly asOf: WorkerSetup['asOf'];
  readonly all: boolean;
  readonly shard?: WorkerSetup['shard'];
  readonly ledger?: boolean;
}

export async function startPool(size: number, setup: PoolSetup): Promise<BatchPool> {
  return size <= 0 ? inProcessPool(setup) : threadPool(size, { rules: setup.rules.sources, ...(setup.compare ? { compare: setup.compare.sources } : {}), asOf: setup.asOf, all: setup.all, ...(setup.shard ? { shard: setup.shard } : {}), ...(setup.ledger ? { ledger: true } : {}) });
}

function inProcessPool(setup: PoolSetup): BatchPool {
  // The same rule sets the main thread loaded: no second parse.
  const options: BatchOptions = { rules: setup.rules, ...(setup.compare ? { compare: setup.compare } : {}), asOf: setup.asOf, all: setup.all, ...(setup.shard ? { shard: setup.shard } : {}), ...(setup.ledger ? { ledger: true } : {}) };
  return {
    size: 0,
    submit: async (input) => runBatch(input, options),
    close: async () => {},
  };
}

async function threadPool(size: number, setup: WorkerSetup): Promise<BatchPool> {
  const threads = await startThreads<BatchInput, BatchOutput>(new URL('./worker-entry.js', import.meta.url), size, setup, 'replay');
  return {
    size,
    submit: (input) => threads.submit(input, input.kind === 'ndjson' ? [input.bytes.buffer as ArrayBuffer] : input.kind === 'csv' ? packedBuffers(input.packed) : []),
    close: () => threads.close(),
  };
}

/**
 * What a worker thread of this kind says (replay's and samlesak's): 'ready' once it has built its
 * rule set, then one 'done' for each job in the order received, or 'fatal' when it cannot go on.
 */
export type ThreadReply<O> = { readonly type: 'ready' } | { readonly type: 'fatal'; readonly message: string; readonly stack?: string } | ({ readonly type: 'done' } & O);

/** Worker threads that each take jobs in order and answer them in order. */
export interface Threads<I, O> {
  readonly size: number;
  /** Sends a job to the thread with the fewest; `transfer` moves buffers instead of copying them. */
  submit(input: I, transfer: readonly ArrayBuffer[]): Promise<O>;
  close(): Promise<void>;
}

interface Slot<O> {
  readonly worker: Worker;
  readonly jobs: { resolve: (o: O) => void; reject: (e: Error) => void }[];
}

/**
 * Starts `size` threads of a worker module (`entry`, given `setup` as its workerData) and waits
 * until each has said it is ready. A thread that fails or exits fails its jobs and every later
 * submit, with a WorkerFailed naming `what` ("a replay worker stopped: …").
 */
export async function startThreads<I, O>(entry: URL, size: number, setup: unknown, what: string): Promise<Threads<I, O>> {
  const slots: Slot<O>[] = [];
  let failure: Error | undefined;
  const fail = (slot: Slot<O>, e: Error) => {
    failure ??= e;
    for (const job of slot.jobs.splice(0)) job.reject(e);
  };
  const ready = Array.from({ length: size }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { workerData: setup, resourceLimits: WORKER_LIMITS });
    const slot: Slot<O> = { worker, jobs: [] };
    slots.push(slot);
    worker.on('message', (m: ThreadReply<O>) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'fatal') {
        const e = new WorkerFailed(`a ${what} worker stopped: ${m.message}`, m.stack);
        reject(e);
        fail(slot, e);
      } else slot.jobs.shift()?.resolve(m);
    });
    worker.on('error', (e) => {
      const err = new WorkerFailed(`a ${what} worker stopped: ${e.message.split('\n')[0]}`, e.stack);
      reject(err);
      fail(slot, err);
    });
    worker.on('exit', (code) => {
      const err = new WorkerFailed(`a ${what} worker exited (code ${code})`);
      reject(err);
      if (slot.jobs.length) fail(slot, err);
    });
  }));
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw e;
  }
  return {
    size,
    submit(input, transfer) {
      if (failure) return Promise.reject(failure);
      const slot = slots.reduce((a, b) => (b.jobs.length < a.jobs.length ? b : a));
      return new Promise<O>((resolve, reject) => {
        slot.jobs.push({ resolve, reject });
        slot.worker.postMessage(input, transfer as ArrayBuffer[]);
      });
    },
    async close() {
      await Promise.all(slots.map((s) => { s.worker.removeAllListeners('exit'); return s.worker.terminate(); }));
    },
  };
}
