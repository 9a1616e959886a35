/**
 * Money in whole øre. Amounts arrive and leave as decimal strings in kroner ("1250.50"); inside
 * the engine they are integers of øre, so that sums and comparisons are exact. Never a float.
 */

/** An amount in øre (1 krone = 100 øre). */
export type Ore = number;

/**
 * At most 9 999 999 999.99 kr (10^12 øre): a claim has at most 2 000 events, so every sum of its
 * amounts stays below 2^53 øre and exact as a JavaScript number.
 */
export const MAX_AMOUNT_KRONER = 9_999_999_999;
const AMOUNT = /^(0|[1-9][0-9]{0,9})(?:\.([0-9]{1,2}))?$/;

/**
 * Reads a non-negative decimal string with at most two decimals; undefined if it is not one.
 * @example parseAmount('1250.5') //=> 125050
 */
export function parseAmount(text: string): Ore | undefined {
  // The common shape "1250.00", read without a regular expression.
  const n = text.length;
  if (n >= 4 && n <= 13 && text.charCodeAt(n - 3) === 46) {
    let kr = 0;
    for (let i = 0; i < n - 3; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || (i === 0 && c === 0 && n > 4)) return undefined;
      kr = kr * 10 + c;
    }
    const d1 = text.charCodeAt(n - 2) - 48;
    const d2 = text.charCodeAt(n - 1) - 48;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    return kr * 100 + d1 * 10 + d2;
  }
  const m = AMOUNT.exec(text);
  if (!m) return undefined;
  const kroner = Number(m[1]);
  const decimals = (m[2] ?? '').padEnd(2, '0');
  return kroner * 100 + Number(decimals);
}

/** Like parseAmount, for amounts already validated; throws on a malformed one. */
export function ore(text: string): Ore {
  const v = parseAmount(text);
  if (v === undefined) throw new RangeError(`not an amount in kroner with at most two decimals: ${text}`);
  return v;
}

/**
 * Writes øre as kroner with two decimals.
 * @example formatAmount(125050) //=> '1250.50'
 */
export function formatAmount(value: Ore): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const kr = Math.floor(abs / 100);
  const o = abs - kr * 100;
  return `${sign}${kr}.${o < 10 ? '0' : ''}${o}`;
}
