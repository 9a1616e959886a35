/** The CSV options replay and samlesak share: which files are CSV, and the --map file. */
import { checkCsvMap, type CsvMap } from '../replay/csv-map.ts';
import { CliError, parseJson, readInput } from './io.ts';

/** A file named *.csv or *.tsv (or *.csv.gz, *.tsv.gz) is read as CSV, any other as NDJSON. */
export function isCsvFile(file: string): boolean {
  return /\.(csv|tsv)(\.gz)?$/i.test(file);
}

/** A --map file (schemas/csv-map.schema.json), checked; its problems as "file: pointer: message". */
export function readMap(file: string): CsvMap {
  const parsed = parseJson(readInput(file, 1 << 20), file);
  const checked = checkCsvMap(parsed);
  if (!checked.ok) throw new CliError(checked.problems.map((p) => `${file}: ${p}`).join('\n'));
  return checked.map;
}
