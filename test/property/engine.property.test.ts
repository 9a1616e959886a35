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

describe('forsinkelsesrente against an independent calculation', () => {
  // The half-year rates of ../shared/legal-facts.md § 4 in basis points, written out here and not
  // read from the rules, and the law's day count done the plain way: each day from the day after
  // forfall through the as-of day at its half-year's rate, divided by the days of its calendar year,
  // on the principal left after the payments before it; a payment covers the interest accrued
  // through its own day (all of it rounded once, half up), then principal.
  const RATES: [string, number][] = [
    ['2004-01-01', 925], ['2004-07-01', 875], ['2005-01-01', 875], ['2005-07-01', 900], ['2006-01-01', 925], ['2006-07-01', 975],
    ['2007-01-01', 1050], ['2007-07-01', 1150], ['2008-01-01', 1225], ['2008-07-01', 1275], ['2009-01-01', 1000], ['2009-07-01', 825],
    ['2010-01-01', 875], ['2010-07-01', 900], ['2011-01-01', 900], ['2011-07-01', 925], ['2012-01-01', 875], ['2012-07-01', 850],
    ['2013-01-01', 850], ['2013-07-01', 950], ['2014-01-01', 950], ['2014-07-01', 950], ['2015-01-01', 925], ['2015-07-01', 900],
    ['2016-01-01', 875], ['2016-07-01', 850], ['2017-01-01', 850], ['2017-07-01', 850], ['2018-01-01', 850], ['2018-07-01', 850],
    ['2019-01-01', 875], ['2019-07-01', 925], ['2020-01-01', 950], ['2020-07-01', 800], ['2021-01-01', 800], ['2021-07-01', 800],
    ['2022-01-01', 850], ['2022-07-01', 925], ['2023-01-01', 1075], ['2023-07-01', 1175], ['2024-01-01', 1250], ['2024-07-01', 1250],
    ['2025-01-01', 1250], ['2025-07-01', 1225], ['2026-01-01', 1200], ['2026-07-01', 1225],
  ];
  const rateOn = (date: string) => RATES.reduce((r, [from, bp]) => (from <= date ? bp : r), 0);
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  // Amounts in øre as a fraction over 10 000 (basis points) × 365 × 366.
  const DEN = 10_000n * 365n * 366n;
  const halfUp = (num: bigint) => (2n * num + DEN) / (2n * DEN);
  const money = (o: bigint) => `${o / 100n}.${String(o % 100n).padStart(2, '0')}`;

  it('gives the same total, outstanding and overpaid for random claims with part payments, 2004 to 2026', () => {
    const arb = fc.record({
      due: fc.integer({ min: day('2004-01-15'), max: day('2026-06-01') }), principal: fc.integer({ min: 1, max: 5_000_000_00 }), length: fc.integer({ min: 0, max: 1000 }),
      payments: fc.array(fc.record({ after: fc.integer({ min: -10, max: 1000 }), amount: fc.integer({ min: 1, max: 6_000_000_00 }) }), { maxLength: 4 }),
    });
    fc.assert(fc.property(arb, (s) => {
      // Within three years of forfall, so that no interest is time-barred.
      const asOf = Math.min(s.due + s.length, day('2026-12-31'), s.due + 3 * 365 - 5);
      const payments = s.payments.map((p) => ({ on: Math.max(s.due - 10, Math.min(s.due + p.after, asOf)), amount: BigInt(p.amount) })).sort((a, b) => a.on - b.on);
      const claim: Claim = {
        id: 'O', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: money(BigInt(s.principal)),
        invoiceDate: isoDate(s.due - 14), dueDate: isoDate(s.due), events: payments.map((p) => ({ type: 'payment', date: isoDate(p.on), amount: money(p.amount) })),
      };
      let principal = BigInt(s.principal);
      let exact = 0n;
      let interestPaid = 0n;
      let overpaid = 0n;
      for (let d = s.due - 10; d <= asOf; d++) {
        const date = isoDate(d);
        if (d > s.due) exact += principal * BigInt(rateOn(date)) * (DEN / (10_000n * (leap(Number(date.slice(0, 4))) ? 366n : 365n)));
        for (const p of payments.filter((x) => x.on === d)) {
          let rest = p.amount;
          const interest = halfUp(exact) - interestPaid;
          const toInterest = rest < interest ? rest : interest;
          interestPaid += toInterest;
          rest -= toInterest;
          const toPrincipal = rest < principal ? rest : principal;
          principal -= toPrincipal;
          overpaid += rest - toPrincipal;
        }
      }
      const r = evaluateClaim(rules, claim, { asOf: isoDate(asOf), trace: false });
      expect([r.interest.total, r.balance.outstanding, r.balance.overpaid]).toEqual([money(halfUp(exact)), money(principal + halfUp(exact) - interestPaid), money(overpaid)]);
    }), { numRuns: 1000, seed: 2026 });
  });
});

describe('the order events are given in', () => {
  it('does not change the result when events of different days are given in another order (indexes mapped back)', () => {
    fc.assert(fc.property(claimArb, fc.integer(), ({ claim, asOf }, seed) => {
      // Each day's events keep their order among themselves: same-day order is meaningful.
      const rank = new Map<string, number>();
      for (const e of claim.events) if (!rank.has(e.date)) rank.set(e.date, fc.sample(fc.integer(), { numRuns: 1, seed: seed + rank.size })[0]!);
      const order = claim.events.map((_, i) => i).sort((a, b) => rank.get(claim.events[a]!.date)! - rank.get(claim.events[b]!.date)! || a - b);
      const r = evaluateClaim(rules, claim, { asOf, trace: false });
      const shuffled = evaluateClaim(rules, { ...claim, events: order.map((i) => claim.events[i]!) }, { asOf, trace: false });
      const back = (x: unknown): unknown => Array.isArray(x) ? x.map(back)
        : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, (k === 'eventIndex' || k === 'interruptedBy') && typeof v === 'number' ? order[v] : back(v)])) : x;
      expect(back(shuffled)).toEqual(r);
    }), { numRuns: 300 });
  });
});

describe('foreldelse against an independent calculation', () => {
  // Foreldelsesloven as the fact sheet reads it, done the plain way: three years from forfall (a due
  // date agreed in advance, § 3), a new three years from each acknowledgment or part payment made
  // before the period ran out (§ 14), the last day moved past a Saturday, Sunday or public holiday
  // (§ 29; Easter by the Gregorian computus, 1 and 17 May, Christmas, New Year), on JavaScript's
  // own UTC calendar rather than the engine's.
  const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
  function easterSunday(y: number): number {
    const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    return utcDay(y, Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
  }
  function notWorking(n: number): boolean {
    const t = new Date(n * 86_400_000);
    const y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = t.getUTCDate(), e = easterSunday(y);
    return t.getUTCDay() === 0 || t.getUTCDay() === 6 || (m === 1 && d === 1) || (m === 5 && (d === 1 || d === 17)) || (m === 12 && (d === 25 || d === 26))
      || [e - 3, e - 2, e, e + 1, e + 39, e + 49, e + 50].includes(n);
  }
  function threeYearsOn(n: number): number {
    const t = new Date(n * 86_400_000);
    const y = t.getUTCFullYear() + 3;
    const leapDay = t.getUTCMonth() === 1 && t.getUTCDate() === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
    let last = utcDay(y, t.getUTCMonth() + 1, leapDay ? 28 : t.getUTCDate());
    while (notWorking(last)) last++;
    return last;
  }

  it('gives the same last day, and the claim time-barred after it with nothing owed, for claims with acknowledgments and part payments', () => {
    const arb = fc.record({
      due: fc.integer({ min: day('2010-01-01'), max: day('2026-06-01') }), principal: fc.integer({ min: 100_00, max: 1_000_000_00 }), length: fc.integer({ min: 0, max: 2500 }),
      events: fc.array(fc.record({ after: fc.integer({ min: 1, max: 1800 }), kind: fc.constantFrom('acknowledgment' as const, 'payment' as const) }), { maxLength: 4 }),
    });
    fc.assert(fc.property(arb, (s) => {
      const asOf = Math.min(s.due + s.length, day('2026-12-31'));
      const events = s.events.map((e) => ({ ...e, on: s.due + e.after })).filter((e) => e.on <= asOf).sort((a, b) => a.on - b.on);
      // Each part payment a tenth of the principal: never the whole claim.
      const part = `${Math.floor(s.principal / 10 / 100)}.${String(Math.floor(s.principal / 10) % 100).padStart(2, '0')}`;
      const claim: Claim = {
        id: 'F', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: `${Math.floor(s.principal / 100)}.${String(s.principal % 100).padStart(2, '0')}`,
        invoiceDate: isoDate(s.due - 14), dueDate: isoDate(s.due),
        events: events.map((e) => (e.kind === 'payment' ? { type: 'payment', date: isoDate(e.on), amount: part } : { type: 'acknowledgment', date: isoDate(e.on) })),
      };
      let last = threeYearsOn(s.due);
      for (const e of events) if (e.on <= last) last = threeYearsOn(e.on);
      const r = evaluateClaim(rules, claim, { asOf: isoDate(asOf), trace: false });
      expect(r.foreldelse.date).toBe(new Date(last * 86_400_000).toISOString().slice(0, 10));
      expect(r.foreldelse.timeBarred).toBe(asOf > last);
      if (asOf > last) expect(r.balance.outstanding).toBe('0.00');
    }), { numRuns: 500, seed: 2026 });
  });
});

describe('inkassosalær against an independent calculation', () => {
  // The fact sheet's § 3 written out: the inkassosats by year, table A (forfall from 2020-10-01) and
  // table B (forfall 2010-01-01 to 2020-09-30) as multiples of the sats by band (principal and
  // interest before forfall), tung twice lett, × 1.5 for a business debtor, × 1.25 for a creditor not
  // registered for VAT, rounded half up to the øre; in whole numbers (the multiples in hundredths, 1.5
  // as 3/2, 1.25 as 5/4), never a float. The sats is the one of the day the summary names.
  const SATS: [string, number][] = [['2015-01-01', 650], ['2016-01-01', 670], ['2017-01-01', 700], ['2026-01-01', 750]];
  const A: [number, number][] = [[500_00, 25], [1_000_00, 35], [2_500_00, 40], [10_000_00, 80], [50_000_00, 160], [250_000_00, 360], [Infinity, 720]];
  const B: [number, number][] = [[2_500_00, 50], [10_000_00, 100], [50_000_00, 200], [250_000_00, 400], [Infinity, 800]];
  const money = (o: number) => `${Math.floor(o / 100)}.${String(o % 100).padStart(2, '0')}`;

  it('gives the same lett and tung caps and band for fremmedinkasso claims due 2015 to 2026', () => {
    const arb = fc.record({
      due: fc.integer({ min: day('2015-01-01'), max: day('2026-10-01') }), asOfAfter: fc.integer({ min: 20, max: 200 }),
      principal: fc.oneof(fc.integer({ min: 100, max: 300_000_00 }), fc.constantFrom(500_00, 500_01, 1_000_00, 1_000_01, 2_500_00, 2_500_01, 10_000_00, 50_000_00, 250_000_00, 250_000_01)),
      interestBefore: fc.option(fc.integer({ min: 1, max: 5_000_00 }), { nil: undefined }), kind: fc.constantFrom('consumer' as const, 'business' as const), vat: fc.boolean(),
    });
    fc.assert(fc.property(arb, (s) => {
      const asOf = isoDate(Math.min(s.due + s.asOfAfter, day('2026-12-31')));
      const claim: Claim = {
        id: 'S', debtor: { kind: s.kind }, creditor: { vatRegistered: s.vat }, collection: 'fremmedinkasso', principal: money(s.principal),
        invoiceDate: isoDate(s.due - 14), dueDate: isoDate(s.due), ...(s.interestBefore ? { interestBeforeDueDate: money(s.interestBefore) } : {}),
        events: [{ type: 'inkassovarsel', date: isoDate(s.due + 1), deadlineDays: 14 }],
      };
      const r = evaluateClaim(rules, claim, { asOf, trace: false });
      fc.pre(r.salaer !== null);
      const sats = SATS.reduce((v, [from, kr]) => (from <= r.salaer!.date ? kr : v), 0);
      const band = s.principal + (s.interestBefore ?? 0);
      const multiple = (isoDate(s.due) >= '2020-10-01' ? A : B).find(([upTo]) => band <= upTo)![1];
      // Øre = sats × 100 × hundredths / 100 × times × 3/2 × 5/4, over a common denominator, half up.
      const cap = (times: number) => {
        const num = sats * multiple * times * (s.kind === 'business' ? 3 : 1) * (s.vat ? 1 : 5);
        const den = (s.kind === 'business' ? 2 : 1) * (s.vat ? 1 : 4);
        return money(Math.floor((2 * num + den) / (2 * den)));
      };
      expect([r.salaer!.lett, r.salaer!.tung, r.salaer!.band]).toEqual([cap(1), cap(2), money(band)]);
    }), { numRuns: 500, seed: 2026 });
  });
});

describe('the fee caps of the letters against an independent calculation', () => {
  // Inkassoforskriften §§ 1-1 and 1-2 as the fact sheet reads them: the inkassosats on the day the
  // letter is sent; 1/10 (purring, inkassovarsel) and 3/10 (the creditor's own betalingsoppfordring)
  // for a claim due by 2020-09-30, 1/20 and 3/20 after; rounded to the nearest krone for letters
  // sent from 2026-01-01.
  const SATS: [string, number][] = [['2015-01-01', 650], ['2016-01-01', 670], ['2017-01-01', 700], ['2026-01-01', 750]];

  it('gives each letter the cap of its sending day and its forfall\'s fraction', () => {
    const arb = fc.record({
      // The regimes' edge too: a claim due 2020-09-30 has the old fractions, one due 2020-10-01 the new
      // (the fact sheet's judgment § 13 no. 4; the engine warns that it rests on one source).
      due: fc.oneof(fc.integer({ min: day('2015-01-01'), max: day('2026-11-01') }), fc.constantFrom(day('2020-09-30'), day('2020-10-01'))), after: fc.integer({ min: 14, max: 120 }),
      step: fc.constantFrom('purring' as const, 'inkassovarsel' as const, 'betalingsoppfordring' as const), kind: fc.constantFrom('consumer' as const, 'business' as const),
    });
    fc.assert(fc.property(arb, (s) => {
      const sent = isoDate(Math.min(s.due + s.after, day('2026-12-31')));
      const claim: Claim = {
        id: 'G', debtor: { kind: s.kind }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00',
        invoiceDate: isoDate(s.due - 14), dueDate: isoDate(s.due), events: [{ type: s.step, date: sent, fee: '9999.00', deadlineDays: 14 }],
      };
      const r = evaluateClaim(rules, claim, { asOf: sent, trace: false });
      const sats = SATS.reduce((v, [from, kr]) => (from <= sent ? kr : v), 0);
      const twentieths = (s.step === 'betalingsoppfordring' ? 3 : 1) * (isoDate(s.due) <= '2020-09-30' ? 2 : 1);
      const ore = sats * 100 * twentieths / 20;
      const cap = sent >= '2026-01-01' ? Math.floor(ore / 100 + 0.5) * 100 : ore;
      expect(r.fees[0]!.cap).toBe(`${Math.floor(cap / 100)}.${String(cap % 100).padStart(2, '0')}`);
    }), { numRuns: 500, seed: 2026 });
  });
});
