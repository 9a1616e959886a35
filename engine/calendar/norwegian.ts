/** Dates as Norwegian writes them: "02.05.2024". */
import { plural } from '../text/plural.ts';
import { isoDate, type Day } from './iso-date.ts';

/** "2024-05-02" → "02.05.2024". */
export function datoText(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** A number of days as Norwegian writes it: "1 dag", "14 dager". */
export function dagerText(n: number): string {
  return `${n} ${plural(n, 'dag', 'dager')}`;
}

/** A day number as "02.05.2024". */
export function dato(d: Day): string {
  return datoText(isoDate(d));
}
