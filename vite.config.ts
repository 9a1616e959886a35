import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildId, holidayTableSource, precompiledSource, type ValidatorFiles } from './scripts/generated-modules.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The editor's server is built with the same generated modules as the package (scripts/build.ts),
 * so that a freshly started editor neither loads date-holidays nor compiles every JSON Schema with
 * Ajv before it answers (about a second on the project's machine): Norway's holidays as a table,
 * and the package's precompiled validators, used while dist/ is the build of these same sources
 * (else Ajv compiles them, as in the sources).
 */
function generatedModules(): Plugin {
  let precompiled: string | undefined;
  const id = buildId(root);
  return {
    name: 'inkasso-generated-modules',
    apply: 'build',
    // The engine's build id, as the package build sets it: the editor then keeps the rule sets it
    // builds in the compiled-rules cache (engine/rule-cache.ts) and reads them back after a restart
    // instead of parsing every YAML file again (about 0.4 s for the first, in a new process).
    config: () => ({ define: { __INKASSO_BUILD_ID__: JSON.stringify(id) } }),
    buildStart() {
      const dist = join(root, 'dist');
      const index = join(dist, 'validators', 'index.json');
      const built = existsSync(join(dist, 'BUILD_ID')) ? readFileSync(join(dist, 'BUILD_ID'), 'utf8').trim() : undefined;
      precompiled = built === id && existsSync(index) ? precompiledSource(JSON.stringify(pathToFileURL(join(dist, 'index.js')).href), JSON.parse(readFileSync(index, 'utf8')) as ValidatorFiles, id) : undefined;
      if (!precompiled) this.warn('dist/ is not built from these sources (npm run build:package): the editor compiles its validators when it starts');
    },
    load(id, options) {
      if (!options?.ssr) return null;
      if (id.endsWith('/engine/calendar/holiday-table.ts')) return holidayTableSource();
      if (precompiled && id.endsWith('/engine/rules/precompiled.ts')) return precompiled;
      return null;
    },
  };
}

// monaco-editor ≥ 0.55 hides esm/vs/… behind its exports map, which monaco-yaml's worker manager
// still imports: point those imports at the files (toolchain notes, workaround 1).
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
  plugins: [generatedModules(), sveltekit()],
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
