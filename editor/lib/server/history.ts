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
import { filesAfter, publishedAt, type FileChange, type JournalEntry, type RuleSource } from '$engine/node.ts';
import { appendLineDurable, Queue } from './atomic.ts';
import type { PreviewSummary } from './preview.ts';

export type { FileChange };

export interface GoldenChange {
  readonly caseId: string;
  readonly before: string;
  readonly after: string;
  readonly reason: string;
}

export interface HistoryEntry extends JournalEntry {
  readonly author: string;
  readonly approver: string;
  readonly reason: string;
  readonly hjemmel: string;
  readonly draftId: string;
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
    return filesAfter(current, this.list(), id);
  }

  /** The entry in force at a moment (the last published at or before it), or 'start'. */
  entryAt(moment: string): string | 'start' {
    return publishedAt(this.list(), moment);
  }
}
