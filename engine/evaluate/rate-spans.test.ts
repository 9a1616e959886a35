import { describe, expect, it } from 'vitest';
import { day, endOfYear, isoDate } from '../calendar/index.ts';
import { loadRules } from '../node.ts';
import { RULE_IDS, type Entry, type Series, type Value } from '../rules/index.ts';
import { entryAt } from './lookup.ts';
import { divisorOn, microsOf, RateSpans } from './rate-spans.ts';

function series(id: string, entries: [string, string | null, Value][]): Series {
  const list = entries.map(([from, to, value]) => ({ from: day(from), to: to === null ? Infinity : day(to), value }) as Entry);
  return { id, entries: list, gaps: [] } as unknown as Series;
}

const percent = (micros: number): Value => ({ unit: 'percent', micros, exact: { num: BigInt(micros), den: 100_000_000n } });
const choice = (c: string): Value => ({ unit: 'choice', choice: c });

/**
 * On every day from a year before the first dated value to a year after the last, the span that
 * holds the day has the entries both rules have on it, its divisor and rate, and ends where
 * accrue's reading of the two rules on the day would end a period (the first of the rate's last
 * day, the divisor policy's and 31 December). Returns the days the spans hold.
 */
function agreesEverywhere(rate: Series, divisor: Series): number {
  const spans = new RateSpans(rate, divisor);
  const dated = [...rate.entries, ...divisor.entries].flatMap((e) => [e.from, e.to]).filter(Number.isFinite);
  let held = 0;
  for (let d = Math.min(...dated) - 400; d <= Math.max(...dated) + 400; d++) {
    const r = entryAt(rate, d);
    const v = entryAt(divisor, d);
    const s = spans.at(d);
    if (s === undefined) continue;
    held++;
    const expected = { rate: r, divisorRule: v, divisor: v && divisorOn(v, d), micros: r && microsOf(r), to: r && v && Math.min(r.to, endOfYear(d), v.to) };
    const got = { rate: s.rate, divisorRule: s.divisorRule, divisor: s.divisor, micros: s.micros, to: s.to };
    if (s.from > d || JSON.stringify(got, (_, x) => (typeof x === 'bigint' ? String(x) : x)) !== JSON.stringify(expected, (_, x) => (typeof x === 'bigint' ? String(x) : x)) || got.rate !== r || got.divisorRule !== v) {
      throw new Error(`the span of ${isoDate(d)} is ${isoDate(s.from)}–${isoDate(s.to)}; reading the rules gives ${JSON.stringify(expected.to && isoDate(expected.to))}`);
    }
  }
  return held;
}

describe('the forsinkelsesrente as spans of days', () => {
  it('agrees with reading the rate and the divisor policy day by day, and holds every day the bundled rules have a rate for', () => {
    const rules = loadRules();
    const rate = rules.series.get(RULE_IDS.forsinkelsesrente)!;
    const held = agreesEverywhere(rate, rules.series.get(RULE_IDS.rentedivisor)!);
    const last = rate.entries[rate.entries.length - 1]!.to;
    expect(Number.isFinite(last)).toBe(true);
    expect(held).toBe(last - rate.entries[0]!.from + 1);
    // One span a half-year: the rate changes on 1 January and 1 July.
    const spans = new RateSpans(rate, rules.series.get(RULE_IDS.rentedivisor)!);
    expect(spans.at(day('2024-07-01'))).toMatchObject({ from: day('2024-07-01'), to: day('2024-12-31'), divisor: 366, micros: 125_000 });
    expect(spans.at(day('2025-12-31'))).toMatchObject({ from: day('2025-07-01'), to: day('2025-12-31'), divisor: 365, micros: 122_500 });
  });

  it('leaves out the days either rule has no value for (read with use(), which says why), and splits where the divisor policy changes', () => {
    const rate = series('rate', [['2020-01-01', '2020-06-30', percent(80_000)], ['2020-09-01', '2021-06-30', percent(90_000)]]);
    const divisor = series('divisor', [['2020-03-01', '2020-10-14', choice('kalenderaar')], ['2020-10-15', null, choice('fast_365')]]);
    const held = agreesEverywhere(rate, divisor);
    const spans = new RateSpans(rate, divisor);
    for (const gap of ['2020-01-01', '2020-02-29', '2020-07-01', '2020-08-31', '2021-07-01']) expect(spans.at(day(gap)), gap).toBeUndefined();
    expect(spans.at(day('2020-03-01'))).toMatchObject({ from: day('2020-03-01'), to: day('2020-06-30'), divisor: 366 });
    expect(spans.at(day('2020-10-14'))).toMatchObject({ from: day('2020-09-01'), to: day('2020-10-14'), divisor: 366 });
    expect(spans.at(day('2020-10-15'))).toMatchObject({ from: day('2020-10-15'), to: day('2020-12-31'), divisor: 365 });
    expect(spans.at(day('2021-06-30'))).toMatchObject({ from: day('2021-01-01'), to: day('2021-06-30'), divisor: 365, micros: 90_000 });
    expect(held).toBe(day('2020-06-30') - day('2020-03-01') + 1 + day('2021-06-30') - day('2020-09-01') + 1);
    expect(new RateSpans(undefined, divisor).at(day('2020-05-01'))).toBeUndefined();
  });
});
