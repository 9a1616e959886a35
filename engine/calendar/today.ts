/**
 * Today as a Norwegian calendar day. The machine's clock is an instant and its time zone is often
 * UTC: between midnight and 01:00 (02:00 in summer) Norwegian time, the UTC date is still
 * yesterday's. A default "today" (the API's date, the editor's send date, the day a review is
 * recorded) is the date in Norway.
 */

let oslo: Intl.DateTimeFormat | undefined;

/**
 * Today's date in Norway (YYYY-MM-DD), whatever the machine's time zone.
 * @example osloToday(new Date('2026-12-06T23:30:00Z')) //=> '2026-12-07'
 */
export function osloToday(now: Date = new Date()): string {
  oslo ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
  return oslo.format(now);
}
