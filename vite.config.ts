import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// monaco-editor ≥ 0.55 hides esm/vs/… behind its exports map, which monaco-yaml's worker manager
// still imports: point those imports at the files (toolchain notes, workaround 1).
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    alias: [
      { find: /^monaco-editor\/esm\/vs\/(.+\.css)$/, replacement: `${monacoEsm}$1` },
      { find: /^monaco-editor\/esm\/vs\/(.+?)(?:\.js)?$/, replacement: `${monacoEsm}$1.js` },
    ],
  },
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml', 'monaco-yaml/yaml.worker.js'] },
  build: { chunkSizeWarningLimit: 4000 },
  server: { fs: { allow: ['engine', 'schemas', 'rules', 'test/golden'] } },
});
