/**
 * The CLI's contact with the outside: reading a file or stdin with a size limit as strict UTF-8
 * (a BOM is dropped) or UTF-16 with its byte-order mark, JSON with a position in its error, writing
 * to stdout/stderr, and the exit codes.
 */
import { parseJsonText } from '../claim/index.ts';
import { accessSync, closeSync, constants, openSync, readSync, fstatSync, statSync } from 'node:fs';
import { decodeUtf8 } from '../text/utf8.ts';
import { decodeUtf16, Utf16Problem, utf16ByBom } from '../text/utf16.ts';
import { terminalSafe } from '../text/terminal.ts';

/** Exit codes; interrupted is 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3, interrupted: 130 } as const;

/** An error meant for the user: printed without a stack trace, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.badInput) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Reads a whole file (or stdin for "-"), refusing anything larger than `limit` bytes. */
export function readInput(file: string, limit: number): string {
  const fd = file === '-' ? 0 : openOrFail(file);
  try {
    if (file !== '-' && fstatSync(fd).isDirectory()) throw new CliError(`${file}: is a folder, not a file`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new CliError(`${file === '-' ? 'stdin' : file}: larger than ${limit} bytes; a claim file may be at most that (use inkasso replay for many claims)`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    const bytes = Buffer.concat(chunks);
    const name = file === '-' ? 'stdin' : file;
    const utf16 = utf16ByBom(bytes);
    if (utf16) {
      try {
        return decodeUtf16(bytes, utf16);
      } catch (e) {
        if (e instanceof Utf16Problem) throw new CliError(`${name}:${e.line}: ${e.reason}`);
        throw e;
      }
    }
    const text = decodeUtf8(bytes);
    if (!text.ok) throw new CliError(`${name}:${text.at.line}:${text.at.col}: not valid UTF-8 (byte 0x${text.byte.toString(16).padStart(2, '0')}); save the file as UTF-8`);
    return text.text;
  } finally {
    if (file !== '-') closeSync(fd);
  }
}

function openOrFail(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw unreadable(file, e);
  }
}

/**
 * A claims file a command streams (replay, samlesak, letters), refused in words with exit 2 before
 * anything is read or written: not there, a folder, or not to be read by this process. Readable is
 * checked with access(2), which, unlike opening the file, does not wait for a writer on a named pipe.
 */
export function requireClaimsFile(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    throw unreadable(file, e);
  }
  if (stat.isDirectory()) throw new CliError(`${file}: is a folder, not a file`);
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw unreadable(file, e);
  }
}

function unreadable(file: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  return new CliError(`${file}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
}

/** Parses JSON, turning a syntax error into a message with line and column. */
export function parseJson(text: string, name: string): unknown {
  const r = parseJsonText(text);
  if (r.ok) return r.value;
  throw new CliError(`${name}${r.at ? `:${r.at.line}:${r.at.col}` : ''}: ${r.code === 'DUPLICATE_KEY' ? '' : 'invalid JSON: '}${r.message}`);
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A message on stderr; control characters from the input in it are escaped (terminalSafe). */
export function err(text: string): void {
  const safe = terminalSafe(text);
  process.stderr.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

/** A folder an option names: refused with `--flag DIR: no such folder`, or `is a file, not a folder`. */
export function requireFolder(flag: string, dir: string): void {
  // A folder that may not be looked at is not said to be missing.
  let stat;
  try {
    stat = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`${flag} ${dir}: no such folder`);
    throw new CliError(`${flag} ${unreadable(dir, e).message}`);
  }
  if (!stat.isDirectory()) throw new CliError(`${flag} ${dir}: is a file, not a folder`);
}
