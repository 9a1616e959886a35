/**
 * The common changes, done on the YAML text so that comments and order stay as they were: a new
 * dated value at the end of a series (a new half-year's forsinkelsesrente, a new inkassosats, a
 * new standardkompensasjon, a changed deadline). When the series' last value is open-ended, it is
 * closed the day before the new one starts.
 */
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, stringify, type Document } from 'yaml';
import { day, isoDate, parseIsoDate } from '$engine/calendar/index.ts';
import { norwegianDate } from '../dates.ts';

export interface NewValue {
  readonly valid_from: string;
  readonly valid_to?: string;
  readonly value: string | number;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: 'P' | 'C2' | 'S';
  readonly note?: string;
}

export class EditError extends Error {}

/**
 * Appends a dated value to a series, editing the text itself: the parser only finds where the
 * series and its last value are, and the new lines are spliced in, so every other byte of the file
 * (comments, quoting, line breaks) stays as it was. The result is parsed again and checked to be
 * the old data plus exactly the new value.
 */
export function addDatedValue(text: string, entry: NewValue): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines }) as Document.Parsed;
  if (doc.errors.length) throw new EditError(`Filen kan ikke leses: ${doc.errors[0]!.message}`);
  const values = doc.get('values', true);
  if (!isSeq(values) || !values.range || values.items.length === 0) throw new EditError('Filen har ingen liste med verdier (values).');
  const from = parseIsoDate(entry.valid_from);
  if (from === undefined) throw new EditError('Gyldig fra må være en dato (ÅÅÅÅ-MM-DD).');
  const last = values.items[values.items.length - 1];
  if (!isMap(last) || !last.range) throw new EditError('Den siste verdien i serien er ikke et oppslag.');
  const lastFrom = parseIsoDate(String(last.get('valid_from')));
  if (lastFrom !== undefined && from <= lastFrom) {
    throw new EditError(`Den nye verdien må gjelde fra en dato etter ${norwegianDate(isoDate(lastFrom))}, datoen den siste verdien i serien gjelder fra.`);
  }
  const keyColumn = lines.linePos(last.range[0]).col - 1; // where the value's keys start
  const dash = ' '.repeat(Math.max(0, keyColumn - 2));
  const pad = ' '.repeat(keyColumn);
  const edits: { at: number; insert: string }[] = [];
  if (!last.has('valid_to')) {
    // Close the open-ended value the day before the new one, on the line after its valid_from.
    const pair = last.items.find((p) => isScalar(p.key) && p.key.value === 'valid_from');
    const valueNode = pair?.value as { range?: [number, number, number] } | undefined;
    if (!valueNode?.range) throw new EditError('Den siste verdien mangler valid_from.');
    const eol = lineEnd(text, valueNode.range[1]);
    edits.push({ at: eol, insert: `\n${pad}valid_to: ${isoDate(from - 1)}` });
  }
  const fields: [string, string | number | undefined][] = [
    ['valid_from', entry.valid_from], ['valid_to', entry.valid_to], ['value', entry.value],
    ['hjemmel', entry.hjemmel], ['source', entry.source], ['status', entry.status], ['note', entry.note],
  ];
  const body = fields
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v], i) => `${i === 0 ? `${dash}- ` : pad}${k}: ${scalar(k, v!)}`)
    .join('\n');
  edits.push({ at: lineEnd(text, values.range[1] - 1), insert: `\n${body}` });
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.at);
  if (!out.endsWith('\n')) out += '\n';
  verify(doc.toJS() as { values: Record<string, unknown>[] }, out, entry, from);
  return out;
}

/** The offset of the end of the line that contains an offset (before its newline). */
function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', Math.max(0, offset));
  return i < 0 ? text.length : i;
}

/** A value written as YAML: dates and whole numbers plain, everything else quoted as needed. */
function scalar(key: string, v: string | number): string {
  if (typeof v === 'number') return String(v);
  if (key === 'valid_from' || key === 'valid_to' || key === 'status') return v;
  if (key === 'value') return JSON.stringify(v);
  const plain = stringify(v, { lineWidth: 0 }).trimEnd();
  return plain.includes('\n') ? JSON.stringify(v) : plain;
}

function verify(before: { values: Record<string, unknown>[] }, after: string, entry: NewValue, from: number): void {
  const parsed = parse(after) as { values: Record<string, unknown>[] };
  const expected = structuredClone(before.values);
  const last = expected[expected.length - 1]!;
  if (last.valid_to === undefined) last.valid_to = isoDate(from - 1);
  const added: Record<string, unknown> = { valid_from: entry.valid_from };
  if (entry.valid_to) added.valid_to = entry.valid_to;
  added.value = entry.value;
  added.hjemmel = entry.hjemmel;
  added.source = entry.source;
  added.status = entry.status;
  if (entry.note) added.note = entry.note;
  expected.push(added);
  const norm = (x: unknown) => JSON.stringify(x, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  if (norm(parsed.values) !== norm(expected)) throw new EditError('Endringen ga ikke det forventede resultatet i filen; den er ikke lagret.');
}

/** "11,75" or "11.75" → "11.75"; undefined when it is not a percentage. */
export function percent(input: string): string | undefined {
  const v = input.trim().replace(',', '.').replace(/\s*%$/, '');
  return /^(0|[1-9]\d{0,2})(\.\d{1,4})?$/.test(v) ? (v.includes('.') ? v.padEnd(v.indexOf('.') + 3, '0') : `${v}.00`) : undefined;
}

/** "1 250,5" or "1250.50" → "1250.50"; undefined when it is not an amount. */
export function kroner(input: string): string | undefined {
  const v = input.trim().replace(/[\s\u00a0]/g, '').replace(',', '.').replace(/\s*kr$/i, '');
  if (!/^(0|[1-9]\d{0,9})(\.\d{1,2})?$/.test(v)) return undefined;
  const [int, dec = ''] = v.split('.');
  return `${int}.${dec.padEnd(2, '0')}`;
}

/** The last day of the half-year a day starts: 30 June or 31 December; undefined unless it is 1 January or 1 July. */
export function halfYearEnd(validFrom: string): string | undefined {
  const m = /^(\d{4})-(01|07)-01$/.exec(validFrom);
  if (!m) return undefined;
  return m[2] === '01' ? `${m[1]}-06-30` : `${m[1]}-12-31`;
}

/** The last day of the calendar year a day starts: 31 December; undefined unless it is 1 January. */
export function yearEnd(validFrom: string): string | undefined {
  const m = /^(\d{4})-01-01$/.exec(validFrom);
  return m ? `${m[1]}-12-31` : undefined;
}

export { day };

/**
 * Moves the review horizon (horisont.yaml): sets reviewed_through and adds the review to the list,
 * editing the text in place so the diff shows only those lines.
 */
export function moveHorizon(text: string, review: { reviewed_through: string; reviewed_on: string; note: string }): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines }) as Document.Parsed;
  if (doc.errors.length) throw new EditError(`Filen kan ikke leses: ${doc.errors[0]!.message}`);
  const through = doc.get('reviewed_through', true) as { range?: [number, number, number] } | undefined;
  const reviews = doc.get('reviews', true);
  if (!through?.range || !isSeq(reviews) || !reviews.range || !reviews.items.length) throw new EditError('Filen har ikke reviewed_through og en liste med gjennomganger (reviews).');
  if (parseIsoDate(review.reviewed_through) === undefined) throw new EditError('Gjennomgått til og med må være en dato.');
  const last = reviews.items[reviews.items.length - 1];
  if (!isMap(last) || !last.range) throw new EditError('Den siste gjennomgangen er ikke et oppslag.');
  const keyColumn = lines.linePos(last.range[0]).col - 1;
  const dash = ' '.repeat(Math.max(0, keyColumn - 2));
  const pad = ' '.repeat(keyColumn);
  const body = [
    `${dash}- reviewed_through: ${review.reviewed_through}`,
    `${pad}reviewed_on: ${review.reviewed_on}`,
    `${pad}note: ${JSON.stringify(review.note.trim())}`,
  ].join('\n');
  const edits = [
    { from: through.range[0], to: through.range[1], insert: review.reviewed_through },
    { from: lineEnd(text, reviews.range[1] - 1), to: lineEnd(text, reviews.range[1] - 1), insert: `\n${body}` },
  ];
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  if (!out.endsWith('\n')) out += '\n';
  const parsed = parse(out) as { reviewed_through: string; reviews: { reviewed_through: string }[] };
  if (String(parsed.reviewed_through) !== review.reviewed_through || String(parsed.reviews[parsed.reviews.length - 1]?.reviewed_through) !== review.reviewed_through) {
    throw new EditError('Endringen ga ikke det forventede resultatet i filen; den er ikke lagret.');
  }
  return out;
}
