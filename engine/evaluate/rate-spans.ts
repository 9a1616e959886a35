/**
 * The forsinkelsesrente's periods resolved once per rule set (partial evaluation): the days cut
 * where the rate's value, the divisor policy's value or the calendar year changes, each span with
 * its two entries, its divisor (365 or 366) and its rate in millionths. Interest is accrued span by
 * span; a claim's periods are these spans cut further at its payments and events.
 *
 * Days that either rule has no value for have no span: accrue reads them with use(), which says
 * why there is no value (RULE_VALUE_MISSING), as it always did.
 */
import { daysInYear, endOfYear, yearOf, type Day } from '../calendar/index.ts';
import { RULE_IDS, type Entry, type RuleSet, type Series } from '../rules/index.ts';
import { entryAt } from './lookup.ts';

export interface RateSpan {
  readonly from: Day;
  readonly to: Day;
  readonly rate: Entry;
  readonly divisorRule: Entry;
  readonly divisor: 365 | 366;
  /** The yearly rate in millionths (0 when the rule's value is not a percentage). */
  readonly micros: number;
}

/** The divisor of a day's interest under a divisor policy entry: 365 for fast_365, else the days of the day's year. */
export function divisorOn(divisorRule: Entry, d: Day): 365 | 366 {
  return divisorRule.value.unit === 'choice' && divisorRule.value.choice === 'fast_365' ? 365 : (daysInYear(yearOf(d)) as 365 | 366);
}

/** The rate of an entry of the forsinkelsesrente in millionths. */
export function microsOf(rate: Entry): number {
  return rate.value.unit === 'percent' ? rate.value.micros : 0;
}

export class RateSpans {
  /** Each span's first day, in order, for the search. */
  private readonly froms: Float64Array;
  private readonly spans: readonly RateSpan[];

  constructor(rate: Series | undefined, divisor: Series | undefined) {
    const spans: RateSpan[] = [];
    if (rate && divisor) {
      // Every day a value starts or the day after one ends, and every 1 January between them.
      const cuts = new Set<Day>();
      for (const e of [...rate.entries, ...divisor.entries]) {
        cuts.add(e.from);
        if (Number.isFinite(e.to)) cuts.add(e.to + 1);
      }
      const sorted = [...cuts].filter(Number.isFinite).sort((a, b) => a - b);
      if (sorted.length) {
        // The spans end where the last finite date does (its year out): later days are read with use().
        const last = endOfYear(sorted[sorted.length - 1]!);
        for (let d = sorted[0]!; d <= last; d = endOfYear(d) + 1) sorted.push(d);
        const days = [...new Set(sorted)].sort((a, b) => a - b);
        for (let i = 0; i < days.length; i++) {
          const from = days[i]!;
          if (from > last) break;
          const r = entryAt(rate, from);
          const v = entryAt(divisor, from);
          if (!r || !v) continue;
          const to = Math.min(i + 1 < days.length ? days[i + 1]! - 1 : last, last);
          spans.push({ from, to, rate: r, divisorRule: v, divisor: divisorOn(v, from), micros: microsOf(r) });
        }
      }
    }
    this.spans = spans;
    this.froms = Float64Array.from(spans, (s) => s.from);
  }

  /** The span that holds a day, or undefined. */
  at(d: Day): RateSpan | undefined {
    const froms = this.froms;
    let lo = 0;
    let hi = froms.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (froms[mid]! <= d) lo = mid;
      else hi = mid - 1;
    }
    const s = this.spans[lo];
    return s !== undefined && s.from <= d && d <= s.to ? s : undefined;
  }
}

const made = new WeakMap<RuleSet, RateSpans>();

/** The rule set's rate spans, made on first use. */
export function rateSpans(rules: RuleSet): RateSpans {
  let s = made.get(rules);
  if (s === undefined) made.set(rules, (s = new RateSpans(rules.series.get(RULE_IDS.forsinkelsesrente), rules.series.get(RULE_IDS.rentedivisor))));
  return s;
}
