/**
 * Replay beyond one machine: three shards run as processes (as a Kubernetes Indexed Job runs
 * them), each writing its own summary, merged with `inkasso replay merge` into exactly the summary
 * a single run over the whole file gives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../engine/replay/shard.ts';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'inkasso-shards-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (f: string) => join(work, f);

/** What differs between runs of the same claims by design: when, how long, where, how. */
const comparable = (s: Record<string, unknown>) => {
  const { startedAt: _a, seconds: _b, claimsPerSecond: _c, workers: _d, mergedFrom: _e, shard: _f, ...rest } = s;
  return rest;
};

describe('inkasso replay --shard K/N and replay merge', () => {
  it('puts every claim in exactly one shard, by its id', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[shardOf(`K-${i}`, i + 1, 3)]!++;
    expect(counts.every((n) => n > 900 && n < 1100)).toBe(true);
    expect(shardOf(undefined, 7, 3)).toBe(1); // no id: by line number
  });

  it('merges three shards run as processes into the single run\'s summary', async () => {
    expect(spawnSync(process.execPath, [bin, 'generate', '--count', '3000', '--seed', '31', '--out', at('g.ndjson')]).status).toBe(0);
    // Two damaged lines: the problems must merge in line order too.
    const lines = readFileSync(at('g.ndjson'), 'utf8').split('\n');
    lines[9] = '{"id": "broken", ';
    lines[2000] = 'not json';
    writeFileSync(at('g.ndjson'), lines.join('\n'));

    const single = spawnSync(process.execPath, [bin, 'replay', at('g.ndjson'), '--summary', at('all.json'), '--out', at('all.ndjson'), '--workers', '1', '--quiet']);
    expect(single.status).toBe(1);
    const shards = await Promise.all([0, 1, 2].map((k) => new Promise<number | null>((resolve) => {
      const p = spawn(process.execPath, [bin, 'replay', at('g.ndjson'), '--shard', `${k}/3`, '--summary', at(`s${k}.json`), '--out', at(`f${k}.ndjson`), '--workers', '1', '--quiet'], { stdio: 'ignore' });
      p.on('close', resolve);
    })));
    expect(shards).toEqual([1, 1, 1]);
    const parts = [0, 1, 2].map((k) => JSON.parse(readFileSync(at(`s${k}.json`), 'utf8')));
    expect(parts.map((p) => p.shard)).toEqual([{ index: 0, count: 3 }, { index: 1, count: 3 }, { index: 2, count: 3 }]);
    expect(parts.reduce((n, p) => n + p.claims.read, 0)).toBe(3000);

    const m = spawnSync(process.execPath, [bin, 'replay', 'merge', at('s2.json'), at('s0.json'), at('s1.json'), '--summary', at('merged.json'), '--report', at('merged.html')], { encoding: 'utf8' });
    expect(m.status, m.stderr).toBe(1);
    expect(m.stderr).toContain('(3 shards merged): 3 000 claims');
    const merged = JSON.parse(readFileSync(at('merged.json'), 'utf8'));
    const whole = JSON.parse(readFileSync(at('all.json'), 'utf8'));
    expect(merged.mergedFrom).toBe(3);
    expect(comparable(merged)).toEqual(comparable(whole));
    expect(readFileSync(at('merged.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    // The shards' findings are the single run's, split.
    const findings = (f: string) => readFileSync(at(f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).line as number);
    expect([0, 1, 2].flatMap((k) => findings(`f${k}.ndjson`)).sort((a, b) => a - b)).toEqual(findings('all.ndjson'));
  }, 120_000);

  it('refuses shards that do not belong together, and says which shard is missing', () => {
    const missing = spawnSync(process.execPath, [bin, 'replay', 'merge', at('s0.json'), at('s1.json'), '--summary', at('partial.json'), '--quiet'], { encoding: 'utf8' });
    expect(missing.status).toBe(3);
    expect(JSON.parse(readFileSync(at('partial.json'), 'utf8'))).toMatchObject({ complete: false, stoppedReason: 'shard 2 of 3 missing' });
    const twice = spawnSync(process.execPath, [bin, 'replay', 'merge', at('s0.json'), at('s0.json')], { encoding: 'utf8' });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('shard 0 is given twice');
    const bad = spawnSync(process.execPath, [bin, 'replay', at('g.ndjson'), '--shard', '3/3'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--shard 3/3: must be K/N');
  });
});
