/**
 * The rule versions the API serves, from a rules folder and the editor's data folder: its genesis
 * snapshot (DATA_DIR/genesis.json) and journal of published changes (DATA_DIR/history.jsonl).
 * With a genesis, exactly the versions the editor published are served, never a rules folder
 * caught half-way through a publish or edited by hand. Read once, and again when the journal
 * changes (checked once a second by a timer, off the request path, reading only the lines added),
 * so a change published in the editor is served without a restart; requests only ever read the
 * versions last built.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkJournal, JournalFile, loadRules, readGenesis, rulesFromSources } from '../node.ts';
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

/** The committed entries of a data folder's journal (none without a data folder). */
export function journalOf(dataDir: string | undefined): readonly JournalEntry[] {
  return dataDir ? new JournalFile(dataDir).read() : [];
}

/**
 * Reads a data folder's genesis and journal and checks them against each other (checkJournal),
 * without building anything to serve: for a process that only checks the folder before it starts
 * those that serve it. Throws JournalError.
 */
export function checkDataFolder(dataDir: string): void {
  const genesis = readGenesis(dataDir);
  const journal = journalOf(dataDir);
  if (genesis) checkJournal(genesis, journal);
}

/**
 * Throws RuleErrors (file:line:col) when the rules folder does not load at start (it is read only
 * when there is no genesis: then the folder as it is now is the latest version).
 */
export function folderVersions(o: FolderVersionsOptions): () => RuleVersions {
  const journalPath = o.dataDir ? join(o.dataDir, 'history.jsonl') : undefined;
  const genesisPath = o.dataDir ? join(o.dataDir, 'genesis.json') : undefined;
  const stamp = () => {
    const part = (p: string | undefined) => {
      if (!p || !existsSync(p)) return 'none';
      const s = statSync(p);
      return `${s.size}:${s.mtimeMs}`;
    };
    return `${part(journalPath)}|${part(genesisPath)}`;
  };
  const file = o.dataDir ? new JournalFile(o.dataDir) : undefined;
  const read = () => {
    const genesis = o.dataDir ? readGenesis(o.dataDir) : undefined;
    return ruleVersions(genesis ? undefined : loadRules(o.rulesDir), file?.read() ?? [], genesis, { parse: rulesFromSources });
  };
  let seen = stamp();
  let versions = read();
  const check = () => {
    const s = stamp();
    if (s === seen) return;
    try {
      versions = read();
      seen = s;
    } catch (e) {
      o.onReloadError?.(e as Error);
    }
  };
  // unref: the timer never keeps a process alive on its own.
  setInterval(check, o.checkEveryMs ?? 1000).unref();
  return () => versions;
}
