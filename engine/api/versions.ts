/**
 * The published versions of the rules that the API serves: the rules folder as it is now (the
 * latest), and every version before it that the editor's journal of published changes can rebuild.
 * A request names a version by its content hash (or a unique prefix of at least 8 hex digits);
 * each version's rule set is built on first use and kept.
 * Pure: the caller reads the rules folder and the journal.
 */
import { filesAfter, parseRules, type JournalEntry, type RuleSet } from '../rules/index.ts';

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
  | { readonly ok: false; readonly code: 'UNKNOWN_RULES_VERSION' | 'AMBIGUOUS_RULES_VERSION'; readonly message: string };

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

export function ruleVersions(current: RuleSet, journal: readonly JournalEntry[]): RuleVersions {
  const rows: Row[] = [];
  if (journal.length) {
    rows.push({ entry: 'start', info: { version: journal[0]!.previousVersion, publishedAt: null, title: 'Reglene før første publiserte endring', latest: false } });
    for (const e of journal) rows.push({ entry: e.id, info: { version: e.version, publishedAt: e.publishedAt, title: e.title, change: e.id, latest: false } });
  }
  // The folder as it is now is the latest; it differs from the journal's last version only when
  // the files were changed outside the editor.
  if (!rows.length || rows[rows.length - 1]!.info.version !== current.version) {
    rows.push({ entry: 'current', info: { version: current.version, publishedAt: null, title: journal.length ? 'Reglene i rules/ (endret utenom redigeringsverktøyet)' : 'Reglene i rules/', latest: false } });
  }
  const last = rows.length - 1;
  rows[last] = { ...rows[last]!, info: { ...rows[last]!.info, latest: true } };

  const built = new Map<string, RuleSet>([[current.version, current]]);
  const ruleSetOf = (row: Row): RuleSet => {
    let set = built.get(row.info.version);
    if (!set) {
      const sources = row.entry === 'current' ? current.sources : filesAfter(current.sources, journal, row.entry);
      const parsed = parseRules(sources);
      if (!parsed.ruleSet) throw new Error(`the published version ${row.info.version} no longer loads: ${parsed.diagnostics[0]?.message ?? 'unknown problem'}`);
      set = parsed.ruleSet;
      built.set(row.info.version, set);
    }
    return set;
  };

  const list = rows.map((r) => r.info);
  return {
    list,
    latest: list[last]!,
    resolve(ref) {
      if (ref === undefined || ref === 'latest') return { ok: true, info: rows[last]!.info, ruleSet: current };
      // The same content can be published twice (a restore); the latest row for it is the one shown.
      const matches = new Map<string, Row>();
      for (const r of rows) if (r.info.version.startsWith(ref)) matches.set(r.info.version, r);
      if (matches.size === 0) return { ok: false, code: 'UNKNOWN_RULES_VERSION', message: `no published rules version ${ref}; GET /api/v1/rules lists them` };
      if (matches.size > 1) return { ok: false, code: 'AMBIGUOUS_RULES_VERSION', message: `${ref} is the start of ${matches.size} versions; give more of the hash` };
      const row = [...matches.values()][0]!;
      return { ok: true, info: row.info, ruleSet: ruleSetOf(row) };
    },
  };
}
