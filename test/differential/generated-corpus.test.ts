/**
 * The generator's histories are lawful by construction except for the violation planted in a
 * share of them; evaluating them must find exactly the planted violations and no others.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim, day, evaluateClaim, evaluateFindings, evaluateWithFindings, formatAmount, isoDate, loadRules } from '../../engine/node.ts';
import { generateClaims, PLANT_KINDS } from '../../engine/replay/generate.ts';

const rules = loadRules();

describe('generated claims', () => {
  it('are valid claims, and evaluating 10 000 of them finds exactly the planted violations', () => {
    const kinds = new Set<string>();
    const mismatches: string[] = [];
    const unfilled = new Set<string>();
    for (const g of generateClaims(rules, { count: 10_000, seed: 2024 })) {
      expect(checkClaim(g.claim).ok).toBe(true);
      const r = evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false });
      // Every placeholder of a message is filled: a figure of its finding or a parameter's value.
      for (const v of r.violations) if (/\{[\w.-]+\}/.test(v.message)) unfilled.add(`${v.rule} ${v.code}: ${v.message}`);
      const got = r.violations.map((v) => `${v.code}@${v.eventIndex}`).sort();
      const want = g.planted.map((p) => `${p.code}@${p.eventIndex}`).sort();
      if (got.join() !== want.join()) mismatches.push(`${g.claim.id} (${g.kind}): planted ${want.join(' ')}, found ${got.join(' ')}`);
      kinds.add(g.kind);
    }
    expect(mismatches).toEqual([]);
    expect([...unfilled]).toEqual([]);
    expect([...kinds].sort()).toEqual([...PLANT_KINDS, 'none'].sort());
  });

  it('plant an utleggsbegjæring made while disputed with nothing else done meanwhile, even a tung salær on the next day', () => {
    // Claim 69 290 of seed 31337 (1 in about 100 000 claims): the tung salær was charged on the
    // day the dispute ended, drafted before its resolution, and found as a second step while disputed.
    // (It was claim 69 292 while the rules had no rettsgebyr for 2020 and 2023: the generator draws
    // a fee only where the rules know the cap.)
    let last: ReturnType<typeof generateClaims> extends Iterable<infer G> ? G : never;
    for (const g of generateClaims(rules, { count: 69_290, seed: 31337, violationShare: 0.5 })) last = g;
    const g = last!;
    expect(g.kind).toBe('UTLEGG_WHILE_DISPUTED');
    expect(g.claim.events.slice(4).map((e) => `${e.type} ${e.date}`)).toEqual(['dispute 2022-06-01', 'utleggsbegjaering 2022-06-01', 'dispute_resolved 2022-06-02', 'salaer 2022-06-02']);
    const r = evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false });
    expect(r.violations.map((v) => `${v.code}@${v.eventIndex}`)).toEqual(['STEP_WHILE_DISPUTED@5']);
    expect(g.planted).toEqual([{ code: 'STEP_WHILE_DISPUTED', eventIndex: 5 }]);
  });

  it('give the findings path (replay) the same violations, fees and interest as the full evaluation', () => {
    // Two loops read the events (the evaluation's generator, and the findings path without one): they must agree.
    for (const g of generateClaims(rules, { count: 3000, seed: 99, violationShare: 0.5 })) {
      const r = evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false });
      const f = evaluateFindings(rules, g.claim, day(g.asOf));
      const at = (d: number | undefined) => (d === undefined ? undefined : isoDate(d));
      expect(f.violations.map((v) => ({ code: v.code, eventIndex: v.eventIndex, date: at(v.day), message: v.message, hjemmel: v.hjemmel, rule: v.rule })), g.claim.id)
        .toEqual(r.violations.map((v) => ({ code: v.code, eventIndex: v.eventIndex, date: v.date, message: v.message, hjemmel: v.hjemmel, rule: v.rule })));
      expect(f.fees.map((x) => ({ eventIndex: x.eventIndex, type: x.type, date: isoDate(x.day), charged: formatAmount(x.charged), cap: formatAmount(x.cap), allowed: formatAmount(x.allowed) })), g.claim.id).toEqual(r.fees);
      expect(formatAmount(f.interest), g.claim.id).toBe(r.interest.total);
      const codes = new Set(r.warnings.map((w) => `${w.code} ${w.rule ?? ''}`));
      for (const w of f.warnings) expect(codes.has(`${w.code} ${w.rule ?? ''}`), `${g.claim.id}: ${w.code}`).toBe(true);
    }
  });

  it('give one evaluation\'s findings (replay with --ledger or --compare) exactly as the findings path gives them, and its result exactly as evaluateClaim', () => {
    // evaluateWithFindings reads the findings off the full evaluation once the events and the
    // interest are read; the warnings the next steps and the salær add later are not among them.
    let withWarnings = 0;
    for (const g of generateClaims(rules, { count: 3000, seed: 99, violationShare: 0.5 })) {
      const { result, findings } = evaluateWithFindings(rules, g.claim, day(g.asOf));
      expect(findings, g.claim.id).toEqual(evaluateFindings(rules, g.claim, day(g.asOf)));
      expect(result, g.claim.id).toEqual(evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false }));
      if (findings.warnings.length) withWarnings++;
    }
    expect(withWarnings).toBeGreaterThan(100);
  });

  it('are the same for the same seed, and different for another', () => {
    const a = [...generateClaims(rules, { count: 50, seed: 1 })];
    const b = [...generateClaims(rules, { count: 50, seed: 1 })];
    const c = [...generateClaims(rules, { count: 50, seed: 2 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
