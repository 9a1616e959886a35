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
        test: { name: 'engine', include: ['engine/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**'], sequence: { groupOrder: 0 } },
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
