// Runs `inkasso COMMAND ARGS` (replay, samlesak) and reports the process's peak memory (maxRSS, in
// kB, worker threads included) on stderr, for the benchmark. Runs the built package when it is
// there, as bin/inkasso.cjs does.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

let code;
if (existsSync(new URL('../../dist/cli.cjs', import.meta.url))) {
  const { launch } = createRequire(import.meta.url)('../../dist/launch.cjs');
  code = await launch(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../../engine/cli/main.ts');
  code = await main(process.argv.slice(2));
}
const m = process.memoryUsage();
process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} (main thread at the end: heap ${Math.round(m.heapUsed / 1e6)} MB, external ${Math.round(m.external / 1e6)} MB, array buffers ${Math.round(m.arrayBuffers / 1e6)} MB, rss ${Math.round(m.rss / 1e6)} MB)\n`);
process.exitCode = code;
