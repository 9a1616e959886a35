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
    // Content-Security-Policy on every page: scripts only from the editor itself (SvelteKit adds a
    // nonce to its own start-up script); Monaco's workers from the same origin; styles may be inline
    // (Svelte's style attributes, Monaco's and Chart.js's injected styles); no frames, no plugins.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'worker-src': ['self', 'blob:'],
        'connect-src': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
