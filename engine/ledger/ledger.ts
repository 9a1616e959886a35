/**
 * The postings a claim gives rise to in the creditor's books, from the same evaluation as
 * everything else: the receivable opened by the invoice, each lawful fee and the forsinkelsesrente
 * as income outside the VAT base (VAT code 7, merverdiavgiftsloven § 4-1 annet ledd), payments as
 * they came in, a write-off as a loss and a payment after it as a recovery. The chart of accounts
 * is configuration, not law: the default follows the SAF-T standard accounts (NS 4102) as
 * practice uses them, and a user passes their own. Every posting has a debit and a credit of the
 * same amount, so the postings balance; the receivable's balance is what the debtor owes
 * (until a write-off, after which the claim is no longer carried as an asset).
 */
import { createRequire } from 'node:module';
import { addMonths, datoText, day, isoDate } from '../calendar/index.ts';
import { EVENT_NAMES } from '../claim/index.ts';
import { evaluateClaim, evaluateStated, type ResultWarning } from '../evaluate/index.ts';
import { formatAmount, interestToOre, krText, ore, periodInterest, rateToMicros, type Ore } from '../money/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { Claim, LedgerAccounts, Result } from '../types.generated.ts';

export interface Accounts {
  /** Kundefordringer. */
  readonly receivable: string;
  /** Where the invoice's amount is credited when the ledger opens the receivable (the sale itself is booked by the invoicing system). */
  readonly sales: string;
  /** Purregebyr, inkassovarsel and betalingsoppfordring fees, salær, standardkompensasjon and court fees charged. */
  readonly fees: string;
  /** Forsinkelsesrente charged to customers. */
  readonly interest: string;
  readonly bank: string;
  /** A confirmed loss (tap på fordringer, fradragsberettiget). */
  readonly loss: string;
  /** Payment received on a claim written off before. */
  readonly recovery: string;
  /** What a debtor paid beyond what it owed. */
  readonly overpaid: string;
  /** Interest and costs that can no longer be claimed (time-barred). */
  readonly timeBarred: string;
  /** The SAF-T VAT code for income outside the VAT base. */
  readonly noVatCode: string;
}

/** law-next § 3.2: 1500, 3900 and 8055 with VAT code 7, 7830 for losses, 7820 for recoveries. */
export const DEFAULT_ACCOUNTS: Accounts = {
  receivable: '1500', sales: '3000', fees: '3900', interest: '8055', bank: '1920', loss: '7830', recovery: '7820', overpaid: '2900', timeBarred: '7835', noVatCode: '7',
} satisfies Required<LedgerAccounts>; // every account the API's definition names, and no other

export interface Posting {
  readonly date: string;
  readonly debit: string;
  readonly credit: string;
  readonly amount: string;
  /** SAF-T VAT code, when the amount has a VAT treatment of its own (7: none). */
  readonly vatCode?: string;
  readonly text: string;
  /** The claim event the posting comes from. */
  readonly eventIndex?: number;
}

export interface Ledger {
  readonly kind: 'inkassomotor.ledger';
  readonly claimId: string;
  readonly asOf: string;
  readonly rulesVersion: string;
  readonly accounts: Accounts;
  readonly postings: readonly Posting[];
  /** Each account's balance, debit positive. */
  readonly balances: Readonly<Record<string, string>>;
  /** What the debtor owes as of the date (the evaluation's balance.outstanding). */
  readonly outstanding: string;
  /**
   * What the postings' amounts rest on that has one source (VALUE_UNCONFIRMED, CHOICE_UNCONFIRMED)
   * and what the evaluation as of the date says of the balance (evaluateStated): not the next
   * steps' warnings, which post nothing.
   */
  readonly warnings: readonly ResultWarning[];
  /** A write-off, with the evidence merverdiavgiftsforskriften § 4-7-1 (1) b asks for. */
  readonly writeOff?: {
    readonly date: string;
    readonly amount: string;
    /** Unpaid six months after forfall despite at least three reminders at normal intervals. */
    readonly criterionB: boolean;
    readonly sixMonthsAfterForfall: string;
    readonly reminders: readonly string[];
  };
}

/**
 * The amount to post for each interest period, adding up to the total. Rounded per period (policy
 * avrunding.rente), the periods' own amounts do. Rounded once, the total is the exact sum rounded:
 * each line is then the running exact sum rounded, less the lines before it, which is never
 * negative (putting the whole difference on the last line could make it so: three periods of 0.01
 * each against a total of 0.01). Periods are exact from their base, rate, days and divisor.
 */
export function interestLines(periods: Result['interest']['periods'], total: Ore): Ore[] {
  const own = periods.map((p) => ore(p.amount));
  if (own.reduce((s, x) => s + x, 0) === total) return own;
  let exact = 0n;
  let before = 0;
  const lines = periods.map((p) => {
    exact += periodInterest(ore(p.base), rateToMicros(p.ratePercent), p.days, p.divisor as 365 | 366);
    const upTo = interestToOre(exact);
    const line = upTo - before;
    before = upTo;
    return line;
  });
  if (before !== total) throw new Error(`the interest periods add up to ${formatAmount(before)}, not to the total ${formatAmount(total)}`);
  return lines;
}

/** The postings of a claim up to a date. */
export function buildLedger(rules: RuleSet, claim: Claim, asOf: string, accounts: Accounts = DEFAULT_ACCOUNTS): Ledger {
  const { result, warnings } = evaluateStated(rules, claim, day(asOf));
  return ledgerOf(rules, claim, asOf, result, warnings, accounts);
}

/** The same, from the claim's result as of the date (without trace) and its warnings (evaluateStated). */
function ledgerOf(rules: RuleSet, claim: Claim, asOf: string, result: Result, warnings: readonly ResultWarning[], accounts: Accounts): Ledger {
  const { postings, writeOff } = postingsOf(rules, claim, asOf, result, accounts);
  const balances = new Map<string, Ore>();
  for (const p of postings) {
    balances.set(p.debit, (balances.get(p.debit) ?? 0) + ore(p.amount));
    balances.set(p.credit, (balances.get(p.credit) ?? 0) - ore(p.amount));
  }
  const a = formatAmount;
  return {
    kind: 'inkassomotor.ledger', claimId: claim.id, asOf, rulesVersion: result.rulesVersion, accounts,
    postings,
    balances: Object.fromEntries([...balances].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, v < 0 ? `-${a(-v)}` : a(v)])),
    outstanding: result.balance.outstanding,
    warnings,
    ...(writeOff ? { writeOff } : {}),
  };
}

/**
 * The ledger's postings in date order, and its write-off: the ledger without the accounts'
 * balances, which replay --ledger does not write.
 */
export function postingsOf(rules: RuleSet, claim: Claim, asOf: string, result: Result, accounts: Accounts = DEFAULT_ACCOUNTS): { readonly postings: readonly Posting[]; readonly writeOff?: Ledger['writeOff'] } {
  const writeOff = claim.events.map((e, i) => ({ e, i })).find(({ e }) => e.type === 'write_off' && e.date <= asOf);
  // Up to a write-off the books follow the claim; from it, the receivable is gone.
  const booksTo = writeOff ? writeOff.e.date : asOf;
  const atBooks: Result = writeOff ? evaluateClaim(rules, { ...claim, events: claim.events.filter((e) => e.date <= booksTo) }, { asOf: booksTo, trace: false }) : result;
  const postings: Posting[] = [];
  const post = (p: Posting) => { if (ore(p.amount) > 0) postings.push(p); };
  const a = formatAmount;

  post({ date: claim.invoiceDate, debit: accounts.receivable, credit: accounts.sales, amount: claim.principal, text: `Faktura ${claim.id}` });
  for (const f of atBooks.fees) {
    // A fee a later betalingsoppfordring left out was lawful when charged: it is booked then, and
    // reversed on the letter's day, when it could no longer be claimed.
    const lost = (f.forfeited ?? []).reduce((s, x) => s + ore(x.amount), 0);
    post({ date: f.date, debit: accounts.receivable, credit: accounts.fees, amount: a(ore(f.allowed) + lost), vatCode: accounts.noVatCode, text: `${EVENT_NAMES[f.type] ?? f.type}, lovlig gebyr (krevd ${krText(f.charged)}, tak ${krText(f.cap)})`, eventIndex: f.eventIndex });
    for (const x of f.forfeited ?? []) {
      post({ date: x.date, debit: accounts.fees, credit: accounts.receivable, amount: x.amount, vatCode: accounts.noVatCode, text: `${EVENT_NAMES[f.type] ?? f.type} ${datoText(f.date)}, utelatt i brevet sendt ${datoText(x.date)}: kan ikke kreves`, eventIndex: x.eventIndex });
    }
  }
  // Interest per period, in lines that add up to the total.
  const periods = atBooks.interest.periods;
  interestLines(periods, ore(atBooks.interest.total)).forEach((amount, i) => {
    const p = periods[i]!;
    post({ date: p.to, debit: accounts.receivable, credit: accounts.interest, amount: a(amount), vatCode: accounts.noVatCode, text: `Forsinkelsesrente ${datoText(p.from)}–${datoText(p.to)}, ${p.ratePercent.replace('.', ',')} %` });
  });
  for (const p of atBooks.payments) {
    const applied = ore(p.toCosts) + ore(p.toInterest) + ore(p.toPrincipal);
    post({ date: p.date, debit: accounts.bank, credit: accounts.receivable, amount: a(applied), text: `Innbetaling (kostnader ${krText(p.toCosts)}, renter ${krText(p.toInterest)}, hovedstol ${krText(p.toPrincipal)})`, eventIndex: p.eventIndex });
    post({ date: p.date, debit: accounts.bank, credit: accounts.overpaid, amount: p.overpaid, text: 'Innbetalt mer enn kravet', eventIndex: p.eventIndex });
  }
  const barred = ore(atBooks.balance.timeBarred ?? '0.00');
  if (barred > 0) post({ date: booksTo, debit: accounts.timeBarred, credit: accounts.receivable, amount: a(barred), text: 'Foreldet (kan ikke lenger kreves)' });

  let wo: Ledger['writeOff'];
  if (writeOff) {
    const amount = ore(atBooks.balance.outstanding);
    post({ date: writeOff.e.date, debit: accounts.loss, credit: accounts.receivable, amount: a(amount), text: `Konstatert tap, faktura ${claim.id}`, eventIndex: writeOff.i });
    // Paid after the write-off: a recovery, not a reduction of the receivable.
    for (const p of result.payments) {
      if (p.date <= writeOff.e.date) continue;
      post({ date: p.date, debit: accounts.bank, credit: accounts.recovery, amount: p.amount, text: 'Innbetalt på tidligere avskrevet fordring', eventIndex: p.eventIndex });
    }
    const forfall = day(claim.dueDate ?? claim.demandDate!);
    const sixMonths = isoDate(addMonths(forfall, 6));
    // Reminders in the sense of § 4-7-1 (1) b: the letters of the ladder (steps with a deadline).
    const isLetter = (type: string, date: string) => rules.steps.some((s) => s.event === type && s.letter && s.validFrom <= day(date) && day(date) <= s.validTo);
    const reminders = claim.events.filter((e) => e.date <= writeOff.e.date && isLetter(e.type, e.date)).map((e) => e.date).sort();
    wo = { date: writeOff.e.date, amount: a(amount), criterionB: writeOff.e.date >= sixMonths && reminders.length >= 3 && amount > 0, sixMonthsAfterForfall: sixMonths, reminders };
  }

  postings.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return wo ? { postings, writeOff: wo } : { postings };
}

/**
 * csv-stringify, loaded the first time a ledger is written as CSV: the engine's other users (the
 * CLI's evaluate, which loads the whole library through its shared chunk) never pay for it.
 */
let stringify: typeof import('csv-stringify/sync').stringify | undefined;

/** The postings as general-ledger rows, the CSV's cells: each posting is a debit row and a credit row. */
export function ledgerRows(claimId: string, postings: readonly Posting[]): string[][] {
  const rows: string[][] = [];
  for (const p of postings) {
    const ev = p.eventIndex === undefined ? '' : String(p.eventIndex);
    rows.push([claimId, p.date, p.debit, p.vatCode ?? '', p.amount, '', p.text, ev]);
    rows.push([claimId, p.date, p.credit, p.vatCode ?? '', '', p.amount, p.text, ev]);
  }
  return rows;
}

/**
 * Ledger rows as general-ledger lines (CSV). A cell that starts with =, +, -, @, a tab or a
 * carriage return (a claim id is the integrator's text) is written with a ' before it, so that a
 * spreadsheet opening the file shows it instead of running it as a formula (CSV injection). The
 * JSON ledger has the id as given. csv-stringify sets itself up anew on every call, which takes
 * about as long as writing six rows: replay --ledger gives it the rows of several claims at once.
 */
export function ledgerRowsCsv(rows: readonly (readonly string[])[], header = true): string {
  stringify ??= (createRequire(import.meta.url)('csv-stringify/sync') as typeof import('csv-stringify/sync')).stringify;
  return stringify(rows as string[][], { header, columns: LEDGER_COLUMNS, record_delimiter: 'unix', escape_formulas: true });
}

/** The ledger's postings as general-ledger lines (CSV, ledgerRowsCsv). */
export function ledgerCsv(l: Ledger, header = true): string {
  return ledgerRowsCsv(ledgerRows(l.claimId, l.postings), header);
}

const LEDGER_COLUMNS = ['claim_id', 'date', 'account', 'vat_code', 'debit', 'credit', 'text', 'event_index'];

/** The CSV header of the ledger lines, for a file whose lines are written without it (replay --ledger). */
export const LEDGER_HEADER = LEDGER_COLUMNS.join(',');
