/**
 * The running totals of a replay. Each worker keeps one per batch; the main thread merges them in
 * input order. Plain data (maps and arrays), so it crosses to and from worker threads as is.
 */
import type { Ore } from '../money/index.ts';
import type { ClaimFinding, Contribution } from './claim-finding.ts';

export const TOP_CLAIMS = 20;
export const SAMPLE_LINES = 100;

export interface CodeTally {
  violations: number;
  claims: number;
  /** The distinct hjemler the rules give for this code: the first five in sort order (so that shards merge to the same). */
  hjemmel: string[];
}

export interface Tally {
  read: number;
  evaluated: number;
  withViolations: number;
  malformed: number;
  failed: number;
  /** Claims whose evaluation used a value with one source (status S), and those of them with violations. */
  unconfirmed: number;
  unconfirmedWithViolations: number;
  violations: number;
  overchargedFees: Ore;
  overchargedInterest: Ore;
  byCode: Map<string, CodeTally>;
  byYear: Map<number, { violations: number; overcharged: Ore }>;
  /** The single-source values used, and by how many claims. */
  unconfirmedValues: Map<string, number>;
  /** Due dates seen, as text (ISO dates compare as text). */
  firstDue: string | undefined;
  lastDue: string | undefined;
  top: { line: number; claimId: string; overcharged: Ore; codes: string[] }[];
  /** The first malformed or failed lines, by line number. */
  problems: { line: number; claimId?: string; status: 'malformed' | 'failed'; code: string; message: string }[];
}

export function emptyTally(): Tally {
  return {
    read: 0, evaluated: 0, withViolations: 0, malformed: 0, failed: 0, unconfirmed: 0, unconfirmedWithViolations: 0,
    violations: 0, overchargedFees: 0, overchargedInterest: 0,
    byCode: new Map(), byYear: new Map(), unconfirmedValues: new Map(),
    firstDue: undefined, lastDue: undefined, top: [], problems: [],
  };
}

export function addEvaluated(t: Tally, f: ClaimFinding & { status: 'ok' | 'violations' }, c: Contribution, dueDate: string): void {
  t.read++;
  t.evaluated++;
  if (t.firstDue === undefined || dueDate < t.firstDue) t.firstDue = dueDate;
  if (t.lastDue === undefined || dueDate > t.lastDue) t.lastDue = dueDate;
  if (c.unconfirmed.length) {
    t.unconfirmed++;
    if (f.violations.length) t.unconfirmedWithViolations++;
    for (const u of c.unconfirmed) t.unconfirmedValues.set(u, (t.unconfirmedValues.get(u) ?? 0) + 1);
  }
  if (!f.violations.length) return;
  t.withViolations++;
  t.violations += f.violations.length;
  t.overchargedFees += c.overchargedFees;
  t.overchargedInterest += c.overchargedInterest;
  const codes = new Set<string>();
  for (const v of f.violations) {
    let e = t.byCode.get(v.code);
    if (!e) t.byCode.set(v.code, (e = { violations: 0, claims: 0, hjemmel: [] }));
    e.violations++;
    if (!codes.has(v.code)) e.claims++;
    codes.add(v.code);
    addHjemmel(e.hjemmel, v.hjemmel);
  }
  for (const [year, y] of c.byYear) {
    const e = t.byYear.get(year) ?? { violations: 0, overcharged: 0 };
    e.violations += y.violations;
    e.overcharged += y.overcharged;
    t.byYear.set(year, e);
  }
  const overcharged = c.overchargedFees + c.overchargedInterest;
  if (overcharged > 0) addTop(t.top, { line: f.line, claimId: f.claimId, overcharged, codes: [...codes] });
}

export function addProblem(t: Tally, f: ClaimFinding & { status: 'malformed' | 'failed' }): void {
  t.read++;
  if (f.status === 'malformed') t.malformed++;
  else t.failed++;
  if (t.problems.length < SAMPLE_LINES) {
    t.problems.push({ line: f.line, ...(f.claimId !== undefined ? { claimId: f.claimId } : {}), status: f.status, code: f.error.code, message: f.error.message });
  }
}

/**
 * Keeps the five first references in sort order. A hjemmel of several references ("inkassoloven
 * § 10; tvangsfullbyrdelsesloven § 7-2 bokstav f") adds each: kept whole beside "inkassoloven § 10",
 * the report listed that paragraph twice.
 */
export function addHjemmel(list: string[], h: string): void {
  if (h.includes('; ')) {
    for (const part of h.split('; ')) addReference(list, part);
  } else addReference(list, h);
}

function addReference(list: string[], h: string): void {
  if (list.includes(h)) return;
  if (list.length >= 5 && h >= list[list.length - 1]!) return;
  list.push(h);
  list.sort();
  if (list.length > 5) list.pop();
}

export function addTop(top: Tally['top'], entry: Tally['top'][number]): void {
  if (top.length >= TOP_CLAIMS && !before(entry, top[top.length - 1]!)) return;
  top.push(entry);
  top.sort((a, b) => (before(a, b) ? -1 : 1));
  if (top.length > TOP_CLAIMS) top.pop();
}

/** Larger amounts first; for equal amounts the earlier line. */
function before(a: { overcharged: Ore; line: number }, b: { overcharged: Ore; line: number }): boolean {
  return a.overcharged !== b.overcharged ? a.overcharged > b.overcharged : a.line < b.line;
}

/** Adds `from` (a later batch) into `into`. */
export function mergeTally(into: Tally, from: Tally): void {
  for (const k of ['read', 'evaluated', 'withViolations', 'malformed', 'failed', 'unconfirmed', 'unconfirmedWithViolations', 'violations', 'overchargedFees', 'overchargedInterest'] as const) into[k] += from[k];
  for (const [code, e] of from.byCode) {
    const x = into.byCode.get(code);
    if (!x) into.byCode.set(code, { ...e, hjemmel: [...e.hjemmel] });
    else {
      x.violations += e.violations;
      x.claims += e.claims;
      for (const h of e.hjemmel) addHjemmel(x.hjemmel, h);
    }
  }
  for (const [year, e] of from.byYear) {
    const x = into.byYear.get(year) ?? { violations: 0, overcharged: 0 };
    x.violations += e.violations;
    x.overcharged += e.overcharged;
    into.byYear.set(year, x);
  }
  for (const [k, n] of from.unconfirmedValues) into.unconfirmedValues.set(k, (into.unconfirmedValues.get(k) ?? 0) + n);
  if (from.firstDue !== undefined && (into.firstDue === undefined || from.firstDue < into.firstDue)) into.firstDue = from.firstDue;
  if (from.lastDue !== undefined && (into.lastDue === undefined || from.lastDue > into.lastDue)) into.lastDue = from.lastDue;
  for (const e of from.top) addTop(into.top, e);
  for (const p of from.problems) if (into.problems.length < SAMPLE_LINES) into.problems.push(p);
}
