/**
 * A letter as one self-contained HTML page (no scripts, no links out) that prints cleanly on A4:
 * the creditor's name and the date at the top, the debtor's name and address when given, the
 * heading, the figures in a table under their printed labels, the required statements as text,
 * and the fee shown apart from the principal. For the claim statement, the lines with their basis.
 */
import { datoText } from '../calendar/index.ts';
import { krText } from '../money/index.ts';
import type { Letter } from './letter.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  @page { size: A4; margin: 20mm 18mm 22mm 22mm; }
  html { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
  body { max-width: 170mm; margin: 0 auto; }
  header { display: flex; justify-content: space-between; gap: 12mm; margin-bottom: 14mm; }
  header .from { font-weight: 600; }
  address.to { font-style: normal; margin: 0 0 12mm; min-height: 20mm; }
  h1 { font-size: 17pt; margin: 0 0 6mm; }
  table { border-collapse: collapse; width: 100%; margin: 4mm 0 6mm; }
  th, td { text-align: left; padding: 1.6mm 2mm; border-bottom: 0.3mm solid #bbb; vertical-align: top; }
  td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr.total td { font-weight: 700; border-bottom: 0.6mm solid #111; }
  p.statement { margin: 3mm 0; }
  .basis { color: #555; font-size: 9pt; }
  footer { margin-top: 12mm; font-size: 8.5pt; color: #555; border-top: 0.3mm solid #bbb; padding-top: 2mm; }
  .warning { border: 0.5mm solid #a00; padding: 3mm; color: #a00; }
  @media print { .warning, tr { break-inside: avoid; } }
`;

export function letterHtml(l: Letter): string {
  const figures = l.fields.filter((f) => f.kind === 'figure' && f.id !== 'kreditor');
  const statements = l.fields.filter((f) => f.kind === 'statement' && f.id !== 'overskrift');
  const creditor = l.creditor;
  const rows = l.statement
    ? l.statement.map((s, i) => `<tr${i === l.statement!.length - 1 ? ' class="total"' : ''}><td>${esc(s.text)}${s.basis ? `<div class="basis">${esc(s.basis)}</div>` : ''}</td><td class="amount">${s.amount !== undefined ? `${esc(krText(s.amount))} kr` : ''}</td></tr>`).join('\n')
    : figures.map((f) => `<tr><th scope="row">${esc(f.label ?? f.title)}</th><td>${esc(f.text)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>${esc(l.title)} – ${esc(l.claimId)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div class="from">${creditor ? `${esc(creditor.name)}${creditor.organisationNumber ? `<br>Org.nr. ${esc(creditor.organisationNumber)}` : ''}${(creditor.address ?? []).map((a) => `<br>${esc(a)}`).join('')}` : '(kreditor ikke oppgitt)'}</div>
  <div class="date">${esc(datoText(l.date))}</div>
</header>
${l.debtor ? `<address class="to">${esc(l.debtor.name)}${(l.debtor.address ?? []).map((a) => `<br>${esc(a)}`).join('')}</address>` : ''}
${l.lawful ? '' : `<p class="warning">Steget er ikke lovlig denne dagen: ${esc(l.violations.map((v) => v.message).join(' '))}</p>`}
<h1>${esc(l.title)}</h1>
<table>
${rows}
</table>
${statements.map((f) => `<p class="statement">${esc(f.text)}</p>`).join('\n')}
${creditor?.account && !l.statement ? `<p class="statement">Betal til konto ${esc(creditor.account)}, merk betalingen med ${esc(l.claimId)}.</p>` : ''}
<footer>${esc(l.hjemmel)} · regelverk ${esc(l.rulesVersion.slice(0, 12))}</footer>
</body>
</html>
`;
}
