/**
 * The CSV layout of a replay: one row per event, the claim's own fields repeated on its rows (or
 * given on the first only), rows of one claim together. The fields, their column names (which a
 * --map file can rename), and how a cell becomes a claim value: amounts with a decimal point or
 * comma and spaces, dates as YYYY-MM-DD or DD.MM.YYYY. A cell that cannot be converted is passed
 * on as written, so that the claim schema names the field and the problem.
 */
import { describeSchemaErrors, schemaHints, validatorFor } from '../rules/index.ts';

export const CSV_FIELDS = [
  'claim_id', 'debtor_kind', 'collection', 'creditor_vat', 'principal', 'interest_before_due', 'invoice_date', 'due_date',
  'event_type', 'event_date', 'fee', 'deadline_days', 'amount', 'interest', 'allocation',
  'demand_date', 'delivery_date', 'due_date_agreed', 'tvangsgrunnlag', 'debtor_id', 'creditor_id',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Columns that must be in the header (the others may be left out). */
export const REQUIRED_FIELDS: readonly CsvField[] = ['claim_id', 'debtor_kind', 'collection', 'creditor_vat', 'principal', 'invoice_date', 'event_type', 'event_date'];

/** Of these, at least one column must be in the header: a claim has a due date or a demand date. */
export const ONE_OF_FIELDS: readonly CsvField[] = ['due_date', 'demand_date'];

/** Fields of the claim itself: taken from the claim's first row; a later row may repeat them but not differ. */
export const CLAIM_FIELDS: readonly CsvField[] = ['debtor_kind', 'collection', 'creditor_vat', 'principal', 'interest_before_due', 'invoice_date', 'due_date', 'demand_date', 'delivery_date', 'due_date_agreed', 'debtor_id', 'creditor_id'];

export type Delimiter = ',' | ';' | '\t' | '|';

export interface CsvMap {
  readonly delimiter?: Delimiter;
  /** How the text is saved (default UTF-8; a byte-order mark decides over it). */
  readonly encoding?: 'utf-8' | 'windows-1252';
  readonly decimalComma?: boolean;
  readonly columns?: Partial<Record<CsvField, string>>;
  readonly values?: {
    readonly event_type?: Record<string, string>;
    readonly debtor_kind?: Record<string, string>;
    readonly collection?: Record<string, string>;
    readonly creditor_vat?: Record<string, boolean>;
  };
}

/** Checks a parsed --map document; returns the problems as "pointer: message". */
export function checkCsvMap(input: unknown): { ok: true; map: CsvMap } | { ok: false; problems: string[] } {
  const validate = validatorFor('csv-map.schema.json');
  if (validate(input)) return { ok: true, map: input as CsvMap };
  return {
    ok: false,
    problems: describeSchemaErrors(validate.errors, schemaHints).map((p) => `${p.key !== undefined ? `${p.pointer}/${p.key}` : p.pointer || '/'}: ${p.message}`),
  };
}

/** The delimiter that occurs most often in the header line (comma when none does). */
export function detectDelimiter(headerLine: string): Delimiter {
  let best: Delimiter = ',';
  let most = 0;
  for (const d of [',', ';', '\t', '|'] as const) {
    const n = headerLine.split(d).length - 1;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

/** Where each field is in a row, from the header. */
export interface Layout {
  readonly index: Readonly<Partial<Record<CsvField, number>>>;
  /** The header of each field's column, for messages. */
  readonly header: Readonly<Partial<Record<CsvField, string>>>;
  /** Header cells no field reads. */
  readonly ignored: readonly string[];
}

export function layoutOf(headerCells: readonly string[], map: CsvMap): { ok: true; layout: Layout } | { ok: false; problem: string } {
  const cells = headerCells.map((h) => h.trim());
  const index: Partial<Record<CsvField, number>> = {};
  const header: Partial<Record<CsvField, string>> = {};
  const used = new Set<number>();
  for (const field of CSV_FIELDS) {
    const name = map.columns?.[field] ?? field;
    const i = cells.indexOf(name);
    if (i < 0) {
      // A column the map names must be there, required or not: a name mistyped (or spelt in another
      // encoding) would otherwise leave every row without it, and every claim wrong for another reason.
      if (REQUIRED_FIELDS.includes(field) || map.columns?.[field] !== undefined) {
        const named = map.columns?.[field] ? ' (as the map names it)' : '';
        return { ok: false, problem: `the header has no column ${JSON.stringify(name)} for ${field}${named}; columns found: ${cells.join(', ')}` };
      }
      continue;
    }
    if (cells.indexOf(name, i + 1) >= 0) return { ok: false, problem: `the header has the column ${JSON.stringify(name)} twice` };
    index[field] = i;
    header[field] = name;
    used.add(i);
  }
  if (!ONE_OF_FIELDS.some((f) => index[f] !== undefined)) {
    const names = ONE_OF_FIELDS.map((f) => JSON.stringify(map.columns?.[f] ?? f)).join(' or ');
    return { ok: false, problem: `the header has no column ${names}: a claim needs a due date (or, without one, the date of the written demand); columns found: ${cells.join(', ')}` };
  }
  return { ok: true, layout: { index, header, ignored: cells.filter((_, i) => !used.has(i)) } };
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const NORWEGIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** "01.07.2024" → "2024-07-01"; anything else as written. */
export function csvDate(cell: string): string {
  if (ISO.test(cell)) return cell;
  const m = NORWEGIAN_DATE.exec(cell);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}

const TRUE = new Set(['true', 'yes', 'ja', 'j', '1', 'y']);
const FALSE = new Set(['false', 'no', 'nei', 'n', '0']);

/**
 * What the map's own values say a cell means, if they name it: only the map's own keys count, so
 * that a cell such as "constructor" or "toString" is not read as what every object inherits.
 */
export function mappedValue<T>(own: Readonly<Record<string, T>> | undefined, cell: string): T | undefined {
  return own && Object.hasOwn(own, cell) ? own[cell] : undefined;
}

export function csvBoolean(cell: string, own?: Record<string, boolean>): boolean | string {
  const mapped = mappedValue(own, cell);
  if (mapped !== undefined) return mapped;
  const v = cell.toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : cell;
}

/** "costs|interest" (also ; , or space between) → ["costs", "interest"]. */
export function csvList(cell: string): string[] {
  return cell.split(/[|;,\s]+/).filter(Boolean);
}

/** A whole number when the cell is one, else the cell as written. */
export function csvInteger(cell: string): number | string {
  return /^\d{1,9}$/.test(cell) ? Number(cell) : cell;
}
