/**
 * Fee counts that start again (inkassoforskriften § 1-3 annet ledd): a letter sent more than six
 * months after the last letter with a lawful fee reads the counts its step's fee names as zero, and
 * its own lawful fee is the first of a new series. The rule file says which counts, from which
 * point and after how long (fee.count_reset); nothing here knows the six months.
 *
 * The length is read without a trace or a warning while it only confirms the limits of § 1-3
 * første ledd; when it frees a fee, the step event reads it again with use() (traced, and warned
 * about when its status is S).
 */
import type { Day } from '../calendar/index.ts';
import type { CountReset, FeeCount, Step } from '../rules/index.ts';
import type { Context } from './context.ts';
import type { State } from './state.ts';
import { peekPeriodCount, periodCount, threshold } from './timeline.ts';

/** Whether any of the counts is above zero (a loop: this runs for every letter with a fee). */
function someCounted(state: State, counts: readonly FeeCount[]): boolean {
  for (let i = 0; i < counts.length; i++) if ((state.counts[counts[i]!] ?? 0) > 0) return true;
  return false;
}

/** The first day the counts start again, or undefined when the point has not happened. */
function startsAgainOn(ctx: Context, state: State, r: CountReset, on: Day, record: boolean): Day | undefined {
  return threshold(ctx, state, r.after, on, record ? periodCount : peekPeriodCount);
}

/** Whether the step's fee reads this count from zero on the day (the count is not zero already). */
export function countStartsAgain(ctx: Context, state: State, step: Step, count: FeeCount, on: Day): boolean {
  const r = step.fee?.countReset;
  if (!r || !r.counts.includes(count)) return false;
  const from = startsAgainOn(ctx, state, r, on, false);
  return from !== undefined && on >= from;
}

/**
 * The day the counts the step reads start again, when some of them are not zero and that day is
 * after `on` (read quietly: a next step's fee from that day reads it again when it is offered).
 */
export function countsStartLater(ctx: Context, state: State, step: Step, on: Day): Day | undefined {
  const r = step.fee?.countReset;
  if (!r || !someCounted(state, r.counts)) return undefined;
  const from = startsAgainOn(ctx, state, r, on, false);
  return from !== undefined && from > on ? from : undefined;
}

/**
 * When the step's letter on the day reads counts that are not zero as zero: the day they started
 * again, with the period read by use() (a figure rests on it: traced, and warned about when S).
 */
export function countsStartedAgain(ctx: Context, state: State, step: Step, on: Day): Day | undefined {
  const r = step.fee?.countReset;
  if (!r || !someCounted(state, r.counts)) return undefined;
  const from = startsAgainOn(ctx, state, r, on, false);
  if (from === undefined || on < from) return undefined;
  return startsAgainOn(ctx, state, r, on, true);
}

/** For a lawful fee of the step on the day: the counts set to zero when they start again, and the day they did. */
export function startCountsAgain(ctx: Context, state: State, step: Step, on: Day): Day | undefined {
  const from = countsStartedAgain(ctx, state, step, on);
  if (from !== undefined) for (const c of step.fee!.countReset!.counts) state.counts[c] = 0;
  return from;
}
