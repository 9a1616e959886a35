/**
 * The code the inkasso command keeps between runs (engine/cli/launch.ts): kept after a command's
 * first run and used by the next; made again when V8 refuses it; named by the bundle's content
 * hash, Node and the V8 flags, so never read for another bundle; the newest few kept; and a cache
 * that cannot be written, or is turned off, changes nothing but the time. The build keeps the
 * code of a plain `inkasso evaluate` beside the bundle (dist/code-cache/), for a new installation
 * on the Node that built it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fnv1a } from '../engine/replay/shard.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/inkasso.cjs');
const example = join(root, 'examples/claim-egeninkasso.json');
const work = mkdtempSync(join(tmpdir(), 'inkasso-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
const freshDir = () => join(work, `cache-${++n}`);

/*
 * Run with a V8 flag of their own unless said otherwise, so that the name of their code is not the
 * one the build kept (plain `node`): the tests of the user's cache then hold under the Node that
 * built the package too.
 */
const FLAG = '--max-old-space-size=2048';
const own = (flags: string) => `cli-${hash}-node${process.versions.node}-${process.arch}-${flags ? fnv1a(flags).toString(16).padStart(8, '0') : 'plain'}-evaluate.v8`;

function evaluate(cacheDir: string, o: { env?: Record<string, string>; nodeFlags?: string[] } = {}) {
  const r = spawnSync(process.execPath, [...(o.nodeFlags ?? [FLAG]), bin, 'evaluate', example, '--as-of', '2024-07-01', '--no-trace'], {
    encoding: 'utf8', env: { ...process.env, INKASSO_CACHE_DIR: cacheDir, ...o.env }, timeout: 120_000,
  });
  // The example has violations: exit 1, the result on stdout, nothing on stderr.
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  return r.stdout;
}

const entries = (cacheDir: string) => (existsSync(join(cacheDir, 'code-cache')) ? readdirSync(join(cacheDir, 'code-cache')).sort() : []);
const bundle = readFileSync(join(root, 'dist/cli.cjs'), 'utf8');
const hash = /^\/\/ inkassomotor cli ([0-9a-f]+)\n/.exec(bundle)![1]!;

describe('the inkasso command\'s kept code', () => {
  const reference = evaluate(freshDir(), { env: { INKASSO_CODE_CACHE: '0' } });

  it('is named by the hash of the bundle it was made from', () => {
    expect(hash).toBe(createHash('sha256').update(bundle.slice(bundle.indexOf('\n') + 1)).digest('hex').slice(0, 32));
  });

  it('is kept after a command\'s first run and used, unchanged, by the next', () => {
    const dir = freshDir();
    expect(evaluate(dir)).toBe(reference);
    const kept = entries(dir);
    expect(kept).toEqual([own(FLAG)]);
    const file = join(dir, 'code-cache', kept[0]!);
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(100_000);
    const mtime = statSync(file).mtimeMs;
    expect(evaluate(dir)).toBe(reference);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('is made again when V8 refuses it (garbage, or cut short), with the same result', () => {
    const dir = freshDir();
    evaluate(dir);
    const file = join(dir, 'code-cache', entries(dir)[0]!);
    const good = readFileSync(file);
    for (const bad of [Buffer.alloc(good.length, 7), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      expect(evaluate(dir)).toBe(reference);
      const again = readFileSync(file);
      expect(again.length).toBeGreaterThan(100_000);
      expect(again.equals(bad)).toBe(false);
    }
  });

  it('is kept apart for other V8 flags, and for another command', () => {
    const dir = freshDir();
    evaluate(dir);
    evaluate(dir, { nodeFlags: ['--max-old-space-size=300'] });
    const r = spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf8', env: { ...process.env, INKASSO_CACHE_DIR: dir } });
    expect(r.status).toBe(0);
    const kept = entries(dir);
    expect(kept).toHaveLength(3);
    expect(kept).toEqual(expect.arrayContaining([own(FLAG), own('--max-old-space-size=300')]));
    expect(kept.filter((f) => f.endsWith('-plain-validate.v8'))).toHaveLength(1);
  });

  it('keeps the newest 16, and removes what a killed process left half-written', () => {
    const dir = freshDir();
    const folder = join(dir, 'code-cache');
    mkdirSync(folder, { recursive: true });
    const old = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 20; i++) {
      const f = join(folder, `cli-${'0'.repeat(32)}-old-${i}.v8`);
      writeFileSync(f, 'x');
      utimesSync(f, old, old);
    }
    const left = join(folder, `cli-${hash}-evaluate.v8.4242.tmp`);
    writeFileSync(left, 'half');
    utimesSync(left, old, old);
    expect(evaluate(dir)).toBe(reference);
    const kept = entries(dir);
    expect(kept).toHaveLength(16);
    expect(kept).toContain(own(FLAG));
    expect(kept.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is the build\'s for a plain evaluate on the Node that built the package: a new installation keeps none', () => {
    // The suite's global setup has just built the package with this Node (under 20, 22 and 24 in
    // .ci/run alike), so the build's entry is this Node's. Under another Node its name would not
    // match and the command would keep its own, as the tests above do with a flag.
    expect(readdirSync(join(root, 'dist/code-cache'))).toEqual([own('')]);
    expect(statSync(join(root, 'dist/code-cache', own(''))).size).toBeGreaterThan(100_000);
    // A new installation: an empty cache folder, which the command can write, or one it cannot.
    const dir = freshDir();
    expect(evaluate(dir, { nodeFlags: [] })).toBe(reference);
    expect(evaluate(dir, { nodeFlags: [] })).toBe(reference);
    expect(entries(dir)).toEqual([]);
    const blocked = join(work, 'blocked-plain');
    writeFileSync(blocked, '');
    expect(evaluate(blocked, { nodeFlags: [] })).toBe(reference);
  });

  it('changes nothing but the time when it is turned off or cannot be written', () => {
    const off = freshDir();
    expect(evaluate(off, { env: { INKASSO_CODE_CACHE: '0' } })).toBe(reference);
    expect(entries(off)).toEqual([]);
    // A file where the folder would be: nothing can be written under it.
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, '');
    expect(evaluate(blocked)).toBe(reference);
    expect(evaluate(blocked)).toBe(reference);
    // A cache folder where the system allows none: Node's recursive mkdir never returned there,
    // and every command hung before it started.
    if (process.platform === 'linux') {
      expect(evaluate('/proc/inkasso-cache')).toBe(reference);
      // Node's own compile cache (22 and later) in TMPDIR: its folder, made by Node, hung the same way.
      expect(evaluate(freshDir(), { env: { TMPDIR: '/proc/inkasso-tmp' } })).toBe(reference);
    }
  });
});
