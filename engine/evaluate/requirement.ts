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
import { mark, peek, tracing, usedSince, type Context, type RuleUse } from './context.ts';
import { fill } from './format.ts';
import { interestUses, roundedInterest } from './interest.ts';
import { timeBarredInterest } from './foreldelse.ts';
import type { PreparedEvent } from './prepare.ts';
import type { ViolationRecord } from './records.ts';
import type { State } from './state.ts';
import { describeThreshold, periodText, threshold } from './timeline.ts';

export interface Outcome {
  readonly ok: boolean;
  /** Values for the message's placeholders (only filled in when the requirement fails). */
  readonly values: Record<string, string>;
  /** For claimed interest: the amount above the lawful interest. */
  readonly excess?: Ore;
  /** For a date that was not kept: the first or the last lawful day. */
  readonly earliest?: Day;
  readonly latest?: Day;
  /** When tracing: how the failed requirement's figure (a date, the excess) came about, and the rule values it rests on. */
  readonly why?: string;
  readonly uses?: readonly RuleUse[];
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
      const m = mark(ctx);
      const t = threshold(ctx, state, r.when, on);
      if (t === undefined || on >= t) return PASS;
      const values = { earliest: dato(t), period: periodText(ctx, r.when.period, on) };
      return tracing(ctx) ? { ok: false, values, earliest: t, uses: usedSince(ctx, m), why: `Tidligst: ${describeThreshold(ctx, state, r.when, on)}.` } : { ok: false, values, earliest: t };
    }
    case 'latest': {
      // Not read at all when it does not apply: its value decides nothing then.
      if (unlessPosition >= 0 && answers[unlessPosition]) return PASS;
      const m = mark(ctx);
      const t = threshold(ctx, state, r.when, on);
      if (t === undefined || on <= t) return PASS;
      const values = { latest: dato(t), period: periodText(ctx, r.when.period, on) };
      return tracing(ctx) ? { ok: false, values, latest: t, uses: usedSince(ctx, m), why: `Senest: ${describeThreshold(ctx, state, r.when, on)}.` } : { ok: false, values, latest: t };
    }
    case 'conditions':
      return answers[position] ? PASS : FAIL;
    case 'interest': {
      if (event?.interest === undefined) return PASS;
      const m = mark(ctx);
      const rounded = roundedInterest(ctx, state, on);
      const barred = timeBarredInterest(ctx, state, on);
      const lawful = rounded - state.interestPaid - barred;
      if (event.interest <= lawful) return PASS;
      const excess = event.interest - lawful;
      const values = { claimed: kroner(event.interest), lawful: kroner(lawful), date: dato(on) };
      if (!tracing(ctx)) return { ok: false, excess, values };
      return { ok: false, excess, values, uses: [...interestUses(ctx, state), ...usedSince(ctx, m)], why: lawfulInterestText(state, event.interest, rounded, barred, excess, on) };
    }
  }
}

function lawfulInterestText(state: State, claimed: Ore, rounded: Ore, barred: Ore, excess: Ore, on: Day): string {
  const less = [state.interestPaid > 0 ? ` − betalt ${kroner(state.interestPaid)} kr` : '', barred > 0 ? ` − foreldet ${kroner(barred)} kr` : ''].join('');
  const lawful = less ? `${kroner(rounded)} kr${less} = ${kroner(claimed - excess)} kr` : `${kroner(rounded)} kr`;
  return `Krevd ${kroner(claimed)} kr i renter; lovlig forsinkelsesrente til ${dato(on)} er ${lawful}. For mye: ${kroner(claimed)} − ${kroner(claimed - excess)} = ${kroner(excess)} kr.`;
}

/** What a failed requirement adds to its violation beyond the message: the excess, the lawful day, and their trace. */
export type ViolationFigure = Pick<Outcome, 'excess' | 'earliest' | 'latest' | 'why' | 'uses'>;

/** A rule value as a message states it: "14" (days), "1 190,00" (kroner), "12,50" (percent). */
function parameterText(ctx: Context, id: string, on: Day): string {
  if (ctx.series[id] === undefined) return `{${id}}`;
  const e = peek(ctx, id, on);
  const v = e.value;
  if (v.unit === 'NOK') return kroner(v.ore);
  if (v.unit === 'choice') return v.choice;
  if ('count' in v) return String(v.count);
  return e.text.replace('.', ',');
}

export function violationOf(ctx: Context, step: Step, r: { code: ViolationRecord['code']; hjemmel: string; message: string }, values: Record<string, string>, event?: PreparedEvent, found?: ViolationFigure): ViolationRecord {
  const on = event?.day ?? ctx.asOf;
  const message = fill(r.message, values, (id) => parameterText(ctx, id, on));
  const v: { -readonly [K in keyof ViolationRecord]: ViolationRecord[K] } = { code: r.code, hjemmel: r.hjemmel, message, rule: `steps.${step.id}` };
  if (event) {
    v.eventIndex = event.index;
    v.day = event.day;
  }
  if (found) {
    if (found.excess !== undefined) v.excess = found.excess;
    if (found.earliest !== undefined) v.earliest = found.earliest;
    if (found.latest !== undefined) v.latest = found.latest;
    if (found.why !== undefined) {
      v.why = found.why;
      v.uses = found.uses ?? [];
    }
  }
  return v;
}
