/**
 * Reading a dated series: the entry in force on a day, found by binary search, or an
 * EvaluationError that names the rule and the date and says why there is no value (before the
 * first value, after the last one, or inside a declared gap with its reason).
 */
import { isoDate, type Day } from '../calendar/index.ts';
import type { Entry, RuleSet, Series } from '../rules/index.ts';
import { EvaluationError } from './errors.ts';

/** The entry in force on a day, or undefined. Entries are sorted and do not overlap (checked at load). */
export function entryAt(series: Series, d: Day): Entry | undefined {
  const list = series.entries;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = list[mid]!;
    if (d < e.from) hi = mid - 1;
    else if (d > e.to) lo = mid + 1;
    else return e;
  }
  return undefined;
}

export function seriesOf(rules: RuleSet, id: string): Series {
  const s = rules.series.get(id);
  if (!s) throw new EvaluationError('RULE_VALUE_MISSING', id, 0, `the rule set has no rule ${id}`);
  return s;
}

/** The entry in force on a day; throws an EvaluationError explaining why there is none. */
export function requireEntry(series: Series, d: Day): Entry {
  const e = entryAt(series, d);
  if (e) return e;
  const date = isoDate(d);
  const gap = series.gaps.find((g) => g.from <= d && d <= g.to);
  let why: string;
  if (gap) why = `${date} lies in a declared gap (${isoDate(gap.from)} to ${isoDate(gap.to)}): ${gap.reason}`;
  else {
    const first = series.entries[0];
    const last = series.entries[series.entries.length - 1];
    if (first && d < first.from) why = `its first value applies from ${isoDate(first.from)}`;
    else if (last && d > last.to) why = `its last value applies to ${isoDate(last.to)}; add the value for the period that includes ${date}`;
    else why = 'no value covers that day';
  }
  throw new EvaluationError('RULE_VALUE_MISSING', series.id, d, `${series.id} has no value for ${date}: ${why}`);
}
