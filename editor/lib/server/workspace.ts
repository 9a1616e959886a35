/**
 * The editor's one place of truth on the server: the published rules and golden corpus (from the
 * history: genesis and journal), drafts, users, sessions and the audit trail, and the operations
 * an officer can do with them. Every operation checks the user's role; publishing re-checks
 * everything (the rules a draft started from, validation, the golden gate, separation of duties)
 * and is one atomic commit (history.ts).
 *
 * At start, before anything is served, the workspace recovers from whatever stopped the last run
 * (a publish cut off by a crash is completed; temporary files are removed) and sets aside any
 * change made to the rules or golden folders by hand: such files are kept in a draft, which needs
 * the same approval as any other change, and the folders are put back to the published version.
 */
import { osloToday, parseGoldenCases, refreshExpected, rulesFromSources, runCase, type Diagnostic, type GoldenCase, type LoadedCase, type RuleSet, type RuleSource } from '$engine/node.ts';
import { parse as parseYaml } from 'yaml';
import { Queue } from './atomic.ts';
import { diagnosticLine } from './diagnostics.ts';
import { AuditLog } from './audit.ts';
import { editorConfig, makeDataFolder, type EditorConfig } from './config.ts';
import { DraftError, DraftStore, type AcceptedExpectation, type Draft } from './drafts.ts';
import { GoldenStore } from './golden-store.ts';
import { History, type FileChange, type GoldenChange, type HistoryEntry, type RecoveryReport } from './history.ts';
import { goldenCasePath, ruleFilePath } from './paths.ts';
import { runPreview, type PreviewSummary } from './preview.ts';
import { RulesStore, textVersion } from './rules-store.ts';
import { SessionStore } from './sessions.ts';
import { SignInThrottle } from './throttle.ts';
import { hasRole, roleNames, UserStore, type Role, type User } from './users.ts';

export { hasRole };

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

/** The user, if they have one of the roles (roles include the ones below them); Forbidden otherwise. */
export function requireRole(user: User | undefined, ...roles: Role[]): User {
  if (!user) throw new Forbidden('Du må logge inn.');
  if (!roles.some((r) => hasRole(user, r))) throw new Forbidden(`Dette krever rollen ${roleNames(roles)}.`);
  return user;
}

/** Everyone who wrote part of a draft: none of them may approve it. */
export function contributors(d: Draft): Set<string> {
  const s = new Set([d.author]);
  for (const f of Object.values(d.files)) s.add(f.editedBy);
  for (const g of Object.values(d.golden)) s.add(g.by);
  return s;
}

/** The author of drafts made from files changed by hand in the rules or golden folders. */
export const OUTSIDE_AUTHOR = 'utenfor-editoren';

export interface DraftCheck {
  readonly ruleSet?: RuleSet;
  readonly diagnostics: readonly Diagnostic[];
}

export type SignInResult =
  | { readonly ok: true; readonly user: User; readonly token: string; readonly expires: Date }
  | { readonly ok: false; readonly message: string; readonly waitSeconds?: number };

export class Workspace {
  readonly config: EditorConfig;
  readonly history: History;
  readonly rules: RulesStore;
  readonly golden: GoldenStore;
  readonly drafts: DraftStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  readonly throttle: SignInThrottle;
  /** What the start-up recovery did. */
  readonly recovery: RecoveryReport;
  /** The draft that holds files found changed by hand at start, if there were any. */
  readonly driftDraft: string | undefined;
  private readonly publishing = new Queue();

  constructor(config: EditorConfig = editorConfig()) {
    this.config = config;
    makeDataFolder(config);
    this.audit = new AuditLog(config.dataDir);
    this.sessions = new SessionStore(config.dataDir);
    this.users = new UserStore(config.dataDir, this.audit, (u) => this.sessions.destroyAllFor(u));
    this.throttle = new SignInThrottle(config.dataDir);
    this.history = new History(config.dataDir, config.rulesDir, config.goldenDir);
    this.drafts = new DraftStore(config.dataDir, (id) => this.history.entryForDraft(id)?.id);
    this.recovery = this.history.recover((e) => this.drafts.markPublishedNow(e.draftId, e.id, e.approver, e.comment ?? ''));
    this.rules = new RulesStore(() => this.history.current().rules);
    this.golden = new GoldenStore(() => this.history.current().golden);
    this.driftDraft = this.setAsideDrift();
  }

  /** Files changed by hand in the folders: kept in a draft, and the folders put back as published. */
  private setAsideDrift(): string | undefined {
    const { rules, golden } = this.history.drift();
    if (!rules.length && !golden.length) return undefined;
    const at = new Date().toISOString();
    const goldenDraft: Record<string, AcceptedExpectation> = {};
    for (const g of golden) {
      if (g.found === null) continue; // a published case removed by hand: it is simply put back
      let expected: GoldenCase['expected'] = {} as GoldenCase['expected'];
      try {
        expected = ((parseYaml(g.found) as { expected?: GoldenCase['expected'] }) ?? {}).expected ?? expected;
      } catch {
        /* a broken file: the draft shows the problem */
      }
      goldenDraft[g.path.replace(/\.ya?ml$/, '')] = { expected, text: g.found, reason: 'Funnet endret direkte i testmappen ved oppstart', by: OUTSIDE_AUTHOR, at };
    }
    const draft = this.drafts.createNow({
      title: 'Endringer funnet direkte i regelmappen',
      author: OUTSIDE_AUTHOR,
      files: Object.fromEntries(rules.map((d) => [d.path, { base: d.published, text: d.found }])),
      golden: goldenDraft,
      note: `funnet ved oppstart: ${[...rules.map((d) => d.path), ...golden.map((d) => d.path)].join(', ')} var endret uten godkjenning; mappene er satt tilbake til siste publiserte versjon`,
    });
    this.history.materialize();
    console.error(`editor: ${rules.length + golden.length} fil(er) i regel- eller testmappen var endret utenom editoren. De er lagt i utkastet ${draft.id} og må godkjennes før de gjelder; mappene er satt tilbake til siste publiserte versjon.`);
    return draft.id;
  }

  // ---------------------------------------------------------------- sign-in

  /** Checks a sign-in with throttling per account and address; every failure is in the audit trail. */
  async signIn(usernameInput: string, password: string, address: string): Promise<SignInResult> {
    const username = usernameInput.trim().toLowerCase().slice(0, 64);
    const refused = this.throttle.check(username, address);
    if (refused) {
      this.throttle.fail(username, address);
      this.audit.write({ by: username, action: 'innlogging_sperret', target: username, address, detail: refused.locked ? 'låst' : `må vente ${refused.waitSeconds} s` });
      const wait = refused.waitSeconds >= 90 ? `${Math.ceil(refused.waitSeconds / 60)} minutter` : `${refused.waitSeconds} sekunder`;
      return {
        ok: false, waitSeconds: refused.waitSeconds,
        message: refused.locked
          ? `For mange mislykkede forsøk. Innloggingen er sperret i ${wait}; en administrator kan låse den opp.`
          : `For mange mislykkede forsøk. Vent ${wait} før du prøver igjen.`,
      };
    }
    const user = await this.users.authenticate(username, password);
    if (!user) {
      this.throttle.fail(username, address);
      this.audit.write({ by: username, action: 'innlogging_feilet', target: username, address });
      return { ok: false, message: 'Feil brukernavn eller passord.' };
    }
    this.throttle.succeed(username);
    this.audit.write({ by: username, action: 'innlogging', target: username, address });
    const { token, expires } = await this.sessions.create(user.username, user.sessionEpoch ?? 0);
    return { ok: true, user, token, expires };
  }

  /** The signed-in user of a session token, if the session and the account are still valid. */
  sessionUser(token: string | undefined): User | undefined {
    const username = this.sessions.lookup(token, (name) => {
      const u = this.users.get(name);
      return u && !u.disabled ? (u.sessionEpoch ?? 0) : undefined;
    });
    const user = username ? this.users.get(username) : undefined;
    return user && !user.disabled ? user : undefined;
  }

  // ---------------------------------------------------------------- users

  async createUser(admin: User | undefined, input: { username: string; name: string; roles: Role[]; password: string }): Promise<User> {
    const a = requireRole(admin, 'admin');
    return this.users.create(input, a.username);
  }

  async setRoles(admin: User | undefined, username: string, roles: Role[]): Promise<{ user: User; pending: Role[] }> {
    const a = requireRole(admin, 'admin');
    if (username === a.username && GUARD_SELF.some((r) => roles.includes(r) && !a.roles.includes(r))) throw new Forbidden('Du kan ikke gi deg selv rollen godkjenner eller administrator; en annen administrator må gjøre det.');
    return this.users.setRoles(username, roles, a.username);
  }

  async confirmRole(admin: User | undefined, username: string, role: Role, accept: boolean): Promise<User> {
    const a = requireRole(admin, 'admin');
    return this.users.confirmRole(username, role, a.username, accept);
  }

  async resetPassword(admin: User | undefined, username: string, password: string): Promise<User> {
    const a = requireRole(admin, 'admin');
    return this.users.setPassword(username, password, a.username);
  }

  async changeOwnPassword(user: User | undefined, current: string, password: string): Promise<User> {
    if (!user) throw new Forbidden('Du må logge inn.');
    if (!(await this.users.authenticate(user.username, current))) throw new DraftError('Det nåværende passordet er feil.');
    if (current === password) throw new DraftError('Velg et annet passord enn det du har nå.');
    return this.users.setPassword(user.username, password, user.username);
  }

  async setDisabled(admin: User | undefined, username: string, disabled: boolean): Promise<User> {
    const a = requireRole(admin, 'admin');
    if (disabled && username === a.username) throw new Forbidden('Du kan ikke deaktivere deg selv.');
    return this.users.setDisabled(username, disabled, a.username);
  }

  unlockSignIn(admin: User | undefined, username: string): void {
    const a = requireRole(admin, 'admin');
    this.throttle.unlock(username);
    this.audit.write({ by: a.username, action: 'låst_opp', target: username });
  }

  // ---------------------------------------------------------------- drafts

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
    return rulesFromSources(this.draftSources(d));
  }

  /** The golden cases a draft changes: published cases with accepted figures, or whole files put back. */
  draftCases(d: Draft): Map<string, LoadedCase> {
    const out = new Map<string, LoadedCase>();
    for (const [id, g] of Object.entries(d.golden)) {
      if (g.text !== undefined) {
        const parsed = parseGoldenCases([{ path: `${id}.yaml`, text: g.text }]).cases[0];
        if (parsed) out.set(id, parsed);
        continue;
      }
      const c = this.golden.get(id);
      if (c) out.set(id, { ...c, case: { ...c.case, expected: g.expected } });
    }
    return out;
  }

  preview(d: Draft): { summary?: PreviewSummary; ruleSet?: RuleSet; diagnostics: readonly Diagnostic[] } {
    const { ruleSet, diagnostics } = this.check(d);
    if (!ruleSet) return { diagnostics };
    return { summary: runPreview(this.rules.ruleSet(), ruleSet, this.golden.cases(), this.draftCases(d)), ruleSet, diagnostics };
  }

  /**
   * The golden gate: a draft whose preview shows a case that does not match its expected figures
   * cannot be sent for approval or published, until the new figures are accepted with a reason
   * (or the change is corrected).
   */
  goldenGate(summary: PreviewSummary): void {
    const failing = summary.cases.filter((c) => c.failures.length);
    if (!failing.length) return;
    throw new DraftError(
      `Forhåndsvisningen viser ${failing.length} testkrav som ikke stemmer med forventede tall: ${failing.slice(0, 8).map((c) => c.id).join(', ')}${failing.length > 8 ? ' …' : ''}. `
      + 'Kontroller tallene mot loven og godta dem med en begrunnelse, eller rett endringen, før den kan sendes til godkjenning eller publiseres.',
    );
  }

  draft(id: string): Draft {
    const d = this.drafts.get(id);
    if (!d) throw new DraftError('Utkastet finnes ikke.');
    return d;
  }

  async createDraft(user: User | undefined, title: string, files: Record<string, string | null> = {}, options: { restoredFrom?: string; golden?: Record<string, AcceptedExpectation>; requestKey?: string } = {}): Promise<Draft> {
    const u = requireRole(user, 'editor');
    const entries: Record<string, { base: string | null; text: string | null }> = {};
    for (const [path, text] of Object.entries(files)) entries[ruleFilePath(path)] = { base: this.rules.text(path), text };
    const requestKey = options.requestKey && /^[A-Za-z0-9_-]{8,64}$/.test(options.requestKey) ? options.requestKey : undefined;
    return this.drafts.create({
      title, author: u.username, files: entries,
      ...(options.golden ? { golden: options.golden } : {}),
      ...(options.restoredFrom ? { restoredFrom: options.restoredFrom } : {}),
      ...(requestKey ? { requestKey } : {}),
    });
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
    goldenCasePath(caseId);
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
      if (x.status !== 'utkast') throw new DraftError('Utkastet kan ikke endres nå.');
      const { [caseId]: _, ...rest } = x.golden;
      return { ...x, golden: rest, log: [...x.log, { at: new Date().toISOString(), by: u.username, what: `trakk tilbake nye tall for ${caseId}` }] };
    });
  }

  async submit(user: User | undefined, id: string, reason: string, hjemmel: string): Promise<Draft> {
    const u = requireRole(user, 'editor');
    if (reason.trim().length < 10) throw new DraftError('Skriv en begrunnelse for endringen (minst 10 tegn).');
    if (hjemmel.trim().length < 3) throw new DraftError('Oppgi hjemmel eller rettskilde for endringen.');
    const d = this.draft(id);
    if (!Object.keys(d.files).length && !Object.keys(d.golden).length) throw new DraftError('Utkastet endrer ingen filer.');
    const { summary, diagnostics } = this.preview(d);
    if (!summary) throw new DraftError(`Utkastet har feil og kan ikke sendes til godkjenning:\n${diagnostics.filter((x) => x.severity === 'error').map((x) => diagnosticLine(x)).join('\n')}`);
    this.goldenGate(summary);
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

  /** Why this user may not approve this draft, or null (shown before the button is offered). */
  approvalBlock(user: User | undefined, d: Draft): string | null {
    if (!hasRole(user, 'approver')) return 'Du har ikke rollen godkjenner.';
    if (contributors(d).has(user!.username)) return 'Du har laget eller endret denne endringen og kan ikke godkjenne den selv. En annen godkjenner må gjøre det.';
    return this.users.approvalConflict(user!.username, contributors(d));
  }

  /**
   * Approves and publishes a draft: only an approver who has not written any of it (nor got the
   * account, the role or the password from someone who has), only when the published files are
   * still those the draft started from, when the result validates and when every golden case
   * matches its expected figures. Publishing is one atomic commit (History.publish).
   */
  async approve(user: User | undefined, id: string, comment = ''): Promise<HistoryEntry> {
    const u = requireRole(user, 'approver');
    return this.publishing.run(async () => {
      const d = this.draft(id);
      if (d.status !== 'til_godkjenning') throw new DraftError(d.status === 'publisert' ? `Utkastet er allerede publisert som ${d.publishedAs}.` : 'Utkastet venter ikke på godkjenning.');
      const block = this.approvalBlock(u, d);
      if (block) throw new Forbidden(block);
      for (const [path, f] of Object.entries(d.files)) {
        const current = this.rules.text(path);
        if (textVersion(current) !== textVersion(f.base)) throw new StaleBase(path, f.base, current);
      }
      const before = this.rules.ruleSet();
      const { summary, ruleSet, diagnostics } = this.preview(d);
      if (!summary || !ruleSet) throw new DraftError(`Utkastet validerer ikke og publiseres ikke:\n${diagnostics.filter((x) => x.severity === 'error').map((x) => diagnosticLine(x)).join('\n')}`);
      this.goldenGate(summary);
      const now = new Date().toISOString();
      const files: FileChange[] = Object.entries(d.files).map(([path, f]) => ({ path, before: this.rules.text(path), after: f.text })).filter((f) => f.before !== f.after);
      const golden: GoldenChange[] = [];
      for (const [caseId, g] of Object.entries(d.golden)) {
        const c = this.golden.get(caseId);
        const note = `Endret ${osloToday(new Date(now))} av ${g.by}, godkjent av ${u.username}: ${g.reason}`;
        const after = g.text ?? (c ? GoldenStore.withExpectation(c.text, g.expected, note) : undefined);
        if (after === undefined || after === c?.text) continue;
        golden.push({ caseId, before: c?.text ?? '', after, reason: g.reason });
      }
      if (!files.length && !golden.length) throw new DraftError('Utkastet endrer ingenting i forhold til de publiserte reglene.');
      return this.history.publish(
        {
          publishedAt: now, title: d.title, author: d.author, approver: u.username, reason: d.reason ?? '', hjemmel: d.hjemmel ?? '', draftId: d.id,
          previousVersion: before.version, version: ruleSet.version, files, golden, preview: summary,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
          ...(d.restoredFrom ? { restoredFrom: d.restoredFrom } : {}),
        },
        (e) => this.drafts.markPublished(d.id, e.id, u.username, comment),
      );
    });
  }

  /**
   * A new draft that puts back the rule files as they stood right after a history entry (or
   * before all), with the golden expectations that were accepted with them.
   */
  async restore(user: User | undefined, entryId: string | 'start'): Promise<Draft> {
    const u = requireRole(user, 'editor');
    if (entryId !== 'start' && !this.history.get(entryId)) throw new DraftError('Fant ikke den versjonen.');
    const label = entryId === 'start' ? 'før første publiserte endring' : `etter ${entryId}`;
    const then = new Map(this.history.rulesAfter(entryId).map((s) => [s.path, s.text]));
    const now = new Map(this.rules.sources().map((s) => [s.path, s.text]));
    const files: Record<string, string | null> = {};
    for (const path of new Set([...then.keys(), ...now.keys()])) {
      const a = then.get(path) ?? null;
      if (a !== (now.get(path) ?? null)) files[path] = a;
    }
    const goldenThen = new Map(this.history.goldenAfter(entryId).map((s) => [s.path, s.text]));
    const at = new Date().toISOString();
    const golden: Record<string, AcceptedExpectation> = {};
    for (const s of this.history.current().golden) {
      const old = goldenThen.get(s.path);
      if (old === undefined || old === s.text) continue;
      const expected = ((parseYaml(old) as { expected?: GoldenCase['expected'] }) ?? {}).expected ?? ({} as GoldenCase['expected']);
      golden[s.path.replace(/\.ya?ml$/, '')] = { expected, text: old, reason: `Forventede tall slik de ble godkjent ${label}`, by: u.username, at };
    }
    if (!Object.keys(files).length && !Object.keys(golden).length) throw new DraftError('Reglene er allerede slik de var den gangen.');
    return this.createDraft(u, `Gjenopprett reglene slik de var ${label}`, files, { restoredFrom: entryId, golden });
  }
}

/** Roles an administrator may not give themselves. */
const GUARD_SELF: readonly Role[] = ['approver', 'admin'];

let instance: Workspace | undefined;

/** The workspace for this server process (folders from the environment). */
export function workspace(): Workspace {
  instance ??= new Workspace();
  return instance;
}
