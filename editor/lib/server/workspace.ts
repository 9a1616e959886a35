/**
 * The editor's one place of truth on the server: the published rules, the golden corpus, drafts,
 * the history journal, users and sessions, and the operations an officer can do with them. Every
 * operation checks the user's role; publishing re-checks everything (the rules a draft started
 * from, validation, the preview) and never writes rules that fail it.
 */
import { formatDiagnostic, parseRules, refreshExpected, runCase, type Diagnostic, type GoldenCase, type RuleSet, type RuleSource } from '$engine/node.ts';
import { Queue } from './atomic.ts';
import { editorConfig, type EditorConfig } from './config.ts';
import { DraftError, DraftStore, type Draft } from './drafts.ts';
import { GoldenStore } from './golden-store.ts';
import { History, type FileChange, type GoldenChange, type HistoryEntry } from './history.ts';
import { ruleFilePath } from './paths.ts';
import { runPreview, type PreviewSummary } from './preview.ts';
import { RulesStore, textVersion } from './rules-store.ts';
import { SessionStore } from './sessions.ts';
import { UserStore, type Role, type User } from './users.ts';

export class Forbidden extends Error {}

/** Published rules changed under a draft: the draft must be brought up to date first. */
export class StaleBase extends Error {
  readonly path: string;
  readonly base: string | null;
  readonly current: string | null;
  constructor(path: string, base: string | null, current: string | null) {
    super(`${path} er publisert på nytt etter at utkastet ble laget; utkastet må oppdateres før det kan publiseres`);
    this.path = path;
    this.base = base;
    this.current = current;
  }
}

export function hasRole(user: User | undefined, ...roles: Role[]): boolean {
  return !!user && !user.disabled && (user.roles.includes('admin') || roles.some((r) => user.roles.includes(r)));
}

export function requireRole(user: User | undefined, ...roles: Role[]): User {
  if (!user) throw new Forbidden('Du må logge inn.');
  if (!hasRole(user, ...roles)) throw new Forbidden(`Dette krever rollen ${roles.join(' eller ')}.`);
  return user;
}

/** Everyone who wrote part of a draft: none of them may approve it. */
export function contributors(d: Draft): Set<string> {
  const s = new Set([d.author]);
  for (const f of Object.values(d.files)) s.add(f.editedBy);
  for (const g of Object.values(d.golden)) s.add(g.by);
  return s;
}

export interface DraftCheck {
  readonly ruleSet?: RuleSet;
  readonly diagnostics: readonly Diagnostic[];
}

export class Workspace {
  readonly config: EditorConfig;
  readonly rules: RulesStore;
  readonly golden: GoldenStore;
  readonly drafts: DraftStore;
  readonly history: History;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  private readonly publishing = new Queue();

  constructor(config: EditorConfig = editorConfig()) {
    this.config = config;
    this.rules = new RulesStore(config.rulesDir);
    this.golden = new GoldenStore(config.goldenDir);
    this.drafts = new DraftStore(config.dataDir);
    this.history = new History(config.dataDir);
    this.users = new UserStore(config.dataDir);
    this.sessions = new SessionStore(config.dataDir);
  }

  /** The published files with the draft's files laid over them. */
  draftSources(d: Draft): RuleSource[] {
    const files = new Map(this.rules.sources().map((s) => [s.path, s.text]));
    for (const [path, f] of Object.entries(d.files)) {
      if (f.text === null) files.delete(path);
      else files.set(path, f.text);
    }
    return [...files].map(([path, text]) => ({ path, text }));
  }

  check(d: Draft): DraftCheck {
    return parseRules(this.draftSources(d));
  }

  preview(d: Draft): { summary?: PreviewSummary; diagnostics: readonly Diagnostic[] } {
    const { ruleSet, diagnostics } = this.check(d);
    if (!ruleSet) return { diagnostics };
    const accepted = Object.fromEntries(Object.entries(d.golden).map(([id, g]) => [id, g.expected]));
    return { summary: runPreview(this.rules.ruleSet(), ruleSet, this.golden.cases(), accepted), diagnostics };
  }

  draft(id: string): Draft {
    const d = this.drafts.get(id);
    if (!d) throw new DraftError('Utkastet finnes ikke.');
    return d;
  }

  async createDraft(user: User | undefined, title: string, files: Record<string, string | null> = {}, restoredFrom?: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    const entries: Record<string, { base: string | null; text: string | null }> = {};
    for (const [path, text] of Object.entries(files)) entries[ruleFilePath(path)] = { base: this.rules.text(path), text };
    return this.drafts.create({ title, author: u.username, files: entries, ...(restoredFrom ? { restoredFrom } : {}) });
  }

  /** The text a file has in a draft (or, if the draft does not touch it, the published text). */
  textIn(d: Draft, path: string): string | null {
    return path in d.files ? d.files[path]!.text : this.rules.text(path);
  }

  async saveFile(user: User | undefined, id: string, path: string, text: string | null, rev: number): Promise<Draft> {
    const u = requireRole(user, 'editor');
    const p = ruleFilePath(path);
    if (text !== null && text.length > 1_000_000) throw new DraftError('Filen er for stor (over 1 MB).');
    return this.drafts.saveFile(id, p, text, rev, u.username, this.rules.text(p));
  }

  /** Accepts the draft's result for a golden case as the new expectation, with the officer's reason. */
  async acceptExpectation(user: User | undefined, id: string, caseId: string, reason: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    if (reason.trim().length < 10) throw new DraftError('Skriv hvorfor det nye tallet er riktig (minst 10 tegn), med henvisning til loven.');
    const d = this.draft(id);
    const c = this.golden.get(caseId);
    if (!c) throw new DraftError(`Testkravet ${caseId} finnes ikke.`);
    const { ruleSet } = this.check(d);
    if (!ruleSet) throw new DraftError('Utkastet har feil i regelfilene; rett dem før du godtar nye tall.');
    const outcome = runCase(ruleSet, c);
    const expected: GoldenCase['expected'] = outcome.error ? { error: { code: outcome.error.code } } : refreshExpected(c.case.expected, outcome.result!);
    return this.drafts.update(id, (x) => {
      if (x.status !== 'utkast') throw new DraftError('Utkastet kan ikke endres nå.');
      const at = new Date().toISOString();
      return { ...x, golden: { ...x.golden, [caseId]: { expected, reason: reason.trim(), by: u.username, at } }, log: [...x.log, { at, by: u.username, what: `godtok nye tall for ${caseId}` }] };
    });
  }

  async dropExpectation(user: User | undefined, id: string, caseId: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    return this.drafts.update(id, (x) => {
      const { [caseId]: _, ...rest } = x.golden;
      return { ...x, golden: rest, log: [...x.log, { at: new Date().toISOString(), by: u.username, what: `trakk tilbake nye tall for ${caseId}` }] };
    });
  }

  async submit(user: User | undefined, id: string, reason: string, hjemmel: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    if (reason.trim().length < 10) throw new DraftError('Skriv en begrunnelse for endringen (minst 10 tegn).');
    if (hjemmel.trim().length < 3) throw new DraftError('Oppgi hjemmel eller rettskilde for endringen.');
    const d = this.draft(id);
    if (!Object.keys(d.files).length) throw new DraftError('Utkastet endrer ingen filer.');
    const { ruleSet, diagnostics } = this.check(d);
    if (!ruleSet) throw new DraftError(`Utkastet har feil og kan ikke sendes til godkjenning:\n${diagnostics.filter((x) => x.severity === 'error').map((x) => formatDiagnostic(x)).join('\n')}`);
    return this.drafts.update(id, (x) => {
      if (x.status !== 'utkast') throw new DraftError('Utkastet er allerede sendt eller avsluttet.');
      const at = new Date().toISOString();
      return { ...x, status: 'til_godkjenning', reason: reason.trim(), hjemmel: hjemmel.trim(), log: [...x.log, { at, by: u.username, what: 'sendt til godkjenning' }] };
    });
  }

  async reopen(user: User | undefined, id: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    return this.drafts.update(id, (x) => {
      if (x.status !== 'til_godkjenning' && x.status !== 'avvist') throw new DraftError('Bare utkast som venter på godkjenning eller er avvist kan åpnes igjen.');
      const { decision: _, ...rest } = x;
      return { ...rest, status: 'utkast', log: [...x.log, { at: new Date().toISOString(), by: u.username, what: 'åpnet for endringer igjen' }] };
    });
  }

  async reject(user: User | undefined, id: string, comment: string): Promise<Draft> {
    const u = requireRole(user, 'approver');
    if (comment.trim().length < 3) throw new DraftError('Skriv hvorfor endringen avvises.');
    return this.drafts.update(id, (x) => {
      if (x.status !== 'til_godkjenning') throw new DraftError('Utkastet venter ikke på godkjenning.');
      const at = new Date().toISOString();
      return { ...x, status: 'avvist', decision: { by: u.username, at, approved: false, comment: comment.trim() }, log: [...x.log, { at, by: u.username, what: `avviste: ${comment.trim()}` }] };
    });
  }

  async discard(user: User | undefined, id: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    return this.drafts.update(id, (x) => {
      if (x.status === 'publisert') throw new DraftError('Et publisert utkast kan ikke forkastes; gjenopprett en tidligere versjon i stedet.');
      return { ...x, status: 'forkastet', log: [...x.log, { at: new Date().toISOString(), by: u.username, what: 'forkastet' }] };
    });
  }

  /**
   * Approves and publishes a draft: only an approver who has not written any of it, only when the
   * published files are still those the draft started from, and only when the result validates.
   */
  approve(user: User | undefined, id: string, comment = ''): Promise<HistoryEntry> {
    const u = requireRole(user, 'approver');
    return this.publishing.run(async () => {
      const d = this.draft(id);
      if (d.status !== 'til_godkjenning') throw new DraftError('Utkastet venter ikke på godkjenning.');
      if (contributors(d).has(u.username)) throw new Forbidden('Du kan ikke godkjenne en endring du selv har laget eller endret. En annen godkjenner må gjøre det.');
      for (const [path, f] of Object.entries(d.files)) {
        const current = this.rules.text(path);
        if (textVersion(current) !== textVersion(f.base)) throw new StaleBase(path, f.base, current);
      }
      const before = this.rules.ruleSet();
      const { ruleSet, diagnostics } = this.check(d);
      if (!ruleSet) throw new DraftError(`Utkastet validerer ikke og publiseres ikke:\n${diagnostics.filter((x) => x.severity === 'error').map((x) => formatDiagnostic(x)).join('\n')}`);
      const preview = this.preview(d).summary!;
      const now = new Date().toISOString();
      const files: FileChange[] = Object.entries(d.files).map(([path, f]) => ({ path, before: this.rules.text(path), after: f.text })).filter((f) => f.before !== f.after);
      const golden: GoldenChange[] = [];
      for (const [caseId, g] of Object.entries(d.golden)) {
        const c = this.golden.get(caseId);
        if (!c) continue;
        const note = `Endret ${now.slice(0, 10)} av ${g.by}, godkjent av ${u.username}: ${g.reason}`;
        golden.push({ caseId, before: c.text, after: GoldenStore.withExpectation(c.text, g.expected, note), reason: g.reason });
      }
      this.rules.write(files.map((f) => ({ path: f.path, text: f.after })));
      this.golden.write(golden.map((g) => ({ caseId: g.caseId, text: g.after })));
      const entry = await this.history.append({
        publishedAt: now, title: d.title, author: d.author, approver: u.username, reason: d.reason ?? '', hjemmel: d.hjemmel ?? '', draftId: d.id,
        previousVersion: before.version, version: ruleSet.version, files, golden, preview,
        ...(d.restoredFrom ? { restoredFrom: d.restoredFrom } : {}),
      });
      await this.drafts.update(id, (x) => ({
        ...x, status: 'publisert', publishedAs: entry.id,
        decision: { by: u.username, at: now, approved: true, comment },
        log: [...x.log, { at: now, by: u.username, what: `godkjent og publisert som ${entry.id}` }],
      }));
      return entry;
    });
  }

  /** A new draft that puts back the files as they stood right after a history entry (or before all). */
  async restore(user: User | undefined, entryId: string | 'start'): Promise<Draft> {
    requireRole(user, 'editor');
    const then = new Map(this.history.filesAfter(this.rules.sources(), entryId).map((s) => [s.path, s.text]));
    const now = new Map(this.rules.sources().map((s) => [s.path, s.text]));
    const files: Record<string, string | null> = {};
    for (const path of new Set([...then.keys(), ...now.keys()])) {
      const a = then.get(path) ?? null;
      if (a !== (now.get(path) ?? null)) files[path] = a;
    }
    if (!Object.keys(files).length) throw new DraftError('Reglene er allerede slik de var den gangen.');
    const label = entryId === 'start' ? 'før første publiserte endring' : `etter ${entryId}`;
    return this.createDraft(user, `Gjenopprett reglene slik de var ${label}`, files, entryId);
  }
}

let instance: Workspace | undefined;

/** The workspace for this server process (folders from the environment). */
export function workspace(): Workspace {
  instance ??= new Workspace();
  return instance;
}
