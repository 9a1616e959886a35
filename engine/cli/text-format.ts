/**
 * The readable Norwegian summary of a result (inkasso evaluate --format text): the claim, a
 * timeline with deadlines and holidays, interest per period, fees charged against lawful, breaches,
 * next steps, balance and warnings.
 */
import { dagerText, datoText } from '../calendar/index.ts';
import { claimForfall, EVENT_NAMES } from '../claim/index.ts';
import { violationExplanation } from '../evaluate/violation-explanation.ts';
import { krText } from '../money/index.ts';
import { plural } from '../text/plural.ts';
import type { Claim, Result } from '../types.generated.ts';
import { compareText } from '../text/compare.ts';
import { SALAER_GJELDER } from '../text/salaer.ts';

export function formatText(claim: Claim, r: Result): string {
  const lines: string[] = [];
  const push = (s = '') => lines.push(s);
  push(`Krav ${r.claimId} per ${datoText(r.asOf)}   (regelsett ${r.rulesVersion.slice(0, 12)})`);
  push(`Hovedstol ${krText(r.balance.principal)} kr · fakturadato ${datoText(claim.invoiceDate)} · ${claim.dueDate ? `forfall ${datoText(claim.dueDate)}` : `påkrav ${datoText(claim.demandDate!)} (ingen avtalt forfallsdato)`} · ${claim.debtor.kind === 'consumer' ? 'forbruker' : 'næringsdrivende'} · ${claim.collection}`);
  push();
  push('Tidslinje');
  type Row = { date: string; order: number; text: string };
  const rows: Row[] = [{ date: claimForfall(claim), order: 0, text: claim.dueDate ? 'Forfall' : 'Påkrav sendt (forfall)' }];
  claim.events.forEach((e, i) => {
    if (e.date > r.asOf) return;
    let text = EVENT_NAMES[e.type] ?? e.type;
    const fee = r.fees.find((f) => f.eventIndex === i);
    if (fee) text += `, gebyr ${krText(fee.charged)} kr (lovlig ${krText(fee.allowed)}${(fee.forfeited ?? []).map((x) => `; ${krText(x.amount)} kan ikke kreves: utelatt i brevet sendt ${datoText(x.date)}`).join('')})`;
    const p = r.payments.find((x) => x.eventIndex === i);
    if (p) text += ` ${krText(p.amount)} kr → kostnader ${krText(p.toCosts)}, renter ${krText(p.toInterest)}, hovedstol ${krText(p.toPrincipal)}${p.overpaid !== '0.00' ? `, for mye betalt ${krText(p.overpaid)}` : ''}`;
    const d = r.deadlines.find((x) => x.eventIndex === i);
    if (d) text += `, frist ${dagerText(d.deadlineDays)}`;
    if (r.violations.some((v) => v.eventIndex === i)) text += '  ⚠';
    rows.push({ date: e.date, order: 1 + i, text });
    if (d) {
      const note = d.rolledForward ? ` (forskjøvet fra ${d.endsOnHoliday ?? 'helligdag'})` : d.endsOnHoliday ? ` (${d.endsOnHoliday}; forskyves ikke)` : '';
      rows.push({ date: d.lastDay, order: 10_000 + i, text: `  siste betalingsdag for ${(EVENT_NAMES[d.type] ?? d.type).toLowerCase()}${note}` });
    }
  });
  rows.sort((a, b) => compareText(a.date, b.date) || a.order - b.order);
  for (const row of rows) push(`  ${datoText(row.date)}  ${row.text}`);
  push();
  push('Forsinkelsesrente');
  if (!r.interest.periods.length) push('  ingen');
  for (const p of r.interest.periods) {
    push(`  ${datoText(p.from)}–${datoText(p.to)}  ${String(p.days).padStart(4)} ${plural(p.days, 'dag', 'dager').padEnd(5)}  ${p.ratePercent.replace('.', ',').padStart(5)} %  /${p.divisor}  av ${krText(p.base).padStart(12)}  = ${krText(p.amount).padStart(10)}`);
  }
  push(`  Sum ${krText(r.interest.total)} kr`);
  if (r.fees.length) {
    push();
    push('Gebyrer og salær (krevd / tak / lovlig)');
    for (const f of r.fees) push(`  ${datoText(f.date)}  ${(EVENT_NAMES[f.type] ?? f.type).padEnd(22)} ${krText(f.charged).padStart(10)} / ${krText(f.cap).padStart(10)} / ${krText(f.allowed).padStart(10)}`);
  }
  push();
  push(r.violations.length ? `Brudd (${r.violations.length})` : 'Brudd: ingen');
  r.violations.forEach((v, i) => {
    push(`  ${v.date ? datoText(v.date) : '          '}  ${v.code}  ${v.message}  [${v.hjemmel}]`);
    // How the figure the message states came about, when the result has its trace.
    const why = violationExplanation(r, i);
    if (why) push(`              slik: ${why.explanation}${why.rules.length ? ` (${why.rules.map((u) => `${u.id} = ${u.value}, ${u.status}`).join('; ')})` : ''}`);
  });
  push();
  if (r.nextStepsBlocked) push(`Neste steg: ingen — ${r.nextStepsBlocked.message}`);
  else {
    push('Neste steg');
    for (const n of r.nextSteps) {
      const fee = n.maxFee !== '0.00' ? `, gebyr inntil ${krText(n.maxFee)} kr${n.feeEarliestDate ? ` fra ${datoText(n.feeEarliestDate)}` : ''}` : '';
      const frist = n.deadlineDays ? `, frist minst ${dagerText(n.deadlineDays)}${n.deadlineEnds ? ` (til ${datoText(n.deadlineEnds)})` : ''}` : '';
      push(`  ${n.title}: tidligst ${datoText(n.earliestDate)}${fee}${frist}  [${n.hjemmel}]`);
    }
  }
  if (r.salaer) {
    push();
    push(`Inkassosalær per ${datoText(r.salaer.date)} (grunnlag ${krText(r.salaer.band)} kr): lett ${krText(r.salaer.lett)} kr, tung ${krText(r.salaer.tung)} kr; gjelder nå: ${SALAER_GJELDER[r.salaer.applies]}`);
  }
  push();
  const b = r.balance;
  // What is time-barred is taken off in the sum itself, so that it adds up; an overpayment is said after it.
  const barred = b.timeBarred !== undefined && b.timeBarred !== '0.00' ? ` − foreldet ${krText(b.timeBarred)}` : '';
  push(`Saldo: hovedstol ${krText(b.principal)} + gebyrer ${krText(b.fees)} + renter ${krText(b.interest)} − betalt ${krText(b.paid)}${barred} = utestående ${krText(b.outstanding)} kr${b.overpaid !== '0.00' ? ` (for mye betalt ${krText(b.overpaid)})` : ''}`);
  push(`Foreldelse: ${foreldelseText(claim, r.foreldelse)}`);
  if (r.warnings.length) {
    push();
    push('Advarsler');
    for (const w of r.warnings) push(`  ${w.code}: ${w.message}`);
  }
  return lines.join('\n');
}

/**
 * While a case is pending (a forliksklage), no deadline runs: the date is then the deadline the
 * case interrupted, and is said as such, not as the last day.
 */
function foreldelseText(claim: Claim, f: Result['foreldelse']): string {
  if (f.timeBarred) return 'kravet er foreldet';
  if (!f.pending) return `siste dag ${datoText(f.date)}`;
  const by = f.interruptedBy !== undefined ? claim.events[f.interruptedBy] : undefined;
  const step = by ? `${(EVENT_NAMES[by.type] ?? by.type).toLowerCase()} ${datoText(by.date)}` : 'saken';
  return `løper ikke mens saken verserer (${step}; foreldelsesloven § 15); fristen den avbrøt var ${datoText(f.date)}`;
}
