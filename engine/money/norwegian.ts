/**
 * Amounts as Norwegian writes them: "1 234,50" (no-break space between thousands, decimal comma).
 * The engine's messages, the CLI's text summary, the replay report and the editor all use these.
 */
import type { Ore } from './ore.ts';

/** "1234.50" → "1 234,50". A whole number ("1234") stays without decimals. */
export function krText(amount: string): string {
  const dot = amount.indexOf('.');
  const int = dot < 0 ? amount : amount.slice(0, dot);
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  // Three digits or fewer have no thousands to group (most fees): no pattern to run.
  const grouped = digits.length > 3 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : digits;
  if (dot < 0) return `${sign}${grouped}`;
  const next = amount.indexOf('.', dot + 1);
  return `${sign}${grouped},${next < 0 ? amount.slice(dot + 1) : amount.slice(dot + 1, next)}`;
}

/** An amount in øre, written the Norwegian way with two decimals: 123450 → "1 234,50". */
export function kroner(value: Ore): string {
  // The same as krText(formatAmount(value)), written directly: violation messages need it often.
  const abs = Math.abs(value);
  let kr = Math.floor(abs / 100);
  const o = abs - kr * 100;
  let grouped = '';
  while (kr >= 1000) {
    const r = kr % 1000;
    grouped = `\u00a0${r < 10 ? '00' : r < 100 ? '0' : ''}${r}${grouped}`;
    kr = Math.floor(kr / 1000);
  }
  return `${value < 0 ? '-' : ''}${kr}${grouped},${o < 10 ? '0' : ''}${o}`;
}
