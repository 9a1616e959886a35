/**
 * The figures a letter sent on a day is checked against: the last day of the deadline the debtor
 * is owed (the statutory minimum, rolled forward by the step's policy) and what was owed that day
 * with at most this letter's lawful fee. When tracing, each comes with its explanation and the
 * rule values it rests on, for the violation that states it.
 */
import { isoDate, type Day } from '../calendar/index.ts';
import { kroner, type Ore } from '../money/index.ts';
import type { Step } from '../rules/index.ts';
import type { ConditionGroup } from './condition-group.ts';
import { mark, tracing, usedSince, type Context, type RuleUse } from './context.ts';
import { feeCap } from './fee-cap.ts';
import { interestUses, roundedInterest } from './interest.ts';
import type { State } from './state.ts';
import { addPeriod, periodText, rollForward } from './timeline.ts';

export interface Explained<T> {
  readonly value: T;
  readonly why?: string;
  readonly uses?: readonly RuleUse[];
}

export interface LawfulFigures {
  readonly deadline: Explained<Day> | undefined;
  readonly amount: Explained<Ore>;
}

export function lawfulLetterFigures(ctx: Context, state: State, step: Step, group: ConditionGroup, answers: readonly boolean[], on: Day): LawfulFigures {
  const explain = tracing(ctx);
  let deadline: Explained<Day> | undefined;
  if (step.deadline) {
    const m = mark(ctx);
    const nominal = addPeriod(ctx, on, step.deadline.minimum, on);
    const last = rollForward(ctx, step.deadline.rollForwardPolicy, nominal, on);
    deadline = explain
      ? { value: last, uses: usedSince(ctx, m), why: `Sendt ${isoDate(on)} + minste frist ${periodText(ctx, step.deadline.minimum, on)} (${step.deadline.hjemmel}) = ${isoDate(nominal)}${last !== nominal ? `, ikke virkedag; forskjøvet etter policy til ${isoDate(last)}` : ''}.` }
      : { value: last };
  }
  const m = mark(ctx);
  const interest = Math.max(0, roundedInterest(ctx, state, on) - state.interestPaid);
  const owed = state.principal + state.costs + interest;
  const cap = step.fee ? feeCap(ctx, state, step, group, answers, on) : undefined;
  const value = owed + (cap?.cap ?? 0);
  if (!explain) return { deadline, amount: { value } };
  const fee = cap ? ` + høyeste gebyr for brevet ${kroner(cap.cap)}` : '';
  const why = `Hovedstol ${kroner(state.principal)} + kostnader ${kroner(state.costs)} + renter som ikke er betalt ${kroner(interest)}${fee} = ${kroner(value)} den ${isoDate(on)}.`;
  return { deadline, amount: { value, why, uses: [...interestUses(ctx, state), ...usedSince(ctx, m), ...(cap?.uses ?? [])] } };
}
