import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

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
        test: { name: 'engine', include: ['engine/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**'], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        // The browser tests run after the rest, on their own: on two cores, chromium and the editor
        // starved by replay and load tests running beside them made sign-ins time out.
        extends: true,
        test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
