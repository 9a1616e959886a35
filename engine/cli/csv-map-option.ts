/** The CSV options replay, samlesak and letters share: which files are CSV, and the --map file. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { checkCsvMap, type CsvMap } from '../replay/csv-map.ts';
import { utf16ByBom } from '../text/utf16.ts';
import { CliError, parseJson, readInput } from './io.ts';

/**
 * Whether a claims file is CSV. Its name says so first: *.csv and *.tsv are CSV, *.ndjson, *.jsonl
 * and *.json NDJSON (each also with .gz). Any other name (Excel saves its "Unicode Text" and "Text
 * (Tab delimited)" as *.txt) goes by the text: NDJSON begins with "{", a CSV file with its header.
 * Only a regular file is looked into (what a pipe gives cannot be read twice): any other is NDJSON.
 */
export function isCsvFile(file: string): boolean {
  if (/\.(csv|tsv)(\.gz)?$/i.test(file)) return true;
  if (/\.(ndjson|jsonl|json)(\.gz)?$/i.test(file) || file === '-') return false;
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true && beginsAsCsv(head(file));
}

/** The first bytes of a file (at most 64 KiB), decompressed as far as they go if it is gzip. */
function head(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  let bytes: Uint8Array;
  try {
    const buf = Buffer.alloc(1 << 16);
    bytes = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }); // what the first bytes give
  } catch {
    return new Uint8Array(0); // damaged: the reading says so, as NDJSON or CSV alike
  }
}

/** Whether the first character other than white space (after a byte-order mark) is not "{". */
function beginsAsCsv(bytes: Uint8Array): boolean {
  const utf16 = utf16ByBom(bytes);
  const text = utf16 ? new TextDecoder(utf16).decode(bytes) : new TextDecoder('utf-8').decode(bytes);
  const first = /\S/.exec(text.replace(/^\ufeff/, ''));
  return first !== null && first[0] !== '{';
}

/** A --map file (schemas/csv-map.schema.json), checked; its problems as "file: pointer: message". */
export function readMap(file: string): CsvMap {
  const parsed = parseJson(readInput(file, 1 << 20), file);
  const checked = checkCsvMap(parsed);
  if (!checked.ok) throw new CliError(checked.problems.map((p) => `${file}: ${p}`).join('\n'));
  return checked.map;
}
