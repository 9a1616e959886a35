/**
 * Dates relative to points in the claim's timeline: "at least 14 days after forfall", "more than
 * 0 days after the inkassovarsel's deadline", "within 6 months of the betalingsoppfordring".
 * A point the claim has not reached (no inkassovarsel yet) gives no date: the requirement does not
 * apply, and a condition (MISSING_INKASSOVARSEL) says what is missing instead.
 */
import { addMonths, addYears, isoDate, isWorkingDay, nextWorkingDay, type Day } from '../calendar/index.ts';
import type { DatePoint, Period, Point } from '../rules/index.ts';
import { choice, count, type Context } from './context.ts';
import type { State } from './state.ts';

/** The day of a point, or undefined when the claim has not reached it. */
export function pointDay(ctx: Context, state: State, point: Point): Day | undefined {
  switch (point) {
    case 'forfall': return ctx.claim.due;
    case 'purring.sent': return state.last.purring?.sent;
    case 'purring.deadline': return state.last.purring?.deadline;
    case 'inkassovarsel.sent': return state.last.inkassovarsel?.sent;
    case 'inkassovarsel.deadline': return state.last.inkassovarsel?.deadline;
    case 'betalingsoppfordring.sent': return state.last.betalingsoppfordring?.sent;
    case 'betalingsoppfordring.deadline': return state.last.betalingsoppfordring?.deadline;
    case 'last_fee_letter.sent': return state.lastFeeLetter?.sent;
    case 'last_fee_letter.deadline': return state.lastFeeLetter?.deadline;
  }
}

/** A period's length, reading a parameter on `on` when the period names one. */
export function periodCount(ctx: Context, period: Period, on: Day): number {
  return 'count' in period.amount ? period.amount.count : count(ctx, period.amount.parameter, on);
}

/** A day moved forward by a period (months and years keep the date, clamped to the month's end). */
export function addPeriod(ctx: Context, from: Day, period: Period, on: Day): Day {
  const n = periodCount(ctx, period, on);
  if (period.unit === 'days') return from + n;
  if (period.unit === 'months') return addMonths(from, n);
  return addYears(from, n);
}

/**
 * The threshold of a date point: the first allowed day for at_least / more_than, the last allowed
 * day for within. Undefined when the point has not happened.
 */
export function threshold(ctx: Context, state: State, when: DatePoint, on: Day): Day | undefined {
  const p = pointDay(ctx, state, when.point);
  if (p === undefined) return undefined;
  const t = addPeriod(ctx, p, when.period, on);
  return when.relation === 'more_than' ? t + 1 : t;
}

/**
 * A deadline's last day under a roll-forward policy (read on the day the deadline starts). The
 * policy is only consulted when the last day is a Saturday, Sunday or holiday: on a working day it
 * cannot change anything, so it is not "used" (and does not raise its VALUE_UNCONFIRMED warning).
 */
export function rollForward(ctx: Context, policy: string, last: Day, on: Day): Day {
  if (isWorkingDay(last)) return last;
  return choice(ctx, policy, on) === 'neste_virkedag' ? nextWorkingDay(last) : last;
}

const POINT_TEXT: Record<Point, string> = {
  forfall: 'forfall',
  'purring.sent': 'purringen',
  'purring.deadline': 'fristen i purringen',
  'inkassovarsel.sent': 'inkassovarselet',
  'inkassovarsel.deadline': 'fristen i inkassovarselet',
  'betalingsoppfordring.sent': 'betalingsoppfordringen',
  'betalingsoppfordring.deadline': 'fristen i betalingsoppfordringen',
  'last_fee_letter.sent': 'forrige brev med gebyr',
  'last_fee_letter.deadline': 'fristen i forrige brev med gebyr',
};

const UNIT_TEXT = { days: 'dager', months: 'måneder', years: 'år' } as const;
const RELATION_TEXT = { at_least: 'minst', more_than: 'mer enn', within: 'innen' } as const;

/** "fristen i betalingsoppfordringen 30.10.2024 + mer enn 0 dager → 31.10.2024", for traces. */
export function describeThreshold(ctx: Context, state: State, when: DatePoint, on: Day): string | undefined {
  const p = pointDay(ctx, state, when.point);
  const t = threshold(ctx, state, when, on);
  if (p === undefined || t === undefined) return undefined;
  const n = periodCount(ctx, when.period, on);
  return `${POINT_TEXT[when.point]} ${isoDate(p)}, ${RELATION_TEXT[when.relation]} ${n} ${UNIT_TEXT[when.period.unit]} etter → ${isoDate(t)}`;
}
