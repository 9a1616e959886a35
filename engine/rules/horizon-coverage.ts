/**
 * Which values run out before a review horizon. A continuous series (forsinkelsesrente,
 * standardkompensasjon, inkassosats, rettsgebyret …) must have a value, or a declared gap with its
 * reason, for every day a claim can be evaluated. Moving the horizon past the last of them lets a
 * claim be evaluated for days that series knows nothing about: a claim whose events need it then
 * fails with RULE_VALUE_MISSING instead of RULES_NOT_REVIEWED, and a next step that needs it is
 * left out (RULES_INCOMPLETE). The officer is told which before the horizon moves, and the
 * editor's overview lists what ends at the horizon, as the values to look for next;
 * `inkasso validate` warns of a series that ends before the horizon the rule set has.
 */
import { isoDate } from '../calendar/index.ts';
import { compareText } from '../text/compare.ts';
import type { Origin, RuleSet } from './rule-set.ts';

export interface SeriesEnd {
  readonly id: string;
  readonly title: string;
  /** The last day with a value or inside a declared gap (ISO date). */
  readonly coveredThrough: string;
  /** Where that last value or gap is written. */
  readonly origin: Origin;
}

/** The continuous series whose values and declared gaps end before `day` (a day number), by id. */
export function seriesEndingBefore(rules: RuleSet, day: number): SeriesEnd[] {
  const out: SeriesEnd[] = [];
  for (const s of rules.series.values()) {
    if (!s.continuous || s.entries.length === 0) continue;
    let last: { to: number; origin: Origin } = s.entries[0]!;
    for (const x of [...s.entries, ...s.gaps]) if (x.to > last.to) last = x;
    if (last.to < day) out.push({ id: s.id, title: s.title, coveredThrough: isoDate(last.to), origin: last.origin });
  }
  return out.sort((a, b) => compareText(a.id, b.id));
}
