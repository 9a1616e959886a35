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

/**
 * An amount as a person or a Norwegian spreadsheet writes it, as a claim's amount text: "10 000,00"
 * → "10000.00", "1.250,50" → "1250.50", "762,5" → "762.5"; "1250.50" stays. With `decimalComma`
 * false, a comma is not read as the decimal mark. A text that is no number is given back as it
 * is, so that the claim's check names it where it stands.
 */
export function amountText(text: string, decimalComma = true): string {
  // Already as a claim writes it (as nearly every exported amount is): nothing to take out.
  if (AMOUNT_TEXT.test(text)) return text;
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (decimalComma) {
    if (s.includes('.') && s.includes(',')) s = s.replace(/\./g, '');
    s = s.replace(',', '.');
  }
  return AMOUNT_TEXT.test(s) ? s : text;
}

const AMOUNT_TEXT = /^-?\d+(\.\d+)?$/;

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
