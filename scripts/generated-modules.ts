/**
 * The modules a build puts in place of their empty stand-ins in the sources, shared by the
 * package build (scripts/build.ts, esbuild) and the editor's build (vite.config.ts):
 *
 *   engine/calendar/holiday-table.ts  Norway's public holidays 1900–2100 as date-holidays gives them
 *   engine/rules/precompiled.ts       every JSON Schema validator, Ajv standalone code (dist/validators/)
 *
 * and the build id: a hash of everything the engine's output depends on.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIRST_TABLE_YEAR, LAST_TABLE_YEAR } from '../engine/calendar/holidays.ts';

/** The files under a folder that `keep` picks, sorted, at any depth. */
export function files(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, keep) : keep(full) ? [full] : [];
  });
}

/** A hash of everything the engine's output depends on: its sources, schemas and package.json. */
export function buildId(root: string): string {
  const h = createHash('sha256');
  for (const f of [...files(join(root, 'engine'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts')), ...files(join(root, 'schemas'), (f) => f.endsWith('.json')), join(root, 'package.json')]) {
    h.update(relative(root, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** The public holidays of 1900–2100 from date-holidays, so that no process need load it to look one up. */
export function holidayTableSource(): string {
  const require = createRequire(import.meta.url);
  const Holidays = require('date-holidays') as new (country: string) => { getHolidays(y: number): { type: string; date: string; name: string }[] };
  const lib = new Holidays('NO');
  const years: Record<number, [string, string][]> = {};
  for (let y = FIRST_TABLE_YEAR; y <= LAST_TABLE_YEAR; y++) years[y] = lib.getHolidays(y).filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name]);
  return `export const holidayTable = ${JSON.stringify({ first: FIRST_TABLE_YEAR, last: LAST_TABLE_YEAR, years })};\n`;
}

/** The validators' files by schema (and API definition), as the package build lists them in dist/validators/index.json. */
export type ValidatorFiles = Record<string, string>;

/**
 * The module that replaces engine/rules/precompiled.ts: it requires a validator's file (a path
 * relative to `base`, JavaScript that gives a file URL) the first time it is asked for. With
 * `onlyIfBuild`, it is used only while `base`'s BUILD_ID is still that build, so that a package
 * rebuilt from other sources is never mixed with the code that was built against it: the
 * validators are then compiled by Ajv, as in the sources.
 *
 * `inline`: validators the bundler is to take into the bundle itself (a static require of their
 * file, still run only when first asked for), for a bundle whose compiled code is kept between runs
 * (the CLI's, engine/cli/launch.ts): a validator loaded from its own file was parsed and compiled
 * again at every start.
 */
export function precompiledSource(base: string, table: ValidatorFiles, onlyIfBuild?: string, inline: readonly string[] = []): string {
  const inlined = inline.map((key) => {
    if (!(key in table)) throw new Error(`no validator ${key} to inline`);
    return `${JSON.stringify(key)}: () => require(${JSON.stringify(table[key])})`;
  });
  return [
    "import { createRequire } from 'node:module';",
    ...(onlyIfBuild ? ["import { readFileSync } from 'node:fs';"] : []),
    `const load = createRequire(${base});`,
    `const files = ${JSON.stringify(table)};`,
    `const inlined = { ${inlined.join(', ')} };`,
    ...(onlyIfBuild
      ? [`let current = false;`, `try { current = readFileSync(load.resolve('./BUILD_ID'), 'utf8').trim() === ${JSON.stringify(onlyIfBuild)}; } catch { /* no package built */ }`]
      : ['const current = true;']),
    'const loaded = new Map();',
    'export const precompiled = current ? new Proxy({}, { get(_, key) { if (typeof key !== "string" || !Object.hasOwn(files, key)) return undefined; if (!loaded.has(key)) loaded.set(key, Object.hasOwn(inlined, key) ? inlined[key]() : load(files[key])); return loaded.get(key); } }) : undefined;',
    '',
  ].join('\n');
}
