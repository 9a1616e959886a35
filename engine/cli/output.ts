/**
 * Output files written safely: the text goes to FILE.partial, is flushed to disk (fsync) and is
 * renamed to FILE only when complete (or, after a stop signal, when what was done has been
 * written), and the folder is synced after the rename, so a crash or a power cut never leaves a
 * half-written file under the real name. "-" (or no file) writes to stdout. Writes wait for the
 * stream to drain, so memory stays flat however much is written.
 */
import { accessSync, closeSync, constants, createWriteStream, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { CliError } from './io.ts';

export interface Output {
  write(text: string): Promise<void> | void;
  /** Flushes and gives the file its real name. */
  commit(): Promise<void>;
  /** Removes the partial file (after a failure that left nothing worth keeping). */
  discard(): Promise<void>;
}

/**
 * Whether a path names something other than a regular file (a device such as /dev/null, a pipe):
 * that is written in place, never replaced by a renamed file.
 */
function isSpecial(file: string): boolean {
  try {
    return !statSync(file).isFile();
  } catch {
    return false; // does not exist yet
  }
}

/**
 * Why a file could not be written, in words that name the user's path and its folder, not the
 * temporary FILE.partial or an errno code.
 */
export function cannotWrite(label: string, e: unknown): CliError {
  return new CliError(`${label}: cannot write: ${whyNot(e, dirname(label))}`);
}

/** A file system error in words; `folder` is the one a missing file would be in. */
function whyNot(e: unknown, folder: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (
    // ENOENT with the folder there: a place where the system allows no file (under /proc).
    code === 'ENOENT' ? (existsSync(folder) ? 'the system allows no file there' : `the folder ${folder} does not exist`)
    : code === 'ENOTDIR' ? `${folder} is not a folder`
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EDQUOT' ? 'the disk quota is used up'
    : code === 'EROFS' ? 'the file system is read-only'
    : (e as Error).message
  );
}

/**
 * Why a folder (makeFolder, with the folders above it) could not be made, naming the one that
 * could not: a part of the path that is a file, or a place where the system allows no folder
 * (ENOENT with the parent there, as under /proc).
 */
export function cannotMakeFolder(label: string, e: unknown): CliError {
  const { code, path } = e as NodeJS.ErrnoException;
  const at = path ?? label;
  const why = code === 'ENOENT' ? 'the system allows no folder there' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file' : whyNot(e, dirname(at));
  return new CliError(`${label}: cannot make the folder ${at}: ${why}`);
}

/**
 * Refuses, before anything is read or written, an output file that is one of the command's inputs
 * (the same file under any name: a link, another path to it) or another of its outputs. Written,
 * it would replace what the command reads (the claims, a shard's summary), or one output the other.
 * Devices and pipes (/dev/null, /dev/stdout) are written in place and never replaced: they pass.
 */
export function refuseOverwriting(inputs: readonly (string | undefined)[], outputs: readonly (string | undefined)[]): void {
  const key = (file: string): string | undefined => {
    try {
      const s = statSync(file);
      return s.isFile() ? `${s.dev}:${s.ino}` : undefined;
    } catch {
      return `path:${resolve(file)}`; // not there yet
    }
  };
  const read = new Map<string, string>();
  for (const f of inputs) {
    const k = f && f !== '-' ? key(f) : undefined;
    if (k) read.set(k, f!);
  }
  const written = new Map<string, string>();
  for (const f of outputs) {
    const k = f && f !== '-' ? key(f) : undefined;
    if (!k) continue;
    const input = read.get(k);
    if (input !== undefined) throw new CliError(`${f}: would overwrite the input file${input === f ? '' : ` ${input}`}`);
    if (written.has(k)) throw new CliError(`${f}: named for two outputs; give each its own file`);
    written.set(k, f!);
  }
}

/**
 * Refuses, before a long run starts, a file it could only fail to write at its end: its folder is
 * missing, is not a folder or cannot be written to, or the file is a folder.
 */
export function checkWritable(file: string | undefined): void {
  if (file === undefined || file === '-') return;
  try {
    if (existsSync(file) && statSync(file).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!statSync(dirname(file)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dirname(file), constants.W_OK);
  } catch (e) {
    throw cannotWrite(file, e);
  }
}

/** Removes a partial file; one that cannot be there (its folder is missing or a file) is no error. */
function removePartial(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* nothing was written there */
  }
}

export function openOutput(file: string | undefined): Output {
  if (file === undefined || file === '-') return stdoutOutput();
  if (isSpecial(file)) {
    const direct = fileWriter(file, file);
    return { write: direct.write, commit: direct.close, discard: () => direct.close().catch(() => {}) };
  }
  const partial = `${file}.partial`;
  const writer = fileWriter(partial, file);
  unfinished.add(partial);
  return {
    write: writer.write,
    async commit() {
      await writer.close();
      renameSync(partial, file);
      unfinished.delete(partial);
      syncFolder(file);
    },
    async discard() {
      await writer.close().catch(() => {});
      removePartial(partial);
      unfinished.delete(partial);
    },
  };
}

/** The FILE.partial of every output neither committed nor discarded yet. */
const unfinished = new Set<string>();

/** Removes every unfinished FILE.partial, for a command that must end at once (its reader went away). */
export function removeUnfinished(): void {
  for (const partial of unfinished) removePartial(partial);
  unfinished.clear();
}

/** A write stream that waits for drain, and whose errors name the file the user gave (`label`). */
function fileWriter(path: string, label: string): { write(text: string): Promise<void>; close(): Promise<void> } {
  let stream: WriteStream;
  let fd: number;
  try {
    fd = openSync(path, 'w');
    stream = createWriteStream(path, { fd, autoClose: false, highWaterMark: 1 << 20 });
  } catch (e) {
    throw cannotWrite(label, e);
  }
  let failed: Error | undefined;
  let closed = false;
  stream.on('error', (e) => { failed = e; });
  return {
    async write(text) {
      if (failed) throw cannotWrite(label, failed);
      if (text && !stream.write(text)) {
        try {
          await once(stream, 'drain'); // rejects on a write error
        } catch (e) {
          throw cannotWrite(label, e);
        }
      }
    },
    async close() {
      if (!closed) {
        closed = true;
        if (!stream.writableFinished) {
          // A stream that failed (a full disk) never finishes: wait for it only when it can.
          if (!failed && !stream.destroyed) stream.end();
          await finished(stream).catch(() => {});
        }
        try {
          if (!failed) fsyncOrSkip(fd);
        } finally {
          closeSync(fd);
        }
      }
      if (failed) throw cannotWrite(label, failed);
    },
  };
}

/** fsync, except where the file is a pipe or a device that cannot be synced (EINVAL). */
function fsyncOrSkip(fd: number): void {
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EROFS') throw e;
  }
}

/** Syncs the folder that holds a file, so that a rename into it survives a power cut. */
function syncFolder(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function stdoutOutput(): Output {
  return {
    async write(text) {
      if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
    },
    async commit() {},
    async discard() {},
  };
}

/** Writes a small file whole (text, or the bytes of a PDF): to FILE.partial, fsynced, then renamed. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const write = (path: string, sync: boolean) => {
    const fd = openSync(path, 'w');
    try {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      if (sync) fsyncOrSkip(fd);
    } finally {
      closeSync(fd);
    }
  };
  if (isSpecial(file)) {
    try {
      write(file, false);
    } catch (e) {
      throw cannotWrite(file, e);
    }
    return;
  }
  const partial = `${file}.partial`;
  try {
    write(partial, true);
    renameSync(partial, file);
    syncFolder(file);
  } catch (e) {
    removePartial(partial);
    throw cannotWrite(file, e);
  }
}
