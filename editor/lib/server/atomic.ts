/**
 * Writing files so that a crash or a full disk never leaves half a file: write to a temporary
 * file in the same folder, flush it to disk, rename it over the old one (rename is atomic on one
 * file system), then flush the folder so that the rename itself survives a power cut. Writers to
 * the same store take turns through a queue.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync, ftruncateSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeFolder } from '$engine/make-folder.ts';

/** Temporary files of writeFileAtomic: `.NAME.<12 hex>.tmp`. */
export const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Flushes a folder's entries (new, renamed and removed files) to disk. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to open or flush a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a temporary file beside `path` and flushes it; returns its name (rename it into place). */
export function stageFile(path: string, text: string, mode = 0o644): string {
  makeFolder(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  return tmp;
}

export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const tmp = stageFile(path, text, mode);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** Appends one line in one write and flushes it (for append-only journals). */
export function appendLineDurable(path: string, line: string): void {
  makeFolder(dirname(path));
  const created = !existsSync(path);
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, line.endsWith('\n') ? line : `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDir(dirname(path));
}

/**
 * Cuts off a last line without its newline: an append that died half-way. Returns whether it did.
 * Everything up to the last newline was flushed whole, so nothing committed is lost.
 */
export function cutTornTail(path: string): boolean {
  if (!existsSync(path)) return false;
  const size = statSync(path).size;
  if (size === 0) return false;
  const bytes = readFileSync(path);
  if (bytes[size - 1] === 0x0a) return false;
  const keep = bytes.lastIndexOf(0x0a) + 1;
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, keep);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes temporary files left by writes that died before their rename, in a folder and below it. */
export function removeTempFiles(dir: string): string[] {
  const removed: string[] = [];
  if (!existsSync(dir)) return removed;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && TEMP_FILE.test(e.name)) {
        rmSync(full, { force: true });
        removed.push(full);
      }
    }
  };
  walk(dir);
  return removed;
}

export function readJson<T>(path: string, fallback: T): T {
  if (!existsSync(path)) return fallback;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Runs tasks one after another (one queue per store), so that read-modify-write never interleaves. */
export class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
