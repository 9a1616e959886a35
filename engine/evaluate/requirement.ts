/**
 * Checks one requirement of a step on a day: a date it may come at the earliest or the latest, a
 * condition on the facts (already answered for the whole group: `position` is its answer's place,
 * from the group's positions), or the interest a letter claims. A latest date does not apply when
 * its `unless` holds (`unlessPosition`, -1 when it has none); a date for one kind of debtor does
 * not apply to the other.
 */
import { dato, type Day } from '../calendar/index.ts';
import { kroner, type Ore } from '../money/index.ts';
import type { Requirement, Step } from '../rules/index.ts';
import type { Context } from './context.ts';
import { fill } from './format.ts';
import { roundedInterest } from './interest.ts';
import { timeBarredInterest } from './foreldelse.ts';
import type { PreparedEvent } from './prepare.ts';
import type { ViolationRecord } from './records.ts';
import type { State } from './state.ts';
import { threshold } from './timeline.ts';

export interface Outcome {
  readonly ok: boolean;
  /** Values for the message's placeholders (only filled in when the requirement fails). */
  readonly values: Record<string, string>;
  /** For claimed interest: the amount above the lawful interest. */
  readonly excess?: Ore;
}

const PASS: Outcome = { ok: true, values: {} };
const FAIL: Outcome = { ok: false, values: {} };

/** Whether a requirement applies to the claim's debtor (a date may be for consumers or businesses only). */
export function appliesToDebtor(ctx: Context, r: Requirement): boolean {
  return (r.kind !== 'earliest' && r.kind !== 'latest') || r.debtor === undefined || r.debtor === ctx.claim.debtorKind;
}

export function checkRequirement(
  ctx: Context, state: State, r: Requirement, on: Day, position: number, unlessPosition: number, answers: readonly boolean[], event?: PreparedEvent,
): Outcome {
  if (!appliesToDebtor(ctx, r)) return PASS;
  switch (r.kind) {
    case 'earliest': {
      const t = threshold(ctx, state, r.when, on);
      return t === undefined || on >= t ? PASS : { ok: false, values: { earliest: dato(t) } };
    }
    case 'latest': {
      // Not read at all when it does not apply: its value decides nothing then.
      if (unlessPosition >= 0 && answers[unlessPosition]) return PASS;
      const t = threshold(ctx, state, r.when, on);
      return t === undefined || on <= t ? PASS : { ok: false, values: { latest: dato(t) } };
    }
    case 'conditions':
      return answers[position] ? PASS : FAIL;
    case 'interest': {
      if (event?.interest === undefined) return PASS;
      const lawful = roundedInterest(ctx, state, on) - state.interestPaid - timeBarredInterest(ctx, state, on);
      return event.interest <= lawful ? PASS : { ok: false, excess: event.interest - lawful, values: { claimed: kroner(event.interest), lawful: kroner(lawful), date: dato(on) } };
    }
  }
}

export function violationOf(step: Step, r: { code: ViolationRecord['code']; hjemmel: string; message: string }, values: Record<string, string>, event?: PreparedEvent, excess?: Ore): ViolationRecord {
  const v: { -readonly [K in keyof ViolationRecord]: ViolationRecord[K] } = { code: r.code, hjemmel: r.hjemmel, message: fill(r.message, values), rule: `steps.${step.id}` };
  if (event) {
    v.eventIndex = event.index;
    v.day = event.day;
  }
  if (excess !== undefined) v.excess = excess;
  return v;
}
