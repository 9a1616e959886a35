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
 *
 * The build keeps the code of `evaluate`, the command integrators run once per claim, beside the
 * bundle (dist/code-cache/, scripts/build.ts), as its first run with the Node that built the
 * package would keep it: a new installation, a container started afresh or a home that cannot be
 * written then starts as fast as a second run. Under another Node or with V8 flags its name does
 * not match, and the command keeps its own code in the user's cache, as without it (as it does
 * when V8 refuses the build's).
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
  const name = entryName(source, argv[0]);
  const entry = name === undefined ? undefined : userEntry(name);
  // The user's own entry first (made by this Node), then the one the build kept, if any.
  const cachedData = (entry && readOrNone(entry)) ?? (name === undefined ? undefined : readOrNone(join(dirname(file), 'code-cache', name)));
  if (!cachedData && !(entry && writable(dirname(entry)))) return required();
  // The same wrapper as Node's for a CommonJS module, on the first line: stack traces keep their lines.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { main?: Main } };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  const code = await module.exports.main!([...argv]);
  if (entry && (!cachedData || script.cachedDataRejected)) keep(entry, script);
  return code;
}

/** The name of this bundle's kept code for this command; undefined when it is not to be kept. */
function entryName(source: string, command: string | undefined): string | undefined {
  const hash = HASH_LINE.exec(source)?.[1];
  if (!hash) return undefined;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  const name = command && /^[a-z][a-z-]{0,30}$/.test(command) ? command : 'other';
  return `cli-${hash}-node${process.versions.node}-${process.arch}-${flags ? flagsName(flags) : 'plain'}-${name}.v8`;
}

/** Where the user's cache keeps an entry; undefined when there is no home folder to find. */
function userEntry(name: string): string | undefined {
  try {
    return join(userCacheDir('code-cache'), name);
  } catch {
    return undefined;
  }
}

function readOrNone(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // none yet: this run keeps one
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
