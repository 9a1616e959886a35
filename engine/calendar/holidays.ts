/**
 * Norwegian public holidays (helligdager and the høytidsdager 1 and 17 May), from the maintained
 * date-holidays library (country NO, type public), computed once per year and cached.
 * Saturdays are not holidays, but deadlines that roll forward skip them too (domstolloven § 149).
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { holidayTable } from './holiday-table.ts';
import { dayFromParts, weekday, yearOf, type Day } from './iso-date.ts';

/** The built package carries the library's answers for these years (scripts/build.ts). */
export const FIRST_TABLE_YEAR = 1900;
export const LAST_TABLE_YEAR = 2100;

let library: Holidays | undefined;
const byYear = new Map<number, Map<Day, string>>();

/** The public holidays of a year, day → Norwegian name. */
export function publicHolidays(year: number): ReadonlyMap<Day, string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map();
    const known = holidayTable && year >= holidayTable.first && year <= holidayTable.last ? holidayTable.years[year] : undefined;
    if (known) {
      for (const [date, name] of known) {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        days.set(dayFromParts(y, m, d), name);
      }
      byYear.set(year, days);
      return days;
    }
    // Loaded on first use: the built package looks up 1900–2100 in its table.
    library ??= new (createRequire(import.meta.url)('date-holidays') as typeof Holidays)('NO');
    for (const h of library.getHolidays(year)) {
      if (h.type !== 'public') continue;
      // h.date is the local date string 'YYYY-MM-DD hh:mm:ss'; h.start is an Oslo instant. Use the string.
      const [y, m, d] = h.date.slice(0, 10).split('-').map(Number) as [number, number, number];
      days.set(dayFromParts(y, m, d), h.name);
    }
    byYear.set(year, days);
  }
  return days;
}

/** The holiday's name if the day is a public holiday, else undefined. */
export function holidayName(d: Day): string | undefined {
  return publicHolidays(yearOf(d)).get(d);
}

/*
 * Whether a day is a working day, remembered in a flat table over the years of the holiday table
 * (0 not yet known, 1 working day, 2 not): deadlines ask it for day after day, claim after claim.
 */
const TABLE_FROM = dayFromParts(FIRST_TABLE_YEAR, 1, 1);
const workingDays = new Uint8Array(dayFromParts(LAST_TABLE_YEAR + 1, 1, 1) - TABLE_FROM);

function computeWorkingDay(d: Day): boolean {
  const wd = weekday(d);
  if (wd === 0 || wd === 6) return false;
  return !publicHolidays(yearOf(d)).has(d);
}

/** Not a Saturday, not a Sunday, not a public holiday. */
export function isWorkingDay(d: Day): boolean {
  const i = d - TABLE_FROM;
  if (i < 0 || i >= workingDays.length) return computeWorkingDay(d);
  const known = workingDays[i]!;
  if (known !== 0) return known === 1;
  const working = computeWorkingDay(d);
  workingDays[i] = working ? 1 : 2;
  return working;
}

/** The day itself if it is a working day, otherwise the next working day. */
export function nextWorkingDay(d: Day): Day {
  let x = d;
  while (!isWorkingDay(x)) x += 1;
  return x;
}
