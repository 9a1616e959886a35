/**
 * Forsinkelsesrente, day by day: from the first interest day (policy dagberegning.forste-rentedag)
 * through the payment day, each day at its own half-year's rate, divided by the days of its
 * calendar year (policy dagberegning.divisor), on the principal as reduced by the payments
 * allocated to it. Days with the same base, rate and divisor form one period.
 */
import { daysInYear, endOfYear, yearOf, type Day } from '../calendar/index.ts';
import { interestToOre, periodInterest, type Ore } from '../money/index.ts';
import { RULE_IDS } from '../rules/index.ts';
import { choice, count, use, type Context, type RuleUse } from './context.ts';
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
  while (d <= to) {
    const rate = use(ctx, RULE_IDS.forsinkelsesrente, d);
    const divisorRule = use(ctx, RULE_IDS.rentedivisor, d);
    const end = Math.min(to, rate.to, endOfYear(d), divisorRule.to);
    const days = end - d + 1;
    const divisor: 365 | 366 = divisorRule.value.unit === 'choice' && divisorRule.value.choice === 'fast_365' ? 365 : (daysInYear(yearOf(d)) as 365 | 366);
    const micros = rate.value.unit === 'percent' ? rate.value.micros : 0;
    const exact = periodInterest(state.principal, micros, days, divisor);
    state.interestExact += exact;
    const last = state.periods[state.periods.length - 1];
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
