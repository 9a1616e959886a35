/**
 * A file of generated claims for a benchmark section, made by `inkasso generate` into the system's
 * temp folder and kept for the next run while the generator and the rules stay the same (files
 * for another version are removed: a few GB each). Undefined when the disk has no room for it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './sections.ts';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/inkasso.cjs');
export const SEED = 20261122;

export interface GeneratedFile {
  readonly file: string;
  /** What --expect wrote beside it, when asked for. */
  readonly expect?: string;
}

/**
 * `name` starts the file's name; `args` are generate's options beyond --count and --seed; with
 * `o.csv` the file is CSV (generate's --format csv), named *.csv so that replay reads it as such.
 */
export function generatedFile(ctx: BenchContext, name: string, count: number, args: readonly string[] = [], o: { expect?: boolean; csv?: boolean } = {}): GeneratedFile | undefined {
  const extension = o.csv ? '.csv' : '.ndjson';
  const dir = join(tmpdir(), 'inkassomotor-bench');
  mkdirSync(dir, { recursive: true });
  const generator = createHash('sha256').update(readFileSync(join(ROOT, 'engine/replay/generate.ts'))).update(ctx.rules.version).update(args.join(' ')).digest('hex').slice(0, 10);
  const prefix = `${name}-${count}-${SEED}-`;
  const file = join(dir, `${prefix}${generator}${extension}`);
  const expect = o.expect ? `${file.slice(0, -extension.length)}.expect.ndjson` : undefined;
  if (existsSync(file) && (!expect || existsSync(expect))) return { file, ...(expect ? { expect } : {}) };
  for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith(extension)) rmSync(join(dir, old), { force: true });
  const need = count * 450;
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
  if (free < need * 1.5) {
    ctx.line(`${name} at scale`, `skipped: ${ctx.fmt(need / 1e6)} MB needed in ${dir}, ${ctx.fmt(free / 1e6)} MB free`);
    return undefined;
  }
  const t = performance.now();
  const g = spawnSync(process.execPath, [BIN, 'generate', '--count', String(count), '--seed', String(SEED), ...args, ...(o.csv ? ['--format', 'csv'] : []), '--out', `${file}.tmp`, ...(expect ? ['--expect', expect] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (g.status !== 0) throw new Error('inkasso generate failed');
  renameSync(`${file}.tmp`, file);
  ctx.line(`generated ${ctx.fmt(count)} claims (untimed part) in`, `${((performance.now() - t) / 1000).toFixed(0)} s`);
  return { file, ...(expect ? { expect } : {}) };
}
