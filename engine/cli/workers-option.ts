/** --workers N of inkasso replay and inkasso samlesak: how many worker threads read the file. */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { GZIP_RATIO, isGzipFile } from '../replay/claims-file.ts';
import { CliError } from './io.ts';

/**
 * Below how many bytes a regular file is read in the main thread, with two worker threads to
 * start: each worker loads the engine and warms up its compiled code on its own claims, beside the
 * other and V8's compiler threads on the same cores, which costs more than they save on a smaller
 * file. Measured on the project's 2-core machine (2026-12-07), each size in the main thread and
 * with 2 workers in turn, three or four times:
 * - replay of NDJSON: 4.4 MB (10 000 claims) took 1.0-1.2 s against 1.35-1.8 s; 15.6 MB 1.4-1.5 s
 *   against 1.7-1.8 s; 22 MB 1.9-2.1 s against 2.2-2.3 s; 31 MB 2.9-3.7 s against 2.5-3.2 s;
 * - replay of CSV, more of whose work per claim is the main thread's: 5 MB 1.1-1.5 s against
 *   1.7-2.1 s; 13 MB 2.0-2.3 s against 2.3-2.6 s; 17 MB 2.5-3.4 s against 2.6-3.1 s;
 * - samlesak of NDJSON: 10 MB 1.0-1.1 s against 1.1-1.3 s; 21 MB 1.3-1.7 s either way; 32 MB
 *   1.9-2.0 s against 1.7-2.0 s.
 * So two workers pay off from about 27 MB of NDJSON and 17 MB of CSV; these stay below that.
 */
export const SMALL_FILE_BYTES = { ndjson: 24 << 20, csv: 16 << 20 } as const;

/**
 * The size below which a file is read in the main thread when `workers` threads would read it. A
 * worker's cost to start is the same however many there are, and what they save is (1 - 1/N) of
 * the main thread's time, a half with two: with N the file needs N/(2(N - 1)) of what it needs
 * with two (two thirds with 4 workers, 0.53 with 16). That is a model: only two workers were
 * measured (SMALL_FILE_BYTES). With one core a worker only adds work.
 */
export function smallFileBytes(format: 'ndjson' | 'csv', workers: number): number {
  return workers < 2 ? Number.POSITIVE_INFINITY : Math.round((SMALL_FILE_BYTES[format] * workers) / (2 * (workers - 1)));
}

/** One worker thread per core, at most 16: what a large file is read with by default (none on one core). */
export function workersPerCore(): number {
  return Math.min(availableParallelism(), 16);
}

/**
 * The --workers value, or by default one worker per core (at most 16), and none for a file
 * smaller than smallFileBytes or on one core. Standard input's size is not known (`stat`
 * undefined).
 */
export function workersOption(value: string | undefined, stat: { isFile(): boolean; size: number } | undefined, format: 'ndjson' | 'csv'): number {
  if (value === undefined) {
    const perCore = workersPerCore();
    if (perCore < 2) return 0;
    return stat?.isFile() && stat.size < smallFileBytes(format, perCore) ? 0 : perCore;
  }
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
