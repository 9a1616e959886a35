/**
 * The CLI's start: `inkasso evaluate` on the bundled example against `node -e 0`, run side by
 * side (alternating, 15 of each), medians compared. Target: within 3× (goal 2×). And the
 * command's first run with an empty cache folder, as a new installation meets it: with the code
 * the build kept (dist/code-cache/) when this Node built the package, else compiling everything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './sections.ts';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function timed(args: string[], env: Record<string, string> = {}): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...env } });
  if (r.status !== null && r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function cliSection(ctx: BenchContext): Promise<void> {
  const evaluate = [join(ROOT, 'bin/inkasso.cjs'), 'evaluate', 'examples/claim-egeninkasso.json', '--as-of', '2024-07-01'];
  timed(evaluate); // a first run fills the compiled-rules cache if the bundled one does not fit
  const node: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < 15; i++) {
    node.push(timed(['-e', '0']));
    cli.push(timed(evaluate));
  }
  // The command's first run in a new installation (engine/cli/launch.ts): each in a cache folder
  // of its own, empty.
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'inkassomotor-bench-cache-'));
    try {
      first.push(timed(evaluate, { INKASSO_CACHE_DIR: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ratio = median(cli) / median(node);
  console.log('\ncli — inkasso evaluate examples/claim-egeninkasso.json against node -e 0, 15 runs each, medians');
  ctx.line('node -e 0', `${median(node).toFixed(0)} ms`);
  ctx.line('inkasso evaluate (target within 3×, goal 2×)', `${median(cli).toFixed(0)} ms   (${ratio.toFixed(2)}×)`);
  ctx.line('inkasso evaluate, first run with an empty cache folder', `${median(first).toFixed(0)} ms   (${(median(first) / median(node)).toFixed(2)}×, median of 5)`);
  ctx.figures['cli.nodeMs'] = Math.round(median(node));
  ctx.figures['cli.firstRunMs'] = Math.round(median(first));
  ctx.figures['cli.evaluateMs'] = Math.round(median(cli));
  ctx.figures['cli.startupRatio'] = Number(ratio.toFixed(2));
}
