import { describe, expect, it } from 'vitest';
import { day } from '../calendar/index.ts';
import { loadRules } from '../node.ts';
import type { Entry, Series } from '../rules/index.ts';
import { DatedIndex } from './dated-index.ts';
import { entryAt } from './lookup.ts';

function series(entries: [string, string | null][]): Series {
  const list = entries.map(([from, to]) => ({ from: day(from), to: to === null ? Infinity : day(to) }) as Entry);
  return { id: 'test.series', entries: list, gaps: [] } as unknown as Series;
}

/** Every day from well before the first entry to well after the last dated boundary. */
function agreesEverywhere(s: Series): void {
  const index = new DatedIndex(s);
  const first = s.entries[0]?.from ?? day('2000-01-01');
  const last = s.entries.reduce((m, e) => Math.max(m, Number.isFinite(e.to) ? e.to : e.from), first);
  for (let d = first - 400; d <= last + 400; d++) {
    if (index.at(d) !== entryAt(s, d)) throw new Error(`${s.id} differs on day ${d}`);
  }
}

describe('the day index of a series', () => {
  it('gives the same entry as the binary search on every day, for every series of the bundled rules', () => {
    const rules = loadRules();
    expect(rules.series.size).toBeGreaterThan(20);
    for (const s of rules.series.values()) agreesEverywhere(s);
  });

  it('handles gaps, entries shorter than a bucket, a closed last entry and no entries at all', () => {
    agreesEverywhere(series([['2020-01-01', '2020-01-03'], ['2020-01-04', '2020-01-04'], ['2020-01-10', '2020-06-30'], ['2021-01-01', null]]));
    agreesEverywhere(series([['2019-07-01', '2019-12-31'], ['2020-01-01', '2020-01-01'], ['2020-01-02', '2020-12-31']]));
    agreesEverywhere(series([]));
    const open = { id: 'test.open', entries: [{ from: -Infinity, to: day('2019-12-31') }, { from: day('2020-01-01'), to: Infinity }], gaps: [] } as unknown as Series;
    expect(new DatedIndex(open).at(day('1950-01-01'))).toBe(open.entries[0]);
    expect(new DatedIndex(open).at(day('2020-01-01'))).toBe(open.entries[1]);
    const s = series([['2024-01-01', '2024-06-30'], ['2024-07-01', null]]);
    const index = new DatedIndex(s);
    expect(index.at(day('2023-12-31'))).toBeUndefined();
    expect(index.at(day('2024-06-30'))).toBe(s.entries[0]);
    expect(index.at(day('2099-01-01'))).toBe(s.entries[1]);
  });
});
