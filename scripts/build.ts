/**
 * Builds the package (npm run build:package; `npm ci` runs it through `prepare`, `npm pack`
 * through `prepack`): the engine as JavaScript in dist/, so that integrators use it from plain
 * Node and the CLI starts at once.
 *
 *   dist/index.js, dist/node.js   the library (exports "." and "./node"), with .d.ts in dist/types/
 *   dist/cli.js                   the inkasso command (bin/inkasso.js loads it)
 *   dist/worker-entry.js          replay's worker thread
 *   dist/*-HASH.js                chunks the entries share; commands are loaded when they run
 *   dist/rule-cache/              the bundled rules compiled (engine/rule-cache.ts)
 *   dist/validators/              every JSON Schema validator, precompiled (Ajv standalone code)
 *
 * esbuild bundles the TypeScript (dependencies stay in node_modules, but for date-fns's few functions); every JSON Schema
 * validator is precompiled with Ajv's standalone code, so the CLI never loads Ajv for them; the
 * build id (a hash of the engine's sources and schemas) names the compiled rules it writes.
 * --no-types skips the declarations (the test suite's quick build).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { _ } from 'ajv';
import { createAjv, schemas } from '../engine/rules/schemas.ts';
import { linearErrors } from '../engine/rules/linear-errors.ts';
import { isRuleFile, parseRules } from '../engine/rules/index.ts';
import { readRuleSources } from '../engine/node.ts';
import { FIRST_TABLE_YEAR, LAST_TABLE_YEAR } from '../engine/calendar/holidays.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const work = join(root, 'dist.tmp');
const withTypes = !process.argv.includes('--no-types');

function files(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, keep) : keep(full) ? [full] : [];
  });
}

/** A hash of everything the engine's output depends on: its sources, schemas and package.json. */
function buildId(): string {
  const h = createHash('sha256');
  for (const f of [...files(join(root, 'engine'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts')), ...files(join(root, 'schemas'), (f) => f.endsWith('.json')), join(root, 'package.json')]) {
    h.update(relative(root, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Ajv's standalone code for every schema and every API definition, one CommonJS file each in
 * dist/validators/, and the module that replaces engine/rules/precompiled.ts: it requires a
 * validator's file the first time it is asked for, so a command loads only the ones it uses.
 */
function writeValidators(into: string): string {
  const ajv = createAjv({ code: { source: true, formats: _`require("./formats.cjs").FORMATS` } });
  const keys: [string, string][] = [];
  for (const [file, schema] of Object.entries(schemas)) keys.push([file, (schema as { $id: string }).$id]);
  for (const def of Object.keys((schemas['api.schema.json'] as { $defs: Record<string, unknown> }).$defs)) keys.push([`api.schema.json#/$defs/${def}`, `${schemas['api.schema.json'].$id}#/$defs/${def}`]);
  mkdirSync(join(into, 'validators'), { recursive: true });
  const table: Record<string, string> = {};
  keys.forEach(([key, id], i) => {
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`no schema ${id}`);
    const name = `v${i}.cjs`;
    // Ajv's standalone code is made from the code before code.process: made linear here too.
    writeFileSync(join(into, 'validators', name), linearErrors((standaloneCode as unknown as { default: (a: unknown, f: unknown) => string }).default(ajv, fn)));
    table[key] = `./validators/${name}`;
  });
  return [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    `const files = ${JSON.stringify(table)};`,
    'const loaded = new Map();',
    'export const precompiled = new Proxy({}, { get(_, key) { if (typeof key !== "string" || !(key in files)) return undefined; if (!loaded.has(key)) loaded.set(key, require(files[key])); return loaded.get(key); } });',
    '',
  ].join('\n');
}

/** The public holidays of 1900–2100 from date-holidays, so that the CLI need not load it to look one up. */
function holidayTable(): string {
  const require = createRequire(import.meta.url);
  const Holidays = require('date-holidays') as new (country: string) => { getHolidays(y: number): { type: string; date: string; name: string }[] };
  const lib = new Holidays('NO');
  const years: Record<number, [string, string][]> = {};
  for (let y = FIRST_TABLE_YEAR; y <= LAST_TABLE_YEAR; y++) years[y] = lib.getHolidays(y).filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name]);
  return `export const holidayTable = ${JSON.stringify({ first: FIRST_TABLE_YEAR, last: LAST_TABLE_YEAR, years })};\n`;
}

async function main() {
  const t0 = performance.now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const id = buildId();
  writeFileSync(join(work, 'precompiled.js'), writeValidators(work));
  writeFileSync(join(work, 'holiday-table.js'), holidayTable());
  // The date arithmetic (date-fns, @date-fns/utc) is bundled: a few kilobytes, where resolving and
  // loading its CommonJS files from node_modules took a tenth of the CLI's start.
  const bundled: Plugin = {
    name: 'bundled-packages',
    setup(b) {
      b.onResolve({ filter: /^(date-fns|@date-fns\/utc)\// }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }));
    },
  };
  // The formats the precompiled validators require (engine/rules/formats.ts), as CommonJS beside them.
  // It shares the calendar's date reader (with date-fns bundled in, as in the engine); import.meta.url (for
  // loading ajv-formats when a validator needs date-time) is the file's own URL.
  await build({
    entryPoints: ['engine/rules/formats.ts'], absWorkingDir: root, outfile: join(work, 'validators', 'formats.cjs'), bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external', plugins: [bundled], logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });

  // Generated modules replace their empty stand-ins in the sources.
  const generated: Plugin = {
    name: 'generated-modules',
    setup(b) {
      b.onResolve({ filter: /\/precompiled\.ts$/ }, () => ({ path: join(work, 'precompiled.js') }));
      b.onResolve({ filter: /\/holiday-table\.ts$/ }, () => ({ path: join(work, 'holiday-table.js') }));
    },
  };
  await build({
    entryPoints: { index: 'engine/index.ts', node: 'engine/node.ts', cli: 'engine/cli/main.ts', 'worker-entry': 'engine/replay/worker.ts' },
    absWorkingDir: root,
    outdir: work,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    define: { __INKASSO_BUILD_ID__: JSON.stringify(id) },
    plugins: [generated, bundled],
    legalComments: 'none',
    logLevel: 'warning',
  });
  rmSync(join(work, 'precompiled.js'));
  rmSync(join(work, 'holiday-table.js'));

  // The bundled rules, compiled for this build.
  const sources = readRuleSources(join(root, 'rules'));
  const { ruleSet, compiled, diagnostics } = parseRules(sources, { compile: true });
  if (!ruleSet || !compiled) throw new Error(`the bundled rules do not load: ${diagnostics.find((d) => d.severity === 'error')?.message}`);
  if (compiled.version !== ruleSet.version || sources.filter((s) => isRuleFile(s.path)).length !== compiled.files.length) throw new Error('compiled rules do not match');
  mkdirSync(join(work, 'rule-cache'));
  writeFileSync(join(work, 'rule-cache', `${compiled.version}-${id}.json`), JSON.stringify(compiled));

  if (withTypes) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(work, 'types')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('declarations failed (tsc -p tsconfig.build.json)');
    // Declarations keep the sources' ".ts" specifiers; the published files are ".d.ts" next to ".js".
    for (const f of files(join(work, 'types'), (x) => x.endsWith('.d.ts'))) {
      writeFileSync(f, readFileSync(f, 'utf8').replace(/(from |import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
    }
  } else {
    // Keep the declarations of the last full build.
    try { renameSync(join(dist, 'types'), join(work, 'types')); } catch { /* none yet */ }
  }
  writeFileSync(join(work, 'BUILD_ID'), `${id}\n`);
  // Swap in the new build whole.
  rmSync(dist, { recursive: true, force: true });
  renameSync(work, dist);
  console.error(`built dist/ (build ${id}${withTypes ? ', with declarations' : ''}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await main();
