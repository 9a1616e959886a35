/**
 * A worker that dies part way (out of memory, a bug) stops the run the documented way: the batches
 * finished before it are written in order, the summary says where and why it stopped, and nothing
 * escapes as an unhandled rejection (which would end the process with a stack trace and exit 1,
 * the code for "violations found"). The pool is replaced by one whose third batch fails while the
 * run is still reading, which is when a failure used to go unhandled.
 */
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { loadRules } from '../../engine/node.ts';
import { generateClaims } from '../../engine/replay/generate.ts';
import { runBatch, type BatchInput, type BatchOptions } from '../../engine/replay/batch.ts';
import type { BatchPool, PoolSetup } from '../../engine/replay/pool.ts';

vi.mock('../../engine/replay/pool.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../engine/replay/pool.ts')>();
  return {
    ...actual,
    startPool: async (_size: number, setup: PoolSetup): Promise<BatchPool> => {
      const options: BatchOptions = { rules: setup.rules, asOf: setup.asOf, all: setup.all };
      let failed: Error | undefined;
      return {
        size: 2,
        submit(input: BatchInput) {
          if (failed) return Promise.reject(failed);
          if (input.seq === 2) {
            failed = new actual.WorkerFailed('a replay worker stopped: Worker terminated due to reaching memory limit: JS heap out of memory', 'stack');
            const e = failed;
            // Fails a moment later, while the run reads the next batches.
            return new Promise((_, reject) => setTimeout(() => reject(e), 5));
          }
          return Promise.resolve(runBatch(input, options));
        },
        close: async () => {},
      };
    },
  };
});

const { runReplay } = await import('../../engine/replay/run.ts');

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('a worker that dies part way', () => {
  it('stops the run cleanly: earlier batches written, the reason in the summary, nothing unhandled', async () => {
    const rules = loadRules();
    const claims = [...generateClaims(rules, { count: 600, seed: 5 })].map((g) => g.claim);
    const text = claims.map((c) => JSON.stringify(c)).join('\n') + '\n';
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => { unhandled.push(e); };
    process.on('unhandledRejection', onUnhandled);
    let out = '';
    try {
      const run = await runReplay({
        input: { name: 'test', stream: Readable.from(pieces(Buffer.from(text), 4096)) },
        format: 'ndjson',
        rules: { dir: 'rules', ruleSet: rules },
        asOf: { kind: 'event' },
        workers: 2,
        all: true,
        out: { write: (t) => { out += t; } },
        batchBytes: 8 * 1024,
      });
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      expect(run.summary.complete).toBe(false);
      expect(run.summary.stoppedReason).toBe('a replay worker stopped: Worker terminated due to reaching memory limit: JS heap out of memory');
      // The two batches before the failed one, whole and in order.
      const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map((l) => l.line)).toEqual(lines.map((_, i) => i + 1));
      expect(run.summary.lastLine).toBe(lines.length);
      expect(run.summary.claims.read).toBe(lines.length);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
