/**
 * The user's cache folder, where the package keeps what it made once and may use again: compiled
 * rule sets (rule-cache.ts) and the inkasso command's compiled code (cli/launch.ts). It is
 * INKASSO_CACHE_DIR, or $XDG_CACHE_HOME/inkassomotor, or ~/.cache/inkassomotor. An entry is written
 * whole (to a temporary name, then renamed), so a reader never sees half of one, and each folder
 * keeps its newest few.
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeFolder } from './make-folder.ts';

/** A temporary file older than this was left by a process that died while writing it. */
const STALE_TMP_MS = 10 * 60_000;

/** The folder for one kind of entry (rule-cache, code-cache) in the user's cache folder. */
export function userCacheDir(kind: string): string {
  const user = process.env.INKASSO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'inkassomotor');
  return join(user, kind);
}

/** Writes the file whole: to a temporary name beside it, then renamed. Throws when it cannot. */
export function writeWhole(file: string, data: string | Uint8Array): void {
  makeFolder(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Keeps the newest `keep` entries of the folder whose names end in `suffix`, and removes what a
 * process killed while writing left (an editor stopped with SIGKILL mid-publish).
 */
export function keepNewest(dir: string, suffix: string, keep: number): void {
  const names = readdirSync(dir);
  const entries = names.filter((f) => f.endsWith(suffix)).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const old of entries.slice(keep)) rmSync(join(dir, old.f), { force: true });
  const now = Date.now();
  for (const f of names) if (f.endsWith('.tmp') && now - statSync(join(dir, f)).mtimeMs > STALE_TMP_MS) rmSync(join(dir, f), { force: true });
}
