/**
 * The golden preview's results under the published rules are computed once per published version
 * of the rules and the corpus. A corpus changed without changing a file's length (an expected
 * figure corrected from 99.66 to 99.67, a date moved by a day) is a new version.
 */
import { describe, expect, it } from 'vitest';
import { loadRules, parseGoldenCases, readRuleSources } from '../../engine/node.ts';
import { runPreview } from '../../editor/lib/server/preview.ts';
import { fileURLToPath } from 'node:url';

const E8 = 'eksempler/e8-rente-over-halvaarsskifte';

describe('the golden preview', () => {
  it('computes the published results again when a case changes but keeps its length', () => {
    const rules = loadRules();
    const files = readRuleSources(fileURLToPath(new URL('../golden', import.meta.url)));
    const cases = parseGoldenCases(files).cases;
    const first = runPreview(rules, rules, cases, new Map());
    expect(first.failing).toBe(0);
    expect(first.cases.find((c) => c.id === E8)).toBeUndefined();

    // The published corpus now expects 99.67 (same length as 99.66): the case fails before and after.
    const changed = parseGoldenCases(files.map((f) => (f.path === `${E8}.yaml` ? { ...f, text: f.text.replace('total: "99.66"', 'total: "99.67"') } : f))).cases;
    expect(changed.find((c) => c.id === E8)!.text.length).toBe(cases.find((c) => c.id === E8)!.text.length);
    const second = runPreview(rules, rules, changed, new Map());
    const e8 = second.cases.find((c) => c.id === E8)!;
    expect(e8.failedBefore).toBe(true);
    expect(e8.after.interest).toBe('99.66');
    expect(e8.failures.map((f) => f.path)).toContain('/interest/total');
  });
});
