/**
 * The editor's server logic without a browser: drafts, the golden preview, four eyes, publishing
 * to disk, the history journal, concurrency and restore — against copies of the bundled rules and
 * golden corpus in a temporary folder.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftConflict } from '../../editor/lib/server/drafts.ts';
import { addDatedValue } from '../../editor/lib/server/rule-edit.ts';
import { applyTask, taskOf } from '../../editor/lib/server/tasks.ts';
import { lineDiff } from '../../editor/lib/server/diff.ts';
import { rulesFromQuery } from '../../editor/lib/server/views.ts';
import { osloClock } from '../../engine/calendar/index.ts';
import { Forbidden, StaleBase, Workspace } from '../../editor/lib/server/workspace.ts';
import type { User } from '../../editor/lib/server/users.ts';
import { fileURLToPath } from 'node:url';

const root = mkdtempSync(join(tmpdir(), 'inkasso-ws-'));
const RULE = 'parameters/rente/forsinkelsesrente.yaml';
let ws: Workspace;
let ola: User;
let kari: User;
let per: User;

beforeAll(async () => {
  cpSync(fileURLToPath(new URL('../../rules/', import.meta.url)), join(root, 'rules'), { recursive: true });
  cpSync(fileURLToPath(new URL('../golden/', import.meta.url)), join(root, 'golden'), { recursive: true });
  ws = new Workspace({ rulesDir: join(root, 'rules'), goldenDir: join(root, 'golden'), dataDir: join(root, 'data'), secureCookies: false });
  ola = await ws.users.create({ username: 'ola', name: 'Ola Normann', roles: ['editor', 'approver'], password: 'korrekt-hest-batteri' });
  kari = await ws.users.create({ username: 'kari', name: 'Kari Nordmann', roles: ['approver'], password: 'stift-lampe-elg-42' });
  per = await ws.users.create({ username: 'per', name: 'Per Leser', roles: ['reader'], password: 'bare-lese-tilgang' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the form for a new half-year', () => {
  it('appends 2027-H1 to the forsinkelsesrente and the result validates and previews', async () => {
    const text = addDatedValue(ws.rules.text(RULE)!, { valid_from: '2027-01-01', valid_to: '2027-06-30', value: '11.75', hjemmel: 'forsinkelsesrenteloven § 3 første ledd', source: 'FOR-2026-12-18-0001', status: 'P' });
    const d = await ws.createDraft(ola, 'Ny forsinkelsesrente 2027-H1');
    const saved = await ws.saveFile(ola, d.id, RULE, text, 0);
    expect(ws.check(saved).diagnostics).toEqual([]);
    // A new rate alone changes nothing after the review horizon (31.12.2026): still RULES_NOT_REVIEWED.
    expect(ws.preview(saved).summary!.changed).toBe(0);
    // Moving the horizon with the form, in the same draft: now the 2027 case evaluates.
    const r = applyTask(ws, saved, 'horisont', { valid_from: '30.06.2027', value: '', hjemmel: '', source: '', status: 'P', note: 'Forsinkelsesrenten for 2027-H1 er lest i FOR-2026-12-18-0001; inkassosatsen for 2027 er uendret.' });
    expect(r.fieldErrors).toEqual({});
    // The values with nothing after 31.12.2026 are named, to be confirmed: the forsinkelsesrente
    // for 2027-H1 is in the draft, the others are not (the forliksklage's has been unknown since 2025).
    expect(r.warnings.map((w) => w.message)).toEqual([
      'Standardkompensasjon (gebyrer.standardkompensasjon) har verken verdi eller erklært hull etter 31.12.2026: krav som trenger den, kan ikke vurderes for dager fra 01.01.2027 til 30.06.2027.',
      'Gebyr for forliksklage (rettslig.forliksklage-gebyr) har verken verdi eller erklært hull etter 31.12.2024: krav som trenger den, kan ikke vurderes for dager fra 01.01.2025 til 30.06.2027.',
      'Rettsgebyr (rettslig.rettsgebyr) har verken verdi eller erklært hull etter 31.12.2026: krav som trenger den, kan ikke vurderes for dager fra 01.01.2027 til 30.06.2027.',
      'Legg inn verdiene for perioden først (i samme utkast), eller et hull med begrunnelse der en verdi ikke er kjent.',
    ]);
    // Without the new rate in the draft, the forsinkelsesrente is named too.
    expect(applyTask(ws, undefined, 'horisont', { valid_from: '30.06.2027', value: '', hjemmel: '', source: '', status: 'P', note: 'Bare horisonten flyttes her.' }).warnings.map((w) => w.message.slice(0, w.message.indexOf(' (')))).toEqual(['Standardkompensasjon', 'Forsinkelsesrente', 'Gebyr for forliksklage', 'Rettsgebyr', 'Legg inn verdiene for perioden først']);
    expect(r.diff!.filter((l) => l.kind === 'add' || l.kind === 'del').map((l) => `${l.kind} ${l.text.trim()}`)).toEqual([
      'del reviewed_through: 2026-12-31', 'add reviewed_through: 2027-06-30',
      'add - reviewed_through: 2027-06-30', expect.stringMatching(/^add reviewed_on: \d{4}-\d\d-\d\d$/), 'add note: "Forsinkelsesrenten for 2027-H1 er lest i FOR-2026-12-18-0001; inkassosatsen for 2027 er uendret."',
    ]);
    const both = await ws.saveFile(ola, d.id, 'horisont.yaml', r.after!, 0);
    expect(ws.check(both).diagnostics).toEqual([]);
    expect(ws.preview(both).summary!.changed).toBe(1); // only rente/mangler-sats-2027 changes: it evaluates for 2027
    expect(ws.preview(both).summary!.cases.find((c) => c.id === 'rente/mangler-sats-2027')!.after.interest).toBe('152.33');
  });
});

describe('the form for a new rettsgebyr', () => {
  it('adds a calendar year, titled in kroner, and takes the rettsgebyr off the horizon\'s list', async () => {
    const fields = { valid_from: '01.01.2027', value: '1 380', hjemmel: 'rettsgebyrforskriften § 2-1', source: 'FOR-2026-12-20-0001', status: 'P' };
    // A year starts on 1 January.
    expect(applyTask(ws, undefined, 'rettsgebyr', { ...fields, valid_from: '01.07.2027' }).fieldErrors).toEqual({ valid_from: 'Verdien gjelder for et kalenderår: fra 1. januar (01.01).' });
    // A date that is no day says why; text that is no date says how to write one.
    expect(applyTask(ws, undefined, 'rettsgebyr', { ...fields, valid_from: '29.02.2027' }).fieldErrors).toEqual({ valid_from: 'Ugyldig dato: februar 2027 har 28 dager.' });
    expect(applyTask(ws, undefined, 'rettsgebyr', { ...fields, valid_from: '01.13.2027' }).fieldErrors).toEqual({ valid_from: 'Ugyldig dato: det finnes ingen måned 13.' });
    expect(applyTask(ws, undefined, 'rettsgebyr', { ...fields, valid_from: '1. januar 2027' }).fieldErrors).toEqual({ valid_from: 'Skriv datoen som dd.mm.åååå (for eksempel 01.01.2027) eller ÅÅÅÅ-MM-DD.' });
    const r = applyTask(ws, undefined, 'rettsgebyr', fields);
    expect([r.fieldErrors, r.diagnostics, r.valueText]).toEqual([{}, [], '1\u00a0380,00 kr']); // a no-break space between the thousands
    expect(r.diff!.filter((l) => l.kind === 'add').map((l) => l.text.trim())).toEqual([
      '- valid_from: 2027-01-01', 'valid_to: 2027-12-31', 'value: "1380.00"', 'hjemmel: rettsgebyrforskriften § 2-1', 'source: FOR-2026-12-20-0001', 'status: P',
    ]);
    const d = await ws.createDraft(ola, 'Nytt rettsgebyr 2027');
    const saved = await ws.saveFile(ola, d.id, r.path, r.after!, 0);
    const horizon = applyTask(ws, saved, 'horisont', { valid_from: '31.12.2027', value: '', hjemmel: '', source: '', status: 'P', note: 'Rettsgebyret for 2027 er lest.' });
    expect(horizon.warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining('rettslig.rettsgebyr'));
    expect(horizon.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('Forsinkelsesrente (rente.forsinkelsesrente) har verken verdi eller erklært hull etter 31.12.2026'));
    await ws.discard(ola, d.id);
  });

  it('titles a deadline in days and a rate in per cent, whatever was typed', () => {
    const base = { valid_from: '01.01.2027', hjemmel: 'inkassoloven § 9', source: 'LOV-2026-12-20-1', status: 'P' };
    expect(applyTask(ws, undefined, 'frist', { ...base, parameter: 'frister.inkassovarsel-frist', value: '21' }).valueText).toBe('21 dager');
    expect(applyTask(ws, undefined, 'forsinkelsesrente', { ...base, value: '11,5 %' }).valueText).toBe('11,50 %');
  });

  it('says what is wrong in the officer\'s terms: dates as dd.mm.åååå, kroner with spaces, the value\'s own hjemmel', () => {
    const base = { valid_from: '01.01.2027', hjemmel: 'inkassoloven § 9', source: 'LOV-2026-12-20-1', status: 'P' };
    // A value from a day the series already has a value for (the rule file's error, said with its date as the forms write it).
    expect(applyTask(ws, undefined, 'forsinkelsesrente', { ...base, valid_from: '01.07.2026', value: '12,50' }).fieldErrors).toEqual({ valid_from: 'Den nye verdien må gjelde fra en dato etter 01.07.2026, datoen den siste verdien i serien gjelder fra.' });
    expect(applyTask(ws, undefined, 'standardkompensasjon', { ...base, value: '1 000' }).warnings.map((w) => w.message)).toEqual(['1\u00a0000,00 kr er 133 % mer enn beløpet før (430,00 kr). Kontroller at beløpet er skrevet riktig.']);
    // A frist's hjemmel is not the forsinkelsesrente's.
    expect(applyTask(ws, undefined, 'frist', { ...base, parameter: 'frister.inkassovarsel-frist', value: '21', hjemmel: '' }).fieldErrors.hjemmel).toBe('Oppgi hjemmelen, for eksempel «inkassoloven § 9 første ledd».');
    // The example is read from the series (the text above is also the fallback's): another frist, another hjemmel.
    expect(applyTask(ws, undefined, 'frist', { ...base, parameter: 'frister.rettslig-inndriving-innen', value: '6', hjemmel: '' }).fieldErrors.hjemmel).toBe('Oppgi hjemmelen, for eksempel «inkassoloven § 11».');
    expect(applyTask(ws, undefined, 'forsinkelsesrente', { ...base, value: '12', hjemmel: '' }).fieldErrors.hjemmel).toBe('Oppgi hjemmelen, for eksempel «forsinkelsesrenteloven § 3 første ledd».');
  });
});

describe('a change to the forsinkelsesrente for 2026-H2', () => {
  it('is refused for a reader', async () => {
    await expect(ws.createDraft(per, 'x')).rejects.toBeInstanceOf(Forbidden);
  });

  it('goes from draft to approval, is refused to its author, and is published by a second approver', async () => {
    const before = ws.rules.text(RULE)!;
    // Replace the last half-year's rate (12.25 → 13.00) by editing the YAML text.
    const text = before.replace(/value: "12\.25"(\n\s+hjemmel[^\n]*\n\s+source: "FOR-2026-06-25-1372)/, 'value: "13.00"$1');
    expect(text).not.toBe(before);
    const d0 = await ws.createDraft(ola, 'Forsinkelsesrente 2. halvår 2026: 13,00 %');
    const d1 = await ws.saveFile(ola, d0.id, RULE, text, 0);
    const { summary } = ws.preview(d1);
    expect(summary!.total).toBe(ws.golden.cases().length);
    const e8 = summary!.cases.find((c) => c.id === 'eksempler/e8-rente-over-halvaarsskifte')!;
    expect(e8.before.interest).toBe('99.66');
    expect(e8.after.interest).toBe('102.74'); // 49.315 + 10 000 × 0.13 × 15 / 365 = 49.315 + 53.425
    expect(e8.failures.map((f) => f.path)).toContain('/interest/total');

    await ws.acceptExpectation(ola, d1.id, 'eksempler/e8-rente-over-halvaarsskifte', 'Ny sats 13,00 % fra 1.7.2026: 10 000 × 0,13 × 15 / 365 = 53,42');
    // The golden gate: e11 and the horizon's last day also run into 2026-H2 and no longer match, so the change cannot be sent yet.
    await expect(ws.submit(ola, d1.id, 'Testendring av satsen for 2. halvår 2026', 'forsinkelsesrenteloven § 3')).rejects.toThrow(/2 testkrav som ikke stemmer.*e11-delbetaling.*horisontens-siste-dag/);
    await ws.acceptExpectation(ola, d1.id, 'rente/horisontens-siste-dag', 'Ny sats 13,00 % fra 1.7.2026: 10 000 × 0,13 × 31 / 365 = 110,41');
    expect(ws.preview(ws.draft(d1.id)).summary!.cases.find((c) => c.id === 'rente/horisontens-siste-dag')!.after.interest).toBe('110.41');
    const e11 = ws.preview(ws.draft(d1.id)).summary!.cases.find((c) => c.id === 'eksempler/e11-delbetaling')!;
    expect(e11.after.interest).toBe('88.49'); // 49.315 + 10 000 × 0.13 × 5 / 365 + 6 000 × 0.13 × 10 / 365 = 49.315 + 17.808 + 21.370
    await ws.acceptExpectation(ola, d1.id, 'eksempler/e11-delbetaling', 'Ny sats 13,00 % fra 1.7.2026: 49,315 + 17,808 + 21,370 = 88,49');
    await ws.submit(ola, d1.id, 'Testendring av satsen for 2. halvår 2026', 'forsinkelsesrenteloven § 3');
    await expect(ws.approve(ola, d1.id)).rejects.toThrow(/Du har laget eller endret denne endringen og kan ikke godkjenne den selv/);
    const entry = await ws.approve(kari, d1.id, 'ok');

    expect(readFileSync(join(root, 'rules', RULE), 'utf8')).toBe(text);
    expect(ws.rules.ruleSet().version).toBe(entry.version);
    expect(entry).toMatchObject({ author: 'ola', approver: 'kari', hjemmel: 'forsinkelsesrenteloven § 3' });
    expect(entry.files).toEqual([{ path: RULE, before, after: text }]);
    const golden = readFileSync(join(root, 'golden', 'eksempler/e8-rente-over-halvaarsskifte.yaml'), 'utf8');
    expect(golden).toContain('total: "102.74"');
    expect(golden).toMatch(/Endret \d{4}-\d\d-\d\d av ola, godkjent av kari: Ny sats 13,00 %/);
    // Only the figures that changed and the new line of `checked` differ from the file before.
    const e11Before = readFileSync(new URL('../golden/eksempler/e11-delbetaling.yaml', import.meta.url), 'utf8');
    const e11After = readFileSync(join(root, 'golden', 'eksempler/e11-delbetaling.yaml'), 'utf8');
    const changed = lineDiff(e11Before, e11After).filter((l) => l.kind === 'add' || l.kind === 'del').map((l) => `${l.kind === 'add' ? '+' : '-'}${l.text.trim()}`);
    expect(changed).toEqual([
      '+', expect.stringMatching(/^\+Endret \d{4}-\d\d-\d\d av ola, godkjent av kari: Ny sats 13,00 % fra 1\.7\.2026: 49,315/),
      '-total: "86.23"', '+total: "88.49"',
      '-balance: { paid: "4000.00", outstanding: "6086.23" }', '+balance: { paid: "4000.00", outstanding: "6088.49" }',
    ]);
    expect(ws.drafts.get(d1.id)!.status).toBe('publisert');
    expect(ws.history.list()).toHaveLength(1);
  });

  it('can be undone: restoring the state before it is a new draft through the same approval', async () => {
    const d = await ws.restore(ola, 'start');
    expect(Object.keys(d.files)).toEqual([RULE]);
    // The golden expectations accepted with the change are put back with it.
    expect(Object.keys(d.golden).sort()).toEqual(['eksempler/e11-delbetaling', 'eksempler/e8-rente-over-halvaarsskifte', 'rente/horisontens-siste-dag']);
    expect(ws.preview(d).summary!.failing).toBe(0);
    await ws.submit(ola, d.id, 'Tilbake til satsen 12,25 % for 2. halvår 2026', 'forsinkelsesrenteloven § 3');
    const entry = await ws.approve(kari, d.id);
    expect(entry.restoredFrom).toBe('start');
    expect(ws.rules.text(RULE)).toContain('value: "12.25"');
    for (const id of ['eksempler/e8-rente-over-halvaarsskifte', 'eksempler/e11-delbetaling', 'rente/horisontens-siste-dag']) {
      expect(readFileSync(join(root, 'golden', `${id}.yaml`), 'utf8')).toBe(readFileSync(new URL(`../golden/${id}.yaml`, import.meta.url), 'utf8'));
    }
    // What `inkasso test` runs: the rules and golden folders on disk, every case passing.
    const { loadRules, readGoldenCases, runCorpus } = await import('../../engine/node.ts');
    const run = runCorpus(loadRules(join(root, 'rules')), readGoldenCases(join(root, 'golden')).cases);
    expect(run.filter((o) => !o.passed).map((o) => o.id)).toEqual([]);
    expect(ws.history.rulesAfter('e00001').find((f) => f.path === RULE)!.text).toContain('value: "13.00"');
  });

  it('shows the rules as published at a moment in Norwegian time, with the time a Norwegian clock showed', () => {
    const at = (query: string) => rulesFromQuery(ws, new URL(`http://editor.test/regler/parameters/rente?${query}`));
    const first = ws.history.get('e00001')!;
    // The label gives the time in Norway, whatever the server's time zone (UTC here, most likely).
    const clock = osloClock(first.publishedAt)!;
    expect(at('versjon=e00001').label).toBe(`reglene slik de ble publisert ${clock.date.slice(8, 10)}.${clock.date.slice(5, 7)}.${clock.date.slice(0, 4)} ${clock.time} (e00001: ${first.title})`);
    const utcHour = Number(first.publishedAt.slice(11, 13));
    expect([(utcHour + 1) % 24, (utcHour + 2) % 24]).toContain(Number(clock.time.slice(0, 2)));
    // A moment without a zone is Norwegian time; before the first change, the rules then were the bundled ones.
    expect(at('tidspunkt=2020-01-01%2012:00').version).toBe('start');
    expect(at(`tidspunkt=${encodeURIComponent(ws.history.list().at(-1)!.publishedAt)}`).version).toBe(ws.history.list().at(-1)!.id);
    // A text that is no moment shows the published rules, instead of an error page (it was a RangeError).
    for (const bad of ['i%20går', '2026-02-30', 'x']) expect(at(`tidspunkt=${bad}`)).toMatchObject({ version: 'current', label: 'gjeldende publiserte regler' });
  });
});

describe('concurrency', () => {
  it('refuses a save made on a stale revision of the same draft, keeping both texts', async () => {
    const text = ws.rules.text(RULE)!;
    const d = await ws.createDraft(ola, 'samtidig');
    await ws.saveFile(ola, d.id, RULE, text.replace('"10.75"', '"10.80"'), 0); // revision 1
    const second = ws.saveFile(ola, d.id, RULE, text.replace('9.25', '9.26'), 0);
    await expect(second).rejects.toBeInstanceOf(DraftConflict);
    const err = (await second.catch((e) => e)) as DraftConflict;
    expect(err.theirRev).toBe(1);
    expect(err.theirs).not.toBe(err.yours);
  });

  it('refuses to publish a draft whose files were published by another change since it started', async () => {
    const text = ws.rules.text(RULE)!;
    const a = await ws.createDraft(ola, 'A');
    const b = await ws.createDraft(ola, 'B');
    await ws.saveFile(ola, a.id, RULE, text.replace('"9.25"', '"9.30"'), 0);
    await ws.saveFile(ola, b.id, RULE, text.replace('"8.75"', '"8.80"'), 0);
    await ws.submit(ola, a.id, 'første endring av 2004', 'x § 1');
    await ws.submit(ola, b.id, 'andre endring av 2004', 'x § 1');
    await ws.approve(kari, a.id);
    await expect(ws.approve(kari, b.id)).rejects.toBeInstanceOf(StaleBase);
    expect(ws.rules.text(RULE)).toContain('"9.30"');
  });
});

describe('safety', () => {
  it('never publishes rules that fail validation', async () => {
    const d = await ws.createDraft(ola, 'ødelagt');
    await ws.saveFile(ola, d.id, RULE, ws.rules.text(RULE)!.replace('valid_from: 2010-07-01', 'valid_from: 2010-13-01'), 0);
    expect(ws.check(ws.draft(d.id)).ruleSet).toBeUndefined();
    await expect(ws.submit(ola, d.id, 'en ugyldig endring', 'x § 1')).rejects.toThrow(/har feil/);
  });

  it('refuses paths outside the rules folder', async () => {
    const d = await ws.createDraft(ola, 'sti');
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'parameters/../../x.yaml', 'parameters/rente/x.yml', 'steps/x.yaml\u0000']) {
      await expect(ws.saveFile(ola, d.id, bad, 'x', 0)).rejects.toThrow();
    }
    expect(existsSync(join(root, 'etc'))).toBe(false);
  });

  it('knows only its own tasks, not what every object inherits', () => {
    expect(taskOf('forsinkelsesrente')?.parameter).toBe('rente.forsinkelsesrente');
    for (const bad of ['constructor', 'toString', '__proto__', 'hasOwnProperty', undefined, 7]) expect(taskOf(bad)).toBeUndefined();
  });
});

describe('accepting new figures for a case that used to stop with an error', () => {
  it('expects its key figures from then on', async () => {
    const { refreshExpected, evaluateClaim } = await import('../../engine/node.ts');
    const c = ws.golden.get('rente/mangler-sats-2027')!.case;
    const text = addDatedValue(ws.rules.text(RULE)!, { valid_from: '2027-01-01', valid_to: '2027-06-30', value: '11.75', hjemmel: 'forsinkelsesrenteloven § 3', source: 'FOR-2026-12-17-2301', status: 'P' });
    const { parseRules } = await import('../../engine/node.ts');
    const horizon = applyTask(ws, undefined, 'horisont', { valid_from: '2027-06-30', value: '', hjemmel: '', source: '', status: 'P', note: 'Satsen for 2027-H1 er lest; resten er uendret.' }).after!;
    const parsed = parseRules([...ws.rules.sources().filter((s) => s.path !== RULE && s.path !== 'horisont.yaml'), { path: RULE, text }, { path: 'horisont.yaml', text: horizon }]);
    expect(parsed.diagnostics).toEqual([]);
    const rules = parsed.ruleSet!;
    const result = evaluateClaim(rules, c.claim, { asOf: c.as_of });
    expect(refreshExpected(c.expected, result)).toEqual({ interest: { total: '152.33' }, violations: [], balance: { outstanding: '10152.33' } });
  });
});
