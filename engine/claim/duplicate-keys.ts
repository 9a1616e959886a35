/**
 * JSON.parse keeps the last of two equal keys in an object without a word ({"principal": "1",
 * "principal": "1000000"} is a claim of a million). This finds the first duplicate key, with its
 * JSON pointer and its place in the text, so that it can be refused. Cheap when there is none:
 * the keys of the parsed value are counted against the colons in the text, and the text is
 * scanned (jsonc-parser) only when they differ (a colon inside a string, or a key given twice).
 */
import { jsonc } from './jsonc-lib.ts';

export interface DuplicateKey {
  /** JSON pointer of the second occurrence (/events/2/amount). */
  readonly pointer: string;
  /** Character offset of the second occurrence's key in the text. */
  readonly offset: number;
}

/** Keys in every object of a parsed value (iteratively: the value may be nested 100 000 deep). */
function countKeys(root: unknown): number {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    for (const k in v as Record<string, unknown>) {
      n++;
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return n;
}

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first key given twice in the same object of `text`, which must be valid JSON that parsed
 * to `value`; undefined when every key is unique.
 */
export function findDuplicateKey(text: string, value: unknown): DuplicateKey | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (countColons(text) === countKeys(value)) return undefined;
  return scan(text);
}

/** The scan of the text (jsonc-parser's visitor): the keys seen in each open object. */
function scan(text: string): DuplicateKey | undefined {
  const open: Set<string>[] = [];
  let found: DuplicateKey | undefined;
  jsonc().visit(text, {
    onObjectBegin: () => { open.push(new Set()); },
    onObjectEnd: () => { open.pop(); },
    onObjectProperty: (key, offset, _length, _line, _col, path) => {
      const keys = open[open.length - 1];
      if (found || !keys) return;
      if (keys.has(key)) found = { pointer: [...path(), key].map((p) => `/${escape(String(p))}`).join(''), offset };
      keys.add(key);
    },
  }, { disallowComments: true, allowTrailingComma: false });
  return found;
}
