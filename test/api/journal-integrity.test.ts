/**
 * Every version the API serves is what it says it is: a genesis or journal changed by hand after
 * the editor wrote it is refused, not served. Before, `inkasso serve --data` served such a journal
 * as published: it listed the version the entry recorded and answered with results carrying the
 * hash of the changed content, a version it did not list and could not give back. With more than
 * one worker a damaged journal hung the server: each worker failed and stayed alive on its channel
 * to the primary, which waited for it to listen.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import { checkJournal, JournalError, loadRules, parseRules, type Genesis, type JournalEntry } from '../../engine/node.ts';
import { readRuleSources } from '../../engine/node.ts';
import { fileURLToPath } from 'node:url';
import { unprivileged } from '../support/unprivileged.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/inkasso.cjs');
const asNobody = unprivileged(bin);
const work = mkdtempSync(join(tmpdir(), 'inkasso-journal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bundled = loadRules();
const RATE_FILE = 'parameters/rente/forsinkelsesrente.yaml';
const GOLDEN = 'rente/full-betaling';
const rules = readRuleSources(join(root, 'rules'));
const golden = readRuleSources(join(root, 'test/golden'));
const genesis: Genesis = { createdAt: '2026-11-01T00:00:00.000Z', version: bundled.version, rules, golden };
const before = rules.find((s) => s.path === RATE_FILE)!.text;
const at = before.indexOf('valid_from: 2024-01-01');
const after = before.slice(0, at) + before.slice(at).replace('value: "12.50"', 'value: "13.50"');
const published = parseRules(rules.map((s) => (s.path === RATE_FILE ? { path: s.path, text: after } : s))).ruleSet!;
const goldenBefore = golden.find((s) => s.path === `${GOLDEN}.yaml`)!.text;
const entry: JournalEntry = {
  id: 'e00001', seq: 1, publishedAt: '2026-11-20T10:00:00.000Z', title: 'Forsinkelsesrente 1. halvår 2024 rettet',
  previousVersion: bundled.version, version: published.version, files: [{ path: RATE_FILE, before, after }],
  golden: [{ caseId: GOLDEN, before: goldenBefore, after: `${goldenBefore}# kontrollert\n` }],
};

/** A data folder with this genesis and these journal entries. */
function dataFolder(name: string, g: Genesis, entries: readonly JournalEntry[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify(g));
  writeFileSync(join(dir, 'history.jsonl'), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return dir;
}

const changedValue = { ...entry, files: [{ path: RATE_FILE, before, after: after.replace('value: "13.50"', 'value: "23.50"') }] };
const TAMPERED: [string, Genesis, JournalEntry, RegExp][] = [
  ['an entry whose file was changed afterwards', genesis, changedValue, /^history\.jsonl, entry 1 \(e00001, «Forsinkelsesrente 1\. halvår 2024 rettet»\): its rule files give version [0-9a-f]{12}, not [0-9a-f]{12} as it records; the journal has been changed since the editor wrote it$/],
  ['an entry that does not follow the version before it', genesis, { ...entry, previousVersion: 'ab'.repeat(32) }, /^history\.jsonl, entry 1 .*: it follows version abababababab, but the entries before it end at [0-9a-f]{12}/],
  ['an entry whose text before is not the file as it was', genesis, { ...entry, files: [{ path: RATE_FILE, before: `${before}\n`, after }] }, new RegExp(`^history\\.jsonl, entry 1 .*: ${RATE_FILE} did not read as the entry says it did before the change`)],
  ['an entry whose golden case before is not the case as it was', genesis, { ...entry, golden: [{ caseId: GOLDEN, before: 'x', after: 'y' }] }, /^history\.jsonl, entry 1 .*: the golden case rente\/full-betaling did not read as the entry says/],
  ['a genesis changed afterwards', { ...genesis, rules: rules.map((s) => (s.path === RATE_FILE ? { path: s.path, text: `${s.text}# endret\n` } : s)) }, entry, /^genesis\.json: its rule files give version [0-9a-f]{12}, not [0-9a-f]{12} as it records/],
];

describe('a journal that does not follow from its genesis', () => {
  it('is taken as the editor wrote it', () => {
    expect(() => checkJournal(genesis, [entry])).not.toThrow();
    expect(() => checkJournal(genesis, [])).not.toThrow();
  });

  it.each(TAMPERED)('is refused: %s', (_, g, e, message) => {
    expect(() => checkJournal(g, [e])).toThrow(JournalError);
    expect(() => checkJournal(g, [e])).toThrow(message);
  });

  it('stops inkasso serve before it serves anything (exit 2), with one worker and with two', () => {
    const dir = dataFolder('served', genesis, [changedValue]);
    for (const workers of ['1', '2']) {
      // A run that hangs fails here (status null), as two workers did.
      const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--workers', workers, '--data', dir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, `--workers ${workers}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim()).toMatch(new RegExp(`^--data ${dir}: history\\.jsonl, entry 1 \\(e00001, .*\\): its rule files give version [0-9a-f]{12}, not ${published.version.slice(0, 12)} as it records`));
    }
    // A journal line that is not an entry at all: the same, not an internal error.
    const broken = dataFolder('broken', genesis, []);
    writeFileSync(join(broken, 'history.jsonl'), 'not json\n');
    const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--workers', '2', '--data', broken], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^--data ${broken}: history\\.jsonl line 1: not a journal entry`));
    // A genesis that is not one.
    writeFileSync(join(broken, 'genesis.json'), '{"rules": []}');
    writeFileSync(join(broken, 'history.jsonl'), '');
    const g = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--workers', '1', '--data', broken], { encoding: 'utf8', timeout: 60_000 });
    expect(g.status, g.stderr).toBe(2);
    expect(g.stderr.trim()).toBe(`--data ${broken}: genesis.json: not the editor's genesis (version, rules or golden missing)`);
  });

  it.skipIf(!asNobody)('that cannot be read is not taken for none: the API refuses to start, or keeps the versions it served', async () => {
    // A data folder the server may not enter (test/support/unprivileged.ts).
    const open = mkdtempSync(join(tmpdir(), 'inkasso-closed-'));
    chmodSync(open, 0o755);
    const closed = join(open, 'data');
    mkdirSync(closed);
    writeFileSync(join(closed, 'genesis.json'), JSON.stringify(genesis));
    chmodSync(closed, 0o700);
    if (process.getuid?.() !== 0) chmodSync(closed, 0o000);
    const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--workers', '1', '--data', closed], { encoding: 'utf8', timeout: 60_000, cwd: tmpdir(), ...asNobody });
    chmodSync(closed, 0o755);
    rmSync(open, { recursive: true, force: true });
    expect(r.stderr.trim()).toBe(`--data ${closed}: genesis.json: cannot be read (permission denied)`);
    expect(r.status).toBe(2);
    // Nor is a data folder in a folder it may not enter said to be missing.
    const hidden = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--workers', '1', '--data', join(work, 'replaced')], { encoding: 'utf8', timeout: 60_000, cwd: tmpdir(), ...asNobody });
    if (process.getuid?.() === 0) expect(hidden.stderr.trim()).toBe(`--data ${join(work, 'replaced')}: permission denied`);
    expect(hidden.status).toBe(2);
    // While it runs, the folder's place is taken by a file (a mount gone wrong): before, the
    // genesis and journal read as not there, and the rules folder became the only version served.
    const dir = dataFolder('replaced', genesis, [entry]);
    let told: (e: Error) => void = () => {};
    const reloadFailed = new Promise<Error>((resolve) => { told = resolve; });
    const versions = folderVersions({ rulesDir: join(root, 'rules'), dataDir: dir, checkEveryMs: 20, onReloadError: (e) => told(e) });
    expect(versions().latest.version).toBe(published.version);
    renameSync(dir, `${dir}.away`);
    writeFileSync(dir, '');
    expect((await reloadFailed).message).toMatch(/^(history\.jsonl|genesis\.json): cannot be read \(ENOTDIR/);
    expect(versions().list.map((v) => v.version)).toEqual([bundled.version, published.version]);
  });

  it('appended while the API runs, is not served: the last good versions stay, and the log says why', async () => {
    const dir = dataFolder('running', genesis, [entry]);
    let told: (e: Error) => void = () => {};
    const reloadFailed = new Promise<Error>((resolve) => { told = resolve; });
    const versions = folderVersions({ rulesDir: join(root, 'rules'), dataDir: dir, checkEveryMs: 20, onReloadError: (e) => told(e) });
    expect(versions().list.map((v) => v.version)).toEqual([bundled.version, published.version]);
    const second = { ...entry, id: 'e00002', seq: 2, title: 'Endret for hånd', previousVersion: published.version, version: 'cd'.repeat(32), files: [{ path: RATE_FILE, before: after, after: after.replace('value: "13.50"', 'value: "3.50"') }], golden: [] };
    appendFileSync(join(dir, 'history.jsonl'), `${JSON.stringify(second)}\n`);
    expect((await reloadFailed).message).toMatch(/^history\.jsonl, entry 2 \(e00002, «Endret for hånd»\): its rule files give version [0-9a-f]{12}, not cdcdcdcdcdcd as it records/);
    expect(versions().latest.version).toBe(published.version);
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
