/**
 * Legal dates. A date in this engine is a calendar day, never an instant: it is written YYYY-MM-DD
 * at the edges and held as a day number (days since 1970-01-01) inside, so that no time zone can
 * move it. Month and year arithmetic goes through date-fns on UTC dates (@date-fns/utc), which
 * clamps to the month's last day as domstolloven § 148 does ("31 January + 1 month" is 28/29 February).
 */
import { addMonths as addMonthsUtc } from 'date-fns/addMonths';
import { addYears as addYearsUtc } from 'date-fns/addYears';
import { UTCDate } from '@date-fns/utc';

/** A calendar day as days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a YYYY-MM-DD string, or returns undefined when it is not a real calendar date.
 * @example parseIsoDate('2024-02-29') //=> 19782
 * @example parseIsoDate('2023-02-29') //=> undefined
 */
export function parseIsoDate(text: string): Day | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayFromParts(y, mo, d);
}

/** Like parseIsoDate, for dates already validated; throws on a malformed one. */
export function day(text: string): Day {
  const d = parseIsoDate(text);
  if (d === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${text}`);
  return d;
}

/** The day for a year, month (1-12) and day of month. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

/**
 * Writes a day as YYYY-MM-DD.
 * @example isoDate(19782) //=> '2024-02-29'
 */
export function isoDate(d: Day): string {
  return new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar year of a day. */
export function yearOf(d: Day): number {
  return new Date(d * MS_PER_DAY).getUTCFullYear();
}

/** Whether a year has 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 365, or 366 in a leap year. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 31 December of the day's year. */
export function endOfYear(d: Day): Day {
  return dayFromParts(yearOf(d), 12, 31);
}

/** Day of the week: 0 Sunday, 1 Monday … 6 Saturday. */
export function weekday(d: Day): number {
  // 1970-01-01 was a Thursday (4).
  return (((d + 4) % 7) + 7) % 7;
}

function toUtc(d: Day): UTCDate {
  return new UTCDate(d * MS_PER_DAY);
}

function fromUtc(date: Date): Day {
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** The same date n months later (clamped to the month's last day). */
export function addMonths(d: Day, months: number): Day {
  return fromUtc(addMonthsUtc(toUtc(d), months));
}

/** The same date n years later (29 February becomes 28 February). */
export function addYears(d: Day, years: number): Day {
  return fromUtc(addYearsUtc(toUtc(d), years));
}
