/**
 * Compares a result with a golden case's expectation (a partial match: only the keys written are
 * compared, each amount exactly), and two results with each other for the editor's preview.
 *
 * Lists: fees, payments and deadlines are matched by eventIndex and must have the same number of entries;
 * violations are compared as a multiset of (code, eventIndex) — an expected violation without
 * eventIndex matches that code on any event; nextSteps must list the same steps in the same order;
 * warnings are compared as a set of codes.
 */
import type { GoldenCase, Result } from '../types.generated.ts';

export interface Mismatch {
  /** Where in the result: /fees/2/allowed, /violations, /nextSteps/0/earliestDate. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

type Expected = GoldenCase['expected'];

function partial(path: string, expected: Record<string, unknown> | undefined, actual: Record<string, unknown> | null | undefined, out: Mismatch[]): void {
  if (!expected) return;
  for (const [k, v] of Object.entries(expected)) {
    const a = actual?.[k];
    if (a !== v) out.push({ path: `${path}/${k}`, expected: v, actual: a ?? null });
  }
}

function byEventIndex<T extends { eventIndex: number }>(name: string, expected: readonly Record<string, unknown>[] | undefined, actual: readonly T[], out: Mismatch[]): void {
  if (!expected) return;
  if (expected.length !== actual.length) {
    out.push({ path: `/${name}`, expected: expected.map((e) => e.eventIndex), actual: actual.map((a) => a.eventIndex) });
  }
  for (const e of expected) {
    const i = actual.findIndex((a) => a.eventIndex === e.eventIndex);
    if (i < 0) {
      out.push({ path: `/${name}[eventIndex=${String(e.eventIndex)}]`, expected: e, actual: null });
      continue;
    }
    partial(`/${name}/${i}`, e, actual[i] as unknown as Record<string, unknown>, out);
  }
}

const violationKey = (v: { code: string; eventIndex?: number }) => (v.eventIndex === undefined ? v.code : `${v.code}@${v.eventIndex}`);

export function compareExpected(expected: Expected, result: Result): Mismatch[] {
  const out: Mismatch[] = [];
  if (expected.interest) {
    if (expected.interest.total !== undefined && expected.interest.total !== result.interest.total) {
      out.push({ path: '/interest/total', expected: expected.interest.total, actual: result.interest.total });
    }
    if (expected.interest.timeBarred !== undefined && expected.interest.timeBarred !== (result.interest.timeBarred ?? '0.00')) {
      out.push({ path: '/interest/timeBarred', expected: expected.interest.timeBarred, actual: result.interest.timeBarred ?? '0.00' });
    }
    if (expected.interest.periods) {
      if (expected.interest.periods.length !== result.interest.periods.length) {
        out.push({ path: '/interest/periods', expected: expected.interest.periods.length, actual: result.interest.periods.length });
      }
      expected.interest.periods.forEach((p, i) => partial(`/interest/periods/${i}`, p, result.interest.periods[i] as unknown as Record<string, unknown>, out));
    }
  }
  byEventIndex('fees', expected.fees as Record<string, unknown>[] | undefined, result.fees, out);
  byEventIndex('payments', expected.payments as Record<string, unknown>[] | undefined, result.payments, out);
  byEventIndex('deadlines', expected.deadlines as Record<string, unknown>[] | undefined, result.deadlines, out);
  if (expected.violations) {
    const left = result.violations.map((v) => ({ code: v.code, eventIndex: v.eventIndex }));
    const missing: string[] = [];
    for (const e of expected.violations) {
      const i = left.findIndex((a) => a.code === e.code && (e.eventIndex === undefined || a.eventIndex === e.eventIndex));
      if (i < 0) missing.push(violationKey(e));
      else left.splice(i, 1);
    }
    if (missing.length || left.length) {
      out.push({ path: '/violations', expected: expected.violations.map(violationKey), actual: result.violations.map((v) => violationKey(v)) });
    }
  }
  if (expected.nextSteps) {
    const steps = result.nextSteps.map((n) => n.step);
    if (expected.nextSteps.map((n) => n.step).join(',') !== steps.join(',')) {
      out.push({ path: '/nextSteps', expected: expected.nextSteps.map((n) => n.step), actual: steps });
    } else {
      expected.nextSteps.forEach((n, i) => partial(`/nextSteps/${i}`, n, result.nextSteps[i] as unknown as Record<string, unknown>, out));
    }
  }
  if (expected.nextStepsBlocked !== undefined) {
    const actual = result.nextStepsBlocked?.code ?? null;
    if (actual !== expected.nextStepsBlocked) out.push({ path: '/nextStepsBlocked', expected: expected.nextStepsBlocked, actual });
  }
  if (expected.salaer === null) {
    if (result.salaer !== null) out.push({ path: '/salaer', expected: null, actual: result.salaer });
  } else if (expected.salaer) {
    partial('/salaer', expected.salaer, result.salaer as Record<string, unknown> | null, out);
  }
  // timeBarred is left out of a result when 0; a case may expect '0.00'.
  partial('/balance', expected.balance, { timeBarred: '0.00', ...result.balance } as unknown as Record<string, unknown>, out);
  partial('/foreldelse', expected.foreldelse, result.foreldelse as unknown as Record<string, unknown>, out);
  if (expected.warnings) {
    const want = [...new Set(expected.warnings)].sort();
    const got = [...new Set(result.warnings.map((w) => w.code))].sort();
    if (want.join(',') !== got.join(',')) out.push({ path: '/warnings', expected: want, actual: got });
  }
  return out;
}

/** The figures an officer looks at to see what a rule change does to a case. */
export interface KeyFigures {
  readonly interest: string;
  readonly fees: string;
  readonly outstanding: string;
  readonly nextStep: string;
  readonly violations: string;
  readonly salaer: string;
}

export function keyFigures(result: Result | undefined, error?: string): KeyFigures {
  if (!result) return { interest: '—', fees: '—', outstanding: '—', nextStep: error ?? '—', violations: '—', salaer: '—' };
  const n = result.nextSteps[0];
  return {
    interest: result.interest.total,
    fees: result.fees.map((f) => `${f.type} ${f.allowed}`).join(', ') || '—',
    outstanding: result.balance.outstanding,
    nextStep: n ? `${n.step} ${n.earliestDate}` : result.nextStepsBlocked?.code ?? '—',
    violations: result.violations.map((v) => violationKey(v)).join(', ') || '—',
    salaer: result.salaer ? `lett ${result.salaer.lett} / tung ${result.salaer.tung}` : '—',
  };
}

/** The key figures that differ between two evaluations of the same case. */
export function changedFigures(before: KeyFigures, after: KeyFigures): (keyof KeyFigures)[] {
  return (Object.keys(before) as (keyof KeyFigures)[]).filter((k) => before[k] !== after[k]);
}

function keysOf(items: readonly object[] | undefined, always: readonly string[]): Set<string> {
  const keys = new Set(always);
  for (const i of items ?? []) for (const k of Object.keys(i)) keys.add(k);
  return keys;
}

function pick<T extends object>(source: T, keys: ReadonlySet<string>): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in source) out[k] = (source as Record<string, unknown>)[k];
  return out as Partial<T>;
}

/**
 * A golden case's expectation brought up to date with a new result: the same keys (so the case
 * stays a partial match of the same figures), the values of the result. Used when an officer
 * accepts a changed figure, with a reason, as part of a rule change.
 */
export function refreshExpected(expected: Expected, result: Result): Expected {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(expected) as (keyof Expected)[]) {
    switch (key) {
      case 'interest': {
        const e = expected.interest!;
        out.interest = {
          ...(e.total !== undefined ? { total: result.interest.total } : {}),
          ...(e.timeBarred !== undefined ? { timeBarred: result.interest.timeBarred ?? '0.00' } : {}),
          ...(e.periods ? { periods: result.interest.periods.map((p) => pick(p, keysOf(e.periods, []))) } : {}),
        };
        break;
      }
      case 'fees':
      case 'payments':
      case 'deadlines':
        out[key] = (result[key] as object[]).map((x) => pick(x, keysOf(expected[key] as object[], ['eventIndex'])));
        break;
      case 'violations':
        out.violations = result.violations.map((v) => (v.eventIndex === undefined ? { code: v.code } : { code: v.code, eventIndex: v.eventIndex }));
        break;
      case 'nextSteps':
        out.nextSteps = result.nextSteps.map((n) => pick(n, keysOf(expected.nextSteps, ['step'])));
        break;
      case 'nextStepsBlocked':
        out.nextStepsBlocked = result.nextStepsBlocked?.code ?? null;
        break;
      case 'salaer':
        out.salaer = result.salaer === null || expected.salaer === null ? result.salaer && pick(result.salaer, new Set(['lett', 'tung', 'applies'])) : pick(result.salaer, new Set(Object.keys(expected.salaer!)));
        break;
      case 'balance':
      case 'foreldelse':
        out[key] = pick(result[key], new Set(Object.keys(expected[key]!)));
        break;
      case 'warnings':
        out.warnings = [...new Set(result.warnings.map((w) => w.code))].sort();
        break;
      case 'error':
        // A case that used to stop with an error now evaluates: expect its key figures instead.
        out.interest = { total: result.interest.total };
        out.violations = result.violations.map((v) => (v.eventIndex === undefined ? { code: v.code } : { code: v.code, eventIndex: v.eventIndex }));
        out.balance = { outstanding: result.balance.outstanding };
        break;
    }
  }
  return out as Expected;
}
