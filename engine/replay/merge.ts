/**
 * `inkasso replay merge`: the summaries of the N shards of one replay (--shard K/N) combined into
 * the summary a single run over the whole file gives: the tallies are read back from each
 * summary, added, and summarized again. Checks that the shards belong together (same input,
 * format, rules, as-of, compare rules and shard count) and that each shard is there exactly once.
 */
import { ore } from '../money/index.ts';
import { emptyImpactTally, mergeImpactTally, type ImpactTally } from './impact.ts';
import { summarize, type ReplaySummary } from './summary.ts';
import { addHjemmel, emptyTally, mergeTally, SAMPLE_LINES, type Tally } from './tally.ts';

export class MergeError extends Error {}

function tallyOf(s: ReplaySummary): Tally {
  const t = emptyTally();
  const c = s.claims;
  Object.assign(t, {
    read: c.read, evaluated: c.evaluated, withViolations: c.withViolations, malformed: c.malformed, failed: c.failed,
    unconfirmed: s.unconfirmed.claims, unconfirmedWithViolations: s.unconfirmed.claimsWithViolations,
    violations: s.violations.total, overchargedFees: ore(s.overcharged.fees), overchargedInterest: ore(s.overcharged.interest),
    firstDue: c.firstDueDate ?? undefined, lastDue: c.lastDueDate ?? undefined,
  });
  for (const e of s.violations.byCode) {
    // Through addHjemmel: a summary written before the references were split has them joined.
    const hjemmel: string[] = [];
    for (const h of e.hjemmel) addHjemmel(hjemmel, h);
    t.byCode.set(e.code, { violations: e.violations, claims: e.claims, hjemmel });
  }
  for (const e of s.violations.byYear) t.byYear.set(e.year, { violations: e.violations, overcharged: ore(e.overcharged) });
  for (const v of s.unconfirmed.values) t.unconfirmedValues.set(v.value, v.claims);
  t.top = s.topClaims.map((e) => ({ line: e.line, claimId: e.claimId, overcharged: ore(e.overcharged), codes: [...e.codes] }));
  t.problems = s.problems.map((p) => ({ ...p }));
  return t;
}

function impactOf(s: ReplaySummary): ImpactTally | undefined {
  const k = s.compare;
  if (!k) return undefined;
  const i = emptyImpactTally();
  Object.assign(i, {
    compared: k.compared, changed: k.changed, failedOnlyOneSide: k.failedOnlyOneSide,
    interestBefore: ore(k.interest.before), interestAfter: ore(k.interest.after), feesBefore: ore(k.fees.before), feesAfter: ore(k.fees.after),
    outstandingBefore: ore(k.outstanding.before), outstandingAfter: ore(k.outstanding.after),
    nextStepMoved: k.nextStep.moved, nextStepEarlier: k.nextStep.earlier, nextStepLater: k.nextStep.later,
  });
  for (const f of k.failedByCode) i.failedByCode.set(`${f.side} ${f.code}`, f.claims);
  for (const [c, n] of Object.entries(k.violations.added)) i.violationsAdded.set(c, n);
  for (const [c, n] of Object.entries(k.violations.removed)) i.violationsRemoved.set(c, n);
  i.top = k.topClaims.map((e) => ({ line: e.line, claimId: e.claimId, outstandingBefore: ore(e.outstandingBefore), outstandingAfter: ore(e.outstandingAfter) }));
  return i;
}

/** The summaries of the shards of one replay, combined. */
export function mergeSummaries(summaries: readonly ReplaySummary[]): ReplaySummary {
  if (!summaries.length) throw new MergeError('give the summaries of the shards to merge');
  const first = summaries[0]!;
  const count = first.shard?.count;
  if (count === undefined) throw new MergeError('the first summary is not from a shard (--shard K/N)');
  const same = (s: ReplaySummary, what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new MergeError(`shard ${s.shard?.index ?? '?'} was run with another ${what} (${JSON.stringify(a)}, not ${JSON.stringify(b)})`);
  };
  const seen = new Set<number>();
  for (const s of summaries) {
    if (s.kind !== 'inkassomotor.replay-summary') throw new MergeError('not a replay summary');
    if (!s.shard) throw new MergeError('a summary is not from a shard (--shard K/N)');
    same(s, 'number of shards', s.shard.count, count);
    same(s, 'input', s.input, first.input);
    same(s, 'format', s.format, first.format);
    same(s, 'rules version', s.rules.version, first.rules.version);
    same(s, 'as-of', s.asOf, first.asOf);
    same(s, 'compare rules', s.compare?.rules.version, first.compare?.rules.version);
    if (seen.has(s.shard.index)) throw new MergeError(`shard ${s.shard.index} is given twice`);
    seen.add(s.shard.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  const tally = emptyTally();
  const impact = first.compare ? emptyImpactTally() : undefined;
  for (const s of summaries) {
    mergeTally(tally, tallyOf(s));
    if (impact) mergeImpactTally(impact, impactOf(s)!);
  }
  // The first problems of the whole file, in line order, as a single run lists them.
  const problems = summaries.flatMap((s) => s.problems).sort((a, b) => a.line - b.line).slice(0, SAMPLE_LINES);
  tally.problems = problems.map((p) => ({ ...p }));
  const incomplete = summaries.filter((s) => !s.complete);
  const stoppedReason = missing.length
    ? `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing`
    : incomplete.length ? `shard ${incomplete[0]!.shard!.index} stopped: ${incomplete[0]!.stoppedReason ?? 'interrupted'}` : undefined;
  const seconds = Math.max(...summaries.map((s) => s.seconds));
  const merged = summarize({
    input: first.input,
    format: first.format,
    rules: first.rules,
    ...(first.compare ? { compare: first.compare.rules } : {}),
    asOf: first.asOf,
    startedAt: summaries.map((s) => s.startedAt).sort()[0]!,
    seconds,
    workers: summaries.reduce((n, s) => n + s.workers, 0),
    complete: stoppedReason === undefined,
    ...(stoppedReason ? { stoppedReason } : {}),
    lastLine: Math.max(...summaries.map((s) => s.lastLine)),
  }, tally, impact);
  return { ...merged, mergedFrom: summaries.length };
}
