/**
 * A regime is data: a clearly fictional regime (test/regimes/fiktiv), laid over the bundled rules,
 * changes the ladder from 2028-01-01 — no own inkassovarsel or betalingsoppfordring in
 * egeninkasso, the creditor's own fees 0, a new kind of fee-bearing letter with its own limit —
 * and its golden cases pass on both sides of the date with no engine change. The review horizon
 * stops every evaluation after the date the rules were reviewed for.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluate, feeCapFor, loadRules, parseGoldenCases, parseRules, readRuleSources, runCase, EvaluationError, type RuleSet } from '../engine/node.ts';
import { addDatedValue, type NewValue } from '../editor/lib/server/rule-edit.ts';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIKTIV = join(ROOT, 'test/regimes/fiktiv');

function fictionalRules(): RuleSet {
  const files = new Map(readRuleSources(join(ROOT, 'rules')).map((s) => [s.path, s.text]));
  for (const s of readRuleSources(join(FIKTIV, 'rules'))) files.set(s.path, s.text);
  for (const t of parse(readFileSync(join(FIKTIV, 'tillegg.yaml'), 'utf8')) as { file: string; values: NewValue[] }[]) {
    let text = files.get(t.file)!;
    for (const v of t.values) text = addDatedValue(text, v);
    files.set(t.file, text);
  }
  const { ruleSet, diagnostics } = parseRules([...files].map(([path, text]) => ({ path, text })));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ruleSet!;
}

describe('a fictional regime from 2028-01-01, as rule files only', () => {
  const rules = fictionalRules();
  const { cases, diagnostics } = parseGoldenCases(readRuleSources(join(FIKTIV, 'golden')));

  it('reads its golden cases', () => {
    expect(diagnostics).toEqual([]);
    expect(cases.length).toBe(6);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s passes', (_id, c) => {
    const outcome = runCase(rules, c);
    expect(outcome.mismatches).toEqual([]);
  });

  it('ends every step of the old regime the day before the new one starts', () => {
    const old = rules.steps.filter((s) => s.regime === 'inkassoloven-1988');
    expect(old.length).toBeGreaterThan(5);
    for (const s of old) expect(s.validTo).toBe(Date.UTC(2027, 11, 31) / 86_400_000);
  });

  // (types.generated.ts is generated from the claim schema, which lists the event types a claim can carry.)
  it('needs no code of its own: the engine names no regime, date or letter of it', () => {
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') && e.name !== 'types.generated.ts' ? [join(d, e.name)] : []));
    const offenders = walk(join(ROOT, 'engine')).filter((f) => /kravbrev|fiktiv|2028-|inkassoloven-19|inkassoloven-20/i.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(offenders).toEqual([]);
  });
});

describe('the review horizon', () => {
  const rules = loadRules(join(ROOT, 'rules'));
  const claim = { id: 'H', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00', invoiceDate: '2026-11-01', dueDate: '2026-11-15', events: [] };

  it('evaluates up to and including the day the rules are reviewed through', () => {
    expect(rules.review!.reviewedThrough).toBe(Date.UTC(2026, 11, 31) / 86_400_000);
    expect(evaluate(rules, claim, { asOf: '2026-12-31' }).interest.total).toBe('15.44'); // 1 000 × 12,25 % × 46 / 365 = 15,438
  });

  it('stops the day after with RULES_NOT_REVIEWED naming the horizon, for every rule, not only the rate', () => {
    let error: unknown;
    try {
      evaluate(rules, claim, { asOf: '2027-01-01' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe('RULES_NOT_REVIEWED');
    expect((error as EvaluationError).message).toContain('2026-12-31');
  });

  it("gives no fee cap after it either: a cap outside an evaluation (the editor's ladder page, the generator) stops the same way", () => {
    // 1/20 of the inkassosats 750, rounded to the krone (inkassoforskriften § 1-2), on the last day reviewed.
    expect(feeCapFor(rules, claim as Parameters<typeof feeCapFor>[1], 'purring', '2026-12-31')).toBe(3800);
    expect(() => feeCapFor(rules, claim as Parameters<typeof feeCapFor>[1], 'purring', '2027-01-01')).toThrow(expect.objectContaining({ code: 'RULES_NOT_REVIEWED' }));
  });
});
