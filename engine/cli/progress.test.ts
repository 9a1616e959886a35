import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.ts';

/** A stderr stand-in that keeps what is written. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, columns: 100, write: (t: string) => { written.push(t); return true; } } as unknown as NodeJS.WriteStream };
}

describe('replay progress', () => {
  it('off a terminal, writes a plain line every 30 seconds, with the rate, the share read and the time left', () => {
    const { written, s } = stream(false);
    let t = 0;
    const p = progressLine(s, 1_000_000, { now: () => t });
    for (const [at, claims, bytes] of [[10_000, 100_000, 100_000], [29_999, 300_000, 300_000], [30_000, 300_000, 250_000], [45_000, 450_000, 400_000], [60_000, 600_000, 500_000]] as const) {
      t = at;
      p.update({ claims, bytes, seconds: at / 1000 });
    }
    p.done();
    // 300 000 claims in 30 s = 10 000/s; 25 % read in 30 s leaves 75 % for 90 s = 1 min 30 s.
    // At 60 s: 50 % read, 60 s left.
    expect(written).toEqual([
      'inkasso replay: 300 000 claims · 10 000/s · 25 % · about 1 min 30 s left\n',
      'inkasso replay: 600 000 claims · 10 000/s · 50 % · about 1 min 0 s left\n',
    ]);
  });

  it('names the command it is about (samlesak reads its file twice: the share is of both readings)', () => {
    const { written, s } = stream(false);
    let t = 30_000;
    const p = progressLine(s, 2 * 1_000_000, { now: () => t, label: 'samlesak', everyMs: 30_000 });
    t = 60_000;
    // The first reading done and a quarter of the second: 1 250 000 of 2 000 000 bytes in 60 s.
    p.update({ claims: 250_000, bytes: 1_250_000, seconds: 60 });
    expect(written).toEqual(['inkasso samlesak: 250 000 claims · 4 167/s · 63 % · about 36 s left\n']);
  });

  it('off a terminal with --quiet, and for a run shorter than 30 seconds, writes nothing', () => {
    for (const quiet of [true, false]) {
      const { written, s } = stream(false);
      let t = 0;
      const p = progressLine(s, undefined, { quiet, now: () => t });
      t = quiet ? 120_000 : 29_000;
      p.update({ claims: 5, bytes: 5, seconds: t / 1000 });
      p.done();
      expect(written, `quiet ${quiet}`).toEqual([]);
    }
  });

  it('on a terminal, redraws one line and clears it at the end (read from a pipe: no share, no time left)', () => {
    const { written, s } = stream(true);
    let t = 1000;
    const p = progressLine(s, undefined, { now: () => t });
    p.update({ claims: 2000, bytes: 10, seconds: 1 });
    t += 100;
    p.update({ claims: 2100, bytes: 11, seconds: 1.1 }); // within 200 ms: not redrawn
    p.done();
    expect(written).toEqual([`\r${'replay: 2 000 claims · 2 000/s'.padEnd(79)}`, '\r\x1b[K']);
  });
});
