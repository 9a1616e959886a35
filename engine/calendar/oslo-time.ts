/**
 * Time as a clock in Norway shows it. The machine's clock gives instants, and its time zone is
 * often UTC (a server) or anything (a browser abroad): between midnight and 01:00 (02:00 in
 * summer) Norwegian time the UTC date is still yesterday's, and a UTC time is an hour or two
 * behind the officer's own. A default "today" (the API's date, the editor's send date, the day a
 * review is recorded) and every time the editor shows (published, approved, saved) are Norwegian.
 */

let dateFormat: Intl.DateTimeFormat | undefined;
let clockFormat: Intl.DateTimeFormat | undefined;

/**
 * Today's date in Norway (YYYY-MM-DD), whatever the machine's time zone. The caller reads the
 * clock (the engine never does): osloToday(new Date()).
 * @example osloToday(new Date('2026-12-06T23:30:00Z')) //=> '2026-12-07'
 */
export function osloToday(now: Date): string {
  dateFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
  return dateFormat.format(now);
}

/** A date (YYYY-MM-DD) and a time of day (HH:MM) on a clock in Norway. */
export interface OsloClock {
  readonly date: string;
  readonly time: string;
}

/**
 * An instant (a Date, or an ISO timestamp such as the editor's records keep) as a clock in Norway
 * shows it; undefined for a text that is no instant.
 * @example osloClock('2026-12-06T13:05:00.000Z') //=> { date: '2026-12-06', time: '14:05' }
 */
export function osloClock(instant: Date | string): OsloClock | undefined {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(t)) return undefined;
  clockFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p: Record<string, string> = {};
  for (const { type, value } of clockFormat.formatToParts(t)) p[type] = value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const LOCAL = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?$/;

/**
 * A moment given as text, as an instant: a timestamp with its zone (Z or +01:00) as it says; a
 * date, or a date and time without a zone, as Norwegian time (what an officer means by
 * "2026-03-29 14:00"). Undefined for a text that is no moment.
 * @example osloInstant('2026-12-06 14:05') //=> Date for 2026-12-06T13:05:00Z
 */
export function osloInstant(text: string): Date | undefined {
  const m = LOCAL.exec(text.trim());
  if (!m) {
    // Only a full timestamp with a zone; Date.parse would read other texts by the machine's zone.
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text.trim())) return undefined;
    const t = Date.parse(text.trim());
    return Number.isFinite(t) ? new Date(t) : undefined;
  }
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'].map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(wall);
  // Not a real date or time (2026-02-30, 25:00).
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi) return undefined;
  // The wall-clock time less Norway's offset then (found twice: the offset at the guess may be the
  // other side of a change between winter and summer time).
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

/** Norway's offset from UTC at an instant, in milliseconds (one or two hours). */
function offsetAt(t: number): number {
  const c = osloClock(new Date(t))!;
  const shown = Date.UTC(+c.date.slice(0, 4), +c.date.slice(5, 7) - 1, +c.date.slice(8, 10), +c.time.slice(0, 2), +c.time.slice(3, 5));
  return shown - Math.floor(t / 60_000) * 60_000;
}
