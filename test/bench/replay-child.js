// Runs `inkasso replay ARGS` and reports the process's peak memory (maxRSS, in kB, worker threads
// included) on stderr, for the benchmark.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../engine/cli/main.ts');
const code = await main(['replay', ...process.argv.slice(2)]);
process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
