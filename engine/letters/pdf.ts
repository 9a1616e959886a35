/**
 * A letter as PDF (pdfkit, no browser), A4. Written in the standard Helvetica, which the PDF only
 * names, when its WinAnsi encoding has every character of the letter: the Norwegian letters
 * æ ø å, the sign §, and the rest of Western European text. A letter with a character beyond it (a
 * Sámi name such as Čoavddát or Áŋŋá, a Polish one) is written in DejaVu Sans, embedded (the
 * glyphs it uses), instead of printing that character wrong. A letter with a character neither can
 * print (a Chinese name, an emoji, Arabic or Hebrew) is not written as a PDF at all (PdfCannotPrint).
 * The same content as the HTML letter.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { datoText } from '../calendar/index.ts';
import { krText } from '../money/index.ts';
import { cannotPrint, pdfText, standardFontsCan } from '../text/pdf-printable.ts';
import { firstUnprintable, partyTexts, textName } from './printable.ts';
import type { Letter } from './letter.ts';

const MM = 72 / 25.4;

interface Fonts {
  readonly regular: string;
  readonly bold: string;
}

/**
 * A character of a letter the PDF cannot print as written: one DejaVu Sans has no glyph for (a
 * Chinese name, an emoji: it would be an empty box), or one of a script written right to left.
 * `where` is the JSON pointer of the text in the request (/debtor/name), or '' for the letter's
 * own text (rules/letters/). The HTML letter, which the reader's browser lays out, has them.
 */
export class PdfCannotPrint extends Error {
  readonly where: string;
  readonly character: string;
  constructor(where: string, character: string) {
    super(`${cannotPrint(character, textName(where))}; the letter as HTML has it`);
    this.where = where;
    this.character = character;
  }
}

/** Throws PdfCannotPrint for the first text of the letter it cannot print: the parties first. */
function checkPrintable(l: Letter): void {
  const bad = firstUnprintable([
    ['/claim/id', l.claimId],
    ...(l.creditor ? partyTexts('creditor', l.creditor) : []),
    ...(l.debtor ? partyTexts('debtor', l.debtor) : []),
    ['', JSON.stringify({ ...l, result: undefined })],
  ]);
  if (bad) throw new PdfCannotPrint(bad.where, bad.character);
}

/**
 * Whether a letter needs DejaVu Sans: the standard fonts cannot write all of it. Throws
 * PdfCannotPrint when neither can.
 */
function needsDejaVu(l: Letter): boolean {
  // Every text of the letter, printed or not, as the PDF would get it.
  if (standardFontsCan(pdfText(JSON.stringify(l)))) return false;
  checkPrintable(l);
  return true;
}

/** The fonts for a letter: Helvetica, or DejaVu Sans embedded (the glyphs it uses). */
function fontsFor(doc: PDFKit.PDFDocument, dejaVuSans: boolean): Fonts {
  if (!dejaVuSans) return { regular: 'Helvetica', bold: 'Helvetica-Bold' };
  const require = createRequire(import.meta.url);
  doc.registerFont('DejaVuSans', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  doc.registerFont('DejaVuSans-Bold', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  return { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' };
}

/** The letter as a PDF; rejects with PdfCannotPrint when a character of it cannot be printed. */
export async function letterPdf(l: Letter, o: { compress?: boolean } = {}): Promise<Buffer> {
  const dejaVuSans = needsDejaVu(l);
  // bufferPages: the pages are kept until the end, so that each can be numbered "side 2 av 3".
  const doc = new PDFDocument({ size: 'A4', margins: { top: 20 * MM, bottom: 22 * MM, left: 22 * MM, right: 18 * MM }, bufferPages: true, compress: o.compress ?? true, info: { Title: `${l.title} ${l.claimId}`, Producer: 'inkassomotor' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const fonts = fontsFor(doc, dejaVuSans);
  const c = l.creditor;
  doc.font(fonts.bold).fontSize(10.5).text(pdfText(c ? c.name : '(kreditor ikke oppgitt)'), { continued: false });
  doc.font(fonts.regular).fontSize(10.5);
  if (c?.organisationNumber) doc.text(`Org.nr. ${c.organisationNumber}`);
  for (const a of c?.address ?? []) doc.text(pdfText(a));
  doc.text(datoText(l.date), { align: 'right' });
  doc.moveDown(2);
  if (l.debtor) {
    for (const line of [l.debtor.name, ...(l.debtor.address ?? [])]) doc.text(pdfText(line), { width: width * 0.5 });
    doc.moveDown(2);
  }
  if (!l.lawful) doc.fillColor('#a00000').text(pdfText(`Steget er ikke lovlig denne dagen: ${l.violations.map((v) => v.message).join(' ')}`)).fillColor('#000000').moveDown();
  doc.font(fonts.bold).fontSize(17).text(pdfText(l.title)).moveDown(0.6);
  doc.font(fonts.regular).fontSize(10.5);
  const row = (leftText: string, rightText: string, bold = false) => {
    const left = pdfText(leftText);
    const right = pdfText(rightText);
    doc.font(bold ? fonts.bold : fonts.regular);
    // A row is kept whole on one page, its amount beside its text. Left to pdfkit, a row that
    // reached the bottom margin had its text carried to a new page and its amount printed on a
    // third (a statement of 120 payments took 19 pages, most of them with a line or two).
    const height = Math.max(doc.heightOfString(left, { width: width * 0.62 }), doc.heightOfString(right, { width: width * 0.36 }));
    if (doc.y + height > doc.page.maxY()) doc.addPage();
    const y = doc.y;
    doc.text(left, doc.page.margins.left, y, { width: width * 0.62 });
    const after = doc.y;
    doc.text(right, doc.page.margins.left + width * 0.64, y, { width: width * 0.36, align: l.statement ? 'right' : 'left' });
    doc.y = Math.max(after, doc.y) + 3;
    doc.x = doc.page.margins.left;
  };
  if (l.statement) {
    l.statement.forEach((s, i) => {
      row(s.basis ? `${s.text}\n${s.basis}` : s.text, s.amount !== undefined ? `${krText(s.amount)} kr` : '', i === l.statement!.length - 1);
    });
  } else {
    for (const f of l.fields) if (f.kind === 'figure' && f.id !== 'kreditor') row(f.label ?? f.title, f.text);
  }
  doc.moveDown();
  for (const f of l.fields) if (f.kind === 'statement' && f.id !== 'overskrift') doc.font(fonts.regular).text(pdfText(f.text), { width }).moveDown(0.5);
  if (c?.account && !l.statement) doc.text(pdfText(`Betal til konto ${c.account}, merk betalingen med ${l.claimId}.`), { width });
  doc.moveDown(2).fontSize(8.5).fillColor('#555555').text(pdfText(`${l.hjemmel} · regelverk ${l.rulesVersion.slice(0, 12)}`), { width });
  numberPages(doc, fonts, `${l.title} ${l.claimId}`, width);
  doc.end();
  return done;
}

/**
 * A letter of more than one page gets, at the foot of each, what it is and which page of how many
 * ("Kravspesifikasjon F-2026-17 · side 2 av 3"), so that a loose page can be put back.
 */
function numberPages(doc: PDFKit.PDFDocument, fonts: Fonts, what: string, width: number): void {
  const { start, count } = doc.bufferedPageRange();
  if (count < 2) return;
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    // In the bottom margin: without it set to 0 for the moment, pdfkit would take text there as
    // running off the page and start a new one.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(fonts.regular).fontSize(8.5).fillColor('#555555').text(pdfText(`${what} · side ${i + 1} av ${count}`), doc.page.margins.left, doc.page.height - bottom + 8 * MM, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
