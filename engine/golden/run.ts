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

export function runCorpus(rules: RuleSet, cases: readonly LoadedCase[], options: { trace?: boolean } = {}): CaseOutcome[] {
  return cases.map((c) => runCase(rules, c, options));
}
