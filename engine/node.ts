/**
 * The Node-only half of the engine's API: reading rule folders and golden corpora from disk.
 * Everything else (engine/index.ts) works on texts and objects and never touches the file system.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JournalError, parseJournal, parseRules, ruleSetVersion, type Genesis, type JournalEntry, type ParseRulesResult, type RuleSource } from './rules/index.ts';
import { bundledRules, readCompiled, ruleCacheEnabled, writeCompiled } from './rule-cache.ts';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './rules/index.ts';
import { readRuleFolder } from './rule-folder.ts';

export { readRuleFolder, type RuleFolder } from './rule-folder.ts';
/** Samlesak's cases and problems kept in a temporary file, for files of millions of claims. */
export { SpillFile } from './replay/spill-file.ts';
import { parseGoldenCases, type LoadedCase } from './golden/index.ts';

export * from './index.ts';

/**
 * The rules folder shipped with the package. A path, not the URL's pathname: that is
 * percent-encoded, and names no folder where the package's path has a space or a letter such as ø.
 */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));

/** The package's version (package.json, next to the rules folder). */
export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return version;
}

/**
 * Every YAML file under a folder, as sources with paths relative to it (forward slashes, sorted).
 * Files that cannot be read safely (links out of the folder, FIFOs, files too large, bytes that
 * are not UTF-8) are left out; checkRulesDir reports them. A folder that does not exist, is a
 * file or cannot be listed throws, naming it.
 */
export function readRuleSources(dir: string): RuleSource[] {
  const folder = readRuleFolder(dir);
  // A folder that is not there is not an empty one: nothing may be published or compared as if it were.
  if (folder.unreadable) throw new Error(`${dir}: ${folder.unreadable}`);
  return folder.sources;
}

/** Thrown by loadRules when the rule files have errors; `diagnostics` lists every one. */
export class RuleErrors extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], dir: string) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, dir)).join('\n'));
    this.name = 'RuleErrors';
    this.diagnostics = diagnostics;
  }
}

/** Reads and checks a rules folder without throwing. */
export function checkRulesDir(dir: string = BUNDLED_RULES_DIR): ParseRulesResult {
  const folder = readRuleFolder(dir);
  if (!folder.diagnostics.length) return rulesFromSources(folder.sources);
  if (folder.unreadable) return { diagnostics: folder.diagnostics };
  const { ruleSet: _ignored, ...rest } = parseRules(folder.sources);
  return { ...rest, diagnostics: [...folder.diagnostics, ...rest.diagnostics] };
}

/**
 * parseRules, through the compiled-rules cache (engine/rule-cache.ts) when the package is built:
 * the package's own rules are taken as the build left them, and a rule set loaded before is
 * rebuilt from its compiled form, without YAML or schema checks.
 */
export function rulesFromSources(sources: readonly RuleSource[]): ParseRulesResult {
  if (!ruleCacheEnabled()) return parseRules(sources);
  const bundled = bundledRules(sources);
  if (bundled) return bundled;
  const version = ruleSetVersion(sources);
  const compiled = readCompiled(version);
  if (compiled) {
    try {
      const r = parseRules(sources, { compiled });
      if (r.ruleSet?.version === version) return r;
    } catch {
      // an entry that does not fit: parse as usual
    }
  }
  const { compiled: made, ...r } = parseRules(sources, { compile: true });
  if (made && r.ruleSet) writeCompiled(made);
  return r;
}

/**
 * Loads a rules folder once; evaluate claims against the result as often as you like.
 * Throws RuleErrors listing every problem (file:line:col) when a rule file is broken.
 * @example const rules = loadRules('rules'); evaluate(rules, claim, { asOf: '2024-07-01' })
 */
export function loadRules(dir: string = BUNDLED_RULES_DIR) {
  const { ruleSet, diagnostics } = checkRulesDir(dir);
  if (!ruleSet) throw new RuleErrors(diagnostics, dir.replace(/\/+$/, '') || '/');
  return ruleSet;
}

/** The golden corpus shipped with the package. */
export const BUNDLED_GOLDEN_DIR = fileURLToPath(new URL('../test/golden/', import.meta.url));

/** Reads every golden case under a folder; problems in the files come back as diagnostics. */
export function readGoldenCases(dir: string = BUNDLED_GOLDEN_DIR): { cases: LoadedCase[]; diagnostics: Diagnostic[] } {
  const folder = readRuleFolder(dir);
  if (folder.unreadable) return { cases: [], diagnostics: folder.diagnostics };
  // A case file the folder reader refused (a link out of the folder, a FIFO, bytes that are not
  // UTF-8) is a problem of the corpus, not a case that is not there: the run must not pass without it.
  const { cases, diagnostics } = parseGoldenCases(folder.sources);
  return { cases, diagnostics: sortDiagnostics([...folder.diagnostics, ...diagnostics]) };
}

/** The editor's record of the rules before its first published change (DATA_DIR/genesis.json), if any. */
export function readGenesis(dataDir: string): Genesis | undefined {
  const path = join(dataDir, 'genesis.json');
  if (!presentOrFail(path, 'genesis.json')) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw cannotRead('genesis.json', e);
  }
  let genesis: unknown;
  try {
    genesis = JSON.parse(text);
  } catch (e) {
    throw new JournalError(undefined, `genesis.json: not the editor's genesis (${(e as Error).message})`);
  }
  const g = genesis as Partial<Genesis> | null;
  if (!g || typeof g !== 'object' || typeof g.version !== 'string' || !Array.isArray(g.rules) || !Array.isArray(g.golden)) {
    throw new JournalError(undefined, "genesis.json: not the editor's genesis (version, rules or golden missing)");
  }
  return g as Genesis;
}

/*
 * A data folder's file that is not there is a fact (nothing published yet); one that cannot be
 * read says nothing, and must not be taken for one that is not there: a server that lost the right
 * to read its data folder would otherwise serve the rules folder, or the genesis alone, as if
 * nothing had been published.
 */
function presentOrFail(path: string, name: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    // Only ENOENT (not statSync's { throwIfNoEntry: false }, which on Node 22 and later also
    // leaves ENOTDIR unthrown: a data folder replaced by a file would read as nothing published).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw cannotRead(name, e);
  }
}

function statOrFail(path: string, name: string) {
  try {
    return statSync(path);
  } catch (e) {
    throw cannotRead(name, e);
  }
}

function cannotRead(name: string, e: unknown): JournalError {
  const code = (e as NodeJS.ErrnoException).code;
  return new JournalError(undefined, `${name}: cannot be read (${code === 'EACCES' ? 'permission denied' : (e as Error).message})`);
}

/**
 * The editor's journal of published changes (DATA_DIR/history.jsonl), read incrementally: each
 * read parses only the lines appended since the last one. A last line without its newline (a
 * publish that died while writing it) is not an entry and is not read past.
 */
export class JournalFile<E extends JournalEntry = JournalEntry> {
  readonly path: string;
  private entries: E[] = [];
  private offset = 0;
  private lines = 0;
  private seenSize = -1;
  private seenMtime = -1;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'history.jsonl');
  }

  /** The committed entries, oldest first (the array is replaced, never changed, when lines are added). */
  read(): readonly E[] {
    if (!presentOrFail(this.path, 'history.jsonl')) {
      this.entries = [];
      this.offset = this.lines = 0;
      this.seenSize = this.seenMtime = -1;
      return this.entries;
    }
    const st = statOrFail(this.path, 'history.jsonl');
    if (st.size === this.seenSize && st.mtimeMs === this.seenMtime) return this.entries;
    // A journal only grows; a shorter one was truncated (a torn tail cut off) or replaced: read it anew.
    if (st.size < this.offset) {
      this.entries = [];
      this.offset = this.lines = 0;
    }
    if (st.size > this.offset) {
      let fd: number;
      try {
        fd = openSync(this.path, 'r');
      } catch (e) {
        throw cannotRead('history.jsonl', e);
      }
      let bytes: Buffer;
      try {
        bytes = Buffer.alloc(st.size - this.offset);
        let got = 0;
        while (got < bytes.length) {
          const n = readSync(fd, bytes, got, bytes.length - got, this.offset + got);
          if (n === 0) break;
          got += n;
        }
        bytes = bytes.subarray(0, got);
      } finally {
        closeSync(fd);
      }
      const end = bytes.lastIndexOf(0x0a) + 1;
      if (end > 0) {
        const text = bytes.subarray(0, end).toString('utf8');
        const { entries } = parseJournal<E>(text, this.lines + 1);
        this.entries = [...this.entries, ...entries];
        this.lines += text.split('\n').length - 1;
        this.offset += end;
      }
    }
    this.seenSize = st.size;
    this.seenMtime = st.mtimeMs;
    return this.entries;
  }
}
