/**
 * The floor replay and samlesak are measured against: one core reading a file and JSON.parse-ing
 * every line (test/bench/parse-only.js), as its own process. It is read twice, before the command
 * and after it, and the faster reading is the floor. On the project's machine one reading alone
 * moved by more than a factor of two (the 470 MB samlesak file: 9.8 s in one benchmark run, 10.7 s
 * and then 4.4 s in two readings one after the other), while the command beside it moved much less.
 * The page cache is not the cause: readings after dropping it took 25.3 s (the 6 000 000 claims) and
 * 4.6 s, as warm ones did. A slow floor flatters the ratio; the faster of two does not.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PARSE_ONLY = fileURLToPath(new URL('./parse-only.js', import.meta.url));
const COMMAND_CHILD = fileURLToPath(new URL('./command-child.js', import.meta.url));

/** Seconds one core takes to read `file` and JSON.parse every line. */
function readingSeconds(file: string): number {
  const t = performance.now();
  const p = spawnSync(process.execPath, [PARSE_ONLY, file], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`parse-only failed: ${p.stderr}`);
  return (performance.now() - t) / 1000;
}

export interface Floor {
  /** The faster of the two readings: the floor. */
  readonly seconds: number;
  readonly before: number;
  readonly after: number;
}

/**
 * Runs an inkasso command as its own process (test/bench/command-child.js, which reports its peak
 * memory on stderr) between the two readings of `file`. Exit 1 (violations found) is a result,
 * anything else a failure.
 */
export async function timedAgainstFloor(file: string, command: readonly string[]): Promise<{ floor: Floor; seconds: number; stderr: string }> {
  const before = readingSeconds(file);
  const { seconds, stderr } = await timedCommand(command);
  const after = readingSeconds(file);
  return { floor: { seconds: Math.min(before, after), before, after }, seconds, stderr };
}

/**
 * An inkasso command as its own process (test/bench/command-child.js, which reports its peak
 * memory on stderr as "maxRSS N"), timed. Exit 1 (violations found) is a result, anything else a
 * failure.
 */
export async function timedCommand(command: readonly string[]): Promise<{ seconds: number; stderr: string }> {
  const t = performance.now();
  const child = spawn(process.execPath, [COMMAND_CHILD, ...command], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const seconds = (performance.now() - t) / 1000;
  if (code !== 0 && code !== 1) throw new Error(`inkasso ${command[0]} exited ${code}: ${stderr}`);
  return { seconds, stderr };
}

/** "33.9 s   (the faster of 35.1 s before and 33.9 s after)". */
export function describeFloor(f: Floor): string {
  return `${f.seconds.toFixed(1)} s   (the faster of ${f.before.toFixed(1)} s before and ${f.after.toFixed(1)} s after)`;
}
