/**
 * From a JSON pointer inside a parsed YAML file to its line and column.
 */
import type { Node } from 'yaml';
import type { ParsedFile } from './parse.ts';
import { yaml } from './yaml-lib.ts';

export interface Position { readonly line: number; readonly col: number }

/** Splits a JSON pointer into path segments (numbers for list indexes). */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Builds a JSON pointer from path segments. */
export function pathToPointer(path: readonly (string | number)[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The position of the value at `pointer`; with `key`, the position of that key inside the map at
 * `pointer` (for an unknown property). Falls back to the nearest enclosing node that exists.
 */
export function locate(file: ParsedFile, pointer: string, key?: string): Position {
  const at = key === undefined ? pointer : `${pointer}#${key}`;
  // A file rebuilt from compiled rules has no YAML document, only the positions recorded for it.
  if (file.positions) return file.positions.get(at) ?? { line: 1, col: 1 };
  const found = find(file, pointer, key);
  file.record?.set(at, found);
  return found;
}

function find(file: ParsedFile, pointer: string, key?: string): Position {
  const { isMap, isPair, isScalar } = yaml();
  const path = pointerToPath(pointer);
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? file.doc.contents : file.doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
    if (!node || !node.range) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const keyNode = pair && isPair(pair) ? (pair.key as Node | null) : null;
      if (keyNode?.range) return file.lines.linePos(keyNode.range[0]);
    }
    return file.lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}
