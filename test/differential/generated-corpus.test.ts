/**
 * The generator's histories are lawful by construction except for the violation planted in a
 * share of them; evaluating them must find exactly the planted violations and no others.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim, evaluateClaim, loadRules } from '../../engine/node.ts';
import { generateClaims, PLANT_KINDS } from '../../engine/replay/generate.ts';

const rules = loadRules();

describe('generated claims', () => {
  it('are valid claims, and evaluating 10 000 of them finds exactly the planted violations', () => {
    const kinds = new Set<string>();
    const mismatches: string[] = [];
    for (const g of generateClaims(rules, { count: 10_000, seed: 2024 })) {
      expect(checkClaim(g.claim).ok).toBe(true);
      const r = evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false });
      const got = r.violations.map((v) => `${v.code}@${v.eventIndex}`).sort();
      const want = g.planted.map((p) => `${p.code}@${p.eventIndex}`).sort();
      if (got.join() !== want.join()) mismatches.push(`${g.claim.id} (${g.kind}): planted ${want.join(' ')}, found ${got.join(' ')}`);
      kinds.add(g.kind);
    }
    expect(mismatches).toEqual([]);
    expect([...kinds].sort()).toEqual([...PLANT_KINDS, 'none'].sort());
  });

  it('are the same for the same seed, and different for another', () => {
    const a = [...generateClaims(rules, { count: 50, seed: 1 })];
    const b = [...generateClaims(rules, { count: 50, seed: 1 })];
    const c = [...generateClaims(rules, { count: 50, seed: 2 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
