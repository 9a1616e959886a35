/**
 * The engine's cost in machine instructions a claim, counted by valgrind (cachegrind), not timed:
 * a figure that is the same from one run to the next on a machine whose timings swing by a third,
 * so that a change of one or two per cent can be seen, and versions compared.
 *
 * Each path (JSON.parse of the claim's text, replay's findings path, the full result without
 * trace) runs in test/bench/engine-child.js under valgrind twice, with FEW and with MANY passes
 * over the same claims; the difference, divided by the extra passes and the claims, is the cost
 * of one warmed-up evaluation. Start-up, loading the rules, the warm-up and the compiler's first
 * passes are in both runs and cancel out. V8 runs single-threaded (compiling and collecting
 * garbage on the main thread, where valgrind counts them too) with fixed hash and random seeds,
 * so that the same run does the same work, and with its young generation of a fixed size: V8
 * grows it by how fast the program allocates per millisecond, so the garbage collections, and
 * with them the count, otherwise depend on how busy the machine is (one run in five counted 3 %
 * more for the same build).
 *
 * Opt-in (`--only instructions`): it needs valgrind and takes a few minutes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './sections.ts';

const FEW = 2;
const MANY = 6;
const PATHS = [
  ['parse', 'JSON.parse of the claim’s text (the yardstick)', 'instructions.parsePerClaim'],
  ['findings', 'findings path, as replay runs it', 'instructions.findingsPerClaim'],
  ['full', 'full result, trace off', 'instructions.fullPerClaim'],
] as const;

/** Each half of the young generation fixed at 16 MB, for the reason above. */
const YOUNG_GENERATION = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

/** Instructions valgrind counted for one run of engine-child. */
function counted(file: string, mode: string, passes: number): Promise<number> {
  const child = fileURLToPath(new URL('./engine-child.js', import.meta.url));
  const args = [
    '--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file',
    process.execPath, '--single-threaded', '--hash-seed=1', '--random-seed=1', ...YOUNG_GENERATION, child, file, mode, String(passes), '--no-yardstick',
  ];
  return new Promise((resolve, reject) => {
    const p = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`valgrind on the ${mode} path (${passes} passes) failed:\n${err.slice(-2000)}`));
      else resolve(Number(m[1]!.replace(/,/g, '')));
    });
  });
}

/** Runs the jobs, as many at a time as there are cores. */
async function pooled<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), jobs.length) }, lane));
  return out;
}

export async function instructionsSection(ctx: BenchContext, count: number): Promise<void> {
  const claims = ctx.claims.slice(0, count);
  console.log(`\ninstructions — ${ctx.fmt(claims.length)} of the generated claims under valgrind, a warmed-up pass (${MANY} passes less ${FEW})`);
  if (spawnSync('valgrind', ['--version']).error) {
    ctx.line('valgrind', 'not installed (apt-get install valgrind): skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'inkassomotor-bench-instructions-'));
  try {
    const file = join(dir, 'claims.tsv');
    writeFileSync(file, claims.map((g) => `${g.asOf}\t${JSON.stringify(g.claim)}\n`).join(''));
    const t0 = performance.now();
    const runs = await pooled(PATHS.flatMap(([mode]) => [FEW, MANY].map((passes) => () => counted(file, mode, passes))));
    const perClaim = PATHS.map((_, i) => (runs[2 * i + 1]! - runs[2 * i]!) / ((MANY - FEW) * claims.length));
    const parse = perClaim[0]!;
    PATHS.forEach(([mode, label, figure], i) => {
      const n = perClaim[i]!;
      ctx.line(`${label} (instructions/claim)`, mode === 'parse' ? ctx.fmt(n) : `${ctx.fmt(n)}   (${(n / parse).toFixed(1)} parses)`);
      ctx.figures[figure] = Math.round(n);
    });
    ctx.line('counted in', `${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
