/**
 * What samlesak keeps while it reads a file of millions of claims: the count of each key's hash
 * (HashCounts, two typed arrays) and the cases and problems found (SpillFile, a temporary file
 * read back by line).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashCounts } from '../../engine/samlesak/hash-counts.ts';
import { InMemory } from '../../engine/replay/line-ordered.ts';
import { SpillFile } from '../../engine/replay/spill-file.ts';
import { fnv1a } from '../../engine/replay/shard.ts';

describe('HashCounts', () => {
  it('counts each hash, 0 and 2^32 − 1 included, as a Map would, through many doublings', () => {
    const counts = new HashCounts();
    const map = new Map<number, number>();
    const hashes = [0, 0xffffffff, 0xfffffffe, 1, 2 ** 31];
    for (let i = 0; i < 200_000; i++) hashes.push(fnv1a(`key-${i % 70_000}`));
    for (const h of hashes) {
      counts.add(h);
      map.set(h, (map.get(h) ?? 0) + 1);
    }
    expect(counts.size).toBe(map.size);
    for (const [h, n] of map) expect(counts.get(h)).toBe(n);
    expect(counts.get(fnv1a('never counted'))).toBe(0);
    expect(counts.get(0)).toBe(1);
    expect(counts.get(0xffffffff)).toBe(1);
  });

  it('a spent count reads 0 and stays so; spending an uncounted hash does nothing', () => {
    const counts = new HashCounts();
    for (let i = 0; i < 3; i++) counts.add(42);
    counts.add(7);
    counts.spend(42);
    counts.add(42);
    expect(counts.get(42)).toBe(0);
    expect(counts.get(7)).toBe(1);
    counts.spend(99);
    counts.add(99);
    expect(counts.get(99)).toBe(1);
  });
});

describe('SpillFile', () => {
  const base = mkdtempSync(join(tmpdir(), 'inkasso-spill-test-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const previous = process.env.TMPDIR;

  function spill<T>(): SpillFile<T> {
    process.env.TMPDIR = base;
    try {
      return new SpillFile<T>('test');
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  }

  it('gives the items back by line, one line\'s in the order they came, as the in-memory list does', () => {
    const file = spill<{ line: number; n: number; text: string }>();
    const memory = new InMemory<{ line: number; n: number; text: string }>();
    // Lines out of order, repeated lines, text that is not ASCII (lengths are bytes, not characters).
    const lines = [5, 3, 9, 3, 1, 5, 12, 3];
    lines.forEach((line, n) => {
      const item = { line, n, text: n % 2 ? 'kr 1 234,50 — særlig' : 'x' };
      file.push(line, item);
      memory.push(line, item);
    });
    expect(file.length).toBe(8);
    const read = [...file.ordered()];
    expect(read.map((i) => [i.line, i.n])).toEqual([[1, 4], [3, 1], [3, 3], [3, 7], [5, 0], [5, 5], [9, 2], [12, 6]]);
    expect(read).toEqual([...memory.ordered()]);
    // Read twice, the same.
    expect([...file.ordered()]).toEqual(read);
    file.dispose();
  });

  it('holds items larger than its read window and many more than fit one, and removes its folder when disposed', () => {
    const file = spill<{ line: number; pad: string }>();
    const big = 'æ'.repeat(1_500_000); // 3 MB of UTF-8, more than the 1 MB window
    const n = 30_000;
    for (let i = n; i >= 1; i--) file.push(i, { line: i, pad: i === 17_000 ? big : `${i}` });
    let expected = 1;
    for (const item of file.ordered()) {
      expect(item.line).toBe(expected);
      if (item.line === 17_000) expect(item.pad).toBe(big);
      expected++;
    }
    expect(expected).toBe(n + 1);
    expect(readdirSync(base).filter((d) => d.startsWith('inkasso-test-'))).not.toEqual([]);
    file.dispose();
    file.dispose();
    expect(readdirSync(base).filter((d) => d.startsWith('inkasso-test-'))).toEqual([]);
    expect(existsSync(base)).toBe(true);
  });
});
