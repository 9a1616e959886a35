/**
 * The letter a claim is due on a day, for a run over many claims (inkasso letters, and the API's
 * POST /letters/due): the claim is evaluated as of the day, and its first next step that is a
 * letter (as the editor's playground picks it; or the step asked for) is due when it may be sent
 * that day with the fee the law allows for it. A purring may be sent the day after forfall, but
 * its fee only from 14 days after: it is due from the later day, since a letter sent earlier
 * could never carry its fee. The letter is then built as `inkasso letter` builds it, lawful by
 * construction, addressed to the claim's debtor when the debtors are given, or refused with why.
 */
import type { RuleSet } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { evaluateClaim, EvaluationError } from '../evaluate/index.ts';
import { buildLetter, LetterRefused, type Creditor, type Debtor, type Letter } from './letter.ts';

export type NotDue =
  /** The next letter step comes later: its first day with the fee (or without, when it has none). */
  | { readonly why: 'later'; readonly step: string; readonly date: string }
  /** The ladder has no next step: the claim is paid, disputed, time-barred, or before the courts. */
  | { readonly why: 'blocked'; readonly code: NonNullable<Result['nextStepsBlocked']>['code'] }
  /** No next step is a letter (or the one asked for): the first next step and its earliest day, if any. */
  | { readonly why: 'no-letter-step'; readonly step?: string; readonly date?: string };

/**
 * Why a letter due is not given: LetterRefused's reasons; no-address (the debtors are given, but
 * not the claim's); cannot-evaluate (the rules have no value for a date the claim needs).
 */
export type RefusedReason = LetterRefused['reason'] | 'no-address' | 'cannot-evaluate';

export type Due =
  | { readonly kind: 'letter'; readonly letter: Letter }
  | { readonly kind: 'not-due'; readonly notDue: NotDue }
  | { readonly kind: 'refused'; readonly step?: string; readonly reason: RefusedReason; readonly message: string };

export interface DueOptions {
  /** Only this letter step (purring, inkassovarsel, betalingsoppfordring); else the first that is next. */
  readonly step?: string;
  readonly creditor?: Creditor;
  /** Each debtor.id with the name and address its letters go to; a claim's letter needs its own. */
  readonly debtors?: ReadonlyMap<string, Debtor>;
}

/** The steps that are letters (purring, inkassovarsel, betalingsoppfordring), in the ladder's order: for --step and the API's step. */
export function letterSteps(rules: RuleSet): string[] {
  return [...new Set(rules.steps.map((s) => s.event))].filter((event) => rules.letters.some((l) => l.letter === event));
}

/** The letter due for a checked claim on a day. */
export function dueLetter(rules: RuleSet, claim: Claim, date: string, o: DueOptions = {}): Due {
  let result: Result;
  try {
    result = evaluateClaim(rules, claim, { asOf: date, trace: false });
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    return { kind: 'refused', reason: 'cannot-evaluate', message: `${e.message} [${e.code}]` };
  }
  const isLetter = (step: string) => rules.letters.some((l) => l.letter === step);
  const next = result.nextSteps.find((n) => isLetter(n.step) && (o.step === undefined || n.step === o.step));
  if (!next) {
    if (result.nextStepsBlocked) return { kind: 'not-due', notDue: { why: 'blocked', code: result.nextStepsBlocked.code } };
    const first = result.nextSteps[0];
    return { kind: 'not-due', notDue: first ? { why: 'no-letter-step', step: first.step, date: first.earliestDate } : { why: 'no-letter-step' } };
  }
  const from = next.feeEarliestDate !== undefined && next.feeEarliestDate > next.earliestDate ? next.feeEarliestDate : next.earliestDate;
  if (from > date) return { kind: 'not-due', notDue: { why: 'later', step: next.step, date: from } };
  const id = claim.debtor.id;
  const debtor = id !== undefined ? o.debtors?.get(id) : undefined;
  if (o.debtors && !debtor) {
    return { kind: 'refused', step: next.step, reason: 'no-address', message: `no name and address is given for ${id === undefined ? 'a claim without debtor.id' : `debtor ${id}`}` };
  }
  try {
    return { kind: 'letter', letter: buildLetter(rules, claim, { step: next.step, date, ...(o.creditor ? { creditor: o.creditor } : {}), ...(debtor ? { debtor } : {}) }) };
  } catch (e) {
    if (e instanceof EvaluationError) return { kind: 'refused', step: next.step, reason: 'cannot-evaluate', message: `${e.message} [${e.code}]` };
    if (!(e instanceof LetterRefused)) throw e;
    return { kind: 'refused', step: next.step, reason: e.reason, message: e.message };
  }
}
