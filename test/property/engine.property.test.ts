/**
 * Properties that must hold for every claim, checked on random ones with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day, isoDate } from '../../engine/calendar/index.ts';
import { parseAmount } from '../../engine/money/index.ts';
import { evaluateClaim, loadRules } from '../../engine/node.ts';
import type { Claim } from '../../engine/types.generated.ts';
import { claimArb } from './arbitraries.ts';

const rules = loadRules();
const ore = (s: string) => parseAmount(s)!;

describe('interest', () => {
  it('over [a, c] equals [a, b] + [b, c] within one øre per split', () => {
    const base = (due: string, principal: string): Claim => ({
      id: 'I', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal,
      invoiceDate: due, dueDate: due, events: [],
    });
    fc.assert(fc.property(
      fc.integer({ min: day('2004-01-02'), max: day('2026-12-29') }), fc.integer({ min: 1, max: 1500 }), fc.integer({ min: 1, max: 1500 }),
      fc.integer({ min: 1, max: 10_000_000_00 }),
      (start, split, rest, principalOre) => {
        const a = start;
        const b = Math.min(a + split, day('2026-12-30'));
        const c = Math.min(b + rest, day('2026-12-31'));
        fc.pre(a < b && b < c);
        const principal = `${Math.floor(principalOre / 100)}.${String(principalOre % 100).padStart(2, '0')}`;
        // First interest day is the day after forfall, so forfall a−1 gives interest from a.
        const whole = ore(evaluateClaim(rules, base(isoDate(a - 1), principal), { asOf: isoDate(c), trace: false }).interest.total);
        const first = ore(evaluateClaim(rules, base(isoDate(a - 1), principal), { asOf: isoDate(b), trace: false }).interest.total);
        const second = ore(evaluateClaim(rules, base(isoDate(b), principal), { asOf: isoDate(c), trace: false }).interest.total);
        expect(Math.abs(whole - (first + second))).toBeLessThanOrEqual(1);
      },
    ), { numRuns: 300 });
  });

  it('never decreases as the as-of date moves on', () => {
    fc.assert(fc.property(claimArb, fc.integer({ min: 1, max: 60 }), ({ claim, asOf }, more) => {
      const later = isoDate(Math.min(day(asOf) + more, day('2026-12-31')));
      const r1 = evaluateClaim(rules, claim, { asOf, trace: false });
      const r2 = evaluateClaim(rules, claim, { asOf: later, trace: false });
      expect(ore(r2.interest.total)).toBeGreaterThanOrEqual(ore(r1.interest.total));
    }), { numRuns: 300 });
  });
});

describe('fees', () => {
  it('allowed never exceeds the cap, nor what was charged', () => {
    fc.assert(fc.property(claimArb, ({ claim, asOf }) => {
      const r = evaluateClaim(rules, claim, { asOf, trace: false });
      for (const f of r.fees) {
        expect(ore(f.allowed)).toBeLessThanOrEqual(ore(f.cap));
        expect(ore(f.allowed)).toBeLessThanOrEqual(ore(f.charged));
      }
      // Whenever less is allowed than was charged, a violation on that event says why.
      for (const f of r.fees) if (ore(f.allowed) < ore(f.charged)) expect(r.violations.some((v) => v.eventIndex === f.eventIndex)).toBe(true);
    }), { numRuns: 500 });
  });
});

describe('payments', () => {
  it('are allocated in full: costs + interest + principal + overpaid = the amount paid', () => {
    fc.assert(fc.property(claimArb, ({ claim, asOf }) => {
      const r = evaluateClaim(rules, claim, { asOf, trace: false });
      for (const p of r.payments) expect(ore(p.toCosts) + ore(p.toInterest) + ore(p.toPrincipal) + ore(p.overpaid)).toBe(ore(p.amount));
      const b = r.balance;
      expect(ore(b.outstanding)).toBe(ore(b.principal) + ore(b.fees) + ore(b.interest) - ore(b.paid) + ore(b.overpaid));
      expect(ore(b.outstanding)).toBeGreaterThanOrEqual(0);
    }), { numRuns: 500 });
  });
});
