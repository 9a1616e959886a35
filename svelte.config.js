import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // The editor's sources live in editor/ (routes, lib, hooks, app.html); the engine stays in engine/.
    files: { src: 'editor' },
    alias: {
      $engine: 'engine',
      $schemas: 'schemas',
    },
  },
};
