/**
 * Simple interest, exact. One period has one base, one yearly rate and one divisor (the days of
 * its calendar year, or a fixed 365, as the day-count policy says); its exact amount is
 * base × rate × days / divisor. Periods are summed exactly and the sum is rounded once, so that
 * splitting a period (at a payment, a rate change or a year's end) never changes the total by
 * more than the rounding of the parts shown.
 */
import type { Ore } from './ore.ts';
import { roundHalfUp } from './rational.ts';

/**
 * The common denominator of every exact interest amount: rates carry up to four decimals of a
 * percent (× 10^6 as a fraction) and the divisor is 365 or 366.
 */
export const INTEREST_DENOMINATOR = 1_000_000n * 365n * 366n;

/** A yearly rate in percent, "12.25", as millionths (122500). */
export function rateToMicros(percent: string): number {
  const [int, frac = ''] = percent.split('.');
  return Number(int) * 10_000 + Number(frac.padEnd(4, '0'));
}

/** Exact interest of one period, as a numerator over INTEREST_DENOMINATOR. */
export function periodInterest(base: Ore, rateMicros: number, days: number, divisor: 365 | 366): bigint {
  // The same product in floating point is exact when it is a safe integer: every factor is a
  // whole number, so no partial product is larger than the whole (or the whole is 0). Most
  // periods fit, and then only one BigInt is made instead of five.
  const product = base * rateMicros * days * (divisor === 365 ? 366 : 365);
  if (Number.isSafeInteger(product)) return BigInt(product);
  return BigInt(base) * BigInt(rateMicros) * BigInt(days) * (divisor === 365 ? 366n : 365n);
}

/** Rounds an exact interest numerator to whole øre, half up. */
export function interestToOre(numerator: bigint): Ore {
  return Number(roundHalfUp(numerator, INTEREST_DENOMINATOR));
}
