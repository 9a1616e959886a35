/** --workers N of inkasso replay and inkasso samlesak: how many worker threads read the file. */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { GZIP_RATIO, isGzipFile } from '../replay/claims-file.ts';
import { CliError } from './io.ts';

/**
 * A regular file smaller than this is read in the main thread unless --workers says otherwise:
 * starting the worker threads (each loads the engine and the rules) costs more than they save. On
 * the project's 2-core machine, 500 claims (330 kB) took 293-313 ms to replay with 2 workers and
 * 193 ms with none; one core evaluates about 50 000 claims a second, two workers about 90 000, so on
 * two cores they pay off from some 13 000 claims (about 6 MB). 4 MB stays below that, for machines
 * with more cores, where they pay off sooner.
 */
export const SMALL_FILE_BYTES = 4 << 20;

/**
 * The --workers value, or by default one worker per core (at most 16) and none for a small file.
 * Standard input's size is not known (`stat` undefined).
 */
export function workersOption(value: string | undefined, stat: { isFile(): boolean; size: number } | undefined): number {
  if (value === undefined) return stat?.isFile() && stat.size < SMALL_FILE_BYTES ? 0 : Math.min(availableParallelism(), 16);
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new CliError(`--workers ${value}: must be a whole number from 0 to 64`);
  return workers;
}

/**
 * A claims file's type and size for workersOption: a gzip file counts at about the size it has
 * decompressed (GZIP_RATIO times its own). Only a regular file is opened to see whether it is gzip.
 */
export function claimsFileStat(file: string): { isFile(): boolean; size: number } {
  const stat = statSync(file);
  return stat.isFile() && isGzipFile(file) ? { isFile: () => true, size: stat.size * GZIP_RATIO } : stat;
}
