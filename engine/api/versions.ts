/**
 * The published versions of the rules that the API serves. With the editor's genesis snapshot and
 * journal, exactly the versions it published (the genesis and every journal entry; the latest is
 * the last entry, whatever state the rules folder is in). Without a genesis (a journal from before
 * genesis snapshots, or no journal at all): the rules folder as it is now is the latest, and every
 * version before it that the journal can rebuild.
 * A request names a version by its content hash (or a unique prefix of at least 8 hex digits);
 * each version's rule set is built on first use and kept.
 * Pure: the caller reads the rules folder and the journal.
 */
import { checkJournal, filesAfter, parseRules, rulesAt, type Genesis, type JournalEntry, type ParseRulesResult, type RuleSet, type RuleSource } from '../rules/index.ts';

export interface VersionInfo {
  readonly version: string;
  /** When the editor published it; null for the rules before its first published change. */
  readonly publishedAt: string | null;
  readonly title: string;
  /** The editor's history entry that published it. */
  readonly change?: string;
  readonly latest: boolean;
}

export type Resolved =
  | { readonly ok: true; readonly info: VersionInfo; readonly ruleSet: RuleSet }
  | { readonly ok: false; readonly code: 'UNKNOWN_RULES_VERSION' | 'AMBIGUOUS_RULES_VERSION' | 'BUSY'; readonly message: string };

export interface RuleVersions {
  /** Oldest first; the last one is the latest. */
  readonly list: readonly VersionInfo[];
  readonly latest: VersionInfo;
  /** A version by full hash, unique prefix (8 or more hex digits) or "latest"; undefined means latest. */
  resolve(ref: string | undefined): Resolved;
}

interface Row {
  readonly info: VersionInfo;
  readonly entry: string | 'start' | 'current';
}

/** Rule sets built for versions other than the latest, kept for the next request (least recently used first out). */
const MAX_BUILT = 8;
/**
 * Old versions rebuilt per second at most (each takes about 50 ms of the event loop): a client
 * cycling through more old versions than the cache holds gets 503 BUSY, not the whole server.
 */
export const MAX_REBUILDS_PER_SECOND = 4;

export interface RuleVersionsOptions {
  /** Milliseconds, for the rebuild budget (tests pass their own). */
  readonly clock?: () => number;
  /**
   * Builds a version's rule set from its files: parseRules, or on Node rulesFromSources, which
   * reads a version built before from the compiled-rules cache instead of parsing its YAML again.
   */
  readonly parse?: (sources: readonly RuleSource[]) => ParseRulesResult;
}

export function ruleVersions(current: RuleSet | undefined, journal: readonly JournalEntry[], genesis?: Genesis, options: RuleVersionsOptions = {}): RuleVersions {
  const clock = options.clock ?? (() => performance.now());
  const parse = options.parse ?? parseRules;
  if (!genesis && !current) throw new Error('ruleVersions needs the rules folder or a genesis');
  const rows: Row[] = [];
  if (genesis) {
    // Only a journal that follows from its genesis is served: every version is then what it says.
    checkJournal(genesis, journal);
    rows.push({ entry: 'start', info: { version: genesis.version, publishedAt: null, title: 'Reglene før første publiserte endring', latest: false } });
    for (const e of journal) rows.push({ entry: e.id, info: { version: e.version, publishedAt: e.publishedAt, title: e.title, change: e.id, latest: false } });
  } else {
    if (journal.length) {
      rows.push({ entry: 'start', info: { version: journal[0]!.previousVersion, publishedAt: null, title: 'Reglene før første publiserte endring', latest: false } });
      for (const e of journal) rows.push({ entry: e.id, info: { version: e.version, publishedAt: e.publishedAt, title: e.title, change: e.id, latest: false } });
    }
    // The folder as it is now is the latest; it differs from the journal's last version only when
    // the files were changed outside the editor.
    if (!rows.length || rows[rows.length - 1]!.info.version !== current!.version) {
      rows.push({ entry: 'current', info: { version: current!.version, publishedAt: null, title: journal.length ? 'Reglene i rules/ (endret utenom redigeringsverktøyet)' : 'Reglene i rules/', latest: false } });
    }
  }
  const last = rows.length - 1;
  rows[last] = { ...rows[last]!, info: { ...rows[last]!.info, latest: true } };

  const sourcesOf = (row: Row) => (row.entry === 'current' ? current!.sources : genesis ? rulesAt(genesis, journal, row.entry) : filesAfter(current!.sources, journal, row.entry));
  const build = (row: Row): RuleSet => {
    const parsed = parse(sourcesOf(row));
    if (!parsed.ruleSet) throw new Error(`the published version ${row.info.version} no longer loads: ${parsed.diagnostics[0]?.message ?? 'unknown problem'}`);
    // Never serve content under another version's name (checkJournal makes sure of it up front
    // for a journal with its genesis; a journal without one is rebuilt from the folder backwards).
    if (parsed.ruleSet.version !== row.info.version) throw new Error(`the published version ${row.info.version} rebuilds as ${parsed.ruleSet.version}: the journal and the rules folder do not agree`);
    return parsed.ruleSet;
  };
  const latestSet = current && rows[last]!.info.version === current.version ? current : build(rows[last]!);
  const built = new Map<string, RuleSet>();
  let budget = MAX_REBUILDS_PER_SECOND;
  let refilled = clock();
  const ruleSetOf = (row: Row): RuleSet | undefined => {
    if (row.info.version === latestSet.version) return latestSet;
    let set = built.get(row.info.version);
    if (set) built.delete(row.info.version);
    else {
      const now = clock();
      budget = Math.min(MAX_REBUILDS_PER_SECOND, budget + ((now - refilled) / 1000) * MAX_REBUILDS_PER_SECOND);
      refilled = now;
      if (budget < 1) return undefined;
      budget -= 1;
      set = build(row);
    }
    built.set(row.info.version, set);
    if (built.size > MAX_BUILT) built.delete(built.keys().next().value!);
    return set;
  };

  const list = rows.map((r) => r.info);
  return {
    list,
    latest: list[last]!,
    resolve(ref) {
      if (ref === undefined || ref === 'latest') return { ok: true, info: rows[last]!.info, ruleSet: latestSet };
      // The same content can be published twice (a restore); the latest row for it is the one shown.
      const matches = new Map<string, Row>();
      for (const r of rows) if (r.info.version.startsWith(ref)) matches.set(r.info.version, r);
      if (matches.size === 0) return { ok: false, code: 'UNKNOWN_RULES_VERSION', message: `no published rules version ${ref}; GET /api/v1/rules lists them` };
      if (matches.size > 1) return { ok: false, code: 'AMBIGUOUS_RULES_VERSION', message: `${ref} is the start of ${matches.size} versions; give more of the hash` };
      const row = [...matches.values()][0]!;
      const ruleSet = ruleSetOf(row);
      if (!ruleSet) return { ok: false, code: 'BUSY', message: `rebuilding older rule versions is limited to ${MAX_REBUILDS_PER_SECOND} a second; try again in a second` };
      return { ok: true, info: row.info, ruleSet };
    },
  };
}
