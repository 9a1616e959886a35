/**
 * The editor's promises without a browser, each reproduced first as it was found broken:
 * separation of duties (a self-dealing administrator), sign-in throttling, sessions that end for
 * good, hierarchical roles, idempotent drafts, and the start-up recovery that completes a publish
 * cut off after its journal line, cuts off a torn journal line, removes temporary files and sets
 * aside files changed by hand. (test/editor/publish-crash.test.ts kills a real editor process.)
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalFile, readRuleSources } from '../../engine/node.ts';
import { Forbidden, requireRole, Workspace } from '../../editor/lib/server/workspace.ts';
import type { User } from '../../editor/lib/server/users.ts';
import { fileURLToPath } from 'node:url';

const RULE = 'parameters/rente/forsinkelsesrente.yaml';
const roots: string[] = [];

function freshWorkspace(): { ws: Workspace; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'inkasso-integrity-'));
  roots.push(root);
  cpSync(fileURLToPath(new URL('../../rules/', import.meta.url)), join(root, 'rules'), { recursive: true });
  cpSync(fileURLToPath(new URL('../golden/', import.meta.url)), join(root, 'golden'), { recursive: true });
  return { ws: open(root), root };
}
const open = (root: string) => new Workspace({ rulesDir: join(root, 'rules'), goldenDir: join(root, 'golden'), dataDir: join(root, 'data'), secureCookies: false });
afterAll(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** A draft that changes only a description (no figure moves): it passes the golden gate. */
async function harmlessDraft(ws: Workspace, author: User, title = 'Ny beskrivelse'): Promise<string> {
  const text = ws.rules.text(RULE)!;
  const d = await ws.createDraft(author, title);
  await ws.saveFile(author, d.id, RULE, text.replace(/^description: /m, `description: ${title}. `), 0);
  await ws.submit(author, d.id, 'En endring uten nye tall, for testen', 'forsinkelsesrenteloven § 3');
  return d.id;
}

describe('separation of duties', () => {
  let ws: Workspace;
  let ola: User;
  beforeAll(async () => {
    ({ ws } = freshWorkspace());
    ola = await ws.users.create({ username: 'ola', name: 'Ola Admin', roles: ['admin', 'editor'], password: 'korrekt-hest-batteri' });
  });

  it('refuses an approval by an account the author created for himself, and records who created it', async () => {
    const puppet = await ws.createUser(ola, { username: 'ola2', name: 'Ola igjen', roles: ['approver'], password: 'enda-et-passord-1' });
    expect(puppet.createdBy).toBe('ola');
    const id = await harmlessDraft(ws, ola);
    const refused = ws.approve(puppet, id);
    await expect(refused).rejects.toBeInstanceOf(Forbidden);
    await expect(refused).rejects.toThrow('Du kan ikke godkjenne denne endringen: kontoen din ble opprettet av ola, som har laget eller endret denne endringen.');
    expect(ws.history.list()).toHaveLength(0);
    expect(ws.audit.list().find((e) => e.action === 'bruker_opprettet' && e.target === 'ola2')).toMatchObject({ by: 'ola' });
  });

  it('refuses an approval by an account the author gave the approver role, or whose password the author set', async () => {
    const kari = await ws.users.create({ username: 'kari', name: 'Kari', roles: ['reader'], password: 'stift-lampe-elg-42' }); // created on the server
    expect(kari.createdBy).toBe('server');
    await ws.setRoles(ola, 'kari', ['approver']);
    const id = await harmlessDraft(ws, ola, 'Annen beskrivelse');
    await expect(ws.approve(ws.users.get('kari'), id)).rejects.toThrow('kontoen din fikk rollen godkjenner av ola');
    const per = await ws.users.create({ username: 'per', name: 'Per', roles: ['approver'], password: 'per-sitt-passord' });
    await ws.resetPassword(ola, 'per', 'ola-vet-dette-1');
    await expect(ws.approve(ws.users.get('per'), id)).rejects.toThrow('passordet til kontoen din ble satt av ola');
    expect(per.createdBy).toBe('server');
  });

  it('follows the chain through an administrator the author created', async () => {
    const admin2 = await ws.createUser(ola, { username: 'admin2', name: 'Stråmann', roles: ['admin'], password: 'stramann-passord' });
    expect(admin2.roles).toEqual(['admin']); // one administrator before: given at once
    const eva = await ws.createUser(ws.users.get('admin2'), { username: 'eva', name: 'Eva', roles: ['approver'], password: 'eva-sitt-passord' });
    const id = await harmlessDraft(ws, ola, 'Tredje beskrivelse');
    // With two administrators, eva's approver role waited for a second administrator: ola confirms it.
    expect(eva.roles).toEqual(['reader']);
    await expect(ws.confirmRole(ws.users.get('admin2'), 'eva', 'approver', true)).rejects.toThrow('En annen administrator enn den som ba om rollen må bekrefte den.');
    await ws.confirmRole(ola, 'eva', 'approver', true);
    await expect(ws.approve(ws.users.get('eva'), id)).rejects.toThrow(/kontoen din ble opprettet av admin2, og kontoen admin2 ble opprettet av ola, som har laget/);
  });

  it('needs a second administrator to grant approver or admin once there are two, and writes every step to the audit trail', async () => {
    const { pending } = await ws.setRoles(ola, 'kari', ['approver', 'admin']);
    expect(pending).toEqual(['admin']);
    expect(ws.users.get('kari')!.roles).toEqual(['approver']);
    await expect(ws.setRoles(ola, 'ola', ['admin', 'editor', 'approver'])).rejects.toThrow('Du kan ikke gi deg selv rollen godkjenner');
    await ws.confirmRole(ws.users.get('admin2'), 'kari', 'admin', false);
    expect(ws.users.get('kari')!.roles).toEqual(['approver']);
    const actions = ws.audit.list().filter((e) => e.target === 'kari').map((e) => `${e.by} ${e.action} ${e.role ?? ''}`.trim());
    expect(actions).toEqual(['server bruker_opprettet', 'ola rolle_gitt approver', 'ola rolle_fjernet reader', 'ola rolle_bedt_om admin', 'admin2 rolle_avslått admin']);
  });

  it('lets an independent approver approve', async () => {
    const lise = await ws.users.create({ username: 'lise', name: 'Lise', roles: ['approver'], password: 'lise-sitt-passord' });
    const id = await harmlessDraft(ws, ola, 'Fjerde beskrivelse');
    const e = await ws.approve(lise, id);
    expect(e.approver).toBe('lise');
  });
});

describe('sign-in', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ({ ws } = freshWorkspace());
    await ws.users.create({ username: 'ola', name: 'Ola', roles: ['admin'], password: 'korrekt-hest-batteri' });
    await ws.users.create({ username: 'kari', name: 'Kari', roles: ['editor'], password: 'stift-lampe-elg-42' });
  });

  it('refuses the right password after 40 wrong ones, logs every failure, and an administrator can unlock', async () => {
    for (let i = 0; i < 40; i++) expect((await ws.signIn('kari', `feil-passord-${i}`, '10.0.0.7')).ok).toBe(false);
    const right = await ws.signIn('kari', 'stift-lampe-elg-42', '10.0.0.7');
    expect(right).toMatchObject({ ok: false });
    expect(!right.ok && right.message).toMatch(/sperret i 15 minutter/);
    const failures = ws.audit.list().filter((e) => e.target === 'kari' && (e.action === 'innlogging_feilet' || e.action === 'innlogging_sperret'));
    expect(failures).toHaveLength(41);
    expect(failures[0]).toMatchObject({ address: '10.0.0.7' });
    expect(ws.throttle.blocked().map((b) => b.username)).toContain('kari');
    ws.unlockSignIn(ws.users.get('ola'), 'kari');
    expect((await ws.signIn('kari', 'stift-lampe-elg-42', '10.0.0.8')).ok).toBe(true);
  });

  it('makes a guesser wait after three failures, twice as long each time', async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++) ws.throttle.fail('test', '10.0.0.9', now);
    expect(ws.throttle.check('test', '10.0.0.9', now)).toBeUndefined();
    ws.throttle.fail('test', '10.0.0.9', now);
    expect(ws.throttle.check('test', '10.0.0.9', now)).toEqual({ key: 'konto', locked: false, waitSeconds: 1 });
    ws.throttle.fail('test', '10.0.0.9', now);
    expect(ws.throttle.check('test', '10.0.0.9', now)).toEqual({ key: 'konto', locked: false, waitSeconds: 2 });
    expect(ws.throttle.check('test', '10.0.0.9', now + 2000)).toBeUndefined();
  });

  it('ends every session for good on a password reset and on deactivation, also after reactivation', async () => {
    const a = await ws.signIn('kari', 'stift-lampe-elg-42', '10.0.0.8');
    const b = await ws.signIn('kari', 'stift-lampe-elg-42', '10.0.0.8');
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    expect(ws.sessionUser(a.token)?.username).toBe('kari');
    await ws.resetPassword(ws.users.get('ola'), 'kari', 'nytt-midlertidig-1');
    expect(ws.sessionUser(a.token)).toBeUndefined();
    expect(ws.sessionUser(b.token)).toBeUndefined();
    const c = await ws.signIn('kari', 'nytt-midlertidig-1', '10.0.0.8');
    if (!c.ok) throw new Error('sign-in failed');
    expect(c.user.mustChangePassword).toBe(true);
    await ws.changeOwnPassword(c.user, 'nytt-midlertidig-1', 'karis-eget-passord');
    const d = await ws.signIn('kari', 'karis-eget-passord', '10.0.0.8');
    if (!d.ok) throw new Error('sign-in failed');
    expect(d.user.mustChangePassword).toBe(false);
    await ws.setDisabled(ws.users.get('ola'), 'kari', true);
    expect(ws.sessionUser(d.token)).toBeUndefined();
    await ws.setDisabled(ws.users.get('ola'), 'kari', false);
    expect(ws.sessionUser(d.token)).toBeUndefined();
  });
});

describe('roles', () => {
  it('are hierarchical: editor and approver include reader; admin administers but does not approve', async () => {
    const { ws } = freshWorkspace();
    const editor = await ws.users.create({ username: 'red', name: 'Red', roles: ['editor'], password: 'redaktor-passord' });
    const approver = await ws.users.create({ username: 'god', name: 'God', roles: ['approver'], password: 'godkjenner-pass' });
    const admin = await ws.users.create({ username: 'adm', name: 'Adm', roles: ['admin'], password: 'admin-passordet' });
    expect(requireRole(editor, 'reader')).toBe(editor);
    expect(requireRole(approver, 'reader')).toBe(approver);
    expect(() => requireRole(admin, 'approver')).toThrow('Dette krever rollen godkjenner.');
    expect(() => requireRole(editor, 'approver')).toThrow('Dette krever rollen godkjenner.');
    const id = await harmlessDraft(ws, editor);
    await expect(ws.approve(admin, id)).rejects.toThrow('Dette krever rollen godkjenner.');
    expect(ws.approvalBlock(admin, ws.draft(id))).toBe('Du har ikke rollen godkjenner.');
  });
});

describe('drafts', () => {
  it('are created once for a form sent twice', async () => {
    const { ws } = freshWorkspace();
    const ola = await ws.users.create({ username: 'ola', name: 'Ola', roles: ['editor'], password: 'korrekt-hest-batteri' });
    const a = await ws.createDraft(ola, 'Ny sats', {}, { requestKey: 'skjema-1234567890' });
    const b = await ws.createDraft(ola, 'Ny sats', {}, { requestKey: 'skjema-1234567890' });
    expect(b.id).toBe(a.id);
    expect(ws.drafts.list()).toHaveLength(1);
  });
});

describe('recovery at start', () => {
  it('completes a publish whose journal line was written when the process died, and marks its draft published', async () => {
    const { ws, root } = freshWorkspace();
    const ola = await ws.users.create({ username: 'ola', name: 'Ola', roles: ['editor'], password: 'korrekt-hest-batteri' });
    const kari = await ws.users.create({ username: 'kari', name: 'Kari', roles: ['approver'], password: 'stift-lampe-elg-42' });
    const id = await harmlessDraft(ws, ola);
    const entry = await ws.approve(kari, id);
    // As if the process had died right after the journal line: the copy and the draft still old.
    const published = readFileSync(join(root, 'rules', RULE), 'utf8');
    writeFileSync(join(root, 'rules', RULE), entry.files[0]!.before!);
    writeFileSync(join(root, 'data', 'applied.json'), '{"seq":0}');
    const draftFile = join(root, 'data', 'drafts', `${id}.json`);
    writeFileSync(draftFile, JSON.stringify({ ...JSON.parse(readFileSync(draftFile, 'utf8')), status: 'til_godkjenning' }));
    writeFileSync(join(root, 'rules', 'parameters', 'rente', `.forsinkelsesrente.yaml.0123456789ab.tmp`), 'half');
    const again = open(root);
    expect(again.recovery.completed).toEqual([entry.id]);
    expect(again.recovery.tempFilesRemoved).toBe(1);
    expect(readFileSync(join(root, 'rules', RULE), 'utf8')).toBe(published);
    expect(again.drafts.get(id)).toMatchObject({ status: 'publisert', publishedAs: entry.id });
    expect(JSON.parse(readFileSync(draftFile, 'utf8')).status).toBe('publisert');
    expect(again.driftDraft).toBeUndefined();
  });

  it('takes no journal entry changed by hand: not at start, and not appended while it runs', async () => {
    const { ws, root } = freshWorkspace();
    const ola = await ws.users.create({ username: 'ola', name: 'Ola', roles: ['editor'], password: 'korrekt-hest-batteri' });
    const kari = await ws.users.create({ username: 'kari', name: 'Kari', roles: ['approver'], password: 'stift-lampe-elg-42' });
    const entry = await ws.approve(kari, await harmlessDraft(ws, ola));
    const journal = join(root, 'data', 'history.jsonl');
    const good = readFileSync(journal, 'utf8');
    expect(() => open(root)).not.toThrow();
    // The published entry's text changed afterwards (a rate where the change was a description).
    const changed = { ...entry, files: entry.files.map((f) => ({ ...f, after: f.after!.replace('value: "12.25"', 'value: "2.25"') })) };
    writeFileSync(journal, `${JSON.stringify(changed)}\n`);
    expect(() => open(root)).toThrow(/^historikken i .*data stemmer ikke med seg selv, og ingenting er publisert fra den: history\.jsonl, entry 1 \(e00001, «Ny beskrivelse»\): its rule files give version [0-9a-f]{12}, not [0-9a-f]{12} as it records/);
    // Appended by hand to the journal of a running editor: the next read of the published rules refuses it.
    writeFileSync(journal, good);
    const running = open(root);
    const forged = { ...entry, id: 'e00002', seq: 2, title: 'Ikke fra editoren', previousVersion: entry.version, files: entry.files.map((f) => ({ ...f, before: f.after, after: `${f.after}# x\n` })) };
    appendFileSync(journal, `${JSON.stringify(forged)}\n`);
    expect(() => running.history.current()).toThrow(/entry 2 \(e00002, «Ikke fra editoren»\): its rule files give version [0-9a-f]{12}, not [0-9a-f]{12} as it records/);
  });

  it('cuts off a journal line torn by a crash, and never counts it', async () => {
    const { root } = freshWorkspace();
    const journal = join(root, 'data', 'history.jsonl');
    appendFileSync(journal, '{"id":"e00001","seq":1,"publishedAt":"2026-12-01T10:00:00Z","title":"halv');
    expect(new JournalFile(join(root, 'data')).read()).toEqual([]);
    const ws = open(root);
    expect(ws.recovery.tornJournalLine).toBe(true);
    expect(readFileSync(journal, 'utf8')).toBe('');
    expect(ws.history.list()).toEqual([]);
  });

  it('sets aside a rule file changed by hand as a draft, and puts the published one back', async () => {
    const { ws, root } = freshWorkspace();
    const published = ws.rules.text(RULE)!;
    const edited = published.replace('value: "12.25"', 'value: "99.00"');
    writeFileSync(join(root, 'rules', RULE), edited);
    writeFileSync(join(root, 'rules', 'parameters', 'rente', 'ny.yaml'), 'description: x\n');
    const again = open(root);
    expect(readFileSync(join(root, 'rules', RULE), 'utf8')).toBe(published);
    expect(existsSync(join(root, 'rules', 'parameters', 'rente', 'ny.yaml'))).toBe(false);
    const d = again.drafts.get(again.driftDraft!)!;
    expect(d).toMatchObject({ status: 'utkast', author: 'utenfor-editoren' });
    expect(d.files[RULE]).toMatchObject({ base: published, text: edited });
    expect(d.files['parameters/rente/ny.yaml']).toMatchObject({ base: null, text: 'description: x\n' });
    expect(again.rules.ruleSet().version).toBe(ws.rules.ruleSet().version);
    expect(readRuleSources(join(root, 'rules')).map((s) => s.path)).not.toContain('parameters/rente/ny.yaml');
    expect(readdirSync(join(root, 'data', 'drafts'))).toHaveLength(1);
  });
});
