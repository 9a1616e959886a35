/**
 * Starts the inkasso command from its bundle (dist/cli.cjs, made by scripts/build.ts) with compiled
 * code V8 kept from an earlier run of the same command.
 *
 * Node's own compile cache (Node 22 and later; Node 20 has none) keeps a module's code as it is
 * when the module loads, before it runs: the functions a command compiles as it runs, most of the
 * evaluation, were compiled again at every start. Here the bundle is compiled as one vm.Script with
 * the code kept for its command; when there was none, or V8 refused it (another Node, other V8
 * flags), the script's code is kept once the command is done, everything it compiled included.
 *
 * An entry is named by the bundle's content hash (its first line, written by the build), Node's
 * version, the architecture, the V8 flags and the command: V8 itself checks only the source's
 * length, so an entry must never be read for another bundle. Kept in the user's cache folder
 * (cache-dir.ts, code-cache/), the newest few; INKASSO_CODE_CACHE=0 turns it off. A cache that
 * cannot be read or written is simply not used: the command runs all the same.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { makeFolder } from '../make-folder.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { keepNewest, userCacheDir, writeWhole } from '../cache-dir.ts';
import { fnv1a } from '../replay/shard.ts';

const KEEP = 16;
/** The bundle's first line: `// inkassomotor cli <hash of the rest>`. */
const HASH_LINE = /^\/\/ inkassomotor cli ([0-9a-f]{16,64})\n/;

type Main = (argv: string[]) => Promise<number>;

/** Runs the command line `argv` (without node and the script) and returns its exit code. */
export async function launch(argv: readonly string[]): Promise<number> {
  const file = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  // Required as any module (with Node's compile cache, where there is one) when the code is not
  // to be kept: turned off, or no entry and none can be written (a read-only home).
  const required = () => (createRequire(file)(file) as { main: Main }).main([...argv]);
  if (process.env.INKASSO_CODE_CACHE === '0') return required();
  const source = readFileSync(file, 'utf8');
  const entry = entryFor(source, argv[0]);
  let cachedData: Buffer | undefined;
  if (entry) {
    try {
      cachedData = readFileSync(entry);
    } catch {
      // none yet: this run keeps one
    }
  }
  if (!cachedData && !(entry && writable(dirname(entry)))) return required();
  // The same wrapper as Node's for a CommonJS module, on the first line: stack traces keep their lines.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { main?: Main } };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  const code = await module.exports.main!([...argv]);
  if (entry && (!cachedData || script.cachedDataRejected)) keep(entry, script);
  return code;
}

/** Where this bundle's code for this command is kept; undefined when it is not to be. */
function entryFor(source: string, command: string | undefined): string | undefined {
  const hash = HASH_LINE.exec(source)?.[1];
  if (!hash) return undefined;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  const name = command && /^[a-z][a-z-]{0,30}$/.test(command) ? command : 'other';
  try {
    return join(userCacheDir('code-cache'), `cli-${hash}-node${process.versions.node}-${process.arch}-${flags ? flagsName(flags) : 'plain'}-${name}.v8`);
  } catch {
    return undefined; // no home folder to find
  }
}

/** The flags as a short name (FNV-1a, as replay's shards use it): not a guard, V8 checks them itself. */
const flagsName = (flags: string) => fnv1a(flags).toString(16).padStart(8, '0');

function writable(dir: string): boolean {
  try {
    makeFolder(dir);
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function keep(entry: string, script: Script): void {
  try {
    writeWhole(entry, script.createCachedData());
    keepNewest(dirname(entry), '.v8', KEEP);
  } catch {
    // not kept: the next run compiles as this one did
  }
}
