/**
 * Builds the package (npm run build:package; `npm ci` runs it through `prepare`, `npm pack`
 * through `prepack`): the engine as JavaScript in dist/, so that integrators use it from plain
 * Node and the CLI starts at once.
 *
 *   dist/index.js, dist/node.js   the library (exports "." and "./node"), with .d.ts in dist/types/
 *   dist/cli.cjs, dist/launch.cjs the inkasso command, one script, and what starts it with the
 *                                 code V8 kept from an earlier run (bin/inkasso.cjs runs it)
 *   dist/worker-entry.js          replay's worker thread
 *   dist/samlesak-worker-entry.js samlesak's worker thread (its first reading)
 *   dist/*-HASH.js                chunks the library's entries and the worker threads share
 *   dist/rule-cache/              the bundled rules compiled, and their rule set itself (engine/rule-cache.ts)
 *   dist/code-cache/              the code of `inkasso evaluate` as its first run keeps it, for a
 *                                 new installation on the Node that built it (engine/cli/launch.ts)
 *   dist/validators/              every JSON Schema validator, precompiled (Ajv standalone code);
 *                                 index.json lists them for the editor's build (vite.config.ts)
 *
 * esbuild bundles the TypeScript (dependencies stay in node_modules, but for date-fns's few functions); every JSON Schema
 * validator is precompiled with Ajv's standalone code, so the CLI never loads Ajv for them; the
 * build id (a hash of the engine's sources and schemas) names the compiled rules it writes.
 * --no-types skips the declarations (the test suite's quick build).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { build, type Plugin } from 'esbuild';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { _ } from 'ajv';
import { createAjv, schemas } from '../engine/rules/schemas.ts';
import { linearErrors } from '../engine/rules/linear-errors.ts';
import { isRuleFile, parseRules } from '../engine/rules/index.ts';
import { readRuleSources } from '../engine/node.ts';
import { bundledSnapshotName } from '../engine/rule-cache.ts';
import { buildId, files, holidayTableSource, precompiledSource, type ValidatorFiles } from './generated-modules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const work = join(root, 'dist.tmp');
const withTypes = !process.argv.includes('--no-types');

/**
 * Ajv's standalone code for every schema and every API definition, one CommonJS file each in
 * dist/validators/, and the module that replaces engine/rules/precompiled.ts: it requires a
 * validator's file the first time it is asked for, so a command loads only the ones it uses.
 */
function writeValidators(into: string): ValidatorFiles {
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
  // The editor's build (vite.config.ts) finds the validators here.
  writeFileSync(join(into, 'validators', 'index.json'), `${JSON.stringify(table, null, 2)}\n`);
  return table;
}

/**
 * The validators the CLI's bundle carries itself, so that their compiled code is kept with the
 * bundle's (engine/cli/launch.ts): the claim's, which evaluate, letters and most commands check
 * before anything else. Loaded from its own file (parsed and compiled again at every start),
 * reading and checking the example claim took 6 ms of an evaluate's 60 on Node 24; 2 ms in the
 * bundle. The others stay in their files, loaded when used.
 */
const CLI_VALIDATORS = ['claim.schema.json'];

/**
 * What esbuild puts before a CommonJS file made from ES modules, which use import.meta.url: the
 * file's own URL. "use strict" comes first, where it is a directive, as the modules were strict.
 */
const CJS_BANNER = '"use strict";\nconst importMetaUrl = require("node:url").pathToFileURL(__filename).href;';

/**
 * The inkasso command as one CommonJS file, dist/cli.cjs, and its launcher, dist/launch.cjs
 * (engine/cli/launch.ts), which bin/inkasso.cjs runs: the launcher compiles the bundle as one script
 * with the code V8 kept from an earlier run. Each command's modules are still run only when the
 * command runs (esbuild turns their import() into a call that initialises them), and a package is
 * required only by the modules that import it. The first line is the hash of the rest: the key of
 * the kept code.
 */
async function buildCli(id: string, plugins: Plugin[]): Promise<void> {
  const out = await build({
    entryPoints: ['engine/cli/main.ts'], absWorkingDir: root, write: false, outfile: join(work, 'cli.cjs'), bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external',
    // No import() left in the bundle: a vm.Script has no loader to answer it.
    supported: { 'dynamic-import': false },
    define: { __INKASSO_BUILD_ID__: JSON.stringify(id), 'import.meta.url': 'importMetaUrl' },
    banner: { js: CJS_BANNER },
    plugins, legalComments: 'none', logLevel: 'warning',
  });
  const code = out.outputFiles[0]!.text;
  if (/\bimport\(/.test(code)) throw new Error('dist/cli.cjs still has an import(): the launcher cannot run it');
  writeFileSync(join(work, 'cli.cjs'), `// inkassomotor cli ${createHash('sha256').update(code).digest('hex').slice(0, 32)}\n${code}`);
  // CommonJS too: the bin requires it (an ES module importing node:fs costs the start a millisecond and more).
  await build({
    entryPoints: ['engine/cli/launch.ts'], absWorkingDir: root, outfile: join(work, 'launch.cjs'), bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external',
    define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: CJS_BANNER }, legalComments: 'none', logLevel: 'warning',
  });
}

/**
 * The code of `inkasso evaluate` as its first run keeps it (engine/cli/launch.ts), kept in
 * dist/code-cache/ for a new installation on this Node: the new build runs the bundled example
 * once with an empty cache folder of its own, and its entry is moved beside the bundle.
 */
function keepEvaluateCode(): void {
  const cache = mkdtempSync(join(tmpdir(), 'inkassomotor-build-code-'));
  const runner = join(work, 'keep-code.cjs');
  try {
    writeFileSync(runner, 'require("./launch.cjs").launch(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n');
    const env: NodeJS.ProcessEnv = { ...process.env, INKASSO_CACHE_DIR: cache };
    delete env.NODE_OPTIONS; // the flags name the entry: kept for a plain `node`, as users run it
    const r = spawnSync(process.execPath, [runner, 'evaluate', join(root, 'examples/claim-egeninkasso.json'), '--as-of', '2024-07-01'], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    // 1: the example has violations, as it should.
    if (r.status !== 0 && r.status !== 1) throw new Error(`the new build's inkasso evaluate failed (exit ${r.status}):\n${r.stderr}`);
    const made = readdirSync(join(cache, 'code-cache')).filter((f) => f.endsWith('-plain-evaluate.v8'));
    if (made.length !== 1) throw new Error(`inkasso evaluate kept ${made.length} code entries, not one`);
    mkdirSync(join(work, 'code-cache'));
    copyFileSync(join(cache, 'code-cache', made[0]!), join(work, 'code-cache', made[0]!));
  } finally {
    rmSync(runner, { force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

/**
 * The declarations (tsc into dist.tmp/types), started before the rest of the build, which runs
 * beside them: tsc alone took 7 of the build's 10 s here, on one core of two.
 */
function startDeclarations(): { done: Promise<void>; stop(): void } {
  const child = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(work, 'types')], { stdio: 'inherit' });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('declarations failed (tsc -p tsconfig.build.json)'))));
  });
  return {
    done,
    stop() {
      done.catch(() => undefined); // the build has failed already: that is the error to report
      child.kill();
    },
  };
}

async function main() {
  const t0 = performance.now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const declarations = withTypes ? startDeclarations() : undefined;
  try {
    await buildInto(t0, declarations);
  } catch (e) {
    declarations?.stop();
    throw e;
  }
}

async function buildInto(t0: number, declarations: { done: Promise<void> } | undefined) {
  const id = buildId(root);
  const validators = writeValidators(work);
  writeFileSync(join(work, 'precompiled.js'), precompiledSource('import.meta.url', validators));
  writeFileSync(join(work, 'precompiled-cli.js'), precompiledSource('import.meta.url', validators, undefined, CLI_VALIDATORS));
  writeFileSync(join(work, 'holiday-table.js'), holidayTableSource());
  // The date arithmetic (date-fns, @date-fns/utc) is bundled: a few kilobytes, where resolving and
  // loading its CommonJS files from node_modules took a tenth of the CLI's start. So are the
  // helpers of Ajv's runtime that a validator taken into the CLI's bundle requires (CLI_VALIDATORS),
  // and the one package they require; and the edit distance of the schema errors' "did you mean".
  const bundled: Plugin = {
    name: 'bundled-packages',
    setup(b) {
      b.onResolve({ filter: /^(date-fns\/|@date-fns\/utc\/|ajv\/dist\/runtime\/|fast-deep-equal$|fastest-levenshtein$)/ }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }));
    },
  };
  // The formats the precompiled validators require (engine/rules/formats.ts), as CommonJS beside them.
  // It shares the calendar's date reader (with date-fns bundled in, as in the engine); import.meta.url (for
  // loading ajv-formats when a validator needs date-time) is the file's own URL.
  await build({
    entryPoints: ['engine/rules/formats.ts'], absWorkingDir: root, outfile: join(work, 'validators', 'formats.cjs'), bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external', plugins: [bundled], logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: CJS_BANNER },
  });

  // Generated modules replace their empty stand-ins in the sources.
  const generated = (precompiled: string): Plugin => ({
    name: 'generated-modules',
    setup(b) {
      b.onResolve({ filter: /\/precompiled\.ts$/ }, () => ({ path: join(work, precompiled) }));
      b.onResolve({ filter: /\/holiday-table\.ts$/ }, () => ({ path: join(work, 'holiday-table.js') }));
    },
  });
  await build({
    entryPoints: { index: 'engine/index.ts', node: 'engine/node.ts', 'worker-entry': 'engine/replay/worker.ts', 'samlesak-worker-entry': 'engine/cli/samlesak-worker.ts' },
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
    plugins: [generated('precompiled.js'), bundled],
    legalComments: 'none',
    logLevel: 'warning',
  });
  await buildCli(id, [generated('precompiled-cli.js'), bundled]);
  rmSync(join(work, 'precompiled.js'));
  rmSync(join(work, 'precompiled-cli.js'));
  rmSync(join(work, 'holiday-table.js'));

  // The bundled rules, compiled for this build.
  const sources = readRuleSources(join(root, 'rules'));
  const { ruleSet, compiled, diagnostics } = parseRules(sources, { compile: true });
  if (!ruleSet || !compiled) throw new Error(`the bundled rules do not load: ${diagnostics.find((d) => d.severity === 'error')?.message}`);
  if (compiled.version !== ruleSet.version || sources.filter((s) => isRuleFile(s.path)).length !== compiled.files.length) throw new Error('compiled rules do not match');
  mkdirSync(join(work, 'rule-cache'));
  writeFileSync(join(work, 'rule-cache', `${compiled.version}-${id}.json`), JSON.stringify(compiled));
  // And the rule set itself, for a command whose rules are these files (bundledRules).
  writeFileSync(join(work, 'rule-cache', bundledSnapshotName(id)), serialize({ ruleSet, diagnostics }));

  writeFileSync(join(work, 'BUILD_ID'), `${id}\n`);
  keepEvaluateCode();
  if (declarations) {
    await declarations.done;
    // Declarations keep the sources' ".ts" specifiers; the published files are ".d.ts" next to ".js".
    for (const f of files(join(work, 'types'), (x) => x.endsWith('.d.ts'))) {
      writeFileSync(f, readFileSync(f, 'utf8').replace(/(from |import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
    }
  } else {
    // Keep the declarations of the last full build.
    try { renameSync(join(dist, 'types'), join(work, 'types')); } catch { /* none yet */ }
  }
  // Swap in the new build whole.
  rmSync(dist, { recursive: true, force: true });
  renameSync(work, dist);
  console.error(`built dist/ (build ${id}${withTypes ? ', with declarations' : ''}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await main();
