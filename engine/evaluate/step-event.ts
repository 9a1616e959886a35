/**
 * One event governed by a step (a letter, a charge, legal collection): its requirements, the
 * deadline it gives, the fee it charges against the lawful cap, and what it changes in the
 * claim's state.
 */
import type { Day } from '../calendar/index.ts';
import { kroner } from '../money/index.ts';
import type { Step } from '../rules/index.ts';
import type { ConditionGroup } from './condition-group.ts';
import { mark, NONE_USED, tracing, usedSince, type Context } from './context.ts';
import { feeCap } from './fee-cap.ts';
import { foreldelseEffect } from './foreldelse.ts';
import type { PreparedEvent } from './prepare.ts';
import type { Collected } from './records.ts';
import { checkRequirement, violationOf } from './requirement.ts';
import type { LetterRecord, LetterStep, State } from './state.ts';
import { addPeriod, describeThreshold, rollForward } from './timeline.ts';
import { startCountsAgain } from './count-reset.ts';
import { checkLetterCosts, checkLetterFields, checkLetterFigures } from './letter-check.ts';
import { lawfulLetterFigures } from './letter-figures.ts';

function chargeFee(ctx: Context, state: State, step: Step, ev: PreparedEvent, group: ConditionGroup, answers: readonly boolean[], stepLawful: boolean, out: Collected): boolean {
  const fee = step.fee!;
  const charged = ev.fee!;
  const on = ev.day;
  const cap = feeCap(ctx, state, step, group, answers, on);
  // The explanation of the allowed fee is only written for the trace.
  const explain = tracing(ctx);
  let feeOk = stepLawful;
  let why = '';
  if (!stepLawful) {
    if (explain) why = 'Steget oppfyller ikke vilkårene (se bruddene), så det kan ikke kreves gebyr for det.';
  } else {
    for (let i = 0; i < fee.requires.length; i++) {
      const r = fee.requires[i]!;
      const res = checkRequirement(ctx, state, r, on, group.feeRequirePositions[i]!, group.feeRequireUnlessPositions[i]!, answers, ev);
      if (!res.ok) {
        feeOk = false;
        out.violations.push(violationOf(ctx, step, r, { ...res.values, charged: kroner(charged), cap: kroner(cap.cap) }, ev, res));
      }
    }
    if (explain && !feeOk) why = 'Et vilkår for gebyret er ikke oppfylt (se bruddene), så lovlig gebyr er 0.';
  }
  let allowed = 0;
  let allowedUses = NONE_USED;
  if (feeOk) {
    const before = fee.cumulative ? (state.cumulative?.get(step.id) ?? 0) : 0;
    const capLeft = Math.max(0, cap.cap - before);
    allowed = Math.min(charged, capLeft);
    if (explain) why = fee.cumulative && before > 0
      ? `Taket ${kroner(cap.cap)} gjelder alle krav av denne typen til sammen; ${kroner(before)} er allerede krevd.`
      : `Lovlig gebyr er taket, men aldri mer enn det som er krevd.`;
    if (charged > capLeft) {
      out.violations.push(violationOf(ctx, step, fee.aboveCap, { charged: kroner(charged), cap: kroner(capLeft), allowed: kroner(allowed) }, ev));
    }
    // What this charge uses of a cumulative cap is what the cap allowed, before any offset: an
    // offset moves part of it onto the compensation already paid, it does not free the cap.
    if (fee.cumulative) (state.cumulative ??= new Map()).set(step.id, before + allowed);
    if (fee.offset) {
      const offsets = (state.offsets ??= new Map());
      const g = offsets.get(fee.offset.group) ?? { credit: 0, costs: 0 };
      offsets.set(fee.offset.group, g);
      const before = allowed;
      if (fee.offset.role === 'compensation') {
        allowed = Math.max(0, allowed - g.costs);
        g.credit += allowed;
        if (explain && allowed < before) why += ` Kostnader på ${kroner(g.costs)} som allerede er krevd trekkes fra (${fee.offset.hjemmel}).`;
      } else {
        const covered = Math.min(allowed, g.credit);
        allowed -= covered;
        g.credit -= covered;
        g.costs += allowed;
        if (explain && covered > 0) why += ` ${kroner(covered)} er allerede dekket av standardkompensasjonen (${fee.offset.hjemmel}).`;
      }
      if (allowed < before && charged <= capLeft) {
        out.violations.push(violationOf(ctx, step, fee.offset, { charged: kroner(charged), allowed: kroner(allowed), cap: kroner(cap.cap) }, ev));
      }
    }
    // More than six months after the last letter with a fee, the counts start again (§ 1-3 annet ledd).
    const m = mark(ctx);
    const again = startCountsAgain(ctx, state, step, on);
    if (again !== undefined) allowedUses = usedSince(ctx, m);
    if (explain && again !== undefined) why += ` Gebyrene telles på nytt (${fee.countReset!.hjemmel}): ${describeThreshold(ctx, state, fee.countReset!.after, on)}.`;
    for (const c of fee.countsAs) state.counts[c] = (state.counts[c] ?? 0) + 1;
    state.costs += allowed;
    state.costsTotal += allowed;
  }
  out.fees.push({
    eventIndex: ev.index, type: ev.type, day: on, charged, cap: cap.cap, allowed,
    capExplanation: cap.explanation, capUses: cap.uses, allowedExplanation: explain ? why.trim() : '', allowedUses, rule: `steps.${step.id}`,
  });
  return feeOk;
}

/** Reads one step event: records violations and fees in `out` and moves the state on. */
export function stepEvent(ctx: Context, state: State, step: Step, ev: PreparedEvent, group: ConditionGroup, answers: readonly boolean[], out: Collected): void {
  const on = ev.day;
  let lawful = true;
  // A letter sent before it could be sent at all (before forfall, before the varsel's deadline),
  // or without what must come before it (a betalingsoppfordring with no inkassovarsel: `voids`),
  // does not count as sent for the steps after it.
  let void_ = false;
  for (let i = 0; i < step.requires.length; i++) {
    const r = step.requires[i]!;
    const res = checkRequirement(ctx, state, r, on, group.requirePositions[i]!, group.requireUnlessPositions[i]!, answers, ev);
    if (!res.ok) {
      // Claiming too much interest is a finding of its own: the letter is still the letter it is
      // and its fee stands or falls on the other requirements.
      if (r.kind !== 'interest') lawful = false;
      if (r.kind === 'earliest' || (r.kind === 'conditions' && r.voids)) void_ = true;
      out.violations.push(violationOf(ctx, step, r, res.values, ev, res));
    }
  }
  const given = ev.deadlineDays ?? 0;
  let deadline: Day = on + given;
  if (step.deadline) {
    const m = mark(ctx);
    const minimum = addPeriod(ctx, on, step.deadline.minimum, on);
    if (on + given < minimum) {
      lawful = false;
      out.violations.push(violationOf(ctx, step, step.deadline, { deadlineDays: String(given), minimumDays: String(minimum - on) }, ev));
    }
    // The debtor keeps at least the statutory deadline even when the letter gave less.
    const nominal = Math.max(on + given, minimum);
    deadline = rollForward(ctx, step.deadline.rollForwardPolicy, nominal, on);
    out.deadlines?.push({ eventIndex: ev.index, type: ev.type, sent: on, deadlineDays: given, nominal, lastDay: deadline, rule: `steps.${step.id}`, hjemmel: step.deadline.hjemmel, uses: usedSince(ctx, m) });
  }
  // What a sent letter carried, when the event records it (rules/letters/): its fields, and the
  // figures it stated against the lawful ones — the last day of the deadline the debtor is owed,
  // and what was owed on the day with at most this letter's lawful fee.
  let notThisStep = false;
  let noFee = false;
  if (ev.letter) {
    const fields = checkLetterFields(ctx, ev, out);
    const figures = checkLetterFigures(ctx, ev, lawfulLetterFigures(ctx, state, step, group, answers, on), out);
    notThisStep = fields.notThisStep || figures.notThisStep;
    noFee = fields.noFee || figures.noFee;
  }
  let feeLawful = false;
  if (step.fee && ev.fee !== undefined && ev.fee > 0) {
    feeLawful = chargeFee(ctx, state, step, ev, group, answers, lawful && !notThisStep && !noFee, out);
    // Why the fee is 0 when only the letter's content was wrong (written for the trace, like every explanation).
    if (lawful && !feeLawful && (notThisStep || noFee) && tracing(ctx)) {
      const f = out.fees[out.fees.length - 1]!;
      out.fees[out.fees.length - 1] = { ...f, allowedExplanation: 'Brevet mangler innhold loven krever, eller oppgir et tall loven ikke tillater (se bruddene), så lovlig gebyr er 0.' };
    }
  }
  // A letter that must state every cost (the betalingsoppfordring) forfeits what it left out.
  if (ev.letter && !void_ && !notThisStep) checkLetterCosts(ctx, state, ev, out);
  if (step.letter) {
    if (void_ || notThisStep) return;
    const rec: LetterRecord = { index: ev.index, step: step.event as LetterStep, sent: on, deadlineDays: given, deadline };
    state.last[rec.step] = rec;
    state.first[rec.step] ??= rec;
    state.sent[rec.step] = (state.sent[rec.step] ?? 0) + 1;
    if (step.reminder) {
      state.reminders.push(rec);
      if (feeLawful) state.lastFeeLetter = rec;
    }
  }
  if (step.legal) {
    state.rettsligStarted = true;
    state.firstLegalStep ??= on;
  }
  if (step.foreldelse) foreldelseEffect(ctx, state.foreldelse, step.foreldelse, ev);
}
