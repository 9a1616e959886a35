/**
 * `mkdir -p` that fails where it cannot make the folder. Node's own (mkdirSync with `recursive`,
 * in Node 20, 22 and 24 alike) never returns for a path under /proc: the kernel answers ENOENT
 * for a folder whose parent exists, Node takes that to mean the parent is missing, makes the
 * parent (it exists), and tries again, at 100 % of a core. `--out /proc/x`, or a cache folder
 * there, hung the command for good. Here each missing folder is made once, from the outside in,
 * and the first refusal is thrown as the system gave it (ENOENT, ENOTDIR, EACCES …).
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeFolder(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  for (let d = target; ; d = dirname(d)) {
    // The nearest part of the path that exists ends the walk: a file there fails the mkdir below
    // with ENOTDIR, and a file at the folder's own path fails it with EEXIST, as mkdir -p would.
    const found = existing(d);
    if (found) {
      if (d === target && !found.isDirectory()) mkdirSync(d);
      break;
    }
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!);
    } catch (e) {
      // Made meanwhile by another process: as good as made here.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(missing[i]!).isDirectory()) throw e;
    }
  }
}

/**
 * The path's stat, or undefined when nothing is there. A path through a file (ENOTDIR) counts as
 * not there, so the walk goes on up to the file, and the folder it cannot make is named the same
 * on every Node (Node 22 and later return undefined for it with throwIfNoEntry: false, Node 20
 * throws).
 */
function existing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}
