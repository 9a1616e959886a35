import { existsSync, readFileSync } from 'node:fs';

/**
 * Resolves when `file` holds `n` whole lines: a replay writes the findings of what a paused pipe
 * sent, and a test waits for them (an event it can see), not for a fixed time.
 */
export async function linesWritten(file: string, n: number): Promise<void> {
  const count = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
  for (let waited = 0; count() < n; waited += 50) {
    if (waited > 30_000) throw new Error(`${file} has ${count()} lines after 30 s, not ${n}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
