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
    include: ['engine/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
