/**
 * What a proposed rule set changes for one claim, and in total: the lawful interest, the fees
 * allowed, what the debtor owes, the violations found, and when each next step may be taken.
 */
import { ore, formatAmount, type Ore } from '../money/index.ts';
import type { Result } from '../types.generated.ts';

export interface Change<T> {
  readonly before: T;
  readonly after: T;
}

export interface StepMove {
  readonly step: string;
  /** The earliest date under each rule set (null: not a next step there). */
  readonly before: string | null;
  readonly after: string | null;
}

/** One line of the impact file: a claim whose figures or next steps differ. */
export interface ClaimImpact {
  readonly line: number;
  readonly claimId: string;
  readonly asOf: string;
  readonly interest: Change<string>;
  readonly fees: Change<string>;
  readonly outstanding: Change<string>;
  readonly violations?: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly nextSteps?: readonly StepMove[];
}

export interface ImpactTally {
  compared: number;
  changed: number;
  /** Claims evaluable under one rule set but not the other. */
  failedOnlyOneSide: number;
  /** Those claims by side and error code ("after RULE_VALUE_MISSING"). */
  failedByCode: Map<string, number>;
  interestBefore: Ore;
  interestAfter: Ore;
  feesBefore: Ore;
  feesAfter: Ore;
  outstandingBefore: Ore;
  outstandingAfter: Ore;
  nextStepMoved: number;
  nextStepEarlier: number;
  nextStepLater: number;
  violationsAdded: Map<string, number>;
  violationsRemoved: Map<string, number>;
  /** The claims with the largest change in what the debtor owes. */
  top: { line: number; claimId: string; outstandingBefore: Ore; outstandingAfter: Ore }[];
}

export function emptyImpactTally(): ImpactTally {
  return {
    compared: 0, changed: 0, failedOnlyOneSide: 0, failedByCode: new Map(),
    interestBefore: 0, interestAfter: 0, feesBefore: 0, feesAfter: 0, outstandingBefore: 0, outstandingAfter: 0,
    nextStepMoved: 0, nextStepEarlier: 0, nextStepLater: 0,
    violationsAdded: new Map(), violationsRemoved: new Map(), top: [],
  };
}

function multisetDifference(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  const out: string[] = [];
  for (const x of a) {
    const i = left.indexOf(x);
    if (i >= 0) left.splice(i, 1);
    else out.push(x);
  }
  return out.sort();
}

function stepMoves(before: Result, after: Result): StepMove[] {
  const b = new Map(before.nextSteps.map((s) => [s.step, s.earliestDate]));
  const a = new Map(after.nextSteps.map((s) => [s.step, s.earliestDate]));
  const moves: StepMove[] = [];
  for (const step of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(step) ?? null;
    const y = a.get(step) ?? null;
    if (x !== y) moves.push({ step, before: x, after: y });
  }
  return moves;
}

/** Compares one claim's results under the current and the proposed rules; adds to the tally. */
export function compareResults(t: ImpactTally, line: number, before: Result, after: Result): ClaimImpact | undefined {
  t.compared++;
  const ib = ore(before.interest.total), ia = ore(after.interest.total);
  const fb = ore(before.balance.fees), fa = ore(after.balance.fees);
  const ob = ore(before.balance.outstanding), oa = ore(after.balance.outstanding);
  t.interestBefore += ib; t.interestAfter += ia;
  t.feesBefore += fb; t.feesAfter += fa;
  t.outstandingBefore += ob; t.outstandingAfter += oa;
  const codesBefore = before.violations.map((v) => v.code);
  const codesAfter = after.violations.map((v) => v.code);
  const added = multisetDifference(codesAfter, codesBefore);
  const removed = multisetDifference(codesBefore, codesAfter);
  for (const c of added) t.violationsAdded.set(c, (t.violationsAdded.get(c) ?? 0) + 1);
  for (const c of removed) t.violationsRemoved.set(c, (t.violationsRemoved.get(c) ?? 0) + 1);
  const moves = stepMoves(before, after);
  if (moves.length) {
    t.nextStepMoved++;
    const dated = moves.filter((m) => m.before !== null && m.after !== null);
    if (dated.some((m) => m.after! < m.before!)) t.nextStepEarlier++;
    if (dated.some((m) => m.after! > m.before!)) t.nextStepLater++;
  }
  if (ib === ia && fb === fa && ob === oa && !added.length && !removed.length && !moves.length) return undefined;
  t.changed++;
  if (ob !== oa) addTop(t.top, { line, claimId: before.claimId, outstandingBefore: ob, outstandingAfter: oa });
  return {
    line,
    claimId: before.claimId,
    asOf: before.asOf,
    interest: { before: formatAmount(ib), after: formatAmount(ia) },
    fees: { before: formatAmount(fb), after: formatAmount(fa) },
    outstanding: { before: formatAmount(ob), after: formatAmount(oa) },
    ...(added.length || removed.length ? { violations: { added, removed } } : {}),
    ...(moves.length ? { nextSteps: moves } : {}),
  };
}

const TOP = 20;

function addTop(top: ImpactTally['top'], e: ImpactTally['top'][number]): void {
  const size = (x: ImpactTally['top'][number]) => Math.abs(x.outstandingAfter - x.outstandingBefore);
  top.push(e);
  top.sort((a, b) => size(b) - size(a) || a.line - b.line);
  if (top.length > TOP) top.pop();
}

export function mergeImpactTally(into: ImpactTally, from: ImpactTally): void {
  for (const k of ['compared', 'changed', 'failedOnlyOneSide', 'interestBefore', 'interestAfter', 'feesBefore', 'feesAfter', 'outstandingBefore', 'outstandingAfter', 'nextStepMoved', 'nextStepEarlier', 'nextStepLater'] as const) into[k] += from[k];
  for (const [c, n] of from.failedByCode) into.failedByCode.set(c, (into.failedByCode.get(c) ?? 0) + n);
  for (const [c, n] of from.violationsAdded) into.violationsAdded.set(c, (into.violationsAdded.get(c) ?? 0) + n);
  for (const [c, n] of from.violationsRemoved) into.violationsRemoved.set(c, (into.violationsRemoved.get(c) ?? 0) + n);
  for (const e of from.top) addTop(into.top, e);
}
