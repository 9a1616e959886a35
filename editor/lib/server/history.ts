/**
 * The published rules and their history. What is published is defined by two files in the data
 * folder, never by the rules folder:
 *
 *   genesis.json    every rule and golden file as they stood before the first published change
 *   history.jsonl   the journal: one line per published change, with who, when, why, who
 *                   approved it, the full text of every rule and golden file before and after,
 *                   and the preview as approved. Lines are only ever appended.
 *
 * The published rules after entry k are the genesis with entries 1..k applied. The rules and
 * golden folders are copies of the latest version, written after the journal line.
 *
 * A publish is one atomic commit (see publish()): the journal line is written and flushed first;
 * it is the commit record. Until its newline is on disk nothing else has been touched; once it is,
 * the change is published, and the copies in the folders are brought up to date — by the publish
 * itself, or, if the process dies first, by recover() at the next start. applied.json records the
 * last entry whose copies are complete. Whatever moment the process is killed at, a restart finds
 * the old files or the new ones, with the journal and the draft agreeing.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  checkJournal, filesAfter, goldenAt, goldenFilesAfter, JournalFile, publishedAt, readRuleSources, ruleSetVersion, rulesAt,
  type FileChange, type Genesis, type JournalEntry, type RuleSource,
} from '$engine/node.ts';
import { appendLineDurable, cutTornTail, fsyncDir, readJson, removeTempFiles, stageFile, writeJson } from './atomic.ts';
import { die, failpoint, failsAt } from './failpoint.ts';
import { inside } from './paths.ts';
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
  /** The approver's comment. */
  readonly comment?: string;
}

/** A file in a folder that is not what the published version has there. */
export interface Drift {
  readonly path: string;
  readonly published: string | null;
  readonly found: string | null;
}

export interface RecoveryReport {
  /** Journal entries whose copies in the folders were completed at start. */
  readonly completed: readonly string[];
  readonly tornJournalLine: boolean;
  readonly tempFilesRemoved: number;
}

export class History {
  readonly dataDir: string;
  readonly rulesDir: string;
  readonly goldenDir: string;
  private readonly journal: JournalFile<HistoryEntry>;
  private genesisCache: Genesis | undefined;
  private stateCache: { count: number; rules: RuleSource[]; golden: RuleSource[] } | undefined;
  /** How many journal entries checkJournal has found to follow from the genesis (check). */
  private checkedEntries = -1;
  /** A publish whose copies failed: applied.json stays behind it until a restart completes them. */
  private copiesBehind = false;

  constructor(dataDir: string, rulesDir: string, goldenDir: string) {
    this.dataDir = dataDir;
    this.rulesDir = rulesDir;
    this.goldenDir = goldenDir;
    this.journal = new JournalFile<HistoryEntry>(dataDir);
  }

  private get appliedPath() {
    return join(this.dataDir, 'applied.json');
  }

  private get genesisPath() {
    return join(this.dataDir, 'genesis.json');
  }

  list(): HistoryEntry[] {
    return [...this.journal.read()];
  }

  get(id: string): HistoryEntry | undefined {
    return this.journal.read().find((e) => e.id === id);
  }

  /** The entry that published a draft, if any: the journal decides whether a draft is published. */
  entryForDraft(draftId: string): HistoryEntry | undefined {
    return this.journal.read().find((e) => e.draftId === draftId);
  }

  genesis(): Genesis {
    this.genesisCache ??= JSON.parse(readFileSync(this.genesisPath, 'utf8')) as Genesis;
    return this.genesisCache;
  }

  /** The published rule and golden files now: the genesis with every committed entry applied. */
  current(): { rules: RuleSource[]; golden: RuleSource[] } {
    const entries = this.journal.read();
    if (!this.stateCache || this.stateCache.count !== entries.length) {
      // Lines appended while the editor runs are checked as those read at start were (recover).
      this.check(entries);
      const last = entries.length ? entries[entries.length - 1]!.id : 'start';
      this.stateCache = { count: entries.length, rules: rulesAt(this.genesis(), entries, last), golden: goldenAt(this.genesis(), entries, last) };
    }
    return this.stateCache;
  }

  /** The rule files as they stood right after an entry (or before any entry, for 'start'). */
  rulesAfter(id: string | 'start'): RuleSource[] {
    return rulesAt(this.genesis(), this.journal.read(), id);
  }

  /** The golden files as they stood right after an entry (or before any entry, for 'start'). */
  goldenAfter(id: string | 'start'): RuleSource[] {
    return goldenAt(this.genesis(), this.journal.read(), id);
  }

  /** The entry in force at a moment (the last published at or before it), or 'start'. */
  entryAt(moment: string): string | 'start' {
    return publishedAt(this.journal.read(), moment);
  }

  /**
   * Brings the data and the folders into the state the journal says, after whatever stopped the
   * last run: cuts off a journal line that was being written when the process died (it never
   * committed), removes temporary files, writes the genesis on first use, and completes the copies
   * of every committed entry that had not been completed (marking its draft published).
   */
  recover(markPublished: (e: HistoryEntry) => void): RecoveryReport {
    const tornJournalLine = cutTornTail(this.journal.path);
    const tempFilesRemoved = removeTempFiles(this.rulesDir).length + removeTempFiles(this.goldenDir).length + removeTempFiles(this.dataDir).length;
    const entries = this.journal.read();
    if (!existsSync(this.genesisPath)) this.writeGenesis(entries);
    // Before anything is copied from it: a journal changed by hand since it was written would have
    // its content published under versions it does not have.
    this.check(entries);
    const applied = readJson<{ seq: number }>(this.appliedPath, { seq: 0 }).seq;
    const completed: string[] = [];
    for (const e of entries) {
      if (e.seq <= applied) continue;
      for (const step of this.copySteps(e)) step.run();
      markPublished(e);
      writeJson(this.appliedPath, { seq: e.seq });
      completed.push(e.id);
    }
    return { completed, tornJournalLine, tempFilesRemoved };
  }

  /**
   * Throws, in words for the log, when the journal does not follow from the genesis (checkJournal).
   * Once for each length of the journal: the lines read are kept, and only appended to.
   */
  private check(entries: readonly HistoryEntry[]): void {
    if (entries.length === this.checkedEntries) return;
    try {
      checkJournal(this.genesis(), entries);
    } catch (e) {
      throw new Error(`historikken i ${this.dataDir} stemmer ikke med seg selv, og ingenting er publisert fra den: ${(e as Error).message}`);
    }
    this.checkedEntries = entries.length;
  }

  /** The genesis, from the folders (no entries yet) or rebuilt from a journal that predates it. */
  private writeGenesis(entries: readonly HistoryEntry[]): void {
    const folderRules = readRuleSources(this.rulesDir);
    const folderGolden = readRuleSources(this.goldenDir);
    const rules = entries.length ? filesAfter(folderRules, entries, 'start') : folderRules;
    const golden = entries.length ? goldenFilesAfter(folderGolden, entries, 'start') : folderGolden;
    // applied.json first: a genesis without it would have every entry's copies redone, harmlessly.
    writeJson(this.appliedPath, { seq: entries.length ? entries[entries.length - 1]!.seq : 0 });
    const genesis: Genesis = { createdAt: new Date().toISOString(), version: ruleSetVersion(rules), rules, golden };
    writeJson(this.genesisPath, genesis);
    this.genesisCache = genesis;
  }

  /** Files in the rules and golden folders that differ from the published version. */
  drift(): { rules: Drift[]; golden: Drift[] } {
    const { rules, golden } = this.current();
    return { rules: diffFolder(rules, readRuleSources(this.rulesDir)), golden: diffFolder(golden, readRuleSources(this.goldenDir)) };
  }

  /** Writes the published version over the folders' copies (after drift has been kept elsewhere). */
  materialize(): void {
    const { rules, golden } = this.drift();
    const steps = copyStepsFor([
      ...rules.map((d) => ({ full: inside(this.rulesDir, d.path), text: d.published })),
      ...golden.map((d) => ({ full: inside(this.goldenDir, d.path), text: d.published })),
    ]);
    for (const s of steps) s.run();
  }

  /**
   * Publishes: appends the entry to the journal (the commit), brings the folders' copies up to
   * date, marks the draft published and records that the copies are complete. Callers run
   * publishes one at a time.
   */
  async publish(entry: Omit<HistoryEntry, 'id' | 'seq'>, markPublished: (e: HistoryEntry) => Promise<void>): Promise<HistoryEntry> {
    const entries = this.journal.read();
    const seq = (entries[entries.length - 1]?.seq ?? 0) + 1;
    const full: HistoryEntry = { id: `e${String(seq).padStart(5, '0')}`, seq, ...entry };
    const line = `${JSON.stringify(full)}\n`;
    await failpoint('for-journal');
    if (failsAt('journal-halv')) {
      const fd = openSync(this.journal.path, 'a');
      writeSync(fd, line.slice(0, Math.floor(line.length / 2)));
      fsyncSync(fd);
      closeSync(fd);
      die();
    }
    appendLineDurable(this.journal.path, line);
    await failpoint('etter-journal');
    // Committed. From here on the change is published; what follows only updates copies, and a
    // restart completes it if this process dies.
    try {
      for (const step of this.copySteps(full)) {
        step.run();
        await failpoint(step.name);
      }
    } catch (e) {
      this.copiesBehind = true;
      console.error(`editor: ${full.id} er publisert, men kopiene i regelmappen ble ikke skrevet (${(e as Error).message}); de skrives ved neste oppstart.`);
    }
    await markPublished(full);
    await failpoint('etter-utkast');
    if (!this.copiesBehind) writeJson(this.appliedPath, { seq: full.seq });
    await failpoint('ferdig');
    return full;
  }

  private copySteps(e: HistoryEntry): CopyStep[] {
    return copyStepsFor([
      ...e.files.map((f) => ({ full: inside(this.rulesDir, f.path), text: f.after })),
      ...(e.golden ?? []).map((g) => ({ full: inside(this.goldenDir, `${g.caseId}.yaml`), text: g.after })),
    ]);
  }
}

interface CopyStep {
  readonly name: string;
  run(): void;
}

/**
 * The steps that put texts into files (null removes one): every new text written and flushed
 * beside its file first, then each renamed into place, then removals and the folders flushed.
 */
function copyStepsFor(files: readonly { full: string; text: string | null }[]): CopyStep[] {
  const staged: { tmp: string; full: string }[] = [];
  const dirs = new Set(files.map((f) => dirname(f.full)));
  const steps: CopyStep[] = [{
    name: 'etter-midlertidige',
    run: () => {
      for (const f of files) if (f.text !== null) staged.push({ tmp: stageFile(f.full, f.text), full: f.full });
    },
  }];
  files.filter((f) => f.text !== null).forEach((_, i) => {
    steps.push({ name: `etter-flytting-${i + 1}`, run: () => renameSync(staged[i]!.tmp, staged[i]!.full) });
  });
  steps.push({
    name: 'etter-filer',
    run: () => {
      for (const f of files) if (f.text === null) rmSync(f.full, { force: true });
      for (const d of dirs) if (existsSync(d)) fsyncDir(d);
    },
  });
  return steps;
}

function diffFolder(published: readonly RuleSource[], found: readonly RuleSource[]): Drift[] {
  const want = new Map(published.map((s) => [s.path, s.text]));
  const have = new Map(found.map((s) => [s.path, s.text]));
  const out: Drift[] = [];
  for (const path of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const p = want.get(path) ?? null;
    const f = have.get(path) ?? null;
    if (p !== f) out.push({ path, published: p, found: f });
  }
  return out;
}
