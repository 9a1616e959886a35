import { describe, expect, it } from 'vitest';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { packCsvEntries, packedBuffers, unpackCsvEntries, type PackedCsvEntries } from './csv-packed.ts';
import type { CsvEntry } from './read-csv.ts';

const entries: CsvEntry[] = [
  { id: 'K-1', records: [{ line: 2, text: 'K-1,consumer,10,purring' }, { line: 3, text: 'K-1,consumer,10,inkassovarsel' }] },
  { item: { line: 4, claimId: 'K-0', error: { code: 'CSV_NOT_GROUPED', message: 'line 4: rows of claim "K-0" are not together; sort the file by claim_id' } } },
  // A record over two lines, a broken one (its quotes taken out), and text that is not Latin-1.
  { id: 'K-2', records: [{ line: 6, text: 'K-2,"Ås\nvegen",10,purring' }, { line: 7, text: 'K-2,open,10,', broken: { field: 1, message: 'a quoted field opens here (column 5) and is not closed before the end of the file' } }] },
  { id: '', records: [{ line: 9, text: '' }] },
];

describe('CSV entries packed for a worker thread', () => {
  it('come back as they were, records, problems and broken records in their places', () => {
    expect(unpackCsvEntries(packCsvEntries(entries))).toEqual(entries);
  });

  it('come back as they were across a message port, with their arrays moved, not copied', () => {
    const packed = packCsvEntries(entries);
    const buffers = packedBuffers(packed);
    expect(buffers).toHaveLength(2);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packed, buffers);
    // Moved: the sender's arrays are left empty.
    expect(packed.lines.length).toBe(0);
    expect(packed.counts.length).toBe(0);
    const received = receiveMessageOnPort(port2)!.message as PackedCsvEntries;
    port1.close();
    expect(unpackCsvEntries(received)).toEqual(entries);
  });

  it('of an empty batch are empty', () => {
    expect(unpackCsvEntries(packCsvEntries([]))).toEqual([]);
  });
});
