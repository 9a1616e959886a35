/**
 * Forsinkelsesrente, day by day: from the first interest day (policy dagberegning.forste-rentedag)
 * through the payment day, each day at its own half-year's rate, divided by the days of its
 * calendar year (policy dagberegning.divisor), on the principal as reduced by the payments
 * allocated to it. Days with the same base, rate and divisor form one period.
 */
import { endOfYear, type Day } from '../calendar/index.ts';
import { interestToOre, periodInterest, type Ore } from '../money/index.ts';
import { RULE_IDS } from '../rules/index.ts';
import { choice, count, use, used, type Context, type RuleUse } from './context.ts';
import { divisorOn, microsOf, rateSpans, type RateSpan } from './rate-spans.ts';
import type { State } from './state.ts';

/**
 * The day interest falls due: the due date fixed in advance, or — for a claim without one — 30 days
 * after the written demand was sent (forsinkelsesrenteloven § 2 first paragraph; the number of days
 * is frister.rente-etter-pakrav).
 */
export function interestDue(ctx: Context): Day {
  const c = ctx.claim;
  return c.demand === undefined ? c.due : c.demand + count(ctx, RULE_IDS.renteEtterPakrav, c.demand);
}

/** The first day interest runs, by the policy in force on the day interest falls due. */
export function firstInterestDay(ctx: Context): Day {
  const due = interestDue(ctx);
  return choice(ctx, RULE_IDS.forsteRentedag, due) === 'forfallsdagen' ? due : due + 1;
}

/** Accrues interest on the outstanding principal up to and including a day. */
export function accrue(ctx: Context, state: State, to: Day): void {
  let d = state.accruedTo + 1;
  if (to < d) return;
  if (state.principal === 0) {
    state.accruedTo = to;
    return;
  }
  const spans = rateSpans(ctx.rules);
  while (d <= to) {
    let span = spans.at(d);
    if (span === undefined) span = spanFromRules(ctx, d);
    else {
      used(ctx, RULE_IDS.forsinkelsesrente, span.rate, d);
      used(ctx, RULE_IDS.rentedivisor, span.divisorRule, d);
    }
    const { rate, divisorRule, divisor } = span;
    const end = Math.min(to, span.to);
    const days = end - d + 1;
    const exact = periodInterest(state.principal, span.micros, days, divisor);
    state.interestExact += exact;
    // Read only when there is one: a read at index -1 of an empty list is a property lookup by
    // name, which leaves this read to V8's slowest path for every claim after.
    const n = state.periods.length;
    const last = n === 0 ? undefined : state.periods[n - 1];
    if (last && last.to + 1 === d && last.base === state.principal && last.rate === rate && last.divisor === divisor && last.divisorRule === divisorRule) {
      last.to = end;
      last.exact += exact;
    } else {
      state.periods.push({ from: d, to: end, base: state.principal, rate, divisor, divisorRule, exact });
    }
    d = end + 1;
  }
  state.accruedTo = to;
}

/**
 * The span of a day that the rule set's rate spans do not hold, read with use() (traced, warned
 * about, or the error that says why a rule has no value that day).
 */
function spanFromRules(ctx: Context, d: Day): RateSpan {
  const rate = use(ctx, RULE_IDS.forsinkelsesrente, d);
  const divisorRule = use(ctx, RULE_IDS.rentedivisor, d);
  return { from: d, to: Math.min(rate.to, endOfYear(d), divisorRule.to), rate, divisorRule, divisor: divisorOn(divisorRule, d), micros: microsOf(rate) };
}

/** Interest accrued so far, rounded as the policy avrunding.rente says (once, or per period). */
export function roundedInterest(ctx: Context, state: State, on: Day): Ore {
  if (choice(ctx, RULE_IDS.renteavrunding, on) === 'per_periode') {
    let sum = 0;
    for (const p of state.periods) sum += interestToOre(p.exact);
    return sum;
  }
  return interestToOre(state.interestExact);
}

/** The rate of each interest period so far (and its divisor policy): what the lawful interest rests on. */
export function interestUses(ctx: Context, state: State): RuleUse[] {
  const rate = ctx.series[RULE_IDS.forsinkelsesrente]!.series;
  const divisor = ctx.series[RULE_IDS.rentedivisor]!.series;
  return state.periods.flatMap((p) => [{ series: rate, entry: p.rate, day: p.from }, { series: divisor, entry: p.divisorRule, day: p.from }]);
}
