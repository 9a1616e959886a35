import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/** Test files that replace a module with vi.mock (or otherwise need a module graph of their own). */
const ISOLATED = ['test/replay/worker-failure.test.ts'];

export default defineConfig({
  resolve: {
    // The same aliases SvelteKit gives the editor (svelte.config.js).
    alias: {
      $engine: fileURLToPath(new URL('./engine', import.meta.url)),
      $schemas: fileURLToPath(new URL('./schemas', import.meta.url)),
      $lib: fileURLToPath(new URL('./editor/lib', import.meta.url)),
    },
  },
  test: {
    testTimeout: 60_000,
    pool: 'threads',
    globalSetup: ['test/support/build-package.ts'],
    projects: [
      {
        extends: true,
        // Two files at a time: Vitest's default on two cores is one (cores - 1), and most of these
        // files spend their time waiting for a CLI, replay, API or editor process they started.
        // Not isolated: a worker imports the engine once for all the files it runs, not once per
        // file (import time went from 43 s to 14 s, the project from 216 s to 165 s). These files
        // mock no module, stub no global or environment variable and leave no listener behind; the
        // ones that do are in ISOLATED.
        test: { name: 'engine', isolate: false, include: ['engine/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**', ...ISOLATED], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // Each file with a module graph of its own: a vi.mock must not reach the other files. Last,
        // on its own (one file of 2 s; Vitest ran it last also when it had the engine's group).
        test: { name: 'isolated', include: ISOLATED, maxWorkers: 1, sequence: { groupOrder: 2 } },
      },
      {
        // The browser tests run after the rest, on their own: on two cores, chromium and the editor
        // starved by replay and load tests running beside them made sign-ins time out. Within a
        // file, tests marked concurrent run two at a time (the officers' pages, one role each).
        extends: true,
        test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, maxConcurrency: 2, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
