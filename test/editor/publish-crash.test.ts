/**
 * Publishing is one atomic commit, proven with a real editor process (build/index.js) killed with
 * SIGKILL at every step of a publish and at random moments of it, then started again:
 *
 * - the rules and golden folders hold exactly the old files or exactly the new ones — never a
 *   mix — and exactly what the journal says is published;
 * - no temporary file is left; every journal line is whole;
 * - the draft is published exactly when the journal has its entry; otherwise it can be approved
 *   again (the next round approves the same draft);
 * - the API (the editor's own, and an `inkasso serve --data` process watching all the while)
 *   serves only the initial rules or a journal entry, and every version it ever served is still
 *   retrievable at the end.
 *
 * Each draft changes three rule files and one golden case. The random kills use a seeded
 * generator (the seed is printed) and INKASSO_PUBLISH_STEP_DELAY_MS, so that a kill sent from
 * outside can land anywhere in the publish.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalFile, readGenesis, readRuleSources, rulesAt, goldenAt, loadRules, runCorpus, parseGoldenCases } from '../../engine/node.ts';
import { TEMP_FILE } from '../../editor/lib/server/atomic.ts';
import { Workspace } from '../../editor/lib/server/workspace.ts';
import type { HistoryEntry } from '../../editor/lib/server/history.ts';
import { UserStore } from '../../editor/lib/server/users.ts';
import { ensureBuilt, ROOT, signInHttp, startEditorOn, type Editor } from '../e2e/support.ts';

const ENGINE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const FILES = ['parameters/rente/forsinkelsesrente.yaml', 'parameters/gebyrer/inkassosats.yaml', 'parameters/gebyrer/standardkompensasjon.yaml'];
const CASE = 'eksempler/e8-rente-over-halvaarsskifte';
const STEPS = ['for-journal', 'journal-halv', 'etter-journal', 'etter-midlertidige', 'etter-flytting-1', 'etter-flytting-2', 'etter-flytting-3', 'etter-flytting-4', 'etter-filer', 'etter-utkast', 'ferdig'];
const NOT_COMMITTED = new Set(['for-journal', 'journal-halv']);
const RANDOM_ROUNDS = 6;
const PASSWORD = 'stift-lampe-elg-42';

const root = mkdtempSync(join(tmpdir(), 'inkasso-crash-'));
const dirs = { rules: join(root, 'rules'), golden: join(root, 'golden'), data: join(root, 'data') };
let serve: ChildProcess | undefined;
let serveUrl = '';
const served = new Set<string>();
let watching = true;

/** A workspace on the folders while no editor runs (it runs the start-up recovery too). */
const offline = () => new Workspace({ rulesDir: dirs.rules, goldenDir: dirs.golden, dataDir: dirs.data, secureCookies: false });

/** A draft sent for approval that changes three rule files' descriptions and one golden case's name. */
async function newDraft(round: string): Promise<string> {
  const ws = offline();
  const ola = ws.users.get('ola')!;
  const d = await ws.createDraft(ola, `Runde ${round}`);
  for (const path of FILES) await ws.saveFile(ola, d.id, path, ws.rules.text(path)!.replace(/^description: /m, `description: (runde ${round}) `), 0);
  const golden = ws.golden.get(CASE)!;
  await ws.drafts.update(d.id, (x) => ({ ...x, golden: { [CASE]: { expected: golden.case.expected, text: golden.text.replace(/^name: /m, `name: (runde ${round}) `), reason: 'Navnet på testkravet, for krasjtesten', by: 'ola', at: new Date().toISOString() } } }));
  await ws.submit(ola, d.id, 'Krasjtest: tre regelfiler og et testkrav på en gang', 'ingen (test)');
  return d.id;
}

function folderState(): { rules: Map<string, string>; golden: Map<string, string> } {
  return {
    rules: new Map(readRuleSources(dirs.rules).map((s) => [s.path, s.text])),
    golden: new Map(readRuleSources(dirs.golden).map((s) => [s.path, s.text])),
  };
}

function tempFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (TEMP_FILE.test(e.name)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** Everything a restart must leave true. Returns whether the draft was published. */
async function checkInvariants(ed: Editor, draftId: string, before: ReturnType<typeof folderState>): Promise<boolean> {
  const journalPath = join(dirs.data, 'history.jsonl');
  const journalText = existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '';
  expect(journalText === '' || journalText.endsWith('\n')).toBe(true);
  for (const line of journalText.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  const entries = new JournalFile<HistoryEntry>(dirs.data).read();
  const genesis = readGenesis(dirs.data)!;
  const last = entries.length ? entries[entries.length - 1]!.id : 'start';
  const now = folderState();
  // The folders are exactly the published version the journal describes.
  expect([...now.rules]).toEqual(rulesAt(genesis, entries, last).map((s) => [s.path, s.text]));
  expect([...now.golden]).toEqual(goldenAt(genesis, entries, last).map((s) => [s.path, s.text]));
  const published = entries.some((e) => e.draftId === draftId);
  // Exactly old or exactly new: either no file of the draft changed, or all four did.
  const changed = [...FILES.filter((p) => now.rules.get(p) !== before.rules.get(p)), ...(now.golden.get(`${CASE}.yaml`) !== before.golden.get(`${CASE}.yaml`) ? [CASE] : [])];
  expect(changed.length).toBe(published ? 4 : 0);
  for (const [p, t] of before.rules) if (!FILES.includes(p)) expect(now.rules.get(p)).toBe(t);
  expect([...tempFiles(dirs.rules), ...tempFiles(dirs.golden), ...tempFiles(dirs.data)]).toEqual([]);
  // The draft agrees with the journal.
  const draft = JSON.parse(readFileSync(join(dirs.data, 'drafts', `${draftId}.json`), 'utf8')) as { status: string; publishedAs?: string };
  if (published) expect(draft).toMatchObject({ status: 'publisert', publishedAs: entries.find((e) => e.draftId === draftId)!.id });
  else expect(draft.status).toBe('til_godkjenning');
  // The API answers, serves the journal's latest, lists only the genesis and journal entries.
  const health = await fetch(`${ed.url}/api/v1/health`);
  expect(health.status).toBe(200);
  // The engine's version, as inkasso serve says it.
  expect(((await health.json()) as { engineVersion?: string }).engineVersion).toBe(ENGINE_VERSION);
  const list = (await (await fetch(`${ed.url}/api/v1/rules`)).json()) as { latest: string; versions: { version: string }[] };
  const known = new Set([genesis.version, ...entries.map((e) => e.version)]);
  expect(list.latest).toBe(entries.length ? entries[entries.length - 1]!.version : genesis.version);
  for (const v of list.versions) expect(known.has(v.version)).toBe(true);
  // What `inkasso test` runs on the folders passes.
  const failed = runCorpus(loadRules(dirs.rules), parseGoldenCases(readRuleSources(dirs.golden)).cases).filter((o) => !o.passed);
  expect(failed.map((o) => o.id)).toEqual([]);
  return published;
}

/**
 * Approves over HTTP; the editor is expected to die while doing it (at its failpoint, or killed
 * `killAfterMs` after the publish reached its first point).
 */
async function approveAndDie(ed: Editor, draftId: string, killAfterMs?: number): Promise<void> {
  const cookie = await signInHttp(ed.url, 'kari', PASSWORD);
  if (killAfterMs !== undefined) {
    void (async () => {
      while (!ed.log().includes('failpoint for-journal') && ed.process.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      setTimeout(() => ed.process.kill('SIGKILL'), killAfterMs);
    })();
  }
  const request = fetch(`${ed.url}/utkast/${draftId}?/godkjenn`, {
    method: 'POST', redirect: 'manual',
    headers: { origin: ed.url, accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ kommentar: 'ok' }),
  }).then((r) => r.status, () => 'connection lost');
  await ed.exited;
  await request;
}

beforeAll(async () => {
  ensureBuilt();
  cpSync(join(ROOT, 'rules'), dirs.rules, { recursive: true });
  cpSync(join(ROOT, 'test/golden'), dirs.golden, { recursive: true });
  mkdirSync(dirs.data, { recursive: true });
  const users = new UserStore(dirs.data);
  await users.create({ username: 'ola', name: 'Ola', roles: ['editor'], password: 'korrekt-hest-batteri' });
  await users.create({ username: 'kari', name: 'Kari', roles: ['approver'], password: PASSWORD });
  offline(); // writes the genesis
  // An API process of its own, watching the published versions the whole time.
  serve = spawn(process.execPath, [join(ROOT, 'bin/inkasso.cjs'), 'serve', '--port', '0', '--workers', '1', '--rules', dirs.rules, '--data', dirs.data], { stdio: ['ignore', 'pipe', 'pipe'] });
  serveUrl = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`inkasso serve did not start: ${err}`)), 30_000);
    serve!.stderr!.on('data', (d) => {
      err += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  void (async () => {
    while (watching) {
      try {
        const r = await fetch(`${serveUrl}/health`);
        if (r.ok) served.add(((await r.json()) as { rulesVersion: string }).rulesVersion);
      } catch {
        /* keep watching */
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
}, 240_000);

afterAll(() => {
  watching = false;
  serve?.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

describe('a publish killed with SIGKILL', () => {
  let draftId = '';

  it.each(STEPS)('at %s leaves the old rules or the new, never a mix, and the restart agrees', async (step) => {
    if (!draftId) draftId = await newDraft(step);
    const before = folderState();
    const ed = await startEditorOn(dirs, { INKASSO_FAILPOINT: step });
    await approveAndDie(ed, draftId);
    expect(ed.process.signalCode).toBe('SIGKILL');
    const again = await startEditorOn(dirs);
    try {
      const published = await checkInvariants(again, draftId, before);
      expect(published).toBe(!NOT_COMMITTED.has(step));
      if (published) draftId = '';
    } finally {
      again.stop();
      await again.exited;
    }
  }, 60_000);

  it(`at ${RANDOM_ROUNDS} random moments leaves the old rules or the new, and the restart agrees`, async () => {
    const seed = Number(process.env.INKASSO_CRASH_SEED ?? Date.now() % 100_000);
    console.log(`publish-crash: seed ${seed} (INKASSO_CRASH_SEED=${seed} repeats it)`);
    let x = seed || 1;
    const random = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    const outcomes: string[] = [];
    for (let round = 0; round < RANDOM_ROUNDS; round++) {
      if (!draftId) draftId = await newDraft(`tilfeldig-${round}`);
      const before = folderState();
      const ed = await startEditorOn(dirs, { INKASSO_PUBLISH_STEP_DELAY_MS: '25' });
      const delay = Math.floor(random() * 330); // 12 points, 25 ms apart: anywhere in the publish, or just after
      await approveAndDie(ed, draftId, delay);
      const again = await startEditorOn(dirs);
      try {
        const published = await checkInvariants(again, draftId, before);
        outcomes.push(`${delay} ms: ${published ? 'publisert' : 'ikke publisert'}`);
        if (published) draftId = '';
      } finally {
        again.stop();
        await again.exited;
      }
    }
    console.log(`publish-crash: ${outcomes.join('; ')}`);
  }, 180_000);

  it('never served a version that is not retrievable now, from the API process that watched all along', async () => {
    const entries = new JournalFile(dirs.data).read();
    const genesis = readGenesis(dirs.data)!;
    // The watcher has seen the last round's outcome once the API serves the journal's latest.
    const latest = entries.length ? entries[entries.length - 1]!.version : genesis.version;
    await expect.poll(() => served.has(latest), { timeout: 30_000, interval: 40 }).toBe(true);
    watching = false;
    const known = new Set([genesis.version, ...entries.map((e) => e.version)]);
    expect(served.size).toBeGreaterThan(1);
    for (const v of served) {
      expect(known.has(v)).toBe(true);
      // Older versions are rebuilt a few a second; a 503 BUSY says when to ask again.
      let res = await fetch(`${serveUrl}/rules/${v}`);
      for (let tries = 0; res.status === 503 && tries < 20; tries++) {
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
        res = await fetch(`${serveUrl}/rules/${v}`);
      }
      expect(res.status).toBe(200);
    }
    expect(existsSync(join(dirs.data, 'genesis.json'))).toBe(true);
  }, 60_000);
});

describe('the built editor', () => {
  it('stops at start, exit 2, naming the data folder it cannot make (every request failed with it before)', () => {
    if (process.platform !== 'linux') return;
    const env = { ...process.env, INKASSO_DATA_DIR: '/proc/inkasso-data', INKASSO_RULES_DIR: dirs.rules, INKASSO_GOLDEN_DIR: dirs.golden, PORT: '0', HOST: '127.0.0.1' };
    const r = spawnSync(process.execPath, [join(ROOT, 'build/index.js')], { encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("editor: kan ikke starte: Kan ikke lage datamappen /proc/inkasso-data (INKASSO_DATA_DIR): ENOENT: no such file or directory, mkdir '/proc/inkasso-data'\n");
  });

  it('stops at start, exit 2, when its journal no longer follows from its genesis, and copies nothing from it', () => {
    // An entry changed by hand after it was published: its file now gives another version than
    // the one it records. Before, the editor took it as published and copied it into the rules.
    const base = mkdtempSync(join(tmpdir(), 'inkasso-tampered-'));
    try {
      const d = { rules: join(base, 'rules'), golden: join(base, 'golden'), data: join(base, 'data') };
      cpSync(join(ROOT, 'rules'), d.rules, { recursive: true });
      cpSync(join(ROOT, 'test/golden'), d.golden, { recursive: true });
      mkdirSync(d.data);
      const rules = readRuleSources(d.rules);
      const version = loadRules(d.rules).version;
      writeFileSync(join(d.data, 'genesis.json'), JSON.stringify({ createdAt: '2026-11-01T00:00:00.000Z', version, rules, golden: readRuleSources(d.golden) }));
      const file = FILES[0]!;
      const before = rules.find((s) => s.path === file)!.text;
      const after = before.replace('value: "12.25"', 'value: "22.25"');
      expect(after).not.toBe(before);
      const entry = { id: 'e00001', seq: 1, publishedAt: '2026-11-20T10:00:00.000Z', title: 'Endret for hånd', author: 'kari', approver: 'ola', reason: 'x', hjemmel: 'x', draftId: 'd1', previousVersion: version, version, files: [{ path: file, before, after }], golden: [], preview: {} };
      writeFileSync(join(d.data, 'history.jsonl'), `${JSON.stringify(entry)}\n`);
      const env = { ...process.env, INKASSO_DATA_DIR: d.data, INKASSO_RULES_DIR: d.rules, INKASSO_GOLDEN_DIR: d.golden, PORT: '0', HOST: '127.0.0.1' };
      const r = spawnSync(process.execPath, [join(ROOT, 'build/index.js')], { encoding: 'utf8', env, timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^editor: kan ikke starte: historikken i ${d.data} stemmer ikke med seg selv, og ingenting er publisert fra den: history\\.jsonl, entry 1 \\(e00001, «Endret for hånd»\\): its rule files give version [0-9a-f]{12}, not ${version.slice(0, 12)} as it records`));
      expect(readFileSync(join(d.rules, file), 'utf8')).toBe(before);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
