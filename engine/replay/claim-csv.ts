/**
 * A claim as CSV rows in the replay's layout (csv-map.ts): one row per event, the claim's fields
 * on every row. The generator writes CSV with it; reading the rows back gives the same claim.
 */
import { stringify } from 'csv-stringify/sync';
import type { Claim } from '../types.generated.ts';
import { CSV_FIELDS, type CsvField } from './csv-map.ts';

export const CSV_HEADER = `${stringify([[...CSV_FIELDS]])}`;

export function claimCsvRows(claim: Claim): string {
  const base: Partial<Record<CsvField, string>> = {
    claim_id: claim.id,
    debtor_kind: claim.debtor.kind,
    collection: claim.collection,
    creditor_vat: String(claim.creditor.vatRegistered),
    principal: claim.principal,
    interest_before_due: claim.interestBeforeDueDate ?? '',
    invoice_date: claim.invoiceDate,
    due_date: claim.dueDate ?? '',
    demand_date: claim.demandDate ?? '',
    delivery_date: claim.deliveryDate ?? '',
    due_date_agreed: claim.dueDateAgreedInAdvance === undefined ? '' : String(claim.dueDateAgreedInAdvance),
    debtor_id: claim.debtor.id ?? '',
    creditor_id: claim.creditor.id ?? '',
  };
  const rows = (claim.events.length ? claim.events : [undefined]).map((e) => {
    const row: Partial<Record<CsvField, string>> = { ...base };
    if (e) {
      row.event_type = e.type;
      row.event_date = e.date;
      if ('fee' in e && e.fee !== undefined) row.fee = e.fee;
      if ('deadlineDays' in e && e.deadlineDays !== undefined) row.deadline_days = String(e.deadlineDays);
      if ('amount' in e) row.amount = e.amount;
      if ('interest' in e && e.interest !== undefined) row.interest = e.interest;
      if ('allocation' in e && e.allocation) row.allocation = e.allocation.join('|');
      if ('tvangsgrunnlag' in e) row.tvangsgrunnlag = String(e.tvangsgrunnlag);
    }
    return CSV_FIELDS.map((f) => row[f] ?? '');
  });
  return stringify(rows);
}
