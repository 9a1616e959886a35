/**
 * Compiled rule sets kept by content hash, so that a command does not parse and check the same
 * YAML files again: the bundled rules are compiled when the package is built (dist/rule-cache/),
 * and any other folder the first time it is loaded (in INKASSO_CACHE_DIR, or the user's cache
 * folder: $XDG_CACHE_HOME/inkassomotor, ~/.cache/inkassomotor). An entry is named by the rules'
 * hash and the engine build that wrote it, so a new engine never reads an old entry, and a
 * changed file is a new hash. The built package and the editor's build (vite.config.ts) use it:
 * the CLI, the API and the replay workers for the folders they load, the editor for the published
 * rules, each draft and each version it serves. The TypeScript sources under tsx have no build id
 * and do not. INKASSO_RULE_CACHE=0 turns it off. A cache that cannot be read or written is simply
 * not used. The bundled rules' rule set itself is kept too (bundledRules): what most commands load.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepNewest, userCacheDir, writeWhole } from './cache-dir.ts';
import { internStrings, isRuleFile, type CompiledRules, type ParseRulesResult, type RuleSource } from './rules/index.ts';

declare const __INKASSO_BUILD_ID__: string | undefined;
/** Set by the build (scripts/build.ts): a hash of the engine's sources and schemas. */
export const BUILD_ID: string | undefined = typeof __INKASSO_BUILD_ID__ === 'string' ? __INKASSO_BUILD_ID__ : undefined;

const KEEP = 32;

function folders(): { readonly dir: string; readonly writable: boolean }[] {
  const own = join(dirname(fileURLToPath(import.meta.url)), 'rule-cache');
  return [{ dir: own, writable: false }, { dir: userCacheDir('rule-cache'), writable: true }];
}

export function ruleCacheEnabled(): boolean {
  return BUILD_ID !== undefined && process.env.INKASSO_RULE_CACHE !== '0';
}

const nameOf = (version: string) => `${version}-${BUILD_ID}.json`;

/** The file the build keeps the bundled rules' parse result in (scripts/build.ts). */
export const bundledSnapshotName = (buildId: string) => `bundled-${buildId}.v8`;

/**
 * The kept rule set's bytes and the texts it was parsed from, and the copy read to find them (given
 * to the first caller); null when there is none to use.
 */
let snapshot: { readonly bytes: Buffer; readonly texts: ReadonlyMap<string, string>; unused?: ParseRulesResult | undefined } | null | undefined;

// node:v8 (and the streams it loads) only when a kept rule set is read; as the project loads its
// other lazy modules (createRequire: process.getBuiltinModule is missing before Node 22.3).
let v8: typeof import('node:v8') | undefined;
const deserialize = (bytes: Buffer) => (v8 ??= createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).deserialize(bytes) as ParseRulesResult;

function readSnapshot(): typeof snapshot {
  try {
    const bytes = readFileSync(join(folders()[0]!.dir, bundledSnapshotName(BUILD_ID!)));
    const unused = deserialize(bytes);
    const sources = unused.ruleSet?.sources;
    return sources ? { bytes, texts: new Map(sources.map((s) => [s.path, s.text])), unused } : null;
  } catch {
    return null; // none, or written by a newer Node than this one reads
  }
}

/**
 * The rules the package was built with, for sources that are exactly their files: the build keeps
 * parseRules' result for the bundled folder (v8.serialize, which keeps its Maps, BigInts and
 * Infinity as they are), texts included. When every rule file given has the text the build read,
 * and there are no others, that result is the one parsing them would give, and it is returned
 * without hashing the texts, reading a compiled entry or building the rule set again (about 5 ms of
 * a command's start; on Node 22 and 24 the hash would also load node:crypto). Otherwise, or when
 * the snapshot cannot be read, undefined: load as usual.
 */
export function bundledRules(sources: readonly RuleSource[]): ParseRulesResult | undefined {
  if (!ruleCacheEnabled()) return undefined;
  // Read once: a package without one (the editor's build) does not look for it again each time.
  if (snapshot === undefined) snapshot = readSnapshot();
  if (!snapshot) return undefined;
  const seen = new Set<string>();
  for (const s of sources) {
    if (!isRuleFile(s.path)) continue;
    if (snapshot.texts.get(s.path) !== s.text || seen.has(s.path)) return undefined;
    seen.add(s.path);
  }
  if (seen.size !== snapshot.texts.size) return undefined;
  // A copy of its own for each caller, who may keep its rule set as it likes.
  const copy = snapshot.unused ?? deserialize(snapshot.bytes);
  snapshot.unused = undefined;
  // Its strings, read from the bytes, are copies of their own: V8's own, as parseRules gives them.
  if (copy.ruleSet) internStrings([copy.ruleSet.steps, copy.ruleSet.series]);
  return copy;
}

export function readCompiled(version: string): CompiledRules | undefined {
  if (!ruleCacheEnabled()) return undefined;
  for (const { dir } of folders()) {
    try {
      const c = JSON.parse(readFileSync(join(dir, nameOf(version)), 'utf8')) as CompiledRules;
      if (c.version === version && Array.isArray(c.files) && Array.isArray(c.diagnostics)) return c;
    } catch {
      // not there, or not readable: try the next folder
    }
  }
  return undefined;
}

/** Writes an entry (whole: to a temporary name, then renamed) and keeps the newest few. */
export function writeCompiled(c: CompiledRules, o: { into?: string } = {}): void {
  if (!ruleCacheEnabled()) return;
  const dir = o.into ?? folders().find((f) => f.writable)!.dir;
  try {
    writeWhole(join(dir, nameOf(c.version)), JSON.stringify(c));
    if (!o.into) keepNewest(dir, '.json', KEEP);
  } catch {
    // A cache that cannot be written is not used; the rules were loaded all the same.
  }
}
