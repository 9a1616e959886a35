/**
 * The replay pipeline: read batches (NDJSON or CSV), evaluate them on the worker pool, write the
 * results in input order, add up the tallies. At most a few batches are in flight, so memory stays
 * flat. Stopping (the signal) finishes the batches already sent and writes them: what is done is
 * never lost, and the summary says where it stopped.
 */
import { isoDate } from '../calendar/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { BatchInput, BatchOutput } from './batch.ts';
import type { AsOfMode } from './claim-line.ts';
import { CsvHeaderError, csvBatches } from './read-csv.ts';
import type { CsvMap } from './csv-map.ts';
import { packCsvEntries } from './csv-packed.ts';
import { emptyImpactTally, mergeImpactTally, type ImpactTally } from './impact.ts';
import { startPool, WorkerFailed } from './pool.ts';
import { ndjsonBatches, type InputChunk } from './read-ndjson.ts';
import { summarize, type ReplaySummary } from './summary.ts';
import type { Shard } from './shard.ts';
import { emptyTally, mergeTally, type Tally } from './tally.ts';

/** Where results go; write resolves when the text may be followed by more (backpressure). */
export interface Sink {
  write(text: string): Promise<void> | void;
}

export interface Progress {
  readonly claims: number;
  readonly bytes: number;
  readonly seconds: number;
}

export interface ReplayOptions {
  /**
   * `failure`: why the stream ended early, when it did (damaged gzip data, claims-file.ts): the
   * whole lines before it are replayed, the line cut there is left out, and the run stops with it.
   */
  readonly input: { readonly name: string; readonly stream: AsyncIterable<Uint8Array>; readonly failure?: () => Error | undefined };
  readonly format: 'ndjson' | 'csv';
  readonly csvMap?: CsvMap;
  readonly rules: { readonly dir: string; readonly ruleSet: RuleSet };
  readonly compare?: { readonly dir: string; readonly ruleSet: RuleSet };
  readonly asOf: AsOfMode;
  /** Worker threads (0: evaluate in this thread). */
  readonly workers: number;
  /** Write a findings line for every claim. */
  readonly all?: boolean;
  /** Findings lines (or, with compare, impact lines). */
  readonly out: Sink;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** The clock, for the summary's start time and duration. */
  readonly now?: () => Date;
  readonly batchBytes?: number;
  /** Only this shard's claims (--shard K/N). */
  readonly shard?: Shard;
  /** The ledger postings of every claim evaluated (CSV lines, no header: the command writes LEDGER_HEADER first). */
  readonly ledger?: Sink;
}

export interface ReplayRun {
  readonly summary: ReplaySummary;
  readonly tally: Tally;
  readonly impact?: ImpactTally;
}

export async function runReplay(o: ReplayOptions): Promise<ReplayRun> {
  const now = o.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  let bytes = 0;
  async function* counted() {
    for await (const chunk of untilAborted(o.input.stream, o.signal)) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  const cut = () => (o.signal?.aborted ?? false) || o.input.failure?.() !== undefined;
  const chunks: AsyncGenerator<InputChunk> = o.format === 'csv'
    ? csvBatches(counted(), o.csvMap, { cut })
    : ndjsonBatches(counted(), { ...(o.batchBytes ? { batchBytes: o.batchBytes } : {}), cut });
  const pool = await startPool(o.workers, {
    rules: o.rules.ruleSet,
    ...(o.compare ? { compare: o.compare.ruleSet } : {}),
    asOf: o.asOf,
    all: o.all ?? false,
    ...(o.shard ? { shard: o.shard } : {}),
    ...(o.ledger ? { ledger: true } : {}),
  });
  const tally = emptyTally();
  const impact = o.compare ? emptyImpactTally() : undefined;
  const maxInFlight = Math.max(2, pool.size * 3);
  const inFlight: { promise: Promise<BatchOutput>; lastLine: number }[] = [];
  let lastLine = 0;
  let stoppedReason: string | undefined;
  let seq = 0;

  const settle = async () => {
    const job = inFlight.shift()!;
    const output = await job.promise;
    await o.out.write(o.compare ? output.impacts : output.findings);
    if (o.ledger && output.ledger) await o.ledger.write(output.ledger);
    mergeTally(tally, output.tally);
    if (impact && output.impact) mergeImpactTally(impact, output.impact);
    lastLine = Math.max(lastLine, job.lastLine);
    o.onProgress?.({ claims: tally.read, bytes, seconds: (performance.now() - t0) / 1000 });
  };

  try {
    for await (const chunk of chunks) {
      const input: BatchInput = chunk.kind === 'ndjson'
        ? { kind: 'ndjson', seq: seq++, firstLine: chunk.firstLine, bytes: chunk.bytes }
        : chunk.kind === 'csv'
          ? { kind: 'csv', seq: seq++, setup: chunk.setup, packed: packCsvEntries(chunk.entries) }
          : { kind: 'items', seq: seq++, items: chunk.items };
      const endLine = chunk.kind === 'ndjson' ? chunk.firstLine + chunk.lines - 1 : chunk.lastLine;
      const promise = pool.submit(input);
      // Awaited in order by settle; until then a worker's failure must not count as unhandled
      // (Node would end the process with a stack trace instead of finishing the batches done).
      promise.catch(() => {});
      inFlight.push({ promise, lastLine: endLine });
      while (inFlight.length >= maxInFlight) await settle();
      // The input paused (a pipe written slowly): write what is done rather than wait for more.
      if (chunk.idle) while (inFlight.length) await settle();
      if (o.signal?.aborted) {
        stoppedReason = 'interrupted';
        break;
      }
    }
    while (inFlight.length) await settle();
    if (o.signal?.aborted) stoppedReason = 'interrupted';
    else if (o.input.failure?.()) stoppedReason = o.input.failure()!.message;
  } catch (e) {
    if (e instanceof CsvHeaderError) throw e;
    // Keep what was done: finish and write the batches already sent, in order, up to the first
    // that failed; the summary says where and why it stopped. (Stopping may end the input early:
    // the caller destroys it so that a wait for more input ends.)
    stoppedReason = o.signal?.aborted ? 'interrupted' : reasonOf(e);
    if (process.env.INKASSO_DEBUG && e instanceof WorkerFailed && e.detail) process.stderr.write(`${e.detail}\n`);
    try {
      while (inFlight.length) await settle();
    } catch (later) {
      if (!o.signal?.aborted) stoppedReason = reasonOf(later);
      inFlight.length = 0;
    }
  } finally {
    await pool.close();
  }
  return finish();

  function finish(): ReplayRun {
    const seconds = (performance.now() - t0) / 1000;
    const summary = summarize({
      input: o.input.name,
      format: o.format,
      rules: { dir: o.rules.dir, version: o.rules.ruleSet.version },
      ...(o.compare ? { compare: { dir: o.compare.dir, version: o.compare.ruleSet.version } } : {}),
      asOf: o.asOf.kind === 'event' ? 'event' : isoDate(o.asOf.day),
      startedAt: started.toISOString(),
      seconds,
      workers: pool.size,
      complete: stoppedReason === undefined,
      ...(stoppedReason ? { stoppedReason } : {}),
      lastLine,
      ...(o.shard ? { shard: o.shard } : {}),
    }, tally, impact);
    return { summary, tally, ...(impact ? { impact } : {}) };
  }
}

/** Why a run stopped, in one line: never a stack trace (those go to stderr with INKASSO_DEBUG). */
function reasonOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}

/**
 * The input until it ends or the signal stops the run. Stopping ends the iteration at once, even
 * while waiting for more input (a pipe), so that the lines already read are still evaluated.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (!signal) {
    yield* source;
    return;
  }
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal.aborted) return;
      const next = it.next();
      // A stop promise per read, dropped after it: racing every read against one long-lived
      // promise would keep every chunk read reachable from that promise's reactions.
      let onAbort: () => void = () => {};
      const stopped = new Promise<'stopped'>((resolve) => {
        onAbort = () => resolve('stopped');
        signal.addEventListener('abort', onAbort, { once: true });
      });
      const r = await Promise.race([next, stopped]);
      signal.removeEventListener('abort', onAbort);
      if (r === 'stopped') {
        next.catch(() => {}); // the input may be destroyed while this read waits
        return;
      }
      if (r.done) return;
      yield r.value;
    }
  } finally {
    if (signal.aborted) void Promise.resolve(it.return?.()).catch(() => {});
  }
}
