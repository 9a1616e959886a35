/**
 * Why a value is not an amount the engine takes (kroner as a decimal string, at most two
 * decimals, never negative, at most 9 999 999 999.99), said so that the sender sees what to
 * change: "1250,50" is an amount written the Norwegian way, 1250 a number without quotes.
 */
import { amountText } from './norwegian.ts';
import { MAX_AMOUNT_KRONER, parseAmount } from './ore.ts';

/**
 * The reason `value` is not an amount, or undefined when it is one (or is nothing like one).
 * @example whyNotAnAmount('1 250,50') //=> 'write "1 250,50" as "1250.50"'
 * @example whyNotAnAmount(-5) //=> '-5 is negative, and an amount is written in quotes (a number is …)'
 * @example whyNotAnAmount(1250) //=> 'write it in quotes: "1250" (a number is read as a binary fraction, which can lose øre)'
 * @example whyNotAnAmount('1250.505') //=> '"1250.505" has 3 decimals'
 */
export function whyNotAnAmount(value: unknown): string | undefined {
  if (typeof value === 'number') {
    const s = String(value);
    // -5 would next be refused as "-5.00": both said at once.
    if (value < 0) return `${s} is negative, and an amount is written in quotes (a number is read as a binary fraction, which can lose øre)`;
    return `write it in quotes${parseAmount(s) !== undefined ? `: "${s}"` : ', such as "1250.00"'} (a number is read as a binary fraction, which can lose øre)`;
  }
  if (typeof value !== 'string' || value.length > 40 || parseAmount(value) !== undefined) return undefined;
  const t = value.trim();
  if (/^-\s*\d/.test(t)) return `${JSON.stringify(value)} is negative`;
  // Written the Norwegian way (1 250,50), or with kroner named (kr 100, 100 NOK).
  const bare = t.replace(/^(kr\.?|nok)\s*|\s*(kr\.?|nok|,-)$/gi, '');
  // Written the English way (1,250.50 or 1,250,000): the commas group the thousands. "1,250"
  // alone could be either, and is read the Norwegian way.
  const english = /^\d{1,3}(,\d{3})+\.\d+$|^\d{1,3}(,\d{3}){2,}$/.test(bare);
  const plain = english ? bare.replace(/,/g, '') : amountText(bare);
  if (parseAmount(plain) !== undefined) return `write ${JSON.stringify(value)} as ${JSON.stringify(plain)}`;
  // What is wrong with the digits is said only where no comma made them (1,250.505 may be meant
  // either way).
  const m = /^(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!m || bare.includes(',')) return undefined;
  const quoted = JSON.stringify(value);
  if ((m[2] ?? '').length > 2) return `${quoted} has ${m[2]!.length} decimals`;
  return Number(m[1]) > MAX_AMOUNT_KRONER ? `${quoted} is more than ${MAX_AMOUNT_KRONER}.99` : `${quoted} has a zero before the kroner`;
}
