/**
 * Runs golden cases against a rule set: the same runner serves `inkasso test`, the vitest suite,
 * the editor's preview (old rules and draft rules side by side) and the benchmark.
 */
import { InputErrors } from '../claim/index.ts';
import { evaluateClaim, EvaluationError } from '../evaluate/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { Result } from '../types.generated.ts';
import { compareExpected, keyFigures, type KeyFigures, type Mismatch } from './compare.ts';
import type { LoadedCase } from './golden-case.ts';
import { buildLetter, LetterRefused, type Letter } from '../letters/letter.ts';
import { buildLedger, DEFAULT_ACCOUNTS } from '../ledger/ledger.ts';

export interface CaseOutcome {
  readonly id: string;
  readonly name: string;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  readonly result?: Result;
  /** The error the evaluation stopped with, if any (expected or not); for a missing rule value, which and for what date. */
  readonly error?: { readonly code: string; readonly message: string; readonly rule?: string; readonly date?: string; readonly reviewedThrough?: string };
  readonly figures: KeyFigures;
}

export function runCase(rules: RuleSet, c: LoadedCase, options: { trace?: boolean } = {}): CaseOutcome {
  const { expected } = c.case;
  let result: Result | undefined;
  let error: { code: string; message: string; rule?: string; date?: string; reviewedThrough?: string } | undefined;
  try {
    result = evaluateClaim(rules, c.case.claim, { asOf: c.case.as_of, trace: options.trace ?? false });
  } catch (e) {
    if (e instanceof EvaluationError) error = { code: e.code, message: e.message, rule: e.rule, date: e.date, ...(e.reviewedThrough ? { reviewedThrough: e.reviewedThrough } : {}) };
    else if (e instanceof InputErrors) error = { code: 'INPUT', message: e.message };
    else throw e;
  }
  const mismatches: Mismatch[] = [];
  if (expected.error) {
    if (!error) mismatches.push({ path: '/error', expected: expected.error.code, actual: null });
    else {
      if (error.code !== expected.error.code) mismatches.push({ path: '/error/code', expected: expected.error.code, actual: error.code });
      for (const m of expected.error.mentions ?? []) if (!error.message.includes(m)) mismatches.push({ path: '/error/message', expected: m, actual: error.message });
    }
  } else if (error) {
    mismatches.push({ path: '/error', expected: null, actual: `${error.code}: ${error.message}` });
  } else if (result) {
    mismatches.push(...compareExpected(expected, result));
  }
  if (c.case.letter && expected.letter) mismatches.push(...compareLetter(rules, c, expected.letter));
  if (c.case.ledger !== undefined && expected.ledger) mismatches.push(...compareLedger(rules, c, expected.ledger));
  return {
    id: c.id,
    name: c.case.name,
    passed: mismatches.length === 0,
    mismatches,
    ...(result ? { result } : {}),
    ...(error ? { error } : {}),
    figures: keyFigures(result, error?.code),
  };
}

type ExpectedLetter = NonNullable<LoadedCase['case']['expected']['letter']>;
type ExpectedLedger = NonNullable<LoadedCase['case']['expected']['ledger']>;

/** The letter the case asks for, against what it expects. */
function compareLetter(rules: RuleSet, c: LoadedCase, e: ExpectedLetter): Mismatch[] {
  const req = c.case.letter!;
  const out: Mismatch[] = [];
  let letter: Letter;
  let refused: LetterRefused | undefined;
  try {
    letter = buildLetter(rules, c.case.claim, { step: req.step, date: req.date, ...(req.creditor ? { creditor: req.creditor } : {}), force: req.force ?? false });
  } catch (x) {
    if (!(x instanceof LetterRefused) || !x.letter) throw x;
    refused = x;
    letter = x.letter;
  }
  const is = (path: string, expected: unknown, actual: unknown) => { if (expected !== undefined && JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ path: `/letter/${path}`, expected, actual: actual ?? null }); };
  is('refused', e.refused ?? false, refused !== undefined);
  is('refusedBy', e.refusedBy, letter.violations.map((v) => v.code));
  is('lawful', e.lawful, letter.lawful);
  is('fee', e.fee, letter.fee?.amount);
  is('feeCap', e.feeCap, letter.fee?.cap);
  is('deadline', e.deadline, letter.deadline);
  is('amountDue', e.amountDue, letter.amountDue);
  is('fields', e.fields, letter.fields.map((f) => f.id));
  for (const [id, text] of Object.entries(e.texts ?? {})) is(`texts/${id}`, text, letter.fields.find((f) => f.id === id)?.text);
  if (e.statement) is('statement', e.statement, letter.statement?.map((l) => ({ text: l.text, ...(l.amount !== undefined ? { amount: l.amount } : {}) })));
  return out;
}

/** The postings of the case, against what it expects. */
function compareLedger(rules: RuleSet, c: LoadedCase, e: ExpectedLedger): Mismatch[] {
  const out: Mismatch[] = [];
  const ledger = buildLedger(rules, c.case.claim, c.case.as_of, { ...DEFAULT_ACCOUNTS, ...(c.case.ledger?.accounts ?? {}) });
  if (e.postings) {
    const actual = ledger.postings.map((p) => ({ date: p.date, debit: p.debit, credit: p.credit, amount: p.amount, ...(p.vatCode ? { vatCode: p.vatCode } : {}) }));
    if (JSON.stringify(actual) !== JSON.stringify(e.postings)) out.push({ path: '/ledger/postings', expected: e.postings, actual });
  }
  for (const [account, balance] of Object.entries(e.balances ?? {})) {
    if ((ledger.balances[account] ?? '0.00') !== balance) out.push({ path: `/ledger/balances/${account}`, expected: balance, actual: ledger.balances[account] ?? '0.00' });
  }
  if (e.writeOff) {
    for (const [k, v] of Object.entries(e.writeOff)) {
      const a = (ledger.writeOff as Record<string, unknown> | undefined)?.[k];
      if (JSON.stringify(a) !== JSON.stringify(v)) out.push({ path: `/ledger/writeOff/${k}`, expected: v, actual: a ?? null });
    }
  }
  return out;
}

export function runCorpus(rules: RuleSet, cases: readonly LoadedCase[], options: { trace?: boolean } = {}): CaseOutcome[] {
  return cases.map((c) => runCase(rules, c, options));
}
