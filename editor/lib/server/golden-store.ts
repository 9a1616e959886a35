/**
 * The golden corpus the preview runs: the golden files of the latest published version (genesis
 * and journal; the golden folder is a copy). A changed expectation accepted with its reason is
 * written into the case's file text as part of a publish: only the `expected` block is replaced
 * and a dated line is added to `checked`; every other byte of the file stays as it was, so the
 * diff shows only what changed.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document, type Node } from 'yaml';
import { parseGoldenCases, type GoldenCase, type LoadedCase, type RuleSource } from '$engine/node.ts';

export class GoldenStore {
  private readonly published: () => readonly RuleSource[];
  private cache: { of: readonly RuleSource[]; cases: LoadedCase[] } | undefined;

  constructor(published: () => readonly RuleSource[]) {
    this.published = published;
  }

  cases(): LoadedCase[] {
    const of = this.published();
    if (this.cache?.of !== of) this.cache = { of, cases: parseGoldenCases(of).cases };
    return this.cache.cases;
  }

  get(id: string): LoadedCase | undefined {
    return this.cases().find((c) => c.id === id);
  }

  /** The case file's text with a new expectation and a line saying who changed it, when and why. */
  static withExpectation(text: string, expected: GoldenCase['expected'], note: string): string {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines }) as Document.Parsed;
    if (!isMap(doc.contents)) throw new Error('a golden case is a map');
    let out = text;
    const block = stringify({ expected }, { lineWidth: 0 }).trimEnd();
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'expected');
    const checkedPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'checked');
    const edits: { from: number; to: number; text: string }[] = [];
    const inPlace = pair ? scalarEdits(pair.value as Node | null, expected) : null;
    if (inPlace) {
      // The same shape as before: only the figures that changed are rewritten, each in its own place.
      edits.push(...inPlace);
    } else if (pair && isScalar(pair.key) && pair.key.range) {
      // From the start of the key's line to the end of the value's last line.
      const from = text.lastIndexOf('\n', pair.key.range[0] - 1) + 1;
      const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? pair.key.range[1];
      edits.push({ from, to: endOfContent(text, valueEnd), text: block });
    } else {
      edits.push({ from: text.length, to: text.length, text: `${text.endsWith('\n') ? '' : '\n'}${block}\n` });
    }
    if (checkedPair && isScalar(checkedPair.value) && checkedPair.value.range) {
      const v = checkedPair.value;
      const end = endOfContent(text, v.range![1]);
      if (v.type === 'BLOCK_FOLDED' || v.type === 'BLOCK_LITERAL') {
        // Add the note as a new line of the block, indented like its first line (a blank line
        // first in a folded block, so that it stays a line of its own); nothing else moves.
        const firstLine = text.indexOf('\n', v.range![0]) + 1;
        const indent = /^[ ]*/.exec(text.slice(firstLine))![0] || '  ';
        edits.push({ from: end, to: end, text: `\n${v.type === 'BLOCK_FOLDED' ? '\n' : ''}${indent}${note}` });
      } else {
        const from = text.lastIndexOf('\n', (checkedPair.key as { range: [number, number, number] }).range[0] - 1) + 1;
        edits.push({ from, to: end, text: stringify({ checked: `${String(v.value ?? '').trim()}\n${note}`.trim() }, { lineWidth: 0 }).trimEnd() });
      }
    } else {
      edits.push({ from: text.length, to: text.length, text: `${stringify({ checked: note }, { lineWidth: 0 }).trimEnd()}\n` });
    }
    for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
    if (!out.endsWith('\n')) out += '\n';
    return out;
  }
}

/** The end of a value's text: its end offset, without the line break and blank lines after it. */
function endOfContent(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/**
 * Edits that turn a node's scalars into a new value of the same shape (the same keys, the same
 * list lengths), each written as the old one was (quoted or plain); null when the shape differs.
 */
function scalarEdits(node: Node | null, value: unknown): { from: number; to: number; text: string }[] | null {
  if (isMap(node)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const keys = Object.keys(value);
    if (keys.length !== node.items.length) return null;
    const out: { from: number; to: number; text: string }[] = [];
    for (const p of node.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k === undefined || !keys.includes(k)) return null;
      const sub = scalarEdits(p.value as Node | null, (value as Record<string, unknown>)[k]);
      if (!sub) return null;
      out.push(...sub);
    }
    return out;
  }
  if (isSeq(node)) {
    if (!Array.isArray(value) || value.length !== node.items.length) return null;
    const out: { from: number; to: number; text: string }[] = [];
    for (let i = 0; i < value.length; i++) {
      const sub = scalarEdits(node.items[i] as Node | null, value[i]);
      if (!sub) return null;
      out.push(...sub);
    }
    return out;
  }
  if (isScalar(node) && node.range) {
    if (value !== null && typeof value === 'object') return null;
    if (node.value === value || (node.value !== null && value !== null && String(node.value) === String(value) && typeof node.value === typeof value)) return [];
    let written: string;
    if (value === null) written = 'null';
    else if (typeof value !== 'string') written = String(value);
    else if (node.type === 'QUOTE_DOUBLE') written = JSON.stringify(value);
    else if (node.type === 'QUOTE_SINGLE') written = `'${value.replace(/'/g, "''")}'`;
    else written = stringify(value).trimEnd().includes('\n') ? JSON.stringify(value) : stringify(value).trimEnd();
    return [{ from: node.range[0], to: node.range[1], text: written }];
  }
  return null;
}
