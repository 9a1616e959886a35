/**
 * The string formats the schemas use beyond plain patterns. `date` is RFC 3339's full-date, as
 * ajv-formats checks it (four digits, two, two, and a real calendar day), read by character codes
 * instead of a regular expression: a claim carries a date for every event, and replay checks
 * every claim. `date-time` is ajv-formats' own. The build gives the precompiled validators the same
 * functions (dist/validators/formats.cjs).
 */
import { createRequire } from 'node:module';
import type { FormatDefinition } from 'ajv';
import type { fullFormats as FullFormats } from 'ajv-formats/dist/formats.js';
import { calendarYear } from '../calendar/iso-date.ts';

/** RFC 3339 full-date: YYYY-MM-DD naming a real day (any year from 0000). */
export function isFullDate(s: string): boolean {
  return calendarYear(s) !== undefined;
}

/** As ajv-formats compares dates (for formatMinimum and formatMaximum). */
function compareDates(a: string, b: string): number | undefined {
  if (!(a && b)) return undefined;
  return a > b ? 1 : a < b ? -1 : 0;
}

let dateTime: (typeof FullFormats)['date-time'] | undefined;

export const FORMATS = {
  date: { type: 'string', validate: isFullDate, compare: compareDates } satisfies FormatDefinition<string>,
  /** Only the API's and the replay summary's schemas use it: ajv-formats is loaded when one of their validators is. */
  get 'date-time'(): (typeof FullFormats)['date-time'] {
    return (dateTime ??= (createRequire(import.meta.url)('ajv-formats/dist/formats.js') as { fullFormats: typeof FullFormats }).fullFormats['date-time']);
  },
};
