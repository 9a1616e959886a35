/**
 * The next lawful steps on the as-of date: for each step not yet passed on the ladder (and each
 * charge beside it), the earliest day its date requirements allow (never before the as-of date),
 * whether its conditions hold on that day, and the fee it may carry then. None when the claim is
 * paid, time-barred or disputed.
 */
import { isoDate, type Day } from '../calendar/index.ts';
import { formatAmount, type Ore } from '../money/index.ts';
import type { Step } from '../rules/index.ts';
import type { Evaluation } from './ask.ts';
import { conditionGroup } from './condition-group.ts';
import { mark, rulesIncomplete, tracing, usedSince, type Context, type RuleUse } from './context.ts';
import { EvaluationError } from './errors.ts';
import { buildFacts } from './facts.ts';
import { feeCap } from './fee-cap.ts';
import { checkRequirement } from './requirement.ts';
import type { State } from './state.ts';
import { addPeriod, describeThreshold, rollForward, threshold } from './timeline.ts';
import { timeBarredOn } from './foreldelse.ts';

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

export type Blocked = { readonly code: 'PAID' | 'DISPUTED' | 'TIME_BARRED'; readonly message: string };

function reachedLadder(ctx: Context, state: State): number {
  let reached = 0;
  for (const step of ctx.rules.steps) {
    if (step.ladder === undefined) continue;
    const sent = step.legal ? state.rettsligStarted : (state.sent[step.event] ?? 0) > 0;
    if (sent && step.ladder > reached) reached = step.ladder;
  }
  return reached;
}

/** Latest of the thresholds of a list of requirements of kind earliest (undefined thresholds ignored). */
function latestThreshold(ctx: Context, state: State, list: Step['requires'], on: Day): { day: Day; reasons: string[] } {
  let day = on;
  const reasons: string[] = [];
  for (const r of list) {
    if (r.kind !== 'earliest') continue;
    const t = threshold(ctx, state, r.when, on);
    if (t !== undefined && t > day) {
      day = t;
      if (tracing(ctx)) reasons.push(`${describeThreshold(ctx, state, r.when, on)} (${r.hjemmel})`);
    }
  }
  return { day, reasons };
}

/** The days after `from` on which a scale factor of the step's cap switches column. */
function switchDays(ctx: Context, state: State, step: Step, from: Day): Day[] {
  const out: Day[] = [];
  for (const f of step.fee?.factors ?? []) {
    if (f.kind !== 'scale') continue;
    for (const sw of f.switches) {
      const t = threshold(ctx, state, sw.from, from);
      if (t !== undefined && t > from) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
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
  if (timeBarredOn(state.foreldelse, ctx.asOf)) return { code: 'TIME_BARRED', message: `Kravet er foreldet (fristen gikk ut ${isoDate(state.foreldelse.date)}); det kan ikke inndrives, og renter og kostnader faller bort med det (foreldelsesloven § 24 nr. 2).` };
  if (state.disputed) {
    return { code: 'DISPUTED', message: 'Skyldneren har en innsigelse som ikke er vurdert. Vurder innsigelsen; et omtvistet krav hører hjemme i forliksrådet, ikke i inkasso.' };
  }
  return null;
}

export function* nextSteps(ctx: Context, state: State): Evaluation<NextStep[]> {
  const reached = reachedLadder(ctx, state);
  const found: NextStep[] = [];
  for (const step of ctx.rules.steps) {
    if (!step.nextStep || step.validFrom > ctx.asOf || step.validTo < ctx.asOf) continue;
    if (step.ladder !== undefined && (step.ladder < reached || (step.ladder === reached && !step.repeatable))) continue;
    try {
      const next = yield* consider(ctx, state, step);
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

/** Whether and when one step can be taken next, and with what fee. */
function* consider(ctx: Context, state: State, step: Step): Evaluation<NextStep | undefined> {
  const asOf = ctx.asOf;
  const group = conditionGroup(step);
  const m = mark(ctx);
  const { day: earliest, reasons } = latestThreshold(ctx, state, step.requires, asOf);
  const earliestUses = usedSince(ctx, m);
  let blocked = false;
  for (const r of step.requires) {
    if (r.kind === 'latest') {
      const t = threshold(ctx, state, r.when, asOf);
      if (t !== undefined && t < earliest) blocked = true;
    }
  }
  if (blocked) return undefined;
  const minimumDeadline = step.deadline ? addPeriod(ctx, earliest, step.deadline.minimum, earliest) - earliest : 0;
  const facts = buildFacts(ctx, state, group, earliest, { feeCharged: step.fee !== undefined, deadlineDays: minimumDeadline });
  const answers = yield { group, facts };
  if (step.requires.some((r) => r.kind === 'conditions' && !checkRequirement(ctx, state, r, earliest, group, answers).ok)) return undefined;

  let maxFee = 0;
  let feeEarliest: Day | undefined;
  // The explanations are only written for the trace.
  const explain = tracing(ctx);
  let feeExplanation = step.fee ? 'Et vilkår for gebyret er ikke oppfylt, så steget kan tas uten gebyr.' : 'Steget har ikke gebyr.';
  let feeUses: readonly RuleUse[] = [];
  if (step.fee) {
    const f = latestThreshold(ctx, state, step.fee.requires, earliest);
    const feeDay = f.day;
    const feeAnswers = feeDay === earliest ? answers : yield { group, facts: buildFacts(ctx, state, group, feeDay, { feeCharged: true, deadlineDays: minimumDeadline }) };
    const ok = step.fee.requires.every((r) => r.kind !== 'conditions' || checkRequirement(ctx, state, r, feeDay, group, feeAnswers).ok);
    if (ok) {
      // A cumulative fee used up at this rate may open again when the scale switches column
      // (tung salær once the betalingsoppfordring's deadline is missed by more than 28 days).
      const days = [feeDay, ...switchDays(ctx, state, step, feeDay)];
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
  }
  if (step.ladder === undefined && maxFee === 0) return undefined;
  const deadlineEnds = step.deadline && minimumDeadline > 0 ? rollForward(ctx, step.deadline.rollForwardPolicy, earliest + minimumDeadline, earliest) : undefined;
  const next: { -readonly [K in keyof NextStep]: NextStep[K] } = {
    step, earliest, maxFee, deadlineDays: minimumDeadline,
    earliestExplanation: !explain ? '' : reasons.length ? `Tidligst ${isoDate(earliest)}: ${reasons[reasons.length - 1]}.` : `Steget kan tas nå (${isoDate(asOf)}).`,
    earliestUses,
    feeExplanation,
    feeUses,
  };
  if (feeEarliest !== undefined) next.feeEarliest = feeEarliest;
  if (deadlineEnds !== undefined) next.deadlineEnds = deadlineEnds;
  return next;
}
