/**
 * The rule versions of a rules folder and the editor's journal of published changes
 * (DATA_DIR/history.jsonl). Read once, and again when the journal changes (checked at most once a
 * second), so a change published in the editor is served without a restart. A folder edited by
 * hand is read again on restart.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../node.ts';
import type { JournalEntry } from '../rules/index.ts';
import { ruleVersions, type RuleVersions } from './versions.ts';

export interface FolderVersionsOptions {
  readonly rulesDir: string;
  /** The editor's data folder; without one, only the rules folder as it is now is served. */
  readonly dataDir?: string | undefined;
  readonly checkEveryMs?: number;
  /** Told when the folder cannot be read again (the last good versions stay in use). */
  readonly onReloadError?: (e: Error) => void;
}

export function journalOf(dataDir: string | undefined): JournalEntry[] {
  const path = dataDir ? join(dataDir, 'history.jsonl') : undefined;
  if (!path || !existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as JournalEntry);
}

/** Throws RuleErrors (file:line:col) when the rules folder does not load at start. */
export function folderVersions(o: FolderVersionsOptions): () => RuleVersions {
  const journal = o.dataDir ? join(o.dataDir, 'history.jsonl') : undefined;
  const stamp = () => {
    if (!journal || !existsSync(journal)) return 'none';
    const s = statSync(journal);
    return `${s.size}:${s.mtimeMs}`;
  };
  const read = () => ruleVersions(loadRules(o.rulesDir), journalOf(o.dataDir));
  let seen = stamp();
  let versions = read();
  let checked = performance.now();
  return () => {
    const now = performance.now();
    if (now - checked < (o.checkEveryMs ?? 1000)) return versions;
    checked = now;
    const s = stamp();
    if (s !== seen) {
      try {
        versions = read();
        seen = s;
      } catch (e) {
        o.onReloadError?.(e as Error);
      }
    }
    return versions;
  };
}
