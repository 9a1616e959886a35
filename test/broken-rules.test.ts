/**
 * Broken rule sets (test/broken-rules/<case>/): the files under rules/ replace or add to the
 * bundled rules, and expected.txt lists every problem validation must report, as
 * `file:line:col CODE` — no more, no less.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, formatDiagnostic, parseRules, readRuleSources } from '../engine/node.ts';
import { diagnosticText } from '../editor/lib/diagnostics-nb.ts';
import { letterHtml } from '../engine/letters/html.ts';
import { buildLetter } from '../engine/letters/letter.ts';
import { letterPdf } from '../engine/letters/pdf.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./broken-rules/', import.meta.url));
const bundled = readRuleSources(BUNDLED_RULES_DIR);

function overlay(dir: string) {
  const files = new Map(bundled.map((s) => [s.path, s]));
  for (const s of readRuleSources(`${dir}/rules`)) files.set(s.path, s);
  return parseRules([...files.values()]);
}

describe('broken rule sets', () => {
  for (const name of readdirSync(root).sort()) {
    it(`${name}: reports every problem at its file:line:col`, () => {
      const { ruleSet, diagnostics } = overlay(`${root}${name}`);
      expect(ruleSet).toBeUndefined();
      const got = diagnostics.map((d) => formatDiagnostic(d).replace(/^([^ ]+): .*\[([A-Z_]+)\]$/, '$1 $2'));
      const want = readFileSync(`${root}${name}/expected.txt`, 'utf8').trim().split('\n');
      expect(got).toEqual(want);
    });
  }

  it('never lets a __proto__ key reach an object prototype', () => {
    overlay(`${root}wrong-place`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the property and what is wrong in a message such as "valid_from must be a date (YYYY-MM-DD) from 1900 on (there is no month 13)"', () => {
    const { diagnostics } = overlay(`${root}bad-date-overlap-missing-ref`);
    expect(diagnostics.map((d) => d.message)).toContain('valid_from must be a date (YYYY-MM-DD) from 1900 on (there is no month 13)');
    // And to an officer: the field by its name in the forms, and the reason in Norwegian.
    expect(diagnosticText('SCHEMA', 'valid_from must be a date (YYYY-MM-DD) from 1900 on (there is no month 13)')).toBe('gyldig fra må være en dato (ÅÅÅÅ-MM-DD) fra 1900 eller senere (det finnes ingen måned 13)');
    expect(diagnosticText('SCHEMA', 'valid_to must be a date (YYYY-MM-DD) from 1900 on (June 2027 has 30 days, and a date is written YYYY-MM-DD)')).toBe('gyldig til må være en dato (ÅÅÅÅ-MM-DD) fra 1900 eller senere (juni 2027 har 30 dager, og en dato skrives ÅÅÅÅ-MM-DD)');
    expect(diagnosticText('SCHEMA', 'valid_from must be a date (YYYY-MM-DD) from 1900 on (1899-12-31 is before 1900)')).toBe('gyldig fra må være en dato (ÅÅÅÅ-MM-DD) fra 1900 eller senere (31.12.1899 er før 1900)');
  });

  it('says why an amount in a rule file is none, to the command line and in Norwegian to an officer', () => {
    const path = 'parameters/rettslig/rettsgebyr.yaml';
    const text = bundled.find((x) => x.path === path)!.text;
    const messages = (from: string, to: string) => {
      const files = bundled.map((x) => (x.path === path ? { path, text: text.replace(from, to) } : x));
      return parseRules(files).diagnostics.map((x) => [x.message, diagnosticText(x.code, x.message)]);
    };
    // YAML reads an unquoted 1025.00 as a number: the most likely slip in the YAML editor.
    expect(messages('value: "1025.00"', 'value: 1025.00')).toEqual([[
      'value must be an amount in kroner with at most two decimals, never negative and at most 9999999999.99 (e.g. "1250.00"); write it in quotes: "1025" (a number is read as a binary fraction, which can lose øre)',
      'verdien må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00"); skriv det i anførselstegn: "1025" (et tall uten anførselstegn leses som en binær brøk, som kan miste øre)',
    ]]);
    expect(messages('value: "1025.00"', 'value: "1 025,00"')[0]![1]).toBe('verdien må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00"); skriv "1 025,00" som "1025.00"');
    expect(messages('value: "1025.00"', 'value: "1025.005"')[0]![1]).toBe('verdien må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00"); "1025.005" har 3 desimaler');
    expect(messages('value: "1025.00"', 'value: "-1025.00"')[0]![1]).toBe('verdien må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00"); "-1025.00" er negativt');
    expect(messages('value: "1025.00"', 'value: "01025.00"')[0]![1]).toBe('verdien må være et beløp i kroner med høyst to desimaler, aldri negativt (for eksempel "1250.00"); "01025.00" har en null foran kronene');
  });

  it('says how to write a rate, a fraction or a multiplier written the Norwegian way or without quotes', () => {
    const messages = (path: string, from: string, to: string) => {
      const text = bundled.find((x) => x.path === path)!.text;
      expect(text).toContain(from);
      const files = bundled.map((x) => (x.path === path ? { path, text: text.replace(from, to) } : x));
      return parseRules(files).diagnostics.map((x) => [x.message, diagnosticText(x.code, x.message)]);
    };
    const rate = 'parameters/rente/forsinkelsesrente.yaml';
    // YAML reads value: 12.25 as a number, which the engine does not take for a rate: it said
    // only "value must be a string".
    expect(messages(rate, 'value: "12.25"', 'value: 12.25')).toEqual([[
      'value must be a percentage as a decimal string (e.g. "12.25"); write it in quotes: "12.25"',
      'verdien må være en prosentsats med punktum, i anførselstegn (for eksempel "12.25"); skriv det i anførselstegn: "12.25"',
    ]]);
    expect(messages(rate, 'value: "12.25"', 'value: "12,25"')).toEqual([[
      'value must be a percentage as a decimal string (e.g. "12.25"); write "12,25" as "12.25"',
      'verdien må være en prosentsats med punktum, i anførselstegn (for eksempel "12.25"); skriv "12,25" som "12.25"',
    ]]);
    expect(messages(rate, 'value: "12.25"', 'value: "12.25 %"')[0]![0]).toBe('value must be a percentage as a decimal string (e.g. "12.25"); write "12.25 %" as "12.25"');
    expect(messages(rate, 'value: "12.25"', 'value: "tolv"')[0]![0]).toBe('value must be a percentage as a decimal string (e.g. "12.25")');
    expect(messages('parameters/salaer/tillegg-naeringsdrivende.yaml', 'value: "1.5"', 'value: "1,5"')).toEqual([[
      'value must be a decimal number as a string (e.g. "1.5"); write "1,5" as "1.5"',
      'verdien må være et desimaltall med punktum, i anførselstegn (for eksempel "1.5"); skriv "1,5" som "1.5"',
    ]]);
    // A key with nothing after its colon is null in YAML: said as no value, not as "must be a string".
    expect(messages(rate, 'hjemmel: forsinkelsesrenteloven § 3 første ledd', 'hjemmel:')[0]).toEqual([
      'hjemmel has no value (null); it must be a string',
      'hjemmel har ingen verdi: skriv den etter kolonet',
    ]);
    // An empty rate or date: said as no value, with the form to write it in.
    expect(messages(rate, 'value: "12.25"', 'value:')[0]).toEqual([
      'value has no value (null); it must be a percentage as a decimal string (e.g. "12.25")',
      'verdien mangler: skriv den etter kolonet; den må være en prosentsats med punktum, i anførselstegn (for eksempel "12.25")',
    ]);
    expect(messages(rate, 'valid_from: 2004-07-01', 'valid_from:')[0]).toEqual([
      'valid_from has no value (null); it must be a date (YYYY-MM-DD) from 1900 on',
      'gyldig fra har ingen verdi: skriv den etter kolonet; den må være en dato (ÅÅÅÅ-MM-DD) fra 1900 eller senere',
    ]);
    expect(messages('parameters/gebyrer/purring-andel.yaml', 'value: "1/20"', 'value: 0.05')).toEqual([[
      'value must be a fraction ("1/20") or a decimal ("0.05"); write it in quotes: "0.05"',
      'verdien må være en brøk ("1/20") eller et desimaltall med punktum ("0.05"), i anførselstegn; skriv det i anførselstegn: "0.05"',
    ]]);
  });

  it('tells an officer in Norwegian what is wrong with a message\'s placeholders', () => {
    const { diagnostics } = overlay(`${root}message-placeholders`);
    expect(diagnostics.map((x) => diagnosticText(x.code, x.message))).toEqual([
      'meldingen bruker {earlist}, som dette bruddet ikke har (det har {earliest}, {period}; en parameter skrives med sin id, for eksempel {frister.frist-for-nytt-gebyr})',
      'meldingen bruker {period}, som dette bruddet ikke har (det har ingen tall; en parameter skrives med sin id, for eksempel {frister.frist-for-nytt-gebyr})',
      '«frister.betalingsanmerkning-ettter» finnes ikke (det er ingen frister/betalingsanmerkning-ettter.yaml under parameters/ eller policies/)',
      'meldingen bruker «salaer.salaersatser», som er en tabell; en melding kan bare oppgi én verdi',
    ]);
  });

  it('says in Norwegian that a text must be filled in, or how long it must be', () => {
    expect(diagnosticText('SCHEMA', 'hjemmel must not be empty')).toBe('hjemmel må fylles ut');
    expect(diagnosticText('SCHEMA', 'hjemmel must not be shorter than 3 characters')).toBe('hjemmel må ha minst 3 tegn');
  });

  it('says what a name in the rules must look like, not the pattern it failed', () => {
    const { diagnostics } = overlay(`${root}id-pattern`);
    expect(diagnostics.map((x) => x.message)).toEqual(['columns[1] must be lower-case letters, digits and _, starting with a letter']);
    expect(diagnostics.map((x) => diagnosticText(x.code, x.message))).toEqual(['columns[1] må være små bokstaver, sifre og _, og begynne med en bokstav']);
  });

  it('says in Norwegian that a letter field\'s printed label belongs to a figure', () => {
    const { diagnostics } = overlay(`${root}letter-label`);
    expect(diagnostics.map((x) => diagnosticText(x.code, x.message))).toEqual(['fields[0]: feltet «label» kan bare brukes sammen med «figure»']);
  });

  it('warns, at the text, of a letter text the PDF cannot print, and still loads the rules', async () => {
    // An emoji in a title, a hjemmel or a label, Hebrew in a text: every PDF of that letter would be refused.
    const purring = bundled.find((s) => s.path === 'letters/purring.yaml')!;
    const text = purring.text.replace('title: Purring\n', 'title: Purring 📬\n').replace('\nhjemmel: inkassoforskriften §§ 1-2 og 1-3; inkassoloven § 3a\n', '\nhjemmel: inkassoforskriften §§ 1-2 og 1-3 📜; inkassoloven § 3a\n').replace('label: Gebyr for denne purringen\n', 'label: Gebyr for denne purringen 💸\n').replace('    text: Purring\n', '    text: Purring שלום\n');
    const { ruleSet, diagnostics } = parseRules(bundled.map((s) => (s === purring ? { ...s, text } : s)));
    expect(ruleSet).toBeDefined();
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'rules/letters/purring.yaml:2:8: warning: the PDF cannot print "📬" (U+1F4EC) in the letter\'s title: the fonts the PDF can embed do not have it; every PDF of this letter would be refused (the HTML letter has it) [UNPRINTABLE_TEXT]',
      'rules/letters/purring.yaml:9:10: warning: the PDF cannot print "📜" (U+1F4DC) in the letter\'s hjemmel: the fonts the PDF can embed do not have it; every PDF of this letter would be refused (the HTML letter has it) [UNPRINTABLE_TEXT]',
      'rules/letters/purring.yaml:16:11: warning: the PDF cannot print "ש" (U+05E9) in the field\'s text: it is written right to left, which the PDF cannot lay out; every PDF of this letter would be refused (the HTML letter has it) [UNPRINTABLE_TEXT]',
      'rules/letters/purring.yaml:44:12: warning: the PDF cannot print "💸" (U+1F4B8) in the field\'s label: the fonts the PDF can embed do not have it; every PDF of this letter would be refused (the HTML letter has it) [UNPRINTABLE_TEXT]',
    ]);
    expect(diagnostics.map((x) => diagnosticText(x.code, x.message))).toEqual([
      'PDF-brevet kan ikke skrive «📬» (U+1F4EC) i tittelen til brevet: skriftene PDF-en kan bygge inn, har det ikke; alle PDF-er av dette brevet vil bli avvist (HTML-brevet har tegnet)',
      'PDF-brevet kan ikke skrive «📜» (U+1F4DC) i hjemmelen til brevet: skriftene PDF-en kan bygge inn, har det ikke; alle PDF-er av dette brevet vil bli avvist (HTML-brevet har tegnet)',
      'PDF-brevet kan ikke skrive «ש» (U+05E9) i teksten til feltet: tegnet skrives fra høyre mot venstre, og det kan ikke PDF-en; alle PDF-er av dette brevet vil bli avvist (HTML-brevet har tegnet)',
      'PDF-brevet kan ikke skrive «💸» (U+1F4B8) i ledeteksten til feltet: skriftene PDF-en kan bygge inn, har det ikke; alle PDF-er av dette brevet vil bli avvist (HTML-brevet har tegnet)',
    ]);
    // As warned: the purring's PDF is refused, its HTML written.
    const claim = { ...JSON.parse(readFileSync(fileURLToPath(new URL('../examples/claim-egeninkasso.json', import.meta.url)), 'utf8')), events: [] };
    const letter = buildLetter(ruleSet!, claim, { step: 'purring', date: '2024-04-02' });
    await expect(letterPdf(letter)).rejects.toThrow('the PDF cannot print "📬" (U+1F4EC) in the letter\'s own text (rules/letters/): the fonts the PDF can embed do not have it; the letter as HTML has it');
    expect(letterHtml(letter)).toContain('Purring 📬');
  });

  it('loads the bundled rules without a single problem', () => {
    const { ruleSet, diagnostics } = parseRules(bundled);
    expect(diagnostics).toEqual([]);
    expect(ruleSet?.version).toMatch(/^[0-9a-f]{64}$/);
  });
});
