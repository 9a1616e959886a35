/**
 * The next lawful steps on the as-of date: for each step not yet passed on the ladder (and each
 * charge beside it), the earliest day its date requirements allow (never before the as-of date),
 * whether its conditions hold on that day, and the fee it may carry then. None when the claim is
 * paid, time-barred or disputed.
 */
import { dato, isoDate, type Day } from '../calendar/index.ts';
import { formatAmount, type Ore } from '../money/index.ts';
import type { Step } from '../rules/index.ts';
import type { Evaluation } from './ask.ts';
import { conditionGroup, type ConditionGroup } from './condition-group.ts';
import { mark, NONE_USED, rulesIncomplete, tracing, usedSince, type Context, type RuleUse } from './context.ts';
import { EvaluationError } from './errors.ts';
import { Question } from './facts.ts';
import { feeCap } from './fee-cap.ts';
import type { State } from './state.ts';
import { addPeriod, describeThreshold, rollForward, threshold } from './timeline.ts';
import { appliesToDebtor } from './requirement.ts';
import { timeBarredOn } from './foreldelse.ts';
import { countsStartedAgain, countsStartLater } from './count-reset.ts';

export interface NextStep {
  readonly step: Step;
  readonly earliest: Day;
  readonly feeEarliest?: Day;
  readonly maxFee: Ore;
  readonly deadlineDays: number;
  readonly deadlineEnds?: Day;
  readonly earliestExplanation: string;
  readonly earliestUses: readonly RuleUse[];
  readonly feeExplanation: string;
  readonly feeUses: readonly RuleUse[];
}

export type Blocked = { readonly code: 'PAID' | 'DISPUTED' | 'TIME_BARRED' | 'LEGAL_COLLECTION_STARTED'; readonly message: string };

function reachedLadder(ctx: Context, state: State): number {
  let reached = 0;
  for (const step of ctx.rules.steps) {
    if (step.ladder === undefined) continue;
    const sent = step.legal ? state.rettsligStarted : (state.sent[step.event] ?? 0) > 0;
    if (sent && step.ladder > reached) reached = step.ladder;
  }
  return reached;
}

/**
 * Latest of the thresholds of a list of requirements of kind earliest (undefined thresholds
 * ignored). `reasons` (only when tracing) gets each threshold that moved the day, in words.
 */
function latestThreshold(ctx: Context, state: State, list: Step['requires'], on: Day, reasons: string[] | null): Day {
  let day = on;
  for (const r of list) {
    if (r.kind !== 'earliest' || !appliesToDebtor(ctx, r)) continue;
    const t = threshold(ctx, state, r.when, on);
    if (t !== undefined && t > day) {
      day = t;
      if (reasons) reasons.push(`${describeThreshold(ctx, state, r.when, on)} (${r.hjemmel})`);
    }
  }
  return day;
}

/** Whether every requirement of kind conditions holds, by the answers at their positions (-1: not a condition). */
function conditionsHold(positions: readonly number[], answers: readonly boolean[]): boolean {
  for (const p of positions) if (p >= 0 && !answers[p]) return false;
  return true;
}

/** `from`, and the days after it on which a scale factor of the step's cap switches column. */
function switchDays(ctx: Context, state: State, step: Step, from: Day): Day[] {
  const out: Day[] = [];
  for (const f of step.fee!.factors) {
    if (f.kind !== 'scale') continue;
    for (const sw of f.switches) {
      const t = threshold(ctx, state, sw.from, from);
      if (t !== undefined && t > from) out.push(t);
    }
  }
  out.sort((a, b) => a - b);
  out.unshift(from);
  return out;
}

/** Whether a step's cap has a scale factor (whose column can switch). */
const scaled = new WeakMap<Step, boolean>();
function hasScale(step: Step): boolean {
  let s = scaled.get(step);
  if (s === undefined) scaled.set(step, (s = step.fee!.factors.some((f) => f.kind === 'scale')));
  return s;
}

/** What the fee would be if the step were taken on a day, without changing the state. */
function feeIfTaken(state: State, step: Step, cap: Ore): Ore {
  const fee = step.fee!;
  const before = fee.cumulative ? (state.cumulative?.get(step.id) ?? 0) : 0;
  let allowed = Math.max(0, cap - before);
  if (fee.offset) {
    const g = state.offsets?.get(fee.offset.group);
    if (g) allowed = fee.offset.role === 'compensation' ? Math.max(0, allowed - g.costs) : Math.max(0, allowed - g.credit);
  }
  return allowed;
}

export function blockedBy(ctx: Context, state: State): Blocked | null {
  if (state.coveredDay !== undefined) return { code: 'PAID', message: 'Kravet er betalt; det er ikke noe neste steg.' };
  if (timeBarredOn(state.foreldelse, ctx.asOf)) return { code: 'TIME_BARRED', message: `Kravet er foreldet (fristen gikk ut ${dato(state.foreldelse.date)}); det kan ikke inndrives, og renter og kostnader faller bort med det (foreldelsesloven § 24 nr. 2).` };
  // A disputed claim the creditor has taken to court is where the law wants it: the case, not the objection, is what stands.
  if (state.disputed && !state.rettsligStarted) {
    return { code: 'DISPUTED', message: 'Skyldneren har en innsigelse som ikke er vurdert. Vurder innsigelsen; et omtvistet krav hører hjemme i forliksrådet, ikke i inkasso.' };
  }
  return null;
}

const LEGAL_COLLECTION_STARTED: Blocked = {
  code: 'LEGAL_COLLECTION_STARTED',
  message: 'Rettslig inndriving er satt i gang, og inkassotrappen har ikke flere steg. Det som følger (dom, utlegg) går etter tvisteloven og tvangsfullbyrdelsesloven.',
};

/** Why there is no next step when nothing blocks one: the claim has reached rettslig inndriving. */
export function ladderEnded(state: State, next: readonly NextStep[]): Blocked | null {
  return next.length === 0 && state.rettsligStarted ? LEGAL_COLLECTION_STARTED : null;
}

export function* nextSteps(ctx: Context, state: State): Evaluation<NextStep[]> {
  const reached = reachedLadder(ctx, state);
  const found: NextStep[] = [];
  for (const step of ctx.rules.steps) {
    if (!step.nextStep || step.validFrom > ctx.asOf || step.validTo < ctx.asOf) continue;
    if (step.ladder !== undefined && (step.ladder < reached || (step.ladder === reached && !step.repeatable))) continue;
    try {
      // Whether and when the step can be taken next, and with what fee. Its conditions are asked
      // here (once on its earliest day, once more on its fee's day when that is later), so that
      // the considering itself is plain functions, not a generator for every step.
      const c = candidate(ctx, state, step);
      if (!c) continue;
      const answers = yield new Question(ctx, state, c.group, c.earliest, step.fee !== undefined, c.minimumDeadline);
      if (!conditionsHold(c.group.requirePositions, answers)) continue;
      if (c.pastUnless.some((i) => !answers[c.group.requireUnlessPositions[i]!])) continue;
      let feeDay = c.earliest;
      let feeAnswers = answers;
      if (step.fee) {
        feeDay = latestThreshold(ctx, state, step.fee.requires, c.earliest, null);
        if (feeDay !== c.earliest) feeAnswers = yield new Question(ctx, state, c.group, feeDay, true, c.minimumDeadline);
        // Fees the claim has had stop this one, but the counts start again later (more than six
        // months after the last letter with a fee): the fee from that day.
        const again = conditionsHold(c.group.feeRequirePositions, feeAnswers) ? undefined : countsStartLater(ctx, state, step, feeDay);
        if (again !== undefined) {
          feeDay = again;
          feeAnswers = yield new Question(ctx, state, c.group, feeDay, true, c.minimumDeadline);
        }
      }
      const next = nextStepOf(ctx, state, c, feeDay, feeAnswers);
      if (next) found.push(next);
    } catch (e) {
      // A rule value missing for this step (a year the rules do not cover) leaves the step out,
      // with a warning naming what is missing; the rest of the result stands.
      if (!(e instanceof EvaluationError)) throw e;
      rulesIncomplete(ctx, `neste steg ${step.id}`, e);
    }
  }
  // The next step is the next one up the ladder. A step repeated at the level already reached (a
  // second purring, a new betalingsoppfordring after the old one expired) is offered only when
  // nothing higher is possible.
  const higher = found.some((n) => n.step.ladder !== undefined && n.step.ladder > reached);
  return found.filter((n) => !(higher && n.step.ladder === reached));
}

/** A step that may be next, as far as its dates go, before its conditions are answered. */
interface Candidate {
  readonly step: Step;
  readonly group: ConditionGroup;
  /** The earliest day its date requirements allow (never before the as-of date). */
  readonly earliest: Day;
  readonly earliestUses: readonly RuleUse[];
  /** The thresholds that moved the earliest day, in words (only when tracing). */
  readonly reasons: string[] | null;
  /** The deadline the letter must give at least, in days, when sent on the earliest day. */
  readonly minimumDeadline: number;
  /** Latest dates passed by the earliest day that do not apply when their `unless` holds (indexes in step.requires). */
  readonly pastUnless: readonly number[];
}

const NO_INDEXES: readonly number[] = [];

/**
 * The earliest day a step could be taken; undefined when a latest date has passed by then (one with
 * an `unless` is kept in pastUnless, for its condition to decide).
 */
function candidate(ctx: Context, state: State, step: Step): Candidate | undefined {
  const asOf = ctx.asOf;
  const m = mark(ctx);
  // The explanations are only written for the trace.
  const reasons: string[] | null = tracing(ctx) ? [] : null;
  const earliest = latestThreshold(ctx, state, step.requires, asOf, reasons);
  const earliestUses = usedSince(ctx, m);
  let pastUnless: number[] | undefined;
  for (let i = 0; i < step.requires.length; i++) {
    const r = step.requires[i]!;
    if (r.kind === 'latest' && appliesToDebtor(ctx, r)) {
      const t = threshold(ctx, state, r.when, asOf);
      if (t === undefined || t >= earliest) continue;
      // A latest date with an `unless` is decided once the conditions are answered.
      if (!r.unless) return undefined;
      (pastUnless ??= []).push(i);
    }
  }
  const minimumDeadline = step.deadline ? addPeriod(ctx, earliest, step.deadline.minimum, earliest) - earliest : 0;
  return { step, group: conditionGroup(step), earliest, earliestUses, reasons, minimumDeadline, pastUnless: pastUnless ?? NO_INDEXES };
}

/**
 * The next step a candidate gives once its conditions hold: the fee it may carry from `feeDay`
 * (its fee's conditions answered there); undefined for a charge beside the ladder with no fee.
 */
function nextStepOf(ctx: Context, state: State, c: Candidate, feeDay: Day, feeAnswers: readonly boolean[]): NextStep | undefined {
  const { step, group, earliest } = c;
  const explain = c.reasons !== null;
  let maxFee = 0;
  let feeEarliest: Day | undefined;
  let feeExplanation = step.fee ? 'Et vilkår for gebyret er ikke oppfylt, så steget kan tas uten gebyr.' : 'Steget har ikke gebyr.';
  let feeUses = NONE_USED;
  if (step.fee && conditionsHold(group.feeRequirePositions, feeAnswers)) {
    // A cumulative fee used up at this rate may open again when the scale switches column
    // (tung salær once the betalingsoppfordring's deadline is missed by more than 28 days).
    const days = hasScale(step) ? switchDays(ctx, state, step, feeDay) : [feeDay];
    for (const d of days) {
      const cap = feeCap(ctx, state, step, group, feeAnswers, d);
      const allowed = feeIfTaken(state, step, cap.cap);
      if (allowed === 0 && d !== days[days.length - 1]) continue;
      maxFee = allowed;
      feeUses = cap.uses;
      if (explain) feeExplanation = `${cap.explanation}${maxFee < cap.cap ? `; ${formatAmount(cap.cap - maxFee)} av taket er allerede krevd eller dekket av kompensasjon` : ''}`;
      if (d > earliest) feeEarliest = d;
      break;
    }
  }
  if (step.ladder === undefined && maxFee === 0) return undefined;
  // A fee that is possible because the fee counts start again rests on the period they do after.
  if (maxFee > 0 && step.fee?.countReset) {
    const m = mark(ctx);
    if (countsStartedAgain(ctx, state, step, feeDay) !== undefined && explain) {
      feeUses = [...feeUses, ...usedSince(ctx, m)];
      feeExplanation += `; gebyrene telles på nytt (${step.fee.countReset.hjemmel}): ${describeThreshold(ctx, state, step.fee.countReset.after, feeDay)}`;
    }
  }
  const deadlineEnds = step.deadline && c.minimumDeadline > 0 ? rollForward(ctx, step.deadline.rollForwardPolicy, earliest + c.minimumDeadline, earliest) : undefined;
  const reasons = c.reasons;
  const next: { -readonly [K in keyof NextStep]: NextStep[K] } = {
    step, earliest, maxFee, deadlineDays: c.minimumDeadline,
    earliestExplanation: !reasons ? '' : reasons.length ? `Tidligst ${isoDate(earliest)}: ${reasons[reasons.length - 1]}.` : `Steget kan tas nå (${isoDate(ctx.asOf)}).`,
    earliestUses: c.earliestUses,
    feeExplanation,
    feeUses,
  };
  if (feeEarliest !== undefined) next.feeEarliest = feeEarliest;
  if (deadlineEnds !== undefined) next.deadlineEnds = deadlineEnds;
  return next;
}
