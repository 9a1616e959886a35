/**
 * Dates as officers type them: "01.01.2027" (or 1.1.2027) as well as "2027-01-01". The files keep
 * ISO dates (YYYY-MM-DD); the pages show dd.mm.åååå. No imports: used by the pages and the server.
 */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function valid(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

/**
 * A typed date in ISO form, whether or not the day exists ("31.6.2027" → "2027-06-31"); undefined
 * when it is not written as a date at all.
 */
export function isoForm(input: string): string | undefined {
  const t = input.trim();
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : undefined;
}

/** "01.01.2027", "1.1.2027", "2027-01-01" → "2027-01-01"; undefined when it is not a real date. */
export function parseNorwegianDate(input: string): string | undefined {
  const iso = isoForm(input);
  return iso !== undefined && valid(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) ? iso : undefined;
}

/** "2027-01-01" → "01.01.2027" (anything else is returned as it is). */
export function norwegianDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso;
}
