/**
 * The main thread reads only each CSV record's claim id (fieldOf), to put a claim's rows together;
 * the workers read every field, a record without quotes by splitting it (plainValues), any other
 * with csv-parse. Both must read what csv-parse reads from every record, whatever its quotes,
 * white space and delimiter: here against csv-parse itself.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fieldOf, plainValues } from '../../engine/replay/read-csv.ts';
import { amountText } from '../../engine/money/index.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const plainChars = fc.constantFrom('a', 'Z', '0', '9', '-', '_', 'ø', ' ', '\u00a0', '\u2003', '\ufeff', '"', "'", '=', '.', ',', ';', '|', '\t');
const quotedChars = fc.constantFrom('a', '1', ' ', '"', ',', ';', '|', '\t', '\n', 'å', '\u00a0');
const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0');

/** A field as a CSV file may write it: plain (quotes inside it are characters) or quoted. */
function field(delimiter: string): fc.Arbitrary<string> {
  const plain = fc.array(plainChars, { maxLength: 8 }).map((cs) => cs.join(''))
    // A plain field holds no delimiter, and does not begin (after white space) with a quote.
    .filter((t) => !t.includes(delimiter) && !/^\s*"/.test(t));
  const quoted = fc.tuple(space, fc.array(quotedChars, { maxLength: 8 }), space)
    .filter(([before, , after]) => !before.includes(delimiter) && !after.includes(delimiter))
    .map(([before, cs, after]) => `${before}"${cs.join('').replaceAll('"', '""')}"${after}`);
  return fc.oneof(plain, quoted);
}

describe('the claim id read on the main thread', () => {
  it('is the field csv-parse reads (trim, quotes, relax_quotes), in every column, for every delimiter; so are the values of a record without quotes', () => {
    for (const delimiter of DELIMITERS) {
      fc.assert(fc.property(fc.array(field(delimiter), { minLength: 1, maxLength: 6 }), (fields) => {
        const text = fields.join(delimiter);
        let rows: string[][];
        try {
          rows = parse(text, { delimiter, trim: true, relax_column_count: true, relax_quotes: true });
        } catch {
          return; // csv-parse refuses it: csvItems then reports the record, whatever its id
        }
        if (rows.length !== 1) return; // blank: skipped before any id is read
        for (let column = 0; column <= rows[0]!.length; column++) {
          expect(fieldOf(text, column, delimiter), `${JSON.stringify(text)} column ${column}`).toBe(rows[0]![column] ?? '');
        }
        const plain = plainValues(text, delimiter);
        if (plain) expect(plain, JSON.stringify(text)).toEqual(rows[0]);
        else expect(text.includes('"') || text.includes('\r')).toBe(true);
      }), { numRuns: 2000, seed: 11 });
    }
  });

  it('reads the cases a spreadsheet writes', () => {
    expect(fieldOf('K-1,consumer', 0, ',')).toBe('K-1');
    expect(fieldOf('  K-1  ;x', 0, ';')).toBe('K-1');
    expect(fieldOf('"K-1, AS";x', 0, ';')).toBe('K-1, AS');
    expect(fieldOf(' "K ""1"" " ,x', 0, ',')).toBe('K "1" ');
    expect(fieldOf('a\t"b\nc"\tK-9', 2, '\t')).toBe('K-9');
    expect(fieldOf('a,b', 5, ',')).toBe('');
    expect(fieldOf('x"y,z', 0, ',')).toBe('x"y');
    expect(plainValues(' K-1 ; consumer ;', ';')).toEqual(['K-1', 'consumer', '']);
    expect(plainValues('K-1,"consumer"', ',')).toBeUndefined();
    expect(plainValues('K-1,a\rb', ',')).toBeUndefined();
    expect(plainValues(`K-1,${'x'.repeat(400_000)}`, ',')).toBeUndefined(); // csv-parse decides on its size
  });
});

describe('an amount as a spreadsheet writes it', () => {
  // amountText before it gave back an amount already written as a claim writes it without looking further.
  function reference(text: string, decimalComma: boolean): string {
    let s = text.replace(/[\s\u00a0\u202f]/g, '');
    if (decimalComma) {
      if (s.includes('.') && s.includes(',')) s = s.replace(/\./g, '');
      s = s.replace(',', '.');
    }
    return /^-?\d+(\.\d+)?$/.test(s) ? s : text;
  }

  it('is read as claims write amounts, whatever its separators and spaces', () => {
    expect(amountText('10 000,00')).toBe('10000.00');
    expect(amountText('1.250,50')).toBe('1250.50');
    expect(amountText('762,5')).toBe('762.5');
    expect(amountText('1250.50')).toBe('1250.50');
    expect(amountText('1,250.50', false)).toBe('1,250.50');
    expect(amountText('tusen')).toBe('tusen');
    const text = fc.array(fc.constantFrom('0', '1', '9', '.', ',', '-', ' ', '\u00a0', '\u202f', 'e', 'x'), { maxLength: 10 }).map((cs) => cs.join(''));
    fc.assert(fc.property(text, fc.boolean(), (t, decimalComma) => {
      expect(amountText(t, decimalComma)).toBe(reference(t, decimalComma));
    }), { numRuns: 5000, seed: 20261207 });
  });
});
