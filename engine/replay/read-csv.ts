/**
 * Reads a CSV export of claim histories as a stream: one row per event, the rows of a claim
 * together. The main thread only finds the records (csv-lines.ts), reads each record's claim id
 * and puts the records of a claim together; the fields are read (csv-parse) and each claim is
 * assembled and checked on the worker threads (csvItems), so that a problem is still reported
 * with the line and column it came from. Memory holds one claim and a batch, however large the
 * file.
 */
import { parse } from 'csv-parse/sync';
import { checkClaim, formatInputError, MAX_EVENTS, type InputError } from '../claim/index.ts';
import type { Claim } from '../types.generated.ts';
import { isCommonClaim } from '../claim/common-claim.ts';
import { parseIsoDate, whyNotADate } from '../calendar/index.ts';
import { amountText } from '../money/index.ts';
import type { BatchItem } from './batch.ts';
import {
  CLAIM_FIELDS, csvBoolean, csvDate, csvInteger, csvList, detectDelimiter, layoutOf, mappedValue,
  type CsvField, type CsvMap, type Layout,
} from './csv-map.ts';
import type { CsvChunk } from './read-ndjson.ts';
import { DEFAULT_IDLE_MS, IDLE } from './idle.ts';
import { recordLines, type CsvRecord } from './csv-lines.ts';

export class CsvHeaderError extends Error {}

/** What reading a claim's rows needs to know of the file: its header and how it writes values. */
export interface CsvSetup {
  readonly layout: Layout;
  /** The header's column names, trimmed. */
  readonly headerNames: readonly string[];
  readonly delimiter: string;
  readonly decimalComma: boolean;
  readonly map: CsvMap;
}

/** A claim's records in file order (with the id read from them), or a problem already found. */
export type CsvEntry =
  | { readonly id: string; readonly records: readonly CsvRecord[] }
  | { readonly item: BatchItem };

interface Row {
  readonly line: number;
  readonly cells: readonly string[];
  /** Why the row cannot be read, for example a wrong number of columns, and the column concerned. */
  readonly problem?: string;
  readonly problemColumn?: string;
}

/** How many recently finished claim ids are remembered to notice rows that are not together. */
const RECENT_IDS = 10_000;
const CLAIMS_PER_BATCH = 1000;

const EVENT_FIELD_COLUMN: Record<string, CsvField> = {
  type: 'event_type', date: 'event_date', fee: 'fee', deadlineDays: 'deadline_days', amount: 'amount', interest: 'interest', allocation: 'allocation', tvangsgrunnlag: 'tvangsgrunnlag',
};
const CLAIM_POINTER_COLUMN: Record<string, CsvField> = {
  '/id': 'claim_id', '/debtor/kind': 'debtor_kind', '/debtor/id': 'debtor_id', '/debtor': 'debtor_kind', '/creditor/vatRegistered': 'creditor_vat', '/creditor/id': 'creditor_id', '/creditor': 'creditor_vat',
  '/collection': 'collection', '/principal': 'principal', '/interestBeforeDueDate': 'interest_before_due', '/invoiceDate': 'invoice_date', '/dueDate': 'due_date', '/demandDate': 'demand_date', '/deliveryDate': 'delivery_date', '/dueDateAgreedInAdvance': 'due_date_agreed',
};

/** Reads the bytes up to the end of the first line, then gives them back followed by the rest. */
async function peekHeader(source: AsyncIterable<Uint8Array>): Promise<{ header: string; stream: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    seen.push(next.value);
    length += next.value.length;
    if (next.value.includes(10) || length > 1 << 20) break;
  }
  const head = Buffer.concat(seen, length);
  const nl = head.indexOf(10);
  const header = head.subarray(0, nl < 0 ? head.length : nl).toString('utf8').replace(/^\uFEFF/, '');
  async function* rest() {
    yield* seen;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { header, stream: rest() };
}

/** csv-parse as the replay reads a CSV file: values trimmed, quotes and row widths taken as they come. */
function parseOptions(delimiter: string) {
  // Records end at "\n" only (csv-lines.ts took the "\r" of "\r\n"): a "\r" inside a line is a character.
  return { delimiter, record_delimiter: '\n', trim: true, relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD_BYTES } as const;
}

/** The longest record csv-parse reads (its max_record_size), as the longest NDJSON line. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * `cut` is true when the input was cut short (the run was stopped): the claim being read when it
 * stopped may miss rows, so it is not read.
 */
export async function* csvBatches(source: AsyncIterable<Uint8Array>, map: CsvMap = {}, o: { cut?: () => boolean; idleMs?: number } = {}): AsyncGenerator<CsvChunk> {
  const { header, stream } = await peekHeader(source);
  if (!header.trim()) throw new CsvHeaderError('line 1: the file is empty or has no header line');
  const delimiter = map.delimiter ?? detectDelimiter(header);
  const decimalComma = map.decimalComma ?? delimiter === ';';

  let setup: CsvSetup | undefined;
  let idColumn = 0;
  const recent = new Set<string>();
  /** The last RECENT_IDS ids finished, in a ring: the next to be forgotten at `oldest`. */
  const recentOrder: string[] = [];
  let oldest = 0;
  let current: CsvRecord[] = [];
  let currentId = '';
  /**
   * A claim has at most MAX_EVENTS events, one row each: past that its rows are counted, not kept, so
   * that a file of one claim id on every row cannot fill memory. Where that claim began, and its rows.
   */
  let dropped: { line: number; id: string; rows: number } | undefined;
  let entries: CsvEntry[] = [];
  let lastLine = 0;

  const remember = (id: string) => {
    if (recentOrder.length < RECENT_IDS) recentOrder.push(id);
    else {
      recent.delete(recentOrder[oldest]!);
      recentOrder[oldest] = id;
      oldest = (oldest + 1) % RECENT_IDS;
    }
    recent.add(id);
  };
  const finish = () => {
    if (!current.length) return;
    entries.push({ id: currentId, records: current });
    remember(currentId);
    current = [];
  };
  const endDropped = () => {
    if (!dropped) return;
    const { line, id, rows } = dropped;
    entries.push({ item: { line, claimId: id, error: { code: 'TOO_LARGE', message: `line ${line}: claim ${JSON.stringify(id)} has ${rows} rows; a claim may have at most ${MAX_EVENTS} events, one row each` } } });
    remember(id);
    dropped = undefined;
  };
  const take = (idle = false): CsvChunk => {
    // Lines fully accounted for: up to the one before the claim still being read.
    const open = dropped?.line ?? current[0]?.line;
    const upTo = open !== undefined ? open - 1 : lastLine;
    const chunk: CsvChunk = { kind: 'csv', setup: setup!, entries, lastLine: upTo, ...(idle ? { idle } : {}) };
    entries = [];
    return chunk;
  };
  const readHeader = (record: CsvRecord): CsvSetup => {
    if (record.broken) throw new CsvHeaderError(`line ${record.line} (the header): ${record.broken.message}`);
    let cells: string[];
    try {
      cells = (parse(record.text, { ...parseOptions(delimiter), bom: true }) as string[][])[0] ?? [];
    } catch (e) {
      throw new CsvHeaderError(`line ${record.line} (the header): ${withoutPlace((e as Error).message)}`);
    }
    const l = layoutOf(cells, map);
    if (!l.ok) throw new CsvHeaderError(`line ${record.line}: ${l.problem}`);
    idColumn = l.layout.index.claim_id!;
    return { layout: l.layout, headerNames: cells.map((h) => h.trim()), delimiter, decimalComma, map };
  };

  for await (const records of recordLines(stream, delimiter, o.idleMs ?? DEFAULT_IDLE_MS)) {
    if (records === IDLE) {
      // The input paused (a pipe written slowly): the claims read whole so far go on now (the one
      // still being read waits for its next row, or the end, to be known whole).
      if (entries.length) yield take(true);
      continue;
    }
    for (const record of records) {
      if (!record.text.trim()) continue; // an empty line, as csv-parse skips it
      lastLine = record.line;
      if (!setup) {
        setup = readHeader(record);
        continue;
      }
      const id = fieldOf(record.text, idColumn, delimiter);
      if (dropped) {
        if (id === dropped.id) {
          dropped.rows++;
          continue;
        }
        endDropped();
      }
      if (current.length && id !== currentId) finish();
      if (!current.length && recent.has(id)) {
        entries.push({ item: { line: record.line, claimId: id, error: { code: 'CSV_NOT_GROUPED', message: `line ${record.line}: rows of claim ${JSON.stringify(id)} are not together; sort the file by ${setup.layout.header.claim_id}` } } });
        continue;
      }
      current.push(record);
      currentId = id;
      if (current.length > MAX_EVENTS) {
        dropped = { line: current[0]!.line, id, rows: current.length };
        current = [];
      }
      if (entries.length >= CLAIMS_PER_BATCH) yield take();
    }
  }
  if (o.cut?.()) {
    if (setup && (entries.length || current.length || dropped)) yield take();
    return;
  }
  endDropped();
  finish();
  if (!setup) throw new CsvHeaderError('line 1: the file has no header line');
  if (entries.length) yield take();
}

/**
 * The value of a record's field, as csv-parse reads it with trim: a quoted value without its
 * quotes ("" inside it is one quote) and the white space around them; an unquoted value trimmed.
 * Only the claim id is read on the main thread, this way; csv-parse reads every field on the
 * workers, and csvItems checks that it reads the same id.
 */
export function fieldOf(text: string, column: number, delimiter: string): string {
  let at = 0;
  for (let field = 0; ; field++) {
    let start = at;
    while (start < text.length && text[start] !== delimiter && isTrimmable(text.charCodeAt(start))) start++;
    if (text.charCodeAt(start) === QUOTE) {
      let value = '';
      let i = start + 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(i);
          i = text.length;
          break;
        }
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const next = text.indexOf(delimiter, i);
      if (field === column) return value;
      if (next < 0) return '';
      at = next + 1;
      continue;
    }
    const next = text.indexOf(delimiter, at);
    if (field === column) return (next < 0 ? text.slice(at) : text.slice(at, next)).trim();
    if (next < 0) return '';
    at = next + 1;
  }
}

const QUOTE = 34;

/** White space csv-parse trims: the same as String.prototype.trim's. */
function isTrimmable(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The claims of a batch of CSV entries, read and checked (on a worker thread, or in the thread of
 * samlesak and letters): the records' fields read by csv-parse, the rows of each claim assembled,
 * one claim at a time as the caller asks for the next (so a claim's values are garbage by the
 * next claim: assembled all at once, a batch's claims outlived the young generation, and the
 * collector copied them, about a tenth of a worker's time).
 * A claim with a record csv-parse cannot read is not evaluated (its history would be incomplete):
 * it is reported (INVALID_CSV) at that record's line, with csv-parse's reason.
 * `wanted` leaves out the claims it answers false for before their fields are read.
 */
export function* csvItems(setup: CsvSetup, entries: readonly CsvEntry[], wanted?: (id: string | undefined, line: number) => boolean): Generator<BatchItem, void, undefined> {
  const options = parseOptions(setup.delimiter);
  const kept = entries.filter((e) => !wanted || ('records' in e ? wanted(e.id, e.records[0]!.line) : wanted('claim' in e.item ? e.item.claim.id : e.item.claimId, e.item.line)));
  // The records with quotes (or a carriage return) are read by csv-parse, all at once (a record never
  // holds an open quote: csv-lines.ts saw to it), one row each. A record without either is split
  // at its delimiters and each value trimmed (plainValues): what csv-parse reads from it, at a
  // fifth of the cost; each claim's records just before the claim is assembled.
  const texts: string[] = [];
  for (const e of kept) {
    if (!('records' in e)) continue;
    for (const r of e.records) if (!isPlain(r.text)) texts.push(r.text);
  }
  let all: string[][] | undefined;
  if (texts.length) {
    try {
      all = parse(texts.join('\n'), options) as string[][];
    } catch {
      all = undefined; // a record csv-parse refuses: each is read alone below
    }
    if (all && all.length !== texts.length) all = undefined;
  }
  let k = 0; // in texts
  for (const e of kept) {
    if ('item' in e) {
      yield e.item;
      continue;
    }
    const rows: Row[] = [];
    for (const r of e.records) {
      let cells = plainValues(r.text, setup.delimiter) ?? all?.[k++];
      if (!cells) {
        try {
          cells = (parse(r.text, options) as string[][])[0] ?? [];
        } catch (err) {
          // Its cells unknown but the id it was grouped by; the reason makes the claim malformed.
          const idOnly = Array.from({ length: setup.headerNames.length }, (_, i) => (i === setup.layout.index.claim_id ? e.id : ''));
          const tooLong = (err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE';
          rows.push({ line: r.line, cells: idOnly, problem: tooLong ? `the row is longer than ${options.max_record_size} bytes, the most one row may be` : withoutPlace((err as Error).message) });
          continue;
        }
      }
      const id = cells[setup.layout.index.claim_id!]?.trim() ?? '';
      if (id !== e.id) throw new Error(`line ${r.line}: the claim id was read as ${JSON.stringify(e.id)} and as ${JSON.stringify(id)}`);
      rows.push(rowOf(r, cells, setup));
    }
    if (rows.length) yield assemble(setup.layout, rows, setup);
  }
}

/**
 * A record csv-parse would read as its delimiters split it, each value trimmed: no quote, and short
 * enough that it cannot pass csv-parse's limit (three bytes a character at most). One with a carriage
 * return inside is left to csv-parse too, which keeps it in the value as the split would: a rare
 * record, read the way the tests compare.
 */
function isPlain(text: string): boolean {
  return text.length <= MAX_RECORD_BYTES / 3 && text.indexOf('"') < 0 && text.indexOf('\r') < 0;
}

/** The values of a plain record (isPlain), as csv-parse reads them; undefined for any other. */
export function plainValues(text: string, delimiter: string): string[] | undefined {
  if (!isPlain(text)) return undefined;
  const values = text.split(delimiter);
  for (let i = 0; i < values.length; i++) {
    // Most values have nothing to trim: looked at, not copied.
    const v = values[i]!;
    if (v.length > 0 && (isTrimmable(v.charCodeAt(0)) || isTrimmable(v.charCodeAt(v.length - 1)))) values[i] = v.trim();
  }
  return values;
}

/** A record's row: its cells, and why it cannot be read if it cannot. */
function rowOf(record: CsvRecord, cells: readonly string[], setup: CsvSetup): Row {
  const { line, broken } = record;
  const width = setup.headerNames.length;
  if (broken) {
    const column = setup.headerNames[broken.field];
    return { line, cells, problem: broken.message, ...(column ? { problemColumn: column } : {}) };
  }
  return cells.length === width ? { line, cells } : { line, cells, problem: `the row has ${cells.length} columns; the header has ${width}` };
}

/** csv-parse's message without its own "at line N", which counts the lines it was given. */
function withoutPlace(message: string): string {
  return message.replace(/ at line \d+\s*$/, '');
}

const DATE_FIELDS: ReadonlySet<CsvField> = new Set(['invoice_date', 'due_date', 'demand_date', 'delivery_date', 'event_date']);

/** Where each of CLAIM_FIELDS is in the CLAIM_FIELDS list. */
const CLAIM_FIELD_AT: Partial<Record<CsvField, number>> = Object.fromEntries(CLAIM_FIELDS.map((f, j) => [f, j]));

/** The column of each of CLAIM_FIELDS in a layout (-1 for none), worked out once for each layout. */
const columnsOf = new WeakMap<Layout, readonly number[]>();
function claimColumns(layout: Layout): readonly number[] {
  let columns = columnsOf.get(layout);
  if (!columns) columnsOf.set(layout, (columns = CLAIM_FIELDS.map((f) => layout.index[f] ?? -1)));
  return columns;
}

function cell(layout: Layout, row: Row, field: CsvField): string {
  const i = layout.index[field];
  return i === undefined ? '' : (row.cells[i] ?? '');
}

/** One claim from its rows, checked; or the first problem with its line and column. */
function assemble(layout: Layout, rows: readonly Row[], o: { decimalComma: boolean; map: CsvMap }): BatchItem {
  const first = rows[0]!;
  const id = cell(layout, first, 'claim_id');
  const fail = (line: number, field: CsvField | undefined, message: string, code = 'INVALID_FIELD'): BatchItem => ({
    line: first.line,
    ...(id ? { claimId: id } : {}),
    error: { code, message: `line ${line}${field ? `, column ${layout.header[field] ?? field}` : ''}: ${message}` },
  });
  if (!id) return fail(first.line, 'claim_id', 'claim_id is empty');
  // A claim with a row that cannot be read is not evaluated: its history would be incomplete.
  const broken = rows.find((r) => r.problem);
  if (broken) return { line: first.line, ...(id ? { claimId: id } : {}), error: { code: 'INVALID_CSV', message: `line ${broken.line}${broken.problemColumn ? `, column ${broken.problemColumn}` : ''}: ${broken.problem!}` } };
  // The claim's own fields: from the first row that gives them; no later row may differ.
  const columns = claimColumns(layout);
  const texts: string[] = new Array(CLAIM_FIELDS.length).fill('');
  const lines: number[] = new Array(CLAIM_FIELDS.length).fill(0);
  for (const row of rows) {
    for (let j = 0; j < CLAIM_FIELDS.length; j++) {
      const c = columns[j]!;
      const text = c < 0 ? '' : (row.cells[c] ?? '');
      if (!text) continue;
      const had = texts[j]!;
      if (!had) {
        texts[j] = text;
        lines[j] = row.line;
      } else if (had !== text) return fail(row.line, CLAIM_FIELDS[j], `${JSON.stringify(text)} differs from ${JSON.stringify(had)} on line ${lines[j]} for the same claim`);
    }
  }
  const text = (f: CsvField) => texts[CLAIM_FIELD_AT[f] ?? -1] ?? '';
  const lineOf = (f: CsvField) => lines[CLAIM_FIELD_AT[f] ?? -1] || undefined;
  const own = o.map.values;
  const claim: Record<string, unknown> = {
    id,
    debtor: { kind: mappedValue(own?.debtor_kind, text('debtor_kind')) ?? text('debtor_kind'), ...(text('debtor_id') ? { id: text('debtor_id') } : {}) },
    creditor: { vatRegistered: csvBoolean(text('creditor_vat'), own?.creditor_vat), ...(text('creditor_id') ? { id: text('creditor_id') } : {}) },
    collection: mappedValue(own?.collection, text('collection')) ?? text('collection'),
    principal: amountText(text('principal'), o.decimalComma),
    ...(text('interest_before_due') ? { interestBeforeDueDate: amountText(text('interest_before_due'), o.decimalComma) } : {}),
    invoiceDate: csvDate(text('invoice_date')),
    ...(text('due_date') || !text('demand_date') ? { dueDate: csvDate(text('due_date')) } : {}),
    ...(text('demand_date') ? { demandDate: csvDate(text('demand_date')) } : {}),
    ...(text('delivery_date') ? { deliveryDate: csvDate(text('delivery_date')) } : {}),
    ...(text('due_date_agreed') ? { dueDateAgreedInAdvance: csvBoolean(text('due_date_agreed'), undefined) } : {}),
  };
  const events: Record<string, unknown>[] = [];
  const eventLines: number[] = [];
  for (const row of rows) {
    const type = cell(layout, row, 'event_type');
    if (!type) {
      for (const f of ['event_date', 'fee', 'deadline_days', 'amount', 'interest', 'allocation', 'tvangsgrunnlag'] as const) {
        if (cell(layout, row, f)) return fail(row.line, f, `${f} is given but event_type is empty`);
      }
      continue;
    }
    const e: Record<string, unknown> = { type: mappedValue(own?.event_type, type) ?? type, date: csvDate(cell(layout, row, 'event_date')) };
    const fee = cell(layout, row, 'fee');
    if (fee) e.fee = amountText(fee, o.decimalComma);
    const days = cell(layout, row, 'deadline_days');
    if (days) e.deadlineDays = csvInteger(days);
    const amount = cell(layout, row, 'amount');
    if (amount) e.amount = amountText(amount, o.decimalComma);
    const interest = cell(layout, row, 'interest');
    if (interest) e.interest = amountText(interest, o.decimalComma);
    const allocation = cell(layout, row, 'allocation');
    if (allocation) e.allocation = csvList(allocation);
    const tvangsgrunnlag = cell(layout, row, 'tvangsgrunnlag');
    if (tvangsgrunnlag) e.tvangsgrunnlag = csvBoolean(tvangsgrunnlag, undefined);
    events.push(e);
    eventLines.push(row.line);
  }
  claim.events = events;
  // Nearly every claim is in the common form, checked without Ajv; any other by checkClaim, which says what is wrong.
  if (isCommonClaim(claim)) return { line: first.line, claim };
  const checked = checkClaim(claim);
  if (checked.ok) return { line: first.line, claim: checked.claim as Claim };
  const where = (err: InputError): { line: number; field: CsvField | undefined } => {
    const m = /^\/events\/(\d+)(?:\/([^/]+))?/.exec(err.pointer);
    if (m) return { line: eventLines[Number(m[1])] ?? first.line, field: EVENT_FIELD_COLUMN[m[2] ?? 'type'] ?? 'event_type' };
    const f = CLAIM_POINTER_COLUMN[err.pointer];
    return { line: (f && lineOf(f)) || first.line, field: f };
  };
  const e = checked.errors[0]!;
  const w = where(e);
  const more = checked.errors.length > 1 ? ` (and ${checked.errors.length - 1} more problem${checked.errors.length > 2 ? 's' : ''})` : '';
  // A date as the file writes it, not as the claim's JSON would: "31.02.2024" is no calendar day.
  const written = w.field && DATE_FIELDS.has(w.field) ? (w.field === 'event_date' ? cell(layout, rows.find((r) => r.line === w.line) ?? first, 'event_date') : text(w.field)) : undefined;
  if (written !== undefined && parseIsoDate(csvDate(written)) === undefined) {
    // Written as a date, but no day there is (31.02.2024): say why; otherwise how to write one.
    const iso = csvDate(written);
    const why = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? whyNotADate(iso) : undefined;
    return fail(w.line, w.field, `${written ? `${JSON.stringify(written)} is not a calendar date from 1900 on` : 'the date is empty'} (${why ?? 'write it as YYYY-MM-DD or DD.MM.YYYY'})${more}`, e.code);
  }
  return fail(w.line, w.field, `${formatInputError(e)}${more}`, e.code);
}
