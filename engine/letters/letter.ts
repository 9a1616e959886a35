/**
 * The letters of the ladder, built from the rules and the evaluation so that they are lawful by
 * construction: the letter for a step sent on a day is the claim evaluated as of that day with the
 * letter added — with the statutory minimum deadline (an inkassovarsel's is not moved for
 * holidays) and at most the lawful fee — and each field the letter rule asks for
 * (rules/letters/) is filled in: statements as the rule writes them, figures from the evaluation.
 * A step that is not lawful that day gives no letter (unless forced); a fee the law does not allow
 * is never printed. The claim statement (kravspesifikasjon) is a letter of its own.
 */
import { addMonths, addYears, dagerText, day, datoText, isoDate } from '../calendar/index.ts';
import { EVENT_NAMES } from '../claim/index.ts';
import { BUCKET_NAMES, EvaluationError, evaluateStated, feeCapFor, fieldsFor, letterRuleFor, requireEntry, type ResultWarning } from '../evaluate/index.ts';
import { fill } from '../evaluate/format.ts';
import { formatAmount, krText, ore } from '../money/index.ts';
import type { LetterFigure, LetterRule, RuleSet, StepEvent } from '../rules/index.ts';
import type { Claim, Event, Result } from '../types.generated.ts';

export interface Creditor {
  readonly name: string;
  readonly organisationNumber?: string;
  readonly account?: string;
  readonly address?: readonly string[];
}

/** The debtor a letter is addressed to (the claim itself carries no name). */
export interface Debtor {
  readonly name: string;
  readonly address?: readonly string[];
}

export interface LetterRequest {
  /** purring, inkassovarsel, betalingsoppfordring (or another letter step), or kravspesifikasjon. */
  readonly step: string;
  /** The day the letter is sent (the statement: the day it is made). */
  readonly date: string;
  readonly creditor?: Creditor;
  /** Printed as the letter's addressee. */
  readonly debtor?: Debtor;
  /** Build the letter even when the step is not lawful that day (it still carries no unlawful fee). */
  readonly force?: boolean;
}

export interface LetterFieldValue {
  readonly id: string;
  readonly title: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly hjemmel: string;
  readonly kind: 'statement' | 'figure';
  /** For a figure: what the letter prints beside it (the rule's label, else its title). */
  readonly label?: string;
  /** The text printed for the field. */
  readonly text: string;
  /** For a figure: its value as data (amounts as decimal strings, dates as YYYY-MM-DD). */
  readonly value?: unknown;
  /** A MUST field the letter cannot fill (the creditor was not given): the letter is refused. */
  readonly missing?: true;
}

export interface StatementLine {
  readonly text: string;
  readonly amount?: string;
  readonly basis?: string;
}

export interface Letter {
  readonly kind: 'inkassomotor.letter';
  readonly letter: string;
  readonly title: string;
  readonly date: string;
  readonly claimId: string;
  readonly rulesVersion: string;
  /** The letter rule and its hjemmel. */
  readonly rule: string;
  readonly hjemmel: string;
  /** Whether the step is lawful on the day (a statement always is). */
  readonly lawful: boolean;
  /** Why not: the violations the letter would be (with `force` it is built all the same). */
  readonly violations: readonly { readonly code: string; readonly message: string; readonly hjemmel: string }[];
  readonly creditor?: Creditor;
  readonly debtor?: Debtor;
  readonly fee?: { readonly amount: string; readonly cap: string; readonly hjemmel: string; readonly note?: string };
  readonly deadline?: string;
  /** The claim event the letter is (its type, day, deadline in days, lawful fee and what it carried): what to record when it is sent. */
  readonly event?: Event;
  readonly amountDue: string;
  readonly fields: readonly LetterFieldValue[];
  /** The claim statement's lines (principal, each interest period, each fee, each payment, balance). */
  readonly statement?: readonly StatementLine[];
  /**
   * For the sender, not printed on the letter: what the figures it states rest on that has one
   * source (VALUE_UNCONFIRMED, CHOICE_UNCONFIRMED, also for the letter rule itself), and what the
   * evaluation as of its day says of them (events after the day left out, foreldelse near, interest
   * time-barred). Not the warnings of the next steps, which the letter does not state.
   */
  readonly warnings: readonly LetterWarning[];
  /** The evaluation the letter rests on. */
  readonly result: Result;
}

export type LetterWarning = ResultWarning;

/**
 * Why no letter: the rules have no letter step or letter rule for the day (`no-rule`), a MUST
 * field cannot be filled (`missing-content`: the creditor was not given), or the step is not
 * lawful that day (`not-lawful`). Except for `no-rule`, the refused letter comes with it.
 */
export class LetterRefused extends Error {
  readonly reason: 'no-rule' | 'missing-content' | 'not-lawful';
  readonly letter: Letter | undefined;
  constructor(message: string, reason: LetterRefused['reason'], letter?: Letter) {
    super(message);
    this.reason = reason;
    this.letter = letter;
  }
}

/** The deadline a letter gives when the step's own minimum is shorter. */
export const LETTER_DEADLINE_DAYS = 14;

/**
 * The claim evaluated as of the letter's day, and the warnings of what the letter states
 * (evaluateStated: its events, its own fee's cap and deadline among them, the interest and the
 * balance; not the next steps), and its letter rule's when that has one source.
 */
function evaluateForLetter(rules: RuleSet, claim: Claim, date: string, rule: LetterRule, trace: boolean): { result: Result; warnings: LetterWarning[] } {
  const { result, warnings } = evaluateStated(rules, claim, day(date), trace);
  if (rule.status === 'S') {
    const validFrom = isoDate(rule.validFrom);
    warnings.push({ code: 'VALUE_UNCONFIRMED', rule: `letters.${rule.id}`, date, validFrom, message: `letters.${rule.id} (gyldig fra ${datoText(validFrom)}) har bare én kilde (status S): ${rule.source}` });
  }
  return { result, warnings };
}

const FEE_CODES = new Set(['FEE_TOO_EARLY', 'FEE_ABOVE_CAP', 'FEE_NOT_ALLOWED', 'TOO_MANY_FEES', 'PURREGEBYR_AND_STANDARDKOMPENSASJON']);

const kr = (amount: string) => `${krText(amount)} kr`;

/** Each field the letter rule asks for, filled in: statements as the rule writes them, figures from the evaluation. */
function fillFields(rule: LetterRule, claim: Claim, values: ReturnType<typeof figureValues>): LetterFieldValue[] {
  return fieldsFor(rule, claim.collection).map((f): LetterFieldValue => {
    if (f.text !== undefined) return { id: f.id, title: f.title, level: f.level, hjemmel: f.hjemmel, kind: 'statement', text: fill(f.text, values.text) };
    const v = values.figure(f.figure!);
    return { id: f.id, title: f.title, level: f.level, hjemmel: f.hjemmel, kind: 'figure', label: f.label ?? f.title, text: v.text, ...(v.value !== undefined ? { value: v.value } : {}), ...(v.missing && f.level === 'MUST' ? { missing: true as const } : {}) };
  });
}

/** "an inkassovarsel", "a purring": a step's name in an English sentence. */
function withArticle(step: string): string {
  return `${/^[aeiou]/.test(step) ? 'an' : 'a'} ${step}`;
}

/** The letter for a step sent on a day, or the claim statement on a day. */
export function buildLetter(rules: RuleSet, claim: Claim, req: LetterRequest): Letter {
  if (req.step === 'kravspesifikasjon') return statement(rules, claim, req);
  const on = day(req.date);
  const step = rules.steps.find((s) => s.event === req.step && s.validFrom <= on && on <= s.validTo);
  if (!step || !step.deadline) {
    const letters = rules.steps.filter((s) => s.deadline && s.validFrom <= on && on <= s.validTo).map((s) => s.event);
    throw new LetterRefused(`no letter step ${req.step} governs ${req.date} (rules/steps/); the letters are ${[...new Set(letters), 'kravspesifikasjon'].join(', ')}`, 'no-rule');
  }
  const rule = letterRuleFor(rules, req.step, on);
  if (!rule) throw new LetterRefused(`the rules say nothing of what ${withArticle(req.step)} must carry on ${req.date} (rules/letters/)`, 'no-rule');
  const index = claim.events.length;
  // The letter gives the statutory minimum deadline, in days (a minimum in months or years is
  // counted from the day it is sent).
  const min = step.deadline.minimum;
  const n = 'count' in min.amount ? min.amount.count : (requireEntry(rules.series.get(min.amount.parameter)!, on).value as { count: number }).count;
  const statutory = min.unit === 'days' ? n : (min.unit === 'months' ? addMonths(on, n) : addYears(on, n)) - on;
  // At least 14 days, as practice gives every letter of the ladder: a purring's own minimum is
  // none, but a second fee needs a missed deadline of 14 days (inkassoforskriften § 1-3).
  const deadlineDays = Math.max(statutory, LETTER_DEADLINE_DAYS);
  // With the largest fee the law allows for it, if the step has one.
  let cap: string | undefined;
  if (step.fee) {
    try {
      cap = formatAmount(feeCapFor(rules, claim, req.step as StepEvent, req.date));
    } catch (e) {
      // No value for the cap on the day: the letter goes without a fee, and the evaluation below says why.
      if (!(e instanceof EvaluationError)) throw e;
      cap = undefined;
    }
  }
  const withFee = (fee: string | undefined): Claim => ({ ...claim, events: [...claim.events, { type: req.step, date: req.date, deadlineDays, ...(fee && ore(fee) > 0 ? { fee } : {}) } as Event] });
  let { result, warnings } = evaluateForLetter(rules, withFee(cap), req.date, rule, false);
  let mine = result.violations.filter((v) => v.eventIndex === index);
  const stepViolations = mine.filter((v) => !FEE_CODES.has(v.code));
  let feeNote: string | undefined;
  if (cap !== undefined && mine.some((v) => FEE_CODES.has(v.code))) {
    // The step is lawful but its fee is not: the letter goes without it.
    feeNote = mine.filter((v) => FEE_CODES.has(v.code)).map((v) => v.message).join(' ');
    ({ result, warnings } = evaluateForLetter(rules, withFee(undefined), req.date, rule, false));
    mine = result.violations.filter((v) => v.eventIndex === index);
  }
  const feeRecord = result.fees.find((f) => f.eventIndex === index);
  const fee = feeRecord && ore(feeRecord.allowed) > 0
    ? { amount: feeRecord.allowed, cap: feeRecord.cap, hjemmel: step.fee!.aboveCap.hjemmel }
    : cap !== undefined ? { amount: '0.00', cap, hjemmel: step.fee!.aboveCap.hjemmel, ...(feeNote ? { note: feeNote } : {}) } : undefined;
  const deadline = result.deadlines?.find((x) => x.eventIndex === index)?.lastDay;
  const fields = fillFields(rule, claim, figureValues(result, claim, req.creditor, fee?.amount, deadline, req.date));
  const letter: Letter = {
    kind: 'inkassomotor.letter', letter: req.step, title: rule.title, date: req.date, claimId: claim.id, rulesVersion: result.rulesVersion,
    rule: `letters.${rule.id}`, hjemmel: rule.hjemmel, lawful: stepViolations.length === 0,
    violations: stepViolations.map((v) => ({ code: v.code, message: v.message, hjemmel: v.hjemmel })),
    ...(req.creditor ? { creditor: req.creditor } : {}),
    ...(req.debtor ? { debtor: req.debtor } : {}),
    ...(fee ? { fee } : {}),
    ...(deadline ? { deadline } : {}),
    event: { type: req.step, date: req.date, deadlineDays, ...(fee && ore(fee.amount) > 0 ? { fee: fee.amount } : {}), letter: carried(rule, claim, fields, result, deadline) } as Event,
    amountDue: result.balance.outstanding, fields, warnings, result,
  };
  const missing = fields.filter((f) => f.missing);
  if (missing.length && !req.force) throw new LetterRefused(`the ${req.step} must carry ${missing.map((f) => `«${f.title}» (${f.hjemmel})`).join(', ')}: give the creditor`, 'missing-content', letter);
  if (!letter.lawful && !req.force) throw new LetterRefused(`${withArticle(req.step)} is not lawful on ${req.date}: ${stepViolations.map((v) => `${v.code}: ${v.message}`).join('; ')}`, 'not-lawful', letter);
  return letter;
}

/**
 * What the letter carried, for its event (claim.schema.json's letter record): the fields it
 * prints, and the figures it states — the last day of its deadline, the amount to pay and, in
 * that amount's parts, the costs. A claim evaluated later with the event (a replay, an audit)
 * has the letter checked against rules/letters/ as any letter recorded so: a betalingsoppfordring
 * must state every cost owed on its day, and costs added for the days before it afterwards can no
 * longer be claimed (COSTS_NOT_STATED). A MUST field the letter could not fill (built with `force`
 * and no creditor) is left out, so that the evaluation says the letter lacked it.
 */
function carried(rule: LetterRule, claim: Claim, fields: readonly LetterFieldValue[], result: Result, deadline: string | undefined): NonNullable<Extract<Event, { type: 'betalingsoppfordring' }>['letter']> {
  const printed = new Set(fields.filter((f) => !f.missing).map((f) => f.id));
  const figures = new Set(fieldsFor(rule, claim.collection).filter((f) => printed.has(f.id)).map((f) => f.figure));
  return {
    fields: [...printed],
    ...(deadline && figures.has('deadline') ? { deadline } : {}),
    ...(figures.has('amount-due') ? { amount: result.balance.outstanding, costs: result.balance.fees } : {}),
  };
}

function figureValues(result: Result, claim: Claim, creditor: Creditor | undefined, fee: string | undefined, deadline: string | undefined, date: string) {
  const lastRate = result.interest.periods.at(-1);
  const interestFrom = result.interest.periods[0]?.from;
  const earlierFees = result.fees.filter((f) => ore(f.allowed) > 0);
  const text: Record<string, string> = {
    deadline: deadline ? datoText(deadline) : '',
    amount: kr(result.balance.outstanding),
    fee: fee ? kr(fee) : '',
    rate: lastRate ? `${lastRate.ratePercent.replace('.', ',')} %` : '',
    interestFrom: interestFrom ? datoText(interestFrom) : '',
  };
  const figure = (f: LetterFigure): { text: string; value?: unknown; missing?: boolean } => {
    switch (f) {
      case 'creditor':
        return creditor
          ? { text: [creditor.name, creditor.organisationNumber ? `org.nr. ${creditor.organisationNumber}` : '', creditor.account ? `kontonummer ${creditor.account}` : ''].filter(Boolean).join(', '), value: creditor }
          : { text: '(kreditor ikke oppgitt)', missing: true };
      case 'debtor':
        return { text: claim.debtor.kind === 'consumer' ? 'Forbruker' : 'Næringsdrivende' };
      case 'claim':
        return { text: `Faktura ${claim.id} datert ${datoText(claim.invoiceDate)}, forfall ${datoText(claim.dueDate ?? claim.demandDate!)}`, value: { id: claim.id, invoiceDate: claim.invoiceDate, dueDate: claim.dueDate ?? claim.demandDate } };
      case 'principal':
        return { text: kr(result.balance.principal), value: result.balance.principal };
      case 'interest':
        return { text: `${kr(result.interest.total)}${interestFrom ? ` (fra ${datoText(interestFrom)})` : ''}`, value: result.interest.total };
      case 'interest-rate':
        return lastRate
          ? { text: `Forsinkelsesrente ${text.rate} per år, beregnet fra ${text.interestFrom}${result.interest.periods.length > 1 ? ` (satsene per periode står i kravspesifikasjonen)` : ''}`, value: { ratePercent: lastRate.ratePercent, from: interestFrom } }
          : { text: 'Ingen forsinkelsesrente er påløpt ennå.' };
      case 'fees':
        return { text: earlierFees.map((x) => `${EVENT_NAMES[x.type] ?? x.type} ${datoText(x.date)}: ${kr(x.allowed)}`).join('; ') || 'Ingen', value: earlierFees.map((x) => ({ type: x.type, date: x.date, amount: x.allowed })) };
      case 'fee':
        return { text: fee ? kr(fee) : 'Ingen', value: fee ?? '0.00' };
      case 'payments':
        return { text: result.payments.map((p) => `${datoText(p.date)}: ${kr(p.amount)}`).join('; ') || 'Ingen', value: result.payments.map((p) => ({ date: p.date, amount: p.amount })) };
      case 'amount-due': {
        // The parts add up to the total: what was paid beyond what was owed, and what is time-barred, too.
        const b = result.balance;
        const more = `${ore(b.paid) > 0 ? `, betalt ${kr(b.paid)}` : ''}${ore(b.overpaid) > 0 ? `, betalt for mye ${kr(b.overpaid)} (tilbakebetales)` : ''}${b.timeBarred !== undefined && ore(b.timeBarred) > 0 ? `, foreldet ${kr(b.timeBarred)}` : ''}`;
        return { text: `${kr(b.outstanding)} (hovedkrav ${kr(b.principal)}, renter ${kr(b.interest)}, gebyrer ${kr(b.fees)}${more})`, value: { total: b.outstanding, principal: b.principal, interest: b.interest, fees: b.fees, paid: b.paid, overpaid: b.overpaid, ...(b.timeBarred !== undefined ? { timeBarred: b.timeBarred } : {}) } };
      }
      case 'deadline':
        return deadline ? { text: datoText(deadline), value: deadline } : { text: '' };
      case 'sent':
        return { text: datoText(date), value: date };
    }
  };
  return { text, figure };
}

/** The claim statement: every figure with its basis. */
function statement(rules: RuleSet, claim: Claim, req: LetterRequest): Letter {
  const on = day(req.date);
  const rule = letterRuleFor(rules, 'kravspesifikasjon', on);
  if (!rule) throw new LetterRefused(`the rules have no claim statement for ${req.date} (rules/letters/kravspesifikasjon.yaml)`, 'no-rule');
  const { result, warnings } = evaluateForLetter(rules, claim, req.date, rule, true);
  const lines: StatementLine[] = [{ text: `Hovedstol, faktura ${claim.id} (forfall ${datoText(claim.dueDate ?? claim.demandDate!)})`, amount: result.balance.principal }];
  for (const p of result.interest.periods) {
    lines.push({ text: `Forsinkelsesrente ${datoText(p.from)}–${datoText(p.to)}: ${dagerText(p.days)} à ${p.ratePercent.replace('.', ',')} %`, amount: p.amount, basis: `${kr(p.base)} × ${p.ratePercent.replace('.', ',')} % × ${p.days} / ${p.divisor} (forsinkelsesrenteloven § 3)` });
  }
  if (result.interest.periods.length > 1) lines.push({ text: 'Forsinkelsesrente i alt (summen rundet én gang)', amount: result.interest.total });
  for (const f of result.fees) {
    lines.push({ text: `${EVENT_NAMES[f.type] ?? f.type} ${datoText(f.date)}: krevd ${kr(f.charged)}, tak ${kr(f.cap)}`, amount: f.allowed, basis: ore(f.allowed) < ore(f.charged) ? `lovlig ${kr(f.allowed)}; ${kr(formatAmount(ore(f.charged) - ore(f.allowed)))} for mye krevd` : `lovlig ${kr(f.allowed)}` });
  }
  for (const p of result.payments) {
    lines.push({ text: `Innbetaling ${datoText(p.date)}`, amount: `-${p.amount}`, basis: `til kostnader ${kr(p.toCosts)}, renter ${kr(p.toInterest)}, hovedstol ${kr(p.toPrincipal)} (dekningsrekkefølge: ${p.order.map((b) => BUCKET_NAMES[b]).join(' → ')})` });
  }
  // What the lines above do not show, so that they add up to the balance: a payment beyond what was
  // owed is the debtor's to get back, and what is time-barred cannot be claimed.
  const b = result.balance;
  if (ore(b.overpaid) > 0) lines.push({ text: 'Betalt for mye, tilbakebetales skyldneren', amount: b.overpaid, basis: 'det som ble betalt utover det som var skyldig, er ikke betaling av kravet' });
  if (b.timeBarred !== undefined && ore(b.timeBarred) > 0) {
    lines.push(result.foreldelse.timeBarred
      ? { text: `Foreldet (fristen gikk ut ${datoText(result.foreldelse.date)})`, amount: `-${b.timeBarred}`, basis: 'hovedstol, renter og kostnader faller bort med kravet (foreldelsesloven § 24 nr. 2)' }
      : { text: 'Foreldede renter', amount: `-${b.timeBarred}`, basis: 'renter for dager der tre år har løpt ut, kan ikke kreves (foreldelsesloven §§ 2 og 3)' });
  }
  lines.push({ text: `Saldo ${datoText(req.date)}`, amount: b.outstanding });
  const fields = fillFields(rule, claim, figureValues(result, claim, req.creditor, undefined, undefined, req.date));
  return {
    kind: 'inkassomotor.letter', letter: 'kravspesifikasjon', title: rule.title, date: req.date, claimId: claim.id, rulesVersion: result.rulesVersion,
    rule: `letters.${rule.id}`, hjemmel: rule.hjemmel, lawful: true, violations: [],
    ...(req.creditor ? { creditor: req.creditor } : {}),
    ...(req.debtor ? { debtor: req.debtor } : {}),
    amountDue: result.balance.outstanding, fields, statement: lines, warnings, result,
  };
}

