/**
 * Reads a CSV export of claim histories as a stream (csv-parse): one row per event, the rows of a
 * claim together. Each claim is assembled and checked here, so that a problem is reported with the
 * line and column it came from; the workers get checked claims. Memory holds one claim and a
 * batch, however large the file.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { checkClaim, formatInputError, MAX_EVENTS, type InputError } from '../claim/index.ts';
import type { Claim } from '../types.generated.ts';
import { parseIsoDate, whyNotADate } from '../calendar/index.ts';
import { amountText } from '../money/index.ts';
import type { BatchItem } from './batch.ts';
import {
  CLAIM_FIELDS, csvBoolean, csvDate, csvInteger, csvList, detectDelimiter, layoutOf,
  type CsvField, type CsvMap, type Layout,
} from './csv-map.ts';
import type { InputChunk } from './read-ndjson.ts';
import { DEFAULT_IDLE_MS, IDLE, readOrIdle, stopReading } from './idle.ts';
import { recordLines } from './csv-lines.ts';

export class CsvHeaderError extends Error {}

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

/**
 * `cut` is true when the input was cut short (the run was stopped): the claim being read when it
 * stopped may miss rows, so it is not read.
 */
export async function* csvBatches(source: AsyncIterable<Uint8Array>, map: CsvMap = {}, o: { cut?: () => boolean; idleMs?: number } = {}): AsyncGenerator<InputChunk> {
  const { header, stream } = await peekHeader(source);
  if (!header.trim()) throw new CsvHeaderError('line 1: the file is empty or has no header line');
  const delimiter = map.delimiter ?? detectDelimiter(header);
  const decimalComma = map.decimalComma ?? delimiter === ';';
  const skipped: { line: number; message: string }[] = [];
  const parser = parse({
    delimiter, bom: true, info: true, skip_empty_lines: true, skip_records_with_error: true, trim: true, relax_column_count: true,
    relax_quotes: true, max_record_size: 1 << 20,
  });
  parser.on('skip', (e: Error & { lines?: number }) => skipped.push({ line: e.lines ?? 0, message: e.message }));
  // Records are found line by line first, so that a quote left open cannot swallow the file.
  const lines = recordLines(stream, delimiter, o.idleMs ?? DEFAULT_IDLE_MS);
  const input = Readable.from(lines.text);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);

  let layout: Layout | undefined;
  let headerNames: string[] = [];
  let width = 0;
  const recent = new Set<string>();
  const recentOrder: string[] = [];
  let current: Row[] = [];
  /**
   * A claim has at most MAX_EVENTS events, one row each: past that its rows are counted, not kept, so
   * that a file of one claim id on every row cannot fill memory. Where that claim began, and its rows.
   */
  let dropped: { line: number; id: string; rows: number } | undefined;
  let items: BatchItem[] = [];
  let lastLine = 0;

  const finish = () => {
    if (!current.length || !layout) return;
    const id = cell(layout, current[0]!, 'claim_id');
    items.push(assemble(layout, current, { decimalComma, map }));
    recent.add(id);
    recentOrder.push(id);
    if (recentOrder.length > RECENT_IDS) recent.delete(recentOrder.shift()!);
    current = [];
  };
  const flushSkipped = (before: number) => {
    while (skipped.length && skipped[0]!.line <= before) {
      const s = skipped.shift()!;
      items.push({ line: s.line, error: { code: 'INVALID_CSV', message: `line ${s.line}: ${s.message}` } });
    }
  };
  const endDropped = () => {
    if (!dropped) return;
    const { line, id, rows } = dropped;
    items.push({ line, claimId: id, error: { code: 'TOO_LARGE', message: `line ${line}: claim ${JSON.stringify(id)} has ${rows} rows; a claim may have at most ${MAX_EVENTS} events, one row each` } });
    recent.add(id);
    recentOrder.push(id);
    if (recentOrder.length > RECENT_IDS) recent.delete(recentOrder.shift()!);
    dropped = undefined;
  };
  const take = (idle = false): InputChunk => {
    // Lines fully accounted for: up to the one before the claim still being read.
    const open = dropped?.line ?? current[0]?.line;
    const upTo = open !== undefined ? open - 1 : lastLine;
    const chunk: InputChunk = idle ? { kind: 'items', items, lastLine: upTo, idle } : { kind: 'items', items, lastLine: upTo };
    items = [];
    return chunk;
  };

  // The records, one read at a time: a read that must wait (the input is a pipe) is raced against
  // a pause, when the claims read whole so far go on (the one still being read waits for its next
  // row, or the end, to be known whole). Most reads find records waiting and are not raced.
  type Parsed = { record: string[]; info: { lines: number } };
  const records = (parser as AsyncIterable<Parsed>)[Symbol.asyncIterator]();
  const idleMs = o.idleMs ?? DEFAULT_IDLE_MS;
  let waiting: Promise<IteratorResult<Parsed>> | undefined;
  let ended = false;
  try {
    for (;;) {
      const next = (waiting = records.next());
      let r = parser.readableLength > 0 ? await next : await readOrIdle(next, idleMs);
      if (r === IDLE) {
        if (layout) {
          const open = dropped?.line ?? current[0]?.line;
          flushSkipped(open !== undefined ? open - 1 : lastLine);
        }
        if (items.length) yield take(true);
        r = await next;
      }
      waiting = undefined;
      if (r.done) {
        ended = true;
        break;
      }
      const { record, info } = r.value;
      lastLine = info.lines;
      if (!layout) {
        // A header that is not UTF-8 (Excel's "Text (Tab delimited)" is Windows-1252) would name
        // its columns with U+FFFD, and a column the map names would not be found for that reason.
        const broken = lines.broken.get(info.lines);
        if (broken) throw new CsvHeaderError(`line ${info.lines} (the header): ${broken.message}`);
        const l = layoutOf(record, map);
        if (!l.ok) throw new CsvHeaderError(`line ${info.lines}: ${l.problem}`);
        layout = l.layout;
        headerNames = record.map((h) => h.trim());
        width = record.length;
        continue;
      }
      const broken = lines.broken.get(info.lines);
      if (broken) lines.broken.delete(info.lines);
      const row: Row = broken
        ? { line: info.lines, cells: record, problem: broken.message, ...(headerNames[broken.field] ? { problemColumn: headerNames[broken.field] } : {}) }
        : record.length === width
          ? { line: info.lines, cells: record }
          : { line: info.lines, cells: record, problem: `the row has ${record.length} columns; the header has ${width}` };
      const id = cell(layout, row, 'claim_id');
      if (dropped) {
        if (id === dropped.id) {
          dropped.rows++;
          continue;
        }
        endDropped();
      }
      if (current.length && id !== cell(layout, current[0]!, 'claim_id')) finish();
      flushSkipped(row.line);
      if (!current.length && recent.has(id)) {
        items.push({ line: row.line, claimId: id, error: { code: 'CSV_NOT_GROUPED', message: `line ${row.line}: rows of claim ${JSON.stringify(id)} are not together; sort the file by ${layout.header.claim_id}` } });
        continue;
      }
      current.push(row);
      if (current.length > MAX_EVENTS) {
        dropped = { line: current[0]!.line, id, rows: current.length };
        current = [];
      }
      if (items.length >= CLAIMS_PER_BATCH) yield take();
    }
  } finally {
    if (!ended) await stopReading(records, waiting);
  }
  if (o.cut?.()) {
    const open = dropped?.line ?? current[0]?.line;
    flushSkipped(open !== undefined ? open - 1 : Number.MAX_SAFE_INTEGER);
    if (items.length || current.length || dropped) yield take();
    return;
  }
  endDropped();
  finish();
  flushSkipped(Number.MAX_SAFE_INTEGER);
  if (!layout) throw new CsvHeaderError('line 1: the file has no header line');
  if (items.length) yield take();
}

const DATE_FIELDS: ReadonlySet<CsvField> = new Set(['invoice_date', 'due_date', 'demand_date', 'delivery_date', 'event_date']);

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
  const value: Partial<Record<CsvField, { text: string; line: number }>> = {};
  for (const row of rows) {
    for (const f of CLAIM_FIELDS) {
      const text = cell(layout, row, f);
      if (!text) continue;
      const had = value[f];
      if (!had) value[f] = { text, line: row.line };
      else if (had.text !== text) return fail(row.line, f, `${JSON.stringify(text)} differs from ${JSON.stringify(had.text)} on line ${had.line} for the same claim`);
    }
  }
  const text = (f: CsvField) => value[f]?.text ?? '';
  const own = o.map.values;
  const claim: Record<string, unknown> = {
    id,
    debtor: { kind: own?.debtor_kind?.[text('debtor_kind')] ?? text('debtor_kind'), ...(text('debtor_id') ? { id: text('debtor_id') } : {}) },
    creditor: { vatRegistered: csvBoolean(text('creditor_vat'), own?.creditor_vat), ...(text('creditor_id') ? { id: text('creditor_id') } : {}) },
    collection: own?.collection?.[text('collection')] ?? text('collection'),
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
    const e: Record<string, unknown> = { type: own?.event_type?.[type] ?? type, date: csvDate(cell(layout, row, 'event_date')) };
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
  const checked = checkClaim(claim);
  if (checked.ok) return { line: first.line, claim: checked.claim as Claim };
  const where = (err: InputError): { line: number; field: CsvField | undefined } => {
    const m = /^\/events\/(\d+)(?:\/([^/]+))?/.exec(err.pointer);
    if (m) return { line: eventLines[Number(m[1])] ?? first.line, field: EVENT_FIELD_COLUMN[m[2] ?? 'type'] ?? 'event_type' };
    const f = CLAIM_POINTER_COLUMN[err.pointer];
    return { line: f ? (value[f]?.line ?? first.line) : first.line, field: f };
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
