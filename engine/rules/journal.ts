/**
 * The published versions of a rule set, from the journal of published changes that the editor
 * keeps (history.jsonl: one line per change with the full text of every file before and after).
 * The rules as they stood after entry k are today's files with the entries after k undone, so
 * every published version can be rebuilt exactly. Pure: the caller reads the files and the journal.
 */
import type { RuleSource } from './rule-set.ts';

export interface FileChange {
  readonly path: string;
  /** The text before (null: the file was added) and after (null: removed). */
  readonly before: string | null;
  readonly after: string | null;
}

/** What every journal entry carries (the editor's entries carry more: who, why, the preview). */
export interface JournalEntry {
  readonly id: string;
  readonly seq: number;
  readonly publishedAt: string;
  readonly title: string;
  /** Rule set versions (content hashes) before and after. */
  readonly previousVersion: string;
  readonly version: string;
  readonly files: readonly FileChange[];
}

/** The rule files as they stood right after an entry (or before any entry, for 'start'). */
export function filesAfter(current: readonly RuleSource[], entries: readonly JournalEntry[], id: string | 'start'): RuleSource[] {
  const k = id === 'start' ? 0 : entries.findIndex((e) => e.id === id) + 1;
  if (id !== 'start' && k === 0) throw new Error(`no history entry ${id}`);
  const files = new Map(current.map((s) => [s.path, s.text]));
  for (const e of entries.slice(k).reverse()) {
    for (const f of e.files) {
      if (f.before === null) files.delete(f.path);
      else files.set(f.path, f.before);
    }
  }
  return [...files].map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The entry in force at a moment (the last published at or before it), or 'start'. */
export function publishedAt(entries: readonly JournalEntry[], moment: string): string | 'start' {
  let id: string | 'start' = 'start';
  for (const e of entries) if (e.publishedAt <= moment) id = e.id;
  return id;
}
