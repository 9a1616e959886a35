/**
 * Dates relative to points in the claim's timeline: "at least 14 days after forfall", "more than
 * 0 days after the inkassovarsel's deadline", "within 6 months of the betalingsoppfordring".
 * A point the claim has not reached (no inkassovarsel yet) gives no date: the requirement does not
 * apply, and a condition (MISSING_INKASSOVARSEL) says what is missing instead.
 */
import { addMonths, addYears, isoDate, isWorkingDay, nextWorkingDay, type Day } from '../calendar/index.ts';
import { plural } from '../text/plural.ts';
import type { DatePoint, Period, PointRef } from '../rules/index.ts';
import { choice, count, peekCount, type Context } from './context.ts';
import type { State } from './state.ts';

/** The day of a point, or undefined when the claim has not reached it. */
export function pointDay(ctx: Context, state: State, point: PointRef): Day | undefined {
  switch (point.kind) {
    case 'forfall': return ctx.claim.due;
    case 'last_fee_letter': return state.lastFeeLetter?.[point.at];
    case 'legal_step': return state.firstLegalStep;
    case 'letter': return (point.which === 'first' ? state.first : state.last)[point.event]?.[point.at];
  }
}

/** How a period's length is read: traced and warned about (periodCount), or quietly (peekPeriodCount). */
export type PeriodReader = (ctx: Context, period: Period, on: Day) => number;

/** A period's length, reading a parameter on `on` when the period names one. */
export const periodCount: PeriodReader = (ctx, period, on) => ('count' in period.amount ? period.amount.count : count(ctx, period.amount.parameter, on));

/** The same, neither traced nor warned about: for a period that decides a figure only in some cases. */
export const peekPeriodCount: PeriodReader = (ctx, period, on) => ('count' in period.amount ? period.amount.count : peekCount(ctx, period.amount.parameter, on));

/** A day moved forward by a period (months and years keep the date, clamped to the month's end). */
export function addPeriod(ctx: Context, from: Day, period: Period, on: Day, read: PeriodReader = periodCount): Day {
  const n = read(ctx, period, on);
  if (period.unit === 'days') return from + n;
  if (period.unit === 'months') return addMonths(from, n);
  return addYears(from, n);
}

/** A period as a message states it, with the parameter in force on `on`: "30 dager", "6 måneder", "1 år". */
export function periodText(ctx: Context, period: Period, on: Day): string {
  const n = peekPeriodCount(ctx, period, on);
  const [one, many] = period.unit === 'days' ? ['dag', 'dager'] : period.unit === 'months' ? ['måned', 'måneder'] : ['år', 'år'];
  return `${n} ${plural(n, one, many)}`;
}

/**
 * The threshold of a date point: the first allowed day for at_least / more_than, the last allowed
 * day for within. Undefined when the point has not happened.
 */
export function threshold(ctx: Context, state: State, when: DatePoint, on: Day, read: PeriodReader = periodCount): Day | undefined {
  const p = pointDay(ctx, state, when.ref);
  if (p === undefined) return undefined;
  const t = addPeriod(ctx, p, when.period, on, read);
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

const LETTER_TEXT: Record<string, string> = { purring: 'purringen', inkassovarsel: 'inkassovarselet', betalingsoppfordring: 'betalingsoppfordringen' };

/** A point in words: "fristen i den første betalingsoppfordringen". */
function pointText(ctx: Context, p: PointRef): string {
  if (p.kind === 'forfall') return 'forfall';
  if (p.kind === 'last_fee_letter') return p.at === 'sent' ? 'forrige brev med gebyr' : 'fristen i forrige brev med gebyr';
  if (p.kind === 'legal_step') return 'første rettslige skritt';
  const title = ctx.rules.steps.find((s) => s.event === p.event)?.title.toLowerCase() ?? p.event;
  const letter = LETTER_TEXT[p.event] ?? `brevet (${title})`;
  const which = p.which === 'first' ? letter.replace(/^(\S+)en$|^(\S+)et$/, (w) => `den første ${w}`) : letter;
  return p.at === 'sent' ? which : `fristen i ${which}`;
}

const UNIT_TEXT = { days: 'dager', months: 'måneder', years: 'år' } as const;
const RELATION_TEXT = { at_least: 'minst', more_than: 'mer enn', within: 'innen' } as const;

/**
 * "forfall 2024-03-15, minst 14 dager etter → 2024-03-29", for traces; a point with no time after
 * it is said as the day itself ("dagen etter fristen i inkassovarselet 2026-02-17 → 2026-02-18",
 * not "mer enn 0 dager etter").
 */
export function describeThreshold(ctx: Context, state: State, when: DatePoint, on: Day): string | undefined {
  const p = pointDay(ctx, state, when.ref);
  const t = threshold(ctx, state, when, on);
  if (p === undefined || t === undefined) return undefined;
  const n = periodCount(ctx, when.period, on);
  const point = `${pointText(ctx, when.ref)} ${isoDate(p)}`;
  if (n === 0 && when.relation === 'more_than') return `dagen etter ${point} → ${isoDate(t)}`;
  if (n === 0) return `${point} → ${isoDate(t)}`;
  return `${point}, ${RELATION_TEXT[when.relation]} ${n} ${UNIT_TEXT[when.period.unit]} etter → ${isoDate(t)}`;
}
