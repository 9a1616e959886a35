/**
 * The history of published changes: an append-only journal (history.jsonl in the data folder), one
 * line per published change, flushed to disk when written. Each entry keeps who, when, why (reason
 * and legal reference), who approved it, the full text of every file before and after, the golden
 * expectations changed with it, and the preview as it was approved. Lines are never rewritten.
 *
 * Time travel: the rules as they stood after entry k are today's files with the entries after k
 * undone (each file set back to its `before`), so any earlier version can be shown exactly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSource } from '$engine/node.ts';
import { appendLineDurable, Queue } from './atomic.ts';
import type { PreviewSummary } from './preview.ts';

export interface FileChange {
  readonly path: string;
  /** The text before (null: the file was added) and after (null: removed). */
  readonly before: string | null;
  readonly after: string | null;
}

export interface GoldenChange {
  readonly caseId: string;
  readonly before: string;
  readonly after: string;
  readonly reason: string;
}

export interface HistoryEntry {
  readonly id: string;
  readonly seq: number;
  readonly publishedAt: string;
  readonly title: string;
  readonly author: string;
  readonly approver: string;
  readonly reason: string;
  readonly hjemmel: string;
  readonly draftId: string;
  /** Rule set versions (content hashes) before and after. */
  readonly previousVersion: string;
  readonly version: string;
  readonly files: readonly FileChange[];
  readonly golden: readonly GoldenChange[];
  readonly preview: PreviewSummary;
  readonly restoredFrom?: string;
}

export class History {
  private readonly path: string;
  private readonly queue = new Queue();
  constructor(dataDir: string) {
    this.path = join(dataDir, 'history.jsonl');
  }

  list(): HistoryEntry[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as HistoryEntry);
  }

  get(id: string): HistoryEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  append(entry: Omit<HistoryEntry, 'id' | 'seq'>): Promise<HistoryEntry> {
    return this.queue.run(() => {
      const seq = this.list().length + 1;
      const full: HistoryEntry = { id: `e${String(seq).padStart(5, '0')}`, seq, ...entry };
      appendLineDurable(this.path, JSON.stringify(full));
      return full;
    });
  }

  /** The rule files as they stood right after an entry (or before any entry, for 'start'). */
  filesAfter(current: readonly RuleSource[], id: string | 'start'): RuleSource[] {
    const entries = this.list();
    const k = id === 'start' ? 0 : entries.findIndex((e) => e.id === id) + 1;
    if (id !== 'start' && k === 0) throw new Error(`no history entry ${id}`);
    const files = new Map(current.map((s) => [s.path, s.text]));
    for (const e of entries.slice(k).reverse()) {
      for (const f of e.files) {
        if (f.before === null) files.delete(f.path);
        else files.set(f.path, f.before);
      }
    }
    return [...files].map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** The entry in force at a moment (the last published at or before it), or 'start'. */
  entryAt(moment: string): string | 'start' {
    let id: string | 'start' = 'start';
    for (const e of this.list()) if (e.publishedAt <= moment) id = e.id;
    return id;
  }
}
