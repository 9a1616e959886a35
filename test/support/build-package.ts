/**
 * Vitest's global setup: builds the package (dist/, with declarations) before any test runs,
 * so that every test that spawns the inkasso command runs the built CLI, as integrators do, and
 * starts in a fifth of a second instead of transpiling TypeScript first.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What the build wrote to stdout (test/package.test.ts checks that it is nothing). */
    buildStdout: string;
  }
}

/**
 * Vitest runs a global setup once for the root and once for each project that extends it: the
 * build is run by the first and its outcome reused by the rest (it took 8–12 s a time here, three
 * times a run). Kept on globalThis in case Vitest loads this module once per project.
 */
const BUILT = Symbol.for('inkassomotor.test.build');
type Built = { stdout: string } | { error: string };

function buildOnce(): Built {
  const g = globalThis as { [BUILT]?: Built };
  if (g[BUILT]) return g[BUILT];
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/build.ts'], { cwd: root, encoding: 'utf8' });
  return (g[BUILT] = r.status === 0 ? { stdout: r.stdout } : { error: `the package does not build:\n${r.stdout}${r.stderr}` });
}

export default function setup(project: TestProject): void {
  const built = buildOnce();
  if ('error' in built) throw new Error(built.error);
  project.provide('buildStdout', built.stdout);
}
