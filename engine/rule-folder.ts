/**
 * Reads a rules folder without trusting the file system: only regular files inside the folder are
 * read. A link that leaves the folder, points at nothing or at a folder, a link loop, a FIFO or a
 * device named *.yaml, a file larger than the limit (checked before it is read) and bytes that are
 * not UTF-8 are each refused as a problem at `file:line:col`, never followed, waited on or read
 * without end.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MAX_RULE_FILE_BYTES, type Diagnostic, type RuleSource } from './rules/index.ts';
import { decodeUtf8 } from './text/utf8.ts';
import { describeUtf16, utf16ByBom } from './text/utf16.ts';

export interface RuleFolder {
  readonly sources: RuleSource[];
  /** Files refused, with why. */
  readonly diagnostics: Diagnostic[];
  /**
   * Why the folder itself cannot be read (it does not exist, is a file, may not be listed), when
   * it cannot: then nothing was read, and `diagnostics` holds that one problem (file ".").
   */
  readonly unreadable?: string;
}

const YAML = /\.ya?ml$/;

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Why a folder cannot be read as a rules folder, in words; undefined when it can. */
function folderProblem(dir: string): string | undefined {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return `${st.isFile() ? 'a file' : kindOf(st)}, not a folder`;
    readdirSync(dir);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such folder'
      : code === 'ENOTDIR' ? 'no such folder (a part of the path is a file)'
      : code === 'EACCES' || code === 'EPERM' ? 'the folder cannot be read: permission denied'
      : `the folder cannot be read: ${code ?? (e as Error).message}`;
  }
}

/** Every YAML file under a folder, as sources with paths relative to it (forward slashes, sorted). */
export function readRuleFolder(dir: string, o: { maxBytes?: number } = {}): RuleFolder {
  const maxBytes = o.maxBytes ?? MAX_RULE_FILE_BYTES;
  const sources: RuleSource[] = [];
  const diagnostics: Diagnostic[] = [];
  if (typeof dir !== 'string') throw new TypeError(`a rules folder is named by its path, a string, not ${dir === null ? 'null' : typeof dir}`);
  const folder = folderProblem(dir);
  if (folder) return { sources, diagnostics: [{ code: 'UNREADABLE_FILE', severity: 'error', file: '.', line: 0, col: 0, pointer: '', message: folder }], unreadable: folder };
  const root = realpathSync(dir);
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  const refuse = (path: string, code: Diagnostic['code'], message: string, line = 1, col = 1) => {
    diagnostics.push({ code, severity: 'error', file: path, line, col, pointer: '', message });
  };

  const readFile = (path: string, full: string) => {
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the path was checked.
      fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      refuse(path, 'UNREADABLE_FILE', `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return refuse(path, 'UNREADABLE_FILE', `${kindOf(st)}, not a regular file; rule files are read only from regular files`);
      if (st.size > maxBytes) return refuse(path, 'FILE_TOO_LARGE', `the file is ${st.size} bytes; rule files may be at most ${maxBytes}`);
      // Read at most the limit and one byte more, whatever the size said (the file may grow).
      const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
      let n = 0;
      for (;;) {
        const r = readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
        if (n === buf.length) break;
      }
      if (n > maxBytes) return refuse(path, 'FILE_TOO_LARGE', `the file is larger than ${maxBytes} bytes, the most a rule file may be`);
      const utf16 = utf16ByBom(buf.subarray(0, n));
      if (utf16) return refuse(path, 'INVALID_UTF8', `the file is ${describeUtf16(utf16)}, not UTF-8; save it as UTF-8`);
      const text = decodeUtf8(buf.subarray(0, n));
      if (!text.ok) return refuse(path, 'INVALID_UTF8', `the file is not valid UTF-8 (byte 0x${text.byte.toString(16).padStart(2, '0')}); save it as UTF-8`, text.at.line, text.at.col);
      sources.push({ path, text: text.text });
    } finally {
      closeSync(fd);
    }
  };

  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      refuse(relative(root, d).split(sep).join('/') || '.', 'UNREADABLE_FILE', `the folder cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    for (const name of names) {
      const full = join(d, name);
      const path = relative(root, full).split(sep).join('/');
      let st: Stats;
      try {
        st = lstatSync(full);
      } catch {
        continue; // gone since the listing
      }
      if (st.isDirectory()) {
        walk(full);
        continue;
      }
      if (!YAML.test(name)) continue; // other files (README.md) are not read at all
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          refuse(path, 'UNREADABLE_FILE', code === 'ELOOP' ? 'a link loop; rule files must be regular files' : code === 'ENOENT' ? 'a link to a file that does not exist' : `a link that cannot be followed (${code})`);
          continue;
        }
        if (!inside(target)) {
          refuse(path, 'UNREADABLE_FILE', 'a link to a file outside the rules folder; it is not read');
          continue;
        }
        if (!statSync(target).isFile()) {
          refuse(path, 'UNREADABLE_FILE', `a link to ${kindOf(statSync(target))}, not to a regular file`);
          continue;
        }
        readFile(path, target);
        continue;
      }
      readFile(path, full);
    }
  };
  walk(root);
  return { sources, diagnostics };
}
