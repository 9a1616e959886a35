/**
 * Line diffs for people: which lines were removed and which added, with a little context, as the
 * editor shows them in drafts, history and conflicts (computed by the `diff` library).
 */
import { diffLines } from 'diff';

export interface DiffLine {
  readonly kind: 'same' | 'add' | 'del' | 'gap';
  readonly text: string;
  /** Line numbers in the old and new text (absent for added / removed lines). */
  readonly old?: number;
  readonly new?: number;
}

export function lineDiff(before: string | null, after: string | null, context = 3): DiffLine[] {
  const parts = diffLines(before ?? '', after ?? '');
  const all: DiffLine[] = [];
  let o = 1;
  let n = 1;
  for (const p of parts) {
    const lines = p.value.replace(/\n$/, '').split('\n');
    for (const text of lines) {
      if (p.added) all.push({ kind: 'add', text, new: n++ });
      else if (p.removed) all.push({ kind: 'del', text, old: o++ });
      else all.push({ kind: 'same', text, old: o++, new: n++ });
    }
  }
  // Keep changed lines and `context` lines around them; mark skipped stretches.
  const keep = all.map(() => false);
  all.forEach((l, i) => {
    if (l.kind !== 'same') for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) keep[j] = true;
  });
  const out: DiffLine[] = [];
  let skipped = 0;
  all.forEach((l, i) => {
    if (keep[i]) {
      if (skipped) out.push({ kind: 'gap', text: `… ${skipped} like linjer …` });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  if (skipped && out.length) out.push({ kind: 'gap', text: `… ${skipped} like linjer …` });
  return out;
}

export function changedLineCount(before: string | null, after: string | null): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of diffLines(before ?? '', after ?? '')) {
    const n = p.count ?? p.value.split('\n').length - 1;
    if (p.added) added += n;
    if (p.removed) removed += n;
  }
  return { added, removed };
}
