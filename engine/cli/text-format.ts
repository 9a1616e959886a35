/**
 * The readable Norwegian summary of a result (inkasso evaluate --format text): the claim, a
 * timeline with deadlines and holidays, interest per period, fees charged against lawful, breaches,
 * next steps, balance and warnings.
 */
import type { Claim, Result } from '../types.generated.ts';

const kr = (s: string) => {
  const [int, dec] = s.split('.') as [string, string];
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${dec}`;
};
const dato = (s: string) => `${s.slice(8, 10)}.${s.slice(5, 7)}.${s.slice(0, 4)}`;

const EVENT_NAME: Record<string, string> = {
  purring: 'Purring',
  inkassovarsel: 'Inkassovarsel',
  betalingsoppfordring: 'Betalingsoppfordring',
  rettslig_inndriving: 'Rettslig inndriving',
  standardkompensasjon: 'Standardkompensasjon',
  salaer: 'Inkassosalær',
  payment: 'Innbetaling',
  dispute: 'Innsigelse',
  dispute_resolved: 'Innsigelse avklart',
  acknowledgment: 'Erkjennelse',
};

export function formatText(claim: Claim, r: Result): string {
  const lines: string[] = [];
  const push = (s = '') => lines.push(s);
  push(`Krav ${r.claimId} per ${dato(r.asOf)}   (regelsett ${r.rulesVersion.slice(0, 12)})`);
  push(`Hovedstol ${kr(r.balance.principal)} kr · fakturadato ${dato(claim.invoiceDate)} · forfall ${dato(claim.dueDate)} · ${claim.debtor.kind === 'consumer' ? 'forbruker' : 'næringsdrivende'} · ${claim.collection}`);
  push();
  push('Tidslinje');
  type Row = { date: string; order: number; text: string };
  const rows: Row[] = [{ date: claim.dueDate, order: 0, text: 'Forfall' }];
  claim.events.forEach((e, i) => {
    if (e.date > r.asOf) return;
    let text = EVENT_NAME[e.type] ?? e.type;
    const fee = r.fees.find((f) => f.eventIndex === i);
    if (fee) text += `, gebyr ${kr(fee.charged)} kr (lovlig ${kr(fee.allowed)})`;
    const p = r.payments.find((x) => x.eventIndex === i);
    if (p) text += ` ${kr(p.amount)} kr → kostnader ${kr(p.toCosts)}, renter ${kr(p.toInterest)}, hovedstol ${kr(p.toPrincipal)}${p.overpaid !== '0.00' ? `, for mye betalt ${kr(p.overpaid)}` : ''}`;
    const d = r.deadlines.find((x) => x.eventIndex === i);
    if (d) text += `, frist ${d.deadlineDays} dager`;
    if (r.violations.some((v) => v.eventIndex === i)) text += '  ⚠';
    rows.push({ date: e.date, order: 1 + i, text });
    if (d) {
      const note = d.rolledForward ? ` (forskjøvet fra ${d.endsOnHoliday ?? 'helligdag'})` : d.endsOnHoliday ? ` (${d.endsOnHoliday}; forskyves ikke)` : '';
      rows.push({ date: d.lastDay, order: 10_000 + i, text: `  siste betalingsdag for ${(EVENT_NAME[d.type] ?? d.type).toLowerCase()}${note}` });
    }
  });
  rows.sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order);
  for (const row of rows) push(`  ${dato(row.date)}  ${row.text}`);
  push();
  push('Forsinkelsesrente');
  if (!r.interest.periods.length) push('  ingen');
  for (const p of r.interest.periods) {
    push(`  ${dato(p.from)}–${dato(p.to)}  ${String(p.days).padStart(4)} dager  ${p.ratePercent.replace('.', ',').padStart(5)} %  /${p.divisor}  av ${kr(p.base).padStart(12)}  = ${kr(p.amount).padStart(10)}`);
  }
  push(`  Sum ${kr(r.interest.total)} kr`);
  if (r.fees.length) {
    push();
    push('Gebyrer og salær (krevd / tak / lovlig)');
    for (const f of r.fees) push(`  ${dato(f.date)}  ${(EVENT_NAME[f.type] ?? f.type).padEnd(22)} ${kr(f.charged).padStart(10)} / ${kr(f.cap).padStart(10)} / ${kr(f.allowed).padStart(10)}`);
  }
  push();
  push(r.violations.length ? `Brudd (${r.violations.length})` : 'Brudd: ingen');
  for (const v of r.violations) push(`  ${v.date ? dato(v.date) : '          '}  ${v.code}  ${v.message}  [${v.hjemmel}]`);
  push();
  if (r.nextStepsBlocked) push(`Neste steg: ingen — ${r.nextStepsBlocked.message}`);
  else {
    push('Neste steg');
    for (const n of r.nextSteps) {
      const fee = n.maxFee !== '0.00' ? `, gebyr inntil ${kr(n.maxFee)} kr${n.feeEarliestDate ? ` fra ${dato(n.feeEarliestDate)}` : ''}` : '';
      const frist = n.deadlineDays ? `, frist minst ${n.deadlineDays} dager${n.deadlineEnds ? ` (til ${dato(n.deadlineEnds)})` : ''}` : '';
      push(`  ${n.title}: tidligst ${dato(n.earliestDate)}${fee}${frist}  [${n.hjemmel}]`);
    }
  }
  if (r.salaer) {
    push();
    push(`Inkassosalær per ${dato(r.salaer.date)} (grunnlag ${kr(r.salaer.band)} kr): lett ${kr(r.salaer.lett)} kr, tung ${kr(r.salaer.tung)} kr; gjelder nå: ${r.salaer.applies}`);
  }
  push();
  const b = r.balance;
  push(`Saldo: hovedstol ${kr(b.principal)} + gebyrer ${kr(b.fees)} + renter ${kr(b.interest)} − betalt ${kr(b.paid)} = utestående ${kr(b.outstanding)} kr${b.overpaid !== '0.00' ? ` (for mye betalt ${kr(b.overpaid)})` : ''}`);
  push(`Foreldelse: ${r.foreldelse.timeBarred ? 'kravet er foreldet' : `siste dag ${dato(r.foreldelse.date)}`}`);
  if (r.warnings.length) {
    push();
    push('Advarsler');
    for (const w of r.warnings) push(`  ${w.code}: ${w.message}`);
  }
  return lines.join('\n');
}
