/**
 * Norwegian public holidays (helligdager and the høytidsdager 1 and 17 May), from the maintained
 * date-holidays library (country NO, type public), computed once per year and cached.
 * Saturdays are not holidays, but deadlines that roll forward skip them too (domstolloven § 149).
 */
import Holidays from 'date-holidays';
import { dayFromParts, weekday, yearOf, type Day } from './iso-date.ts';

let library: Holidays | undefined;
const byYear = new Map<number, Map<Day, string>>();

/** The public holidays of a year, day → Norwegian name. */
export function publicHolidays(year: number): ReadonlyMap<Day, string> {
  let days = byYear.get(year);
  if (!days) {
    library ??= new Holidays('NO');
    days = new Map();
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

/** Not a Saturday, not a Sunday, not a public holiday. */
export function isWorkingDay(d: Day): boolean {
  const wd = weekday(d);
  if (wd === 0 || wd === 6) return false;
  return !publicHolidays(yearOf(d)).has(d);
}

/** The day itself if it is a working day, otherwise the next working day. */
export function nextWorkingDay(d: Day): Day {
  let x = d;
  while (!isWorkingDay(x)) x += 1;
  return x;
}
