/**
 * The summary of a replay as a JSON document (schemas/replay-summary.schema.json): the tallies in
 * kroner and plain objects, with what was replayed, against which rules, and whether it finished.
 */
import { formatAmount } from '../money/index.ts';
import type { ImpactTally } from './impact.ts';
import type { Tally } from './tally.ts';
import { compareText } from '../text/compare.ts';

export interface ReplayMeta {
  readonly input: string;
  readonly format: 'ndjson' | 'csv';
  readonly rules: { readonly dir: string; readonly version: string };
  readonly compare?: { readonly dir: string; readonly version: string };
  /** A date, or "event" (each claim as of its last event). */
  readonly asOf: string;
  readonly startedAt: string;
  readonly seconds: number;
  readonly workers: number;
  /** False when the run was interrupted (Ctrl-C) or stopped by an error: the figures cover what was done. */
  readonly complete: boolean;
  readonly stoppedReason?: string;
  /** The last input line fully accounted for. */
  readonly lastLine: number;
  /** Which shard of the input this run covered (--shard K/N). */
  readonly shard?: { readonly index: number; readonly count: number };
}

export interface ReplaySummary {
  readonly kind: 'inkassomotor.replay-summary';
  readonly version: 1;
  readonly input: string;
  readonly format: 'ndjson' | 'csv';
  readonly rules: { readonly dir: string; readonly version: string };
  readonly asOf: string;
  readonly startedAt: string;
  readonly seconds: number;
  readonly claimsPerSecond: number;
  readonly workers: number;
  readonly complete: boolean;
  readonly stoppedReason?: string;
  readonly lastLine: number;
  readonly shard?: { readonly index: number; readonly count: number };
  /** A merged summary: the shard summaries it was made from. */
  readonly mergedFrom?: number;
  readonly claims: {
    readonly read: number;
    readonly evaluated: number;
    readonly withViolations: number;
    readonly malformed: number;
    readonly failed: number;
    readonly firstDueDate: string | null;
    readonly lastDueDate: string | null;
  };
  readonly violations: {
    readonly total: number;
    readonly byCode: readonly { readonly code: string; readonly violations: number; readonly claims: number; readonly hjemmel: readonly string[] }[];
    readonly byYear: readonly { readonly year: number; readonly violations: number; readonly overcharged: string }[];
  };
  readonly overcharged: { readonly total: string; readonly fees: string; readonly interest: string };
  readonly topClaims: readonly { readonly line: number; readonly claimId: string; readonly overcharged: string; readonly codes: readonly string[] }[];
  readonly unconfirmed: {
    readonly claims: number;
    readonly claimsWithViolations: number;
    readonly values: readonly { readonly value: string; readonly claims: number }[];
  };
  readonly problems: readonly { readonly line: number; readonly claimId?: string; readonly status: 'malformed' | 'failed'; readonly code: string; readonly message: string }[];
  readonly compare?: ImpactSummary;
}

export interface ImpactSummary {
  readonly rules: { readonly dir: string; readonly version: string };
  readonly compared: number;
  readonly changed: number;
  readonly failedOnlyOneSide: number;
  readonly failedByCode: readonly { readonly code: string; readonly side: 'before' | 'after'; readonly claims: number }[];
  readonly interest: { readonly before: string; readonly after: string };
  readonly fees: { readonly before: string; readonly after: string };
  readonly outstanding: { readonly before: string; readonly after: string };
  readonly nextStep: { readonly moved: number; readonly earlier: number; readonly later: number };
  readonly violations: { readonly added: Readonly<Record<string, number>>; readonly removed: Readonly<Record<string, number>> };
  readonly topClaims: readonly { readonly line: number; readonly claimId: string; readonly outstandingBefore: string; readonly outstandingAfter: string }[];
}

const sortedRecord = (m: ReadonlyMap<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

export function summarize(meta: ReplayMeta, t: Tally, impact?: ImpactTally): ReplaySummary {
  return {
    kind: 'inkassomotor.replay-summary',
    version: 1,
    input: meta.input,
    format: meta.format,
    rules: meta.rules,
    asOf: meta.asOf,
    startedAt: meta.startedAt,
    seconds: Math.round(meta.seconds * 1000) / 1000,
    claimsPerSecond: meta.seconds > 0 ? Math.round(t.read / meta.seconds) : t.read,
    workers: meta.workers,
    complete: meta.complete,
    ...(meta.stoppedReason ? { stoppedReason: meta.stoppedReason } : {}),
    lastLine: meta.lastLine,
    ...(meta.shard ? { shard: meta.shard } : {}),
    claims: {
      read: t.read,
      evaluated: t.evaluated,
      withViolations: t.withViolations,
      malformed: t.malformed,
      failed: t.failed,
      firstDueDate: t.firstDue ?? null,
      lastDueDate: t.lastDue ?? null,
    },
    violations: {
      total: t.violations,
      byCode: [...t.byCode].map(([code, e]) => ({ code, violations: e.violations, claims: e.claims, hjemmel: e.hjemmel })).sort((a, b) => b.violations - a.violations || (a.code < b.code ? -1 : 1)),
      byYear: [...t.byYear].sort(([a], [b]) => a - b).map(([year, e]) => ({ year, violations: e.violations, overcharged: formatAmount(e.overcharged) })),
    },
    overcharged: {
      total: formatAmount(t.overchargedFees + t.overchargedInterest),
      fees: formatAmount(t.overchargedFees),
      interest: formatAmount(t.overchargedInterest),
    },
    topClaims: t.top.map((e) => ({ line: e.line, claimId: e.claimId, overcharged: formatAmount(e.overcharged), codes: e.codes })),
    unconfirmed: {
      claims: t.unconfirmed,
      claimsWithViolations: t.unconfirmedWithViolations,
      values: [...t.unconfirmedValues].sort(([a], [b]) => (a < b ? -1 : 1)).map(([value, claims]) => ({ value, claims })),
    },
    problems: t.problems,
    ...(impact && meta.compare ? { compare: summarizeImpact(meta.compare, impact) } : {}),
  };
}

function summarizeImpact(rules: { dir: string; version: string }, i: ImpactTally): ImpactSummary {
  return {
    rules,
    compared: i.compared,
    changed: i.changed,
    failedOnlyOneSide: i.failedOnlyOneSide,
    failedByCode: [...i.failedByCode].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([key, claims]) => {
      const [side, code] = key.split(' ') as ['before' | 'after', string];
      return { code, side, claims };
    }),
    interest: { before: formatAmount(i.interestBefore), after: formatAmount(i.interestAfter) },
    fees: { before: formatAmount(i.feesBefore), after: formatAmount(i.feesAfter) },
    outstanding: { before: formatAmount(i.outstandingBefore), after: formatAmount(i.outstandingAfter) },
    nextStep: { moved: i.nextStepMoved, earlier: i.nextStepEarlier, later: i.nextStepLater },
    violations: { added: sortedRecord(i.violationsAdded), removed: sortedRecord(i.violationsRemoved) },
    topClaims: i.top.map((e) => ({ line: e.line, claimId: e.claimId, outstandingBefore: formatAmount(e.outstandingBefore), outstandingAfter: formatAmount(e.outstandingAfter) })),
  };
}
