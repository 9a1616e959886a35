/**
 * A batch of CSV entries (read-csv.ts) as arrays of strings and typed arrays, for the trip to a
 * worker thread. postMessage copies objects one by one (structured clone): about 4 000 record
 * objects a batch took 4-5 ms to send and rebuild (v8.serialize and deserialize, measured here);
 * the records' texts, two typed arrays (moved, not copied) and the ids about 1 ms. The rare
 * problems found on the main thread (a claim with rows elsewhere, a broken record) travel as they
 * are.
 */
import type { BatchItem } from './batch.ts';
import type { BrokenLine, CsvRecord } from './csv-lines.ts';
import type { CsvEntry } from './read-csv.ts';

export interface PackedCsvEntries {
  /** Every record's text, in order. */
  readonly texts: readonly string[];
  /** Each record's line. */
  readonly lines: Float64Array;
  /** Each entry's number of records; 0 for a problem already found (the next of `items`). */
  readonly counts: Uint32Array;
  /** The claim id of each entry with records, in order. */
  readonly ids: readonly string[];
  readonly items: readonly BatchItem[];
  /** The broken records: their index among all records, and why. */
  readonly broken: readonly (readonly [number, BrokenLine])[];
}

/** The entries packed. */
export function packCsvEntries(entries: readonly CsvEntry[]): PackedCsvEntries {
  let records = 0;
  for (const e of entries) if ('records' in e) records += e.records.length;
  const texts: string[] = new Array(records);
  const lines = new Float64Array(records);
  const counts = new Uint32Array(entries.length);
  const ids: string[] = [];
  const items: BatchItem[] = [];
  const broken: [number, BrokenLine][] = [];
  let r = 0;
  entries.forEach((e, i) => {
    if (!('records' in e)) {
      items.push(e.item);
      return;
    }
    counts[i] = e.records.length;
    ids.push(e.id);
    for (const record of e.records) {
      texts[r] = record.text;
      lines[r] = record.line;
      if (record.broken) broken.push([r, record.broken]);
      r++;
    }
  });
  return { texts, lines, counts, ids, items, broken };
}

/** The buffers of packed entries, to move to the worker rather than copy. */
export function packedBuffers(p: PackedCsvEntries): ArrayBuffer[] {
  return [p.lines.buffer as ArrayBuffer, p.counts.buffer as ArrayBuffer];
}

/** The entries as they were packed. */
export function unpackCsvEntries(p: PackedCsvEntries): CsvEntry[] {
  const broken = new Map(p.broken);
  const out: CsvEntry[] = new Array(p.counts.length);
  let r = 0;
  let id = 0;
  let item = 0;
  for (let i = 0; i < p.counts.length; i++) {
    const n = p.counts[i]!;
    if (n === 0) {
      out[i] = { item: p.items[item++]! };
      continue;
    }
    const records: CsvRecord[] = new Array(n);
    for (let k = 0; k < n; k++, r++) {
      const why = broken.get(r);
      records[k] = why ? { line: p.lines[r]!, text: p.texts[r]!, broken: why } : { line: p.lines[r]!, text: p.texts[r]! };
    }
    out[i] = { id: p.ids[id++]!, records };
  }
  return out;
}
