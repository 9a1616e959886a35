/**
 * Output files written safely: the text goes to FILE.partial and is renamed to FILE only when
 * complete (or, after Ctrl-C, when what was done has been written), so a crash never leaves a
 * half-written file under the real name. "-" (or no file) writes to stdout. Writes wait for the
 * stream to drain, so memory stays flat however much is written.
 */
import { createWriteStream, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
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

export function openOutput(file: string | undefined): Output {
  if (file === undefined || file === '-') return stdoutOutput();
  if (isSpecial(file)) {
    const direct = fileWriter(file, file);
    return { write: direct.write, commit: direct.close, discard: () => direct.close().catch(() => {}) };
  }
  const partial = `${file}.partial`;
  const writer = fileWriter(partial, file);
  return {
    write: writer.write,
    async commit() {
      await writer.close();
      renameSync(partial, file);
    },
    async discard() {
      await writer.close().catch(() => {});
      rmSync(partial, { force: true });
    },
  };
}

/** A write stream that waits for drain, and whose errors name the file the user gave (`label`). */
function fileWriter(path: string, label: string): { write(text: string): Promise<void>; close(): Promise<void> } {
  let stream: WriteStream;
  try {
    stream = createWriteStream(path, { flags: 'w', highWaterMark: 1 << 20 });
  } catch (e) {
    throw new CliError(`${label}: cannot write: ${(e as Error).message}`);
  }
  let failed: Error | undefined;
  stream.on('error', (e) => { failed = e; });
  return {
    async write(text) {
      if (failed) throw new CliError(`${label}: cannot write: ${failed.message}`);
      if (text && !stream.write(text)) await once(stream, 'drain'); // rejects on a write error
    },
    async close() {
      if (!stream.closed) {
        stream.end();
        await once(stream, 'close');
      }
      if (failed) throw new CliError(`${label}: cannot write: ${failed.message}`);
    },
  };
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

/** Writes a small file whole: to FILE.partial, then renamed. */
export function writeFileAtomic(file: string, text: string): void {
  if (isSpecial(file)) {
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new CliError(`${file}: cannot write: ${(e as Error).message}`);
    }
    return;
  }
  const partial = `${file}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw new CliError(`${file}: cannot write: ${(e as Error).message}`);
  }
}
