import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatRational, interestToOre, krText, kroner, parseAmount, parseRational, periodInterest, rateToMicros, roundHalfUp } from './index.ts';

describe('amounts in øre', () => {
  it('writes kroner the Norwegian way, as krText writes the decimal string', () => {
    expect(kroner(123450)).toBe('1\u00a0234,50');
    expect(kroner(-100000005)).toBe('-1\u00a0000\u00a0000,05');
    expect(kroner(0)).toBe('0,00');
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (v) => kroner(v) === krText(formatAmount(v))), { numRuns: 20_000 });
  });

  it('reads and writes decimal strings exactly', () => {
    expect(parseAmount('1250.5')).toBe(125050);
    expect(parseAmount('0.07')).toBe(7);
    expect(parseAmount('10000')).toBe(1000000);
    for (const bad of ['-1.00', '1.005', '01.00', '1,00', '', '1e3', ' 1.00']) expect(parseAmount(bad)).toBeUndefined();
    expect(formatAmount(125050)).toBe('1250.50');
    expect(formatAmount(7)).toBe('0.07');
  });

  it('rounds half up, also on exact half-øre ties that floats get wrong', () => {
    // 3 650 kr at 0.03 % for 15 days = 0.045 kr: 4.5 øre → 5 øre (a float computation gives 4).
    expect(interestToOre(periodInterest(365000, rateToMicros('0.03'), 15, 365))).toBe(5);
    expect(roundHalfUp(2343750n, 10000n)).toBe(234n);
    expect(roundHalfUp(2343750n, 1000n)).toBe(2344n);
  });

  it('keeps fractions exact and writes them back', () => {
    expect(formatRational(parseRational('1/20'))).toBe('0.05');
    expect(formatRational(parseRational('3/20'))).toBe('0.15');
    expect(formatRational(parseRational('1/3'))).toBe('1/3');
  });

  it('agrees with decimal.js on simple interest to the øre (2 000 random cases)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 5_000_000_000 }), fc.integer({ min: 0, max: 250_000 }), fc.integer({ min: 1, max: 4000 }), fc.constantFrom(365, 366),
      (base, micros, days, divisor) => {
        const exact = new Decimal(base).mul(micros).mul(days).div(1_000_000).div(divisor).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
        expect(interestToOre(periodInterest(base, micros, days, divisor as 365 | 366))).toBe(exact);
      },
    ), { numRuns: 2000 });
  });

  it('gives the exact product whether it is worked out in floating point or in BigInt (around 2^53)', () => {
    const big = (b: number, m: number, d: number, v: 365 | 366) => BigInt(b) * BigInt(m) * BigInt(d) * (v === 365 ? 366n : 365n);
    // 2^53 / (365 · 366) ≈ 6.7e10 = base × micros × days: products on both sides of the edge.
    fc.assert(fc.property(
      fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999_999_999_999 })), fc.integer({ min: 0, max: 250_000 }),
      fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 4000 })), fc.constantFrom(365 as const, 366 as const),
      (base, micros, days, divisor) => {
        expect(periodInterest(base, micros, days, divisor)).toBe(big(base, micros, days, divisor));
      },
    ), { numRuns: 20_000 });
    for (const [b, m, d] of [[67_000_000_000, 1, 1], [67_000_000_001, 1, 1], [1_000_000, 122_500, 547], [999_999_999_999, 250_000, 4000]] as const) {
      for (const v of [365, 366] as const) expect(periodInterest(b, m, d, v)).toBe(big(b, m, d, v));
    }
  });
});
