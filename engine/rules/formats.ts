/**
 * The string formats the schemas use beyond plain patterns. `date` is RFC 3339's full-date, as
 * ajv-formats checks it (four digits, two, two, and a real calendar day), read by character codes
 * instead of a regular expression: a claim carries a date for every event, and replay checks
 * every claim. `date-time` is ajv-formats' own. The build gives the precompiled validators the same
 * functions (dist/validators/formats.cjs).
 */
import type { FormatDefinition } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';

function twoOrFour(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** RFC 3339 full-date: YYYY-MM-DD naming a real day (any year from 0000). */
export function isFullDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = twoOrFour(s, 0, 4);
  const month = twoOrFour(s, 5, 7);
  const day = twoOrFour(s, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** As ajv-formats compares dates (for formatMinimum and formatMaximum). */
function compareDates(a: string, b: string): number | undefined {
  if (!(a && b)) return undefined;
  return a > b ? 1 : a < b ? -1 : 0;
}

export const FORMATS = {
  date: { type: 'string', validate: isFullDate, compare: compareDates } satisfies FormatDefinition<string>,
  'date-time': fullFormats['date-time'],
} as const;
