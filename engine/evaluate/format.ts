/**
 * How figures appear in messages: Norwegian amounts ("1 234,50") and dates ("02.05.2024").
 */
import { isoDate, type Day } from '../calendar/index.ts';
import { formatAmount, type Ore } from '../money/index.ts';

export function kroner(value: Ore): string {
  const [int, dec] = formatAmount(value).split('.') as [string, string];
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${dec}`;
}

export function dato(d: Day): string {
  const [y, m, dd] = isoDate(d).split('-');
  return `${dd}.${m}.${y}`;
}

/** Fills {name} placeholders; unknown placeholders are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}
