/**
 * A letter as PDF (pdfkit, no browser): A4, the standard Helvetica, whose WinAnsi encoding has
 * the Norwegian letters æ ø å and the sign §. The same content as the HTML letter.
 */
import PDFDocument from 'pdfkit';
import { datoText } from '../calendar/index.ts';
import { krText } from '../money/index.ts';
import type { Letter } from './letter.ts';

const MM = 72 / 25.4;

/** The few characters the standard fonts' WinAnsi encoding lacks, written with those it has. */
const pdfText = (s: string) => s.replace(/→/g, '->').replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/−/g, '-').replace(/[\u2009\u202f]/g, ' ');

export function letterPdf(l: Letter, o: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 20 * MM, bottom: 22 * MM, left: 22 * MM, right: 18 * MM }, compress: o.compress ?? true, info: { Title: `${l.title} ${l.claimId}`, Producer: 'inkassomotor' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const c = l.creditor;
  doc.font('Helvetica-Bold').fontSize(10.5).text(pdfText(c ? c.name : '(kreditor ikke oppgitt)'), { continued: false });
  doc.font('Helvetica').fontSize(10.5);
  if (c?.organisationNumber) doc.text(`Org.nr. ${c.organisationNumber}`);
  for (const a of c?.address ?? []) doc.text(a);
  doc.text(datoText(l.date), { align: 'right' });
  doc.moveDown(2);
  if (l.debtor) {
    for (const line of [l.debtor.name, ...(l.debtor.address ?? [])]) doc.text(pdfText(line), { width: width * 0.5 });
    doc.moveDown(2);
  }
  if (!l.lawful) doc.fillColor('#a00000').text(pdfText(`Steget er ikke lovlig denne dagen: ${l.violations.map((v) => v.message).join(' ')}`)).fillColor('#000000').moveDown();
  doc.font('Helvetica-Bold').fontSize(17).text(l.title).moveDown(0.6);
  doc.font('Helvetica').fontSize(10.5);
  const row = (left: string, right: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(pdfText(left), doc.page.margins.left, y, { width: width * 0.62 });
    const after = doc.y;
    doc.text(pdfText(right), doc.page.margins.left + width * 0.64, y, { width: width * 0.36, align: l.statement ? 'right' : 'left' });
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
  for (const f of l.fields) if (f.kind === 'statement' && f.id !== 'overskrift') doc.font('Helvetica').text(pdfText(f.text), { width }).moveDown(0.5);
  if (c?.account && !l.statement) doc.text(`Betal til konto ${c.account}, merk betalingen med ${l.claimId}.`, { width });
  doc.moveDown(2).fontSize(8.5).fillColor('#555555').text(pdfText(`${l.hjemmel} · regelverk ${l.rulesVersion.slice(0, 12)}`), { width });
  doc.end();
  return done;
}
