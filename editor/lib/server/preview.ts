/**
 * The golden preview: the whole corpus evaluated under the published rules and under a draft,
 * side by side. A case "changes" when one of its key figures (interest, fees, outstanding, next
 * step, violations, salær) differs; it "fails" when the draft's result no longer matches the
 * expected figures (after any expectation the officer has accepted for this change).
 */
import { changedFigures, runCase, type CaseOutcome, type KeyFigures, type LoadedCase, type Mismatch, type RuleSet } from '$engine/node.ts';

export interface PreviewCase {
  readonly id: string;
  readonly name: string;
  readonly before: KeyFigures;
  readonly after: KeyFigures;
  readonly changed: readonly (keyof KeyFigures)[];
  /** Mismatches of the draft's result against the expected figures (empty when it passes). */
  readonly failures: readonly Mismatch[];
  readonly failedBefore: boolean;
  /** An accepted new expectation for this case is part of the change. */
  readonly accepted: boolean;
}

export interface PreviewSummary {
  readonly total: number;
  readonly changed: number;
  readonly failing: number;
  readonly cases: readonly PreviewCase[];
  readonly ms: number;
  readonly rulesVersion: string;
  readonly baseVersion: string;
}

/** Results under the published rules, computed once per published version. */
const baseCache = new Map<string, Map<string, CaseOutcome>>();

function baseOutcomes(rules: RuleSet, cases: readonly LoadedCase[]): Map<string, CaseOutcome> {
  const key = `${rules.version}|${cases.length}|${cases.map((c) => c.text.length).join(',')}`;
  let m = baseCache.get(key);
  if (!m) {
    m = new Map(cases.map((c) => [c.id, runCase(rules, c)]));
    baseCache.clear();
    baseCache.set(key, m);
  }
  return m;
}

/**
 * @param cases the published corpus
 * @param changedCases the cases the draft changes (a new expectation, or a whole file put back), by id
 */
export function runPreview(published: RuleSet, draft: RuleSet, cases: readonly LoadedCase[], changedCases: ReadonlyMap<string, LoadedCase>): PreviewSummary {
  const t0 = performance.now();
  const before = baseOutcomes(published, cases);
  const out: PreviewCase[] = [];
  const ids = new Set([...cases.map((c) => c.id), ...changedCases.keys()]);
  for (const id of [...ids].sort()) {
    const c = changedCases.get(id) ?? cases.find((x) => x.id === id)!;
    const b = before.get(id) ?? runCase(published, c);
    const a = runCase(draft, c);
    const changed = changedFigures(b.figures, a.figures);
    out.push({ id, name: c.case.name, before: b.figures, after: a.figures, changed, failures: a.mismatches, failedBefore: !b.passed, accepted: changedCases.has(id) });
  }
  const interesting = out.filter((p) => p.changed.length || p.failures.length || p.accepted);
  return {
    total: ids.size,
    changed: out.filter((p) => p.changed.length).length,
    failing: out.filter((p) => p.failures.length).length,
    cases: interesting,
    ms: Math.round(performance.now() - t0),
    rulesVersion: draft.version,
    baseVersion: published.version,
  };
}
