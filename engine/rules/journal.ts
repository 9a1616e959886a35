/**
 * The published versions of a rule set, from the journal of published changes that the editor
 * keeps (history.jsonl: one line per change with the full text of every file before and after)
 * and the genesis snapshot (genesis.json: every rule and golden file as they stood before the
 * first change). The rules after entry k are the genesis files with entries 1..k applied, so every
 * published version can be rebuilt exactly, whatever state the rules folder is in.
 *
 * A journal line is the commit record of a publish: it is written and flushed before any rule
 * file is touched, and a line counts only once its newline is on disk. A last line without its
 * newline is a publish that never committed (the process died while writing it).
 * Pure: the caller reads the files.
 */
import { ruleSetVersion } from './hash.ts';
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
  /** Golden cases whose file changed with it (path = caseId + '.yaml'). */
  readonly golden?: readonly { readonly caseId: string; readonly before: string; readonly after: string }[];
}

/** Every rule and golden file before the first published change. */
export interface Genesis {
  readonly createdAt: string;
  readonly version: string;
  readonly rules: readonly RuleSource[];
  readonly golden: readonly RuleSource[];
}

const utf8 = new TextEncoder();

export class JournalError extends Error {
  /** The journal line, when the problem is in one line; undefined for one between entries. */
  readonly line: number | undefined;
  constructor(line: number | undefined, message: string) {
    super(line === undefined ? message : `history.jsonl line ${line}: ${message}`);
    this.line = line;
  }
}

export interface ParsedJournal<E extends JournalEntry = JournalEntry> {
  readonly entries: E[];
  /** The length in UTF-8 bytes of the committed lines (everything up to the last newline). */
  readonly committedBytes: number;
  /** A last line without its newline: a write that never committed. */
  readonly torn: boolean;
}

/**
 * The committed entries of a journal text. Throws JournalError naming the line when a committed
 * line is not an entry (the file was damaged by something other than a crash while appending).
 * @param firstLine the line number of the text's first line, when reading a journal in parts
 */
export function parseJournal<E extends JournalEntry = JournalEntry>(text: string, firstLine = 1): ParsedJournal<E> {
  const end = text.lastIndexOf('\n') + 1;
  const entries: E[] = [];
  let line = firstLine;
  let at = 0;
  while (at < end) {
    const nl = text.indexOf('\n', at);
    const raw = text.slice(at, nl);
    at = nl + 1;
    if (raw.trim()) {
      let e: unknown;
      try {
        e = JSON.parse(raw);
      } catch (err) {
        throw new JournalError(line, `not a journal entry (${(err as Error).message})`);
      }
      if (!isEntry(e)) throw new JournalError(line, 'not a journal entry (id, seq, version or files missing)');
      entries.push(e as E);
    }
    line++;
  }
  return { entries, committedBytes: utf8.encode(text.slice(0, end)).length, torn: end < text.length };
}

function isEntry(e: unknown): e is JournalEntry {
  const x = e as Partial<JournalEntry> | null;
  return !!x && typeof x === 'object' && typeof x.id === 'string' && typeof x.seq === 'number' && typeof x.version === 'string' && Array.isArray(x.files);
}

const versionOf = (files: Map<string, string>): string => ruleSetVersion([...files].map(([path, text]) => ({ path, text })));

/**
 * Checks that a journal follows from its genesis as the editor wrote it, entry by entry: the
 * genesis' rules give the version it records; each entry starts where the one before it ended (its
 * previousVersion, and the text before of every rule and golden file it changes), and its rule
 * files give the version it records. A genesis or journal changed by hand afterwards would
 * otherwise be served as published, under a version its content does not have, and a result
 * carrying that version could not be reproduced. Throws JournalError naming the entry.
 */
export function checkJournal(genesis: Genesis, entries: readonly JournalEntry[]): void {
  const rules = new Map(genesis.rules.map((s) => [s.path, s.text]));
  const golden = new Map(genesis.golden.map((s) => [s.path, s.text]));
  const short = (v: string) => v.slice(0, 12);
  let version = versionOf(rules);
  if (version !== genesis.version) {
    throw new JournalError(undefined, `genesis.json: its rule files give version ${short(version)}, not ${short(genesis.version)} as it records; it has been changed since the editor wrote it`);
  }
  for (const e of entries) {
    const which = `history.jsonl, entry ${e.seq} (${e.id}, «${e.title}»)`;
    if (e.previousVersion !== version) {
      throw new JournalError(undefined, `${which}: it follows version ${short(e.previousVersion)}, but the entries before it end at ${short(version)}; the journal has been changed since the editor wrote it`);
    }
    for (const f of e.files) {
      if ((rules.get(f.path) ?? null) !== f.before) {
        throw new JournalError(undefined, `${which}: ${f.path} did not read as the entry says it did before the change; the journal has been changed since the editor wrote it`);
      }
      if (f.after === null) rules.delete(f.path);
      else rules.set(f.path, f.after);
    }
    for (const g of e.golden ?? []) {
      const path = `${g.caseId}.yaml`;
      // A case the change added was '' before it.
      if ((golden.get(path) ?? '') !== g.before) {
        throw new JournalError(undefined, `${which}: the golden case ${g.caseId} did not read as the entry says it did before the change; the journal has been changed since the editor wrote it`);
      }
      golden.set(path, g.after);
    }
    version = versionOf(rules);
    if (version !== e.version) {
      throw new JournalError(undefined, `${which}: its rule files give version ${short(version)}, not ${short(e.version)} as it records; the journal has been changed since the editor wrote it`);
    }
  }
}

const byPath = (a: RuleSource, b: RuleSource) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Applies entries' rule-file changes, in order, to a set of files. */
export function applyChanges(files: Map<string, string>, entries: readonly JournalEntry[]): Map<string, string> {
  for (const e of entries) {
    for (const f of e.files) {
      if (f.after === null) files.delete(f.path);
      else files.set(f.path, f.after);
    }
  }
  return files;
}

/** Applies entries' golden-file changes, in order (paths are caseId + '.yaml'). */
export function applyGoldenChanges(files: Map<string, string>, entries: readonly JournalEntry[]): Map<string, string> {
  for (const e of entries) for (const g of e.golden ?? []) files.set(`${g.caseId}.yaml`, g.after);
  return files;
}

const sources = (m: Map<string, string>): RuleSource[] => [...m].map(([path, text]) => ({ path, text })).sort(byPath);

/** Index of an entry id: the number of entries applied after it ('start': 0). */
export function entryCount(entries: readonly JournalEntry[], id: string | 'start'): number {
  if (id === 'start') return 0;
  const k = entries.findIndex((e) => e.id === id) + 1;
  if (k === 0) throw new Error(`no history entry ${id}`);
  return k;
}

/** The rule files as they stood right after an entry ('start': before any), from the genesis. */
export function rulesAt(genesis: Genesis, entries: readonly JournalEntry[], id: string | 'start'): RuleSource[] {
  const k = entryCount(entries, id);
  return sources(applyChanges(new Map(genesis.rules.map((s) => [s.path, s.text])), entries.slice(0, k)));
}

/** The golden files as they stood right after an entry ('start': before any), from the genesis. */
export function goldenAt(genesis: Genesis, entries: readonly JournalEntry[], id: string | 'start'): RuleSource[] {
  const k = entryCount(entries, id);
  return sources(applyGoldenChanges(new Map(genesis.golden.map((s) => [s.path, s.text])), entries.slice(0, k)));
}

/**
 * The rule files as they stood right after an entry, rebuilt backwards from the files as they are
 * now (for a journal written before genesis snapshots existed).
 */
export function filesAfter(current: readonly RuleSource[], entries: readonly JournalEntry[], id: string | 'start'): RuleSource[] {
  const k = entryCount(entries, id);
  const files = new Map(current.map((s) => [s.path, s.text]));
  for (const e of entries.slice(k).reverse()) {
    for (const f of e.files) {
      if (f.before === null) files.delete(f.path);
      else files.set(f.path, f.before);
    }
  }
  return sources(files);
}

/** The golden files before an entry's changes, rebuilt backwards from the files now (legacy journals). */
export function goldenFilesAfter(current: readonly RuleSource[], entries: readonly JournalEntry[], id: string | 'start'): RuleSource[] {
  const k = entryCount(entries, id);
  const files = new Map(current.map((s) => [s.path, s.text]));
  for (const e of entries.slice(k).reverse()) for (const g of e.golden ?? []) files.set(`${g.caseId}.yaml`, g.before);
  return sources(files);
}

/** The entry in force at a moment (the last published at or before it), or 'start'. */
export function publishedAt(entries: readonly JournalEntry[], moment: string): string | 'start' {
  let id: string | 'start' = 'start';
  for (const e of entries) if (e.publishedAt <= moment) id = e.id;
  return id;
}
