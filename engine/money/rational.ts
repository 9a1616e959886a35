/**
 * Exact fractions for legal arithmetic: "1/20 of the inkassosats", "× 1.5 for business debtors",
 * "× 1.25 when the creditor is not VAT-registered". A product of such factors is kept exact and
 * rounded once, by the rounding policy of the figure it produces.
 */

/** num/den with den > 0, in lowest terms. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/** A fraction in lowest terms. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den < 0n ? -den : den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ONE: Rational = rational(1n);

/**
 * Reads "1/20", "0.05", "1.5", "12.25" or "700.00" exactly.
 * @example parseRational('1/20') //=> { num: 1n, den: 20n }
 */
export function parseRational(text: string): Rational {
  const slash = text.indexOf('/');
  if (slash >= 0) return rational(BigInt(text.slice(0, slash)), BigInt(text.slice(slash + 1)));
  const dot = text.indexOf('.');
  if (dot < 0) return rational(BigInt(text));
  const decimals = text.length - dot - 1;
  return rational(BigInt(text.slice(0, dot) + text.slice(dot + 1)), 10n ** BigInt(decimals));
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function isBetween0And1(r: Rational): boolean {
  return r.num >= 0n && r.num <= r.den;
}

/** As a JS number, for display and for conditions only (never for money). */
export function toNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}

/**
 * Rounds num/den half up (away from zero) to a whole multiple of `step`.
 * @example roundHalfUp(2343750n, 10000n, 1n) //=> 234n  (234.375 → 234)
 */
export function roundHalfUp(num: bigint, den: bigint, step = 1n): bigint {
  const d = den * step;
  const negative = num < 0n;
  const n = negative ? -num : num;
  const q = (2n * n + d) / (2n * d);
  return (negative ? -q : q) * step;
}

/** Writes a rational as a short decimal if it has one ("0.05", "1.5"), else as "1/3". */
export function formatRational(r: Rational): string {
  let den = r.den;
  let twos = 0n;
  let fives = 0n;
  while (den % 2n === 0n) { den /= 2n; twos++; }
  while (den % 5n === 0n) { den /= 5n; fives++; }
  if (den !== 1n) return `${r.num}/${r.den}`;
  const places = twos > fives ? twos : fives;
  const scaled = (r.num * 10n ** places) / r.den;
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(Number(places) + 1, '0');
  const int = digits.slice(0, digits.length - Number(places));
  const frac = places > 0n ? `.${digits.slice(digits.length - Number(places))}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}
