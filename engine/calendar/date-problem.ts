/**
 * Why a text is not a date the engine takes (YYYY-MM-DD, a real day, from 1900 on), said so that
 * the sender sees what to change: `2024-02-30` is no typo of the form, February 2024 has 29 days.
 */
import { daysInMonth, MIN_YEAR } from './iso-date.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The reason `text` is not a date, or undefined when it is one (or is nothing like one: then the
 * form YYYY-MM-DD says it all).
 * @example whyNotADate('2023-02-29') //=> 'February 2023 has 28 days'
 * @example whyNotADate('15.03.2024') //=> 'write 15.03.2024 as 2024-03-15'
 */
export function whyNotADate(text: string): string | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) return `there is no month ${m[2]}`;
    if (d < 1) return 'there is no day 00';
    if (d > daysInMonth(y, mo)) return `${MONTHS[mo - 1]} ${m[1]} has ${daysInMonth(y, mo)} days`;
    if (y < MIN_YEAR) return `${text} is before ${MIN_YEAR}`;
    return undefined;
  }
  // A time or a zone after the date: an instant, where the law counts days.
  m = /^(\d{4}-\d{2}-\d{2})[T ]\d/.exec(text);
  if (m) return `a date has no time of day or time zone; write ${m[1]}`;
  // The way Norwegian writes it (15.03.2024), or a month or day of one digit.
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) {
    const iso = `${m[3]}-${two(Number(m[2]))}-${two(Number(m[1]))}`;
    const why = whyNotADate(iso);
    return why ? `${why}, and a date is written YYYY-MM-DD` : `write ${text} as ${iso}`;
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) {
    const iso = `${m[1]}-${two(Number(m[2]))}-${two(Number(m[3]))}`;
    return whyNotADate(iso) ?? `write the month and the day with two digits each: ${iso}`;
  }
  return undefined;
}

/** What a date must be, as the messages say it after the value's name. */
export const DATE_FORM = `must be a date (YYYY-MM-DD) from ${MIN_YEAR} on`;

/**
 * The reason a value is not a date, to follow DATE_FORM; empty when there is none to give.
 * @example dateReason(20240315) //=> ' (a date is text: "YYYY-MM-DD", in quotes)'
 * @example dateReason('2024-02-30') //=> ' (February 2024 has 29 days)'
 */
export function dateReason(value: unknown): string {
  if (typeof value === 'number') return ' (a date is text: "YYYY-MM-DD", in quotes)';
  const why = typeof value === 'string' && value.length <= 40 ? whyNotADate(value) : undefined;
  return why ? ` (${why})` : '';
}
