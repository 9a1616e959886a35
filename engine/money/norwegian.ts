/**
 * Amounts as Norwegian writes them: "1 234,50" (no-break space between thousands, decimal comma).
 * The engine's messages, the CLI's text summary, the replay report and the editor all use these.
 */
import { formatAmount, type Ore } from './ore.ts';

/** "1234.50" → "1 234,50". A whole number ("1234") stays without decimals. */
export function krText(amount: string): string {
  const [int = '', dec] = amount.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}${dec !== undefined ? `,${dec}` : ''}`;
}

/** An amount in øre, written the Norwegian way with two decimals: 123450 → "1 234,50". */
export function kroner(value: Ore): string {
  return krText(formatAmount(value));
}
