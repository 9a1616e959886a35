/**
 * A rule set rebuilt from its compiled form (engine/rule-cache.ts: what the CLI, the API, the
 * replay workers and the editor read back instead of parsing the YAML again) is the rule set the
 * files give: the same values, steps and diagnostics, and the same figures for every golden case.
 */
import { describe, expect, it } from 'vitest';
import { parseRules, readGoldenCases, readRuleSources, runCase, type RuleSource } from '../engine/node.ts';

const bundled = readRuleSources(new URL('../rules/', import.meta.url).pathname);

function bothWays(sources: readonly RuleSource[]) {
  const made = parseRules(sources, { compile: true });
  expect(made.compiled).toBeDefined();
  // Through JSON, as the cache stores it.
  const rebuilt = parseRules(sources, { compiled: JSON.parse(JSON.stringify(made.compiled)) });
  return { parsed: parseRules(sources), rebuilt };
}

describe('the compiled-rules cache', () => {
  it('rebuilds the bundled rules as parsing them gives them', () => {
    const { parsed, rebuilt } = bothWays(bundled);
    expect(rebuilt.diagnostics).toEqual(parsed.diagnostics);
    expect(rebuilt.ruleSet!.version).toBe(parsed.ruleSet!.version);
    expect(rebuilt.ruleSet!.steps).toEqual(parsed.ruleSet!.steps);
    expect([...rebuilt.ruleSet!.series.keys()]).toEqual([...parsed.ruleSet!.series.keys()]);
    for (const [id, s] of parsed.ruleSet!.series) expect(rebuilt.ruleSet!.series.get(id)!.entries, id).toEqual(s.entries);
    expect(rebuilt.ruleSet!.letters).toEqual(parsed.ruleSet!.letters);
    expect(rebuilt.ruleSet!.review).toEqual(parsed.ruleSet!.review);
  });

  it('gives every golden case the same result, trace included', () => {
    const { parsed, rebuilt } = bothWays(bundled);
    const { cases } = readGoldenCases();
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      const a = runCase(parsed.ruleSet!, c, { trace: true });
      const b = runCase(rebuilt.ruleSet!, c, { trace: true });
      expect(b, c.id).toEqual(a);
    }
  });

  it('keeps the warnings the files gave when they were compiled', () => {
    // Without horisont.yaml the rule set loads with a warning (no review horizon).
    const { parsed, rebuilt } = bothWays(bundled.filter((s) => s.path !== 'horisont.yaml'));
    expect(parsed.diagnostics.map((d) => d.code)).toContain('NO_REVIEW_HORIZON');
    expect(rebuilt.diagnostics).toEqual(parsed.diagnostics);
    expect(rebuilt.ruleSet!.version).toBe(parsed.ruleSet!.version);
  });

  it('refuses a compiled form made for other files', () => {
    const made = parseRules(bundled, { compile: true }).compiled!;
    const extra = [...bundled, { path: 'parameters/gebyrer/ny.yaml', text: bundled[0]!.text }];
    expect(() => parseRules(extra, { compiled: made })).toThrow(/do not match the files/);
  });
});
