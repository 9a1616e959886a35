/**
 * Legal dates. A date in this engine is a calendar day, never an instant: it is written YYYY-MM-DD
 * at the edges and held as a day number (days since 1970-01-01) inside, so that no time zone can
 * move it. Month and year arithmetic goes through date-fns on UTC dates (@date-fns/utc), which
 * clamps to the month's last day as domstolloven § 148 does ("31 January + 1 month" is 28/29 February).
 */
import { addMonths as addMonthsFns } from 'date-fns/addMonths';
// The minimal UTC date: getters and setters in UTC, which is all the arithmetic needs (the full
// UTCDate also builds three Intl formatters when loaded, for printing, which costs more than the rest).
import { UTCDateMini } from '@date-fns/utc/date/mini';

/** A calendar day as days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;

/**
 * Dates before 1900 are refused at the boundary: no rule reaches back so far, and a year such as
 * 0001 would print unpadded elsewhere.
 */
export const MIN_YEAR = 1900;

/**
 * Reads a YYYY-MM-DD string from 1900 on, or returns undefined when it is not a real calendar date.
 * @example parseIsoDate('2024-02-29') //=> 19782
 * @example parseIsoDate('2023-02-29') //=> undefined
 */
export function parseIsoDate(text: string): Day | undefined {
  // Read once: every date of every claim passes through here.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  return y < MIN_YEAR || !realDay(y, mo, d) ? undefined : dayFromParts(y, mo, d);
}

/**
 * The year of a YYYY-MM-DD string that names a real calendar day in any year from 0000 (RFC 3339
 * full-date, the schemas' `date` format), or undefined.
 */
export function calendarYear(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  return y >= 0 && realDay(y, digits(text, 5, 7), digits(text, 8, 10)) ? y : undefined;
}

/** Whether month and day (each -1 when not digits) name a day of the year's calendar. */
function realDay(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The number written by text[from, to) in decimal digits, or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Like parseIsoDate, for dates already validated; throws on a malformed one. */
export function day(text: string): Day {
  const d = parseIsoDate(text);
  if (d === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${text}`);
  return d;
}

/*
 * Day numbers and calendar dates convert by integer arithmetic on the proleptic Gregorian
 * calendar (the civil-from-days algorithm, as in C++ <chrono>): exact, allocation-free and blind
 * to time zones. The result is checked against JavaScript's own UTC calendar in the tests.
 */

/** The day for a year, month (1-12) and day of month. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The year, month (1-12) and day of month of a day. */
export function partsOfDay(d: Day): [year: number, month: number, dayOfMonth: number] {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth];
}

const TWO = Array.from({ length: 32 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * Writes a day as YYYY-MM-DD.
 * @example isoDate(19782) //=> '2024-02-29'
 */
export function isoDate(d: Day): string {
  // Days from 1970 to 2099 are written once and kept: results write the same dates again and again.
  if (d >= 0 && d < CACHED_DAYS && Number.isInteger(d)) return (ISO_CACHE[d] ??= writeIso(d));
  return writeIso(d);
}

const CACHED_DAYS = 47_482; // 2100-01-01
const ISO_CACHE: (string | undefined)[] = new Array<string | undefined>(CACHED_DAYS);

function writeIso(d: Day): string {
  const [y, m, dd] = partsOfDay(d);
  return `${y}-${TWO[m]}-${TWO[dd]}`;
}

/*
 * The first day of each year from 1900 to 2101, for yearOf and endOfYear: interest is split at
 * every new year and the replay counts findings by year, claim after claim.
 */
const YEARS_FROM = 1900;
const YEAR_STARTS = Int32Array.from({ length: 2102 - YEARS_FROM + 1 }, (_, i) => dayFromParts(YEARS_FROM + i, 1, 1));

/** The calendar year of a day. */
export function yearOf(d: Day): number {
  if (d >= YEAR_STARTS[0]! && d < YEAR_STARTS[YEAR_STARTS.length - 1]! && Number.isInteger(d)) {
    // An estimate that is at most one year off, then corrected.
    let i = Math.floor((d - YEAR_STARTS[0]!) / 365.2425);
    if (i >= YEAR_STARTS.length - 1) i = YEAR_STARTS.length - 2;
    while (YEAR_STARTS[i]! > d) i--;
    while (YEAR_STARTS[i + 1]! <= d) i++;
    return YEARS_FROM + i;
  }
  return partsOfDay(d)[0];
}

/** Whether a year has 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 365, or 366 in a leap year. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** The number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 31 December of the day's year. */
export function endOfYear(d: Day): Day {
  const y = yearOf(d);
  return y >= YEARS_FROM && y + 1 - YEARS_FROM < YEAR_STARTS.length ? YEAR_STARTS[y + 1 - YEARS_FROM]! - 1 : dayFromParts(y, 12, 31);
}

/** Day of the week: 0 Sunday, 1 Monday … 6 Saturday. */
export function weekday(d: Day): number {
  // 1970-01-01 was a Thursday (4).
  return (((d + 4) % 7) + 7) % 7;
}

function toUtc(d: Day): Date {
  return new UTCDateMini(d * MS_PER_DAY);
}

function fromUtc(date: Date): Day {
  return Math.round(date.getTime() / MS_PER_DAY);
}

// date-fns does the month and year arithmetic. The answers are remembered in a table for each
// number of months, indexed by day (1900–2100): the same few (a betalingsoppfordring + 6 months,
// a forfall + 3 years) come up for claim after claim, and reading a table is cheaper than asking a
// map. The numbers of months come from the rules, so there are few; past MAX_TABLES (a long-running
// editor that has seen many rule sets) the answer is simply worked out each time.
const TABLE_FROM = YEAR_STARTS[0]!;
const TABLE_DAYS = YEAR_STARTS[YEAR_STARTS.length - 1]! - TABLE_FROM;
const MAX_TABLES = 32;
const NOT_YET = -0x80000000;
const tables = new Map<number, Int32Array>();
let lastMonths = Number.NaN;
let lastTable: Int32Array | undefined;

function tableFor(months: number): Int32Array | undefined {
  if (months === lastMonths) return lastTable;
  let t = tables.get(months);
  if (t === undefined) {
    if (tables.size >= MAX_TABLES) return undefined;
    tables.set(months, (t = new Int32Array(TABLE_DAYS).fill(NOT_YET)));
  }
  lastMonths = months;
  lastTable = t;
  return t;
}

function monthsLater(d: Day, months: number): Day {
  return fromUtc(addMonthsFns(toUtc(d), months));
}

/** The same date n months later (clamped to the month's last day). */
export function addMonths(d: Day, months: number): Day {
  const i = d - TABLE_FROM;
  // Whole days and months only (i >>> 0 === i: a whole number from 0 to 2³² − 1).
  if (i >>> 0 === i && i < TABLE_DAYS && (months | 0) === months) {
    const t = tableFor(months);
    if (t !== undefined) {
      const known = t[i]!;
      if (known !== NOT_YET) return known;
      const r = monthsLater(d, months);
      // Kept only when it fits the table (a date-fns answer beyond its range is NaN).
      if ((r | 0) === r && r !== NOT_YET) t[i] = r;
      return r;
    }
  }
  return monthsLater(d, months);
}

/** The same date n years later (29 February becomes 28 February): date-fns's addYears is 12n months. */
export function addYears(d: Day, years: number): Day {
  return addMonths(d, years * 12);
}
