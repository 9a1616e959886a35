/**
 * Replay: generated histories with planted violations (NDJSON and CSV), malformed input, the
 * compare mode, stopping part way, and the worker threads.
 */
import { Readable } from 'node:stream';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, loadRules, type Claim } from '../../engine/node.ts';
import { generateClaims, type GeneratedClaim } from '../../engine/replay/generate.ts';
import { CSV_HEADER, claimCsvRows } from '../../engine/replay/claim-csv.ts';
import { runReplay, type ReplayOptions } from '../../engine/replay/run.ts';
import { validatorFor } from '../../engine/rules/index.ts';
import { reportHtml } from '../../engine/replay/report-html.ts';
import { signedOre } from '../support/money.ts';
import { buildLedger, ledgerCsv } from '../../engine/ledger/ledger.ts';
import { asOfFor } from '../../engine/replay/claim-line.ts';
import { isoDate } from '../../engine/calendar/index.ts';
import { fileURLToPath } from 'node:url';

const rules = loadRules();
const work = mkdtempSync(join(tmpdir(), 'inkasso-replay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stream of the text in small pieces, as a file would arrive. */
function source(text: string, piece = 4096): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(bytes.subarray(i, i + piece));
  return Readable.from(pieces);
}

async function replay(text: string, o: Partial<ReplayOptions> = {}) {
  let out = '';
  const run = await runReplay({
    input: { name: 'test', stream: source(text) },
    format: 'ndjson',
    rules: { dir: 'rules', ruleSet: rules },
    asOf: { kind: 'event' },
    workers: 0,
    out: { write: (t) => { out += t; } },
    batchBytes: 64 * 1024,
    ...o,
  });
  const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // Every line and the summary match the documented schemas.
  const validate = validatorFor(o.compare ? 'replay-impact.schema.json' : 'replay-finding.schema.json');
  for (const l of lines) expect(validate(l), `${JSON.stringify(l)}: ${JSON.stringify(validate.errors)}`).toBe(true);
  const summary = validatorFor('replay-summary.schema.json');
  expect(summary(run.summary), JSON.stringify(summary.errors)).toBe(true);
  return { ...run, lines };
}

const key = (violations: readonly { code: string; eventIndex?: number }[]) => violations.map((v) => `${v.code}@${v.eventIndex}`).sort().join(' ');

const generated: GeneratedClaim[] = [...generateClaims(rules, { count: 4000, seed: 77 })];
const ndjson = generated.map((g) => JSON.stringify(g.claim)).join('\n') + '\n';
const csv = CSV_HEADER + generated.map((g) => claimCsvRows(g.claim)).join('');

function expectExactlyPlanted(lines: { claimId: string; violations?: { code: string; eventIndex?: number }[] }[]) {
  const want = new Map(generated.filter((g) => g.planted.length).map((g) => [g.claim.id, key(g.planted)]));
  const got = new Map(lines.map((l) => [l.claimId, key(l.violations ?? [])]));
  const missing = [...want].filter(([id, k]) => got.get(id) !== k).map(([id, k]) => `${id}: planted ${k}, found ${got.get(id) ?? 'nothing'}`);
  const extra = [...got].filter(([id]) => !want.has(id)).map(([id, k]) => `${id}: found ${k}, planted nothing`);
  expect([...missing, ...extra]).toEqual([]);
}

describe('replay of generated claims', () => {
  it('finds every planted violation and no other (NDJSON)', async () => {
    const { lines, summary } = await replay(ndjson);
    expectExactlyPlanted(lines);
    const planted = generated.reduce((n, g) => n + g.planted.length, 0);
    expect(summary.claims).toMatchObject({ read: 4000, evaluated: 4000, malformed: 0, failed: 0, withViolations: generated.filter((g) => g.planted.length).length });
    expect(summary.violations.total).toBe(planted);
    expect(summary.complete).toBe(true);
    expect(summary.lastLine).toBe(4000);
    // Each findings line is where its claim is in the file.
    for (const l of lines.slice(0, 50)) expect(generated[l.line - 1]!.claim.id).toBe(l.claimId);
  });

  it('finds the same from the same claims as CSV, one row per event', async () => {
    const a = await replay(ndjson);
    const b = await replay(csv, { format: 'csv' });
    expectExactlyPlanted(b.lines);
    const strip = (l: { line: number }[]) => l.map(({ line: _line, ...rest }) => rest);
    expect(strip(b.lines)).toEqual(strip(a.lines));
    const { seconds: _s1, claimsPerSecond: _r1, startedAt: _t1, input: _i1, format: _f1, lastLine: _l1, topClaims: t1, problems: _p1, ...sa } = a.summary;
    const { seconds: _s2, claimsPerSecond: _r2, startedAt: _t2, input: _i2, format: _f2, lastLine: _l2, topClaims: t2, problems: _p2, ...sb } = b.summary;
    expect(sb).toEqual(sa);
    expect(t2.map((t) => t.claimId)).toEqual(t1.map((t) => t.claimId));
  });

  it('counts the rows of a CSV claim with more than 2000 events instead of keeping them, and goes on', async () => {
    // One claim id on 2 500 rows: refused once, at its first line; its rows are counted, not held.
    const g = generated.slice(0, 3).map((x) => x.claim);
    const big = { ...g[1]!, id: 'STOR', events: Array.from({ length: 2500 }, () => ({ type: 'payment' as const, date: g[1]!.invoiceDate, amount: '1.00' })) };
    const rows = CSV_HEADER + claimCsvRows(g[0]!) + claimCsvRows(big as Claim) + claimCsvRows(g[2]!);
    const { lines, summary } = await replay(rows, { format: 'csv', all: true });
    const first = claimCsvRows(g[0]!).split('\n').filter(Boolean).length;
    expect(lines.map((l) => l.claimId)).toEqual([g[0]!.id, 'STOR', g[2]!.id]);
    expect(lines[1]).toMatchObject({ line: first + 2, status: 'malformed', error: { code: 'TOO_LARGE', message: `line ${first + 2}: claim "STOR" has 2500 rows; a claim may have at most 2000 events, one row each` } });
    expect(summary).toMatchObject({ complete: true, claims: { read: 3, evaluated: 2, malformed: 1 } });
  });

  it('gives the same output in the same order on two worker threads', async () => {
    const inProcess = await replay(ndjson);
    const threaded = await replay(ndjson, { workers: 2 });
    expect(threaded.summary.workers).toBe(2);
    expect(threaded.lines).toEqual(inProcess.lines);
    expect(threaded.summary.violations).toEqual(inProcess.summary.violations);
  }, 60_000);

  it('adds up the overcharged amount from the fees and the interest claimed', async () => {
    const { lines, summary } = await replay(ndjson);
    const fees = lines.flatMap((l) => l.violations).filter((v) => v.charged !== undefined && v.code === 'FEE_ABOVE_CAP');
    expect(fees.length).toBeGreaterThan(0);
    const total = lines.reduce((s, l) => s + signedOre(l.overcharged), 0);
    expect(signedOre(summary.overcharged.total)).toBe(total);
    expect(signedOre(summary.overcharged.fees) + signedOre(summary.overcharged.interest)).toBe(total);
    const byYear = summary.violations.byYear.reduce((s, y) => s + signedOre(y.overcharged), 0);
    expect(byYear).toBe(total);
  });

  it('writes a summary that matches its schema, and a self-contained report', async () => {
    const { summary } = await replay(ndjson);
    const validate = validatorFor('replay-summary.schema.json');
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    const html = reportHtml(summary, '/* chart.js */');
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Etterkontroll av inkassokrav');
    expect(html).toContain('Gebyr over høyeste lovlige sats');
    // A value with one source is named with its date as the rest of the report writes dates.
    expect(summary.unconfirmed.values.map((v) => v.value)).toContain('frister.rettslig-inndriving-innen from 2009-01-01');
    expect(html).toContain('<code>frister.rettslig-inndriving-innen fra 01.01.2009</code>');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('one claim, checked by hand', () => {
  // Purring 2024-04-02 with a fee of 100.00 kr: the cap is 1/20 of the inkassosats 700 = 35.00 kr.
  const claim: Claim = {
    id: 'H-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '10000.00',
    invoiceDate: '2024-03-01', dueDate: '2024-03-15',
    events: [{ type: 'purring', date: '2024-04-02', fee: '100.00', deadlineDays: 14 }],
  };

  it('reports the fee above the cap with what was charged, what was allowed and the hjemmel', async () => {
    const { lines, summary } = await replay(`${JSON.stringify(claim)}\n`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ line: 1, claimId: 'H-1', status: 'violations', asOf: '2024-04-02', overcharged: '65.00' });
    expect(lines[0].violations[0]).toMatchObject({ code: 'FEE_ABOVE_CAP', eventIndex: 0, event: 'purring', date: '2024-04-02', charged: '100.00', allowed: '35.00', rule: 'steps.purring' });
    expect(lines[0].violations[0].hjemmel).toContain('inkassoforskriften § 1-2');
    expect(summary.overcharged).toEqual({ total: '65.00', fees: '65.00', interest: '0.00' });
    expect(summary.violations.byYear).toEqual([{ year: 2024, violations: 1, overcharged: '65.00' }]);
  });

  it('lists each reference of a hjemmel once in the summary and the report, also when a rule gives several', async () => {
    // A betalingsoppfordring and a begjæring om utlegg, each sent while the debtor disputed the
    // claim: the first rests on inkassoloven § 10, the second on that and tvangsfullbyrdelsesloven
    // § 7-2 bokstav f. Kept whole, the report listed "inkassoloven § 10; inkassoloven § 10; …".
    const base = { debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00', invoiceDate: '2024-01-01', dueDate: '2024-01-15' };
    const bo = { ...base, id: 'BO', events: [{ type: 'inkassovarsel', date: '2024-02-01', deadlineDays: 14 }, { type: 'dispute', date: '2024-02-10' }, { type: 'betalingsoppfordring', date: '2024-02-20', deadlineDays: 14 }] };
    const ut = { ...base, id: 'UT', events: [{ type: 'inkassovarsel', date: '2024-02-01', deadlineDays: 14 }, { type: 'betalingsoppfordring', date: '2024-02-20', deadlineDays: 14 }, { type: 'dispute', date: '2024-03-10' }, { type: 'utleggsbegjaering', date: '2024-03-20', tvangsgrunnlag: false }] };
    const { lines, summary } = await replay(`${JSON.stringify(bo)}\n${JSON.stringify(ut)}\n`);
    expect(lines.map((l) => l.violations.map((v: { code: string; hjemmel: string }) => `${v.code}: ${v.hjemmel}`))).toEqual([
      ['STEP_WHILE_DISPUTED: inkassoloven § 10'],
      ['STEP_WHILE_DISPUTED: inkassoloven § 10; tvangsfullbyrdelsesloven § 7-2 bokstav f'],
    ]);
    expect(summary.violations.byCode).toEqual([{ code: 'STEP_WHILE_DISPUTED', violations: 2, claims: 2, hjemmel: ['inkassoloven § 10', 'tvangsfullbyrdelsesloven § 7-2 bokstav f'] }]);
    expect(reportHtml(summary, '')).toContain('<td>inkassoloven § 10; tvangsfullbyrdelsesloven § 7-2 bokstav f</td>');
  });

  it('uses the fixed as-of date when one is given', async () => {
    const { lines } = await replay(`${JSON.stringify(claim)}\n`, { asOf: { kind: 'fixed', day: Date.UTC(2024, 11, 31) / 86_400_000 } });
    expect(lines[0].asOf).toBe('2024-12-31');
  });
});

describe('malformed input', () => {
  const ok = JSON.stringify({ id: 'OK-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '500.00', invoiceDate: '2024-01-01', dueDate: '2024-01-15', events: [] });
  const text = [
    ok,
    '{"id": "BROKEN", "debtor": ',
    '',
    ok.replace('"500.00"', '"-500.00"').replace('OK-1', 'NEG-1'),
    ok.replace('"events":[]', '"events":[],"colour":"red"').replace('OK-1', 'UNK-1'),
    ok.replace('"2024-01-15"', '"2023-02-30"').replace('OK-1', 'DATE-1'),
    ok.replace('"2024-01-15"', '"2023-12-01"').replace('OK-1', 'ORDER-1'),
    '[1, 2, 3]',
    ok.replace('OK-1', 'OK-2'),
  ].join('\n');

  it('reports each bad line with its number and reason, and reads the rest', async () => {
    const { lines, summary } = await replay(text, { all: true });
    const byLine = new Map(lines.map((l) => [l.line, l]));
    expect(byLine.get(1)).toMatchObject({ claimId: 'OK-1', status: 'ok' });
    expect(byLine.get(2)).toMatchObject({ status: 'malformed', error: { code: 'INVALID_JSON' } });
    expect(byLine.get(2).error.message).toBe('invalid JSON: the line ends before the JSON does, at column 28');
    expect(byLine.has(3)).toBe(false); // blank lines are skipped
    expect(byLine.get(4)).toMatchObject({ claimId: 'NEG-1', status: 'malformed', error: { code: 'INVALID_FIELD', pointer: '/principal' } });
    expect(byLine.get(5)).toMatchObject({ claimId: 'UNK-1', status: 'malformed', error: { code: 'UNKNOWN_FIELD', pointer: '/colour' } });
    expect(byLine.get(6)).toMatchObject({ claimId: 'DATE-1', status: 'malformed', error: { pointer: '/dueDate' } });
    expect(byLine.get(7)).toMatchObject({ claimId: 'ORDER-1', status: 'malformed', error: { code: 'DATE_ORDER' } });
    expect(byLine.get(8)).toMatchObject({ status: 'malformed', error: { code: 'INVALID_FIELD', pointer: '' } });
    expect(byLine.get(9)).toMatchObject({ claimId: 'OK-2', status: 'ok' });
    expect(summary.claims).toMatchObject({ read: 8, evaluated: 2, malformed: 6, failed: 0 });
    expect(summary.problems.map((p) => p.line)).toEqual([2, 4, 5, 6, 7, 8]);
    expect(summary.lastLine).toBe(9);
    expect(reportHtml(summary, '')).toContain('6 linjer kunne ikke leses og 0 krav kunne ikke vurderes');
  });

  it('says in one sentence that a line is an API request\'s body (a log of requests replayed), with the claim\'s id', async () => {
    const claim = JSON.parse(ok);
    const { lines, summary } = await replay([JSON.stringify({ claim, asOf: '2024-07-01' }), JSON.stringify({ claims: [claim], asOf: '2024-07-01' }), ok].join('\n'), { all: true });
    expect(lines[0]).toEqual({ line: 1, claimId: 'OK-1', status: 'malformed', error: { code: 'INVALID_FIELD', pointer: '', message: 'the line is the body of an API request ({ "claim": …, "asOf": … }); a claims file holds the claims themselves, one per line: the value of "claim"' } });
    expect(lines[1]).toEqual({ line: 2, status: 'malformed', error: { code: 'INVALID_FIELD', pointer: '', message: 'the line is the body of an API batch ({ "claims": [ … ] }); a claims file holds the claims themselves, one per line' } });
    expect(lines[2]).toMatchObject({ line: 3, claimId: 'OK-1', status: 'ok' });
    expect(summary.claims).toMatchObject({ read: 3, evaluated: 1, malformed: 2 });
  });

  it('reads a claim id in Norwegian letters as written (a batch that is not all ASCII)', async () => {
    const { lines } = await replay(`${ok}\n${ok.replace('OK-1', 'KRAV-ÆØÅ-æøå-§')}\n`, { all: true });
    expect(lines.map((l) => l.claimId)).toEqual(['OK-1', 'KRAV-ÆØÅ-æøå-§']);
  });

  it('writes one unreadable line in the singular in the report', async () => {
    const { summary } = await replay(`${ok}\n[1]\n`);
    expect(reportHtml(summary, '')).toContain('1 linje kunne ikke leses og 0 krav kunne ikke vurderes');
  });

  it('writes the report\'s dates as Norwegian does', async () => {
    const later = ok.replace('OK-1', 'OK-2').replace('2024-01-15', '2024-03-31');
    const { summary } = await replay(`${ok}\n${later}\n`, { now: () => new Date('2026-12-02T20:29:54.123Z') });
    const html = reportHtml(summary, '');
    expect(html).toContain('2 krav med forfall 15.01.2024 – 31.03.2024'); // was 2024-01-15 – 2024-03-31
    expect(html).toContain('Kjørt 02.12.2026 20:29:54 UTC');
  });

  it('skips a line longer than the limit without holding it in memory', async () => {
    const long = `{"id":"${'x'.repeat(300_000)}"}`;
    const { ndjsonBatches } = await import('../../engine/replay/read-ndjson.ts');
    const chunks = [];
    for await (const c of ndjsonBatches(source(`${ok}\n${long}\n${ok}\n`), { batchBytes: 1024, maxLineBytes: 100_000 })) chunks.push(c);
    const items = chunks.flatMap((c) => (c.kind === 'items' ? c.items : []));
    expect(items).toEqual([{ line: 2, error: { code: 'TOO_LARGE', message: 'line longer than 100000 bytes (the limit for one claim); skipped up to its end' } }]);
    const ndjsonLines = chunks.filter((c) => c.kind === 'ndjson').map((c) => c.kind === 'ndjson' && [c.firstLine, c.lines]);
    expect(ndjsonLines).toEqual([[1, 1], [3, 1]]);
  });

  it('refuses a line longer than the limit that arrives whole in one read, as one that does not', async () => {
    // 1.1 MB: the reader holds it whole (its reads are 1 MiB), so only the batch sees its length.
    const { eachLineOfBytes } = await import('../../engine/replay/batch.ts');
    const long = `{"id":"${'x'.repeat(1_100_000)}"}`;
    const seen: [number, string][] = [];
    for (const text of [`${ok}\n${long}\n${ok}\n`, `${ok}\n{"id":"${'æ'.repeat(550_000)}"}\n${ok}\n`]) {
      seen.length = 0;
      eachLineOfBytes(Buffer.from(text), 1, (line) => seen.push([line, 'claim']), (line, e) => seen.push([line, e.code]));
      expect(seen).toEqual([[1, 'claim'], [2, 'TOO_LARGE'], [3, 'claim']]);
    }
    // Just under the limit in bytes (550 000 characters of two bytes each, 1 100 011 bytes, is over; 500 000 is under).
    seen.length = 0;
    eachLineOfBytes(Buffer.from(`{"id":"${'æ'.repeat(500_000)}"}\n`), 1, (line) => seen.push([line, 'claim']), (line, e) => seen.push([line, e.code]));
    expect(seen).toEqual([[1, 'claim']]);
    // Through a replay whose input comes in one read of 4 MiB.
    const text = `${ok}\n${long}\n${ok}\n`;
    const { summary, lines } = await replay(text, { input: { name: 'test', stream: source(text, 4 << 20) } });
    expect(lines.filter((f) => f.status === 'malformed')).toEqual([{ line: 2, status: 'malformed', error: { code: 'TOO_LARGE', message: 'line longer than 1048576 bytes (the limit for one claim); skipped up to its end' } }]);
    expect(summary.claims.read).toBe(3);
  });

  it('reads only the wanted lines as claimLines reads every line, numbered the same (samlesak\'s second reading)', async () => {
    const { claimLines } = await import('../../engine/replay/claim-lines.ts');
    const other = ok.replace('OK-1', 'OK-2');
    // A byte-order mark, CRLF, blank lines (spaces, a tab, a lone CR), a line with a CR inside, one
    // that is not UTF-8, one that is not JSON, one with a non-ASCII name, and no newline at the end.
    const text = Buffer.concat([
      Buffer.from(`\ufeff${ok}\r\n\n   \n\t\r\n \r \n`),
      Buffer.from('{"id": "K\xe6"}\n', 'latin1'),
      Buffer.from(`{"id": \n${other.replace('"OK-2"', '"Ærlig"')}\n${other}`),
    ]);
    const file = join(work, 'wanted.ndjson');
    writeFileSync(file, text);
    const read = async (wanted?: (line: number) => boolean) => {
      const got: { line: number; ok: boolean; id?: string; code?: string }[] = [];
      for await (const { line, result } of claimLines(file, undefined, undefined, wanted)) got.push(result.ok ? { line, ok: true, id: result.claim.id } : { line, ok: false, code: result.error.code });
      return got;
    };
    const all = await read();
    expect(all).toEqual([
      { line: 1, ok: true, id: 'OK-1' }, { line: 5, ok: false, code: 'INVALID_JSON' }, { line: 6, ok: false, code: 'INVALID_UTF8' },
      { line: 7, ok: false, code: 'INVALID_JSON' }, { line: 8, ok: true, id: 'Ærlig' }, { line: 9, ok: true, id: 'OK-2' },
    ]);
    const asked: number[] = [];
    expect(await read((line) => { asked.push(line); return true; })).toEqual(all);
    // Asked of every line but the blank ones, as the lines the full reading gives.
    expect(asked).toEqual(all.map((l) => l.line));
    expect(await read((line) => line % 2 === 1)).toEqual(all.filter((l) => l.line % 2 === 1));
  });

  it('reports CSV problems with the line and the column', async () => {
    const rows = [
      'claim_id,debtor_kind,collection,creditor_vat,principal,invoice_date,due_date,event_type,event_date,fee,deadline_days',
      'C-1,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-04-02,35.00,14',
      'C-2,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-04-02,35.00,14',
      'C-2,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,inkassovarsel,02.05.2024,"1 000,00",14',
      'C-3,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-04-02',
      'C-4,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-16,purring,2024-04-02,,14',
      'C-4,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,inkassovarsel,2024-04-20,,14',
      'C-5,person,egeninkasso,true,1000.00,2024-03-01,2024-03-15,,,,',
      'C-6,consumer,egeninkasso,ja,"1 234,50",01.03.2024,15.03.2024,betaling,2024-04-02,,',
      'C-1,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,payment,2024-05-01,,',
    ].join('\n');
    const { lines, summary } = await replay(rows, { format: 'csv', all: true });
    const by = new Map(lines.map((l) => [l.claimId + '@' + l.line, l]));
    expect(by.get('C-1@2')).toMatchObject({ status: 'ok' });
    // "1 000,00" is read as an amount only with a decimal comma (delimiter ;), so it is refused
    // here, with the amount as this file must write it.
    expect(by.get('C-2@3').error.message).toBe('line 4, column fee: /events/1/fee: fee must be an amount in kroner with at most two decimals, never negative and at most 9999999999.99 (e.g. "1250.00"); write "1 000,00" as "1000.00"');
    expect(by.get('C-3@5').error).toEqual({ code: 'INVALID_CSV', message: 'line 5: the row has 9 columns; the header has 11' });
    expect(by.get('C-4@6').error.message).toBe('line 7, column due_date: "2024-03-15" differs from "2024-03-16" on line 6 for the same claim');
    expect(by.get('C-5@8').error.message).toMatch(/^line 8, column debtor_kind: \/debtor\/kind: /);
    // Two problems: the amount with a decimal comma in a comma-separated file, and the unknown event type.
    expect(by.get('C-6@9').error.message).toMatch(/^line 9, column principal: \/principal: .* \(and 1 more problem\)$/);
    expect(by.get('C-1@10')).toMatchObject({ status: 'malformed', error: { code: 'CSV_NOT_GROUPED' } });
    expect(summary.claims).toMatchObject({ read: 7, evaluated: 1, malformed: 6 });
  });

  it('does not evaluate a CSV claim with a row csv-parse cannot read, and reads every claim after it', async () => {
    // A row longer than 1 MiB (a note column an export filled): csv-parse refuses it. Before the
    // fields were read on the workers, the run read no claim after it.
    const rows = CSV_HEADER.trimEnd().split('\n')[0] + ',note\n' + generated.slice(0, 30).map((g, i) => claimCsvRows(g.claim).trimEnd().split('\n')
      .map((row, j) => `${row},${i === 3 && j === 0 ? 'x'.repeat(1_100_000) : 'n'}`).join('\n') + '\n').join('');
    const { lines, summary } = await replay(rows, { format: 'csv', all: true });
    const line = rows.split('\n').findIndex((r) => r.endsWith('x'.repeat(100))) + 1;
    expect(lines.find((l) => l.claimId === generated[3]!.claim.id)).toMatchObject({
      line, status: 'malformed', error: { code: 'INVALID_CSV', message: `line ${line}: the row is longer than 1048576 bytes, the most one row may be` },
    });
    expect(lines.map((l) => l.claimId)).toEqual(generated.slice(0, 30).map((g) => g.claim.id));
    expect(summary.claims).toMatchObject({ read: 30, evaluated: 29, malformed: 1 });
  });

  it('takes a carriage return inside a CSV line for a character, not for a line\'s end, and numbers the lines as the file does', async () => {
    // Before, csv-parse counted the "\r" as a line: every line after it was numbered one too far.
    const rows = [
      'claim_id,debtor_kind,collection,creditor_vat,principal,invoice_date,due_date,event_type,event_date,fee,deadline_days',
      'C-1,"consumer",egen\rinkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-04-02,35.00,14',
      'C-2,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-04-02,35.00,14\r',
      'C-3,consumer,egeninkasso,true,1000.00,2024-03-01,2024-03-15,purring,2024-03-20,35.00,14',
    ].join('\n');
    const { lines } = await replay(rows, { format: 'csv', all: true });
    expect(lines.map((l) => [l.line, l.claimId, l.status])).toEqual([[2, 'C-1', 'malformed'], [3, 'C-2', 'ok'], [4, 'C-3', 'violations']]);
    expect(lines[0].error.message).toMatch(/^line 2, column collection: \/collection: collection must be one of /);
  });

  it('reads a semicolon CSV with decimal commas, Norwegian dates and a column map', async () => {
    const rows = [
      'Saksnr;Debitor;Inkasso;MVA;Hovedstol;Fakturadato;Forfall;Hendelse;Dato;Gebyr;Frist',
      'N-1;Privat;egeninkasso;ja;"1 234,50";01.03.2024;15.03.2024;Purring;02.04.2024;35,00;14',
      'N-1;Privat;egeninkasso;ja;"1 234,50";01.03.2024;15.03.2024;Varsel;20.04.2024;100,00;14',
    ].join('\r\n');
    const csvMap = {
      columns: { claim_id: 'Saksnr', debtor_kind: 'Debitor', collection: 'Inkasso', creditor_vat: 'MVA', principal: 'Hovedstol', invoice_date: 'Fakturadato', due_date: 'Forfall', event_type: 'Hendelse', event_date: 'Dato', fee: 'Gebyr', deadline_days: 'Frist' },
      values: { debtor_kind: { Privat: 'consumer' }, event_type: { Purring: 'purring', Varsel: 'inkassovarsel' } },
    };
    const { lines } = await replay(rows, { format: 'csv', csvMap });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ line: 2, claimId: 'N-1', status: 'violations' });
    // The inkassovarsel fee: 1/20 of 700 = 35.00 kr allowed, 100.00 charged.
    expect(lines[0].violations.find((v: { code: string }) => v.code === 'FEE_ABOVE_CAP')).toMatchObject({ eventIndex: 1, charged: '100.00', allowed: '35.00' });
  });
});

describe('compare', () => {
  // forsinkelsesrente 1. halvår 2024 raised from 12.50 to 13.50 %.
  const proposed = join(work, 'proposed-rules');
  cpSync(BUNDLED_RULES_DIR, proposed, { recursive: true });
  const file = join(proposed, 'parameters/rente/forsinkelsesrente.yaml');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('valid_from: 2024-01-01');
  writeFileSync(file, text.slice(0, at) + text.slice(at).replace('value: "12.50"', 'value: "13.50"'));
  const compare = { dir: proposed, ruleSet: loadRules(proposed) };

  it('shows the change in interest for a claim over the half-year, worked out by hand', async () => {
    // 10 000 kr due 2023-12-31: interest from 2024-01-01 to 2024-06-30, 182 days of a 366-day year.
    // 12.50 %: 10 000 × 0.125 × 182/366 = 621.58; 13.50 %: 10 000 × 0.135 × 182/366 = 671.31.
    const claim = {
      id: 'R-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '10000.00',
      invoiceDate: '2023-12-01', dueDate: '2023-12-31', events: [{ type: 'acknowledgment', date: '2024-06-30' }],
    };
    const unchanged = { ...claim, id: 'R-2', dueDate: '2024-06-30', invoiceDate: '2024-06-01', events: [{ type: 'acknowledgment', date: '2024-09-30' }] };
    const { lines, summary } = await replay(`${JSON.stringify(claim)}\n${JSON.stringify(unchanged)}\n`, { compare });
    expect(lines).toEqual([{
      line: 1, claimId: 'R-1', asOf: '2024-06-30',
      interest: { before: '621.58', after: '671.31' },
      fees: { before: '0.00', after: '0.00' },
      outstanding: { before: '10621.58', after: '10671.31' },
    }]);
    expect(summary.compare).toMatchObject({ compared: 2, changed: 1, interest: { before: expect.any(String), after: expect.any(String) } });
    const k = summary.compare!;
    expect(signedOre(k.interest.after) - signedOre(k.interest.before)).toBe(67131 - 62158);
  });

  it('reports nothing when the rules are the same', async () => {
    const { lines, summary } = await replay(ndjson.split('\n').slice(0, 300).join('\n'), { compare: { dir: 'rules', ruleSet: rules } });
    expect(lines).toEqual([]);
    expect(summary.compare).toMatchObject({ compared: 300, changed: 0, nextStep: { moved: 0 } });
  });

  it('finds the generated claims whose interest or next step the change moves', async () => {
    const { lines, summary } = await replay(ndjson.split('\n').slice(0, 1000).join('\n'), { compare });
    expect(summary.compare!.changed).toBe(lines.length);
    expect(lines.length).toBeGreaterThan(0);
    // A higher rate never lowers the interest; a claim that changes does so in its interest or its next steps.
    for (const l of lines) {
      expect(Number(l.interest.after)).toBeGreaterThanOrEqual(Number(l.interest.before));
      expect(l.interest.after !== l.interest.before || l.nextSteps !== undefined).toBe(true);
    }
  });
});

describe('the ledger and the comparison', () => {
  // With --ledger or --compare a claim is evaluated in full once, and its findings read from that
  // evaluation: the findings and the tallies must be the plain replay's, line for line. The last
  // claim cannot be evaluated (an event after the rules' review horizon), the one before is malformed.
  const late = { ...generated[0]!.claim, id: 'LATE-1', events: [...generated[0]!.claim.events, { type: 'acknowledgment', date: '2027-03-01' }] };
  const text = `${ndjson.split('\n').slice(0, 1500).join('\n')}\n{"id": "BAD-1"}\n${JSON.stringify(late)}\n`;

  it('gives the same findings and tallies as the plain replay, and the postings buildLedger gives each claim', async () => {
    const plain = await replay(text, { all: true });
    let postings = '';
    const withLedger = await replay(text, { all: true, ledger: { write: (t) => { postings += t; } } });
    expect(withLedger.lines).toEqual(plain.lines);
    expect(withLedger.tally).toEqual(plain.tally);
    expect(plain.summary.claims).toMatchObject({ read: 1502, malformed: 1, failed: 1 });
    expect(plain.lines.at(-1)).toMatchObject({ claimId: 'LATE-1', status: 'failed', error: { code: 'RULES_NOT_REVIEWED' } });
    const want = generated.slice(0, 1500).map((g) => {
      const claim = g.claim as Claim;
      return ledgerCsv(buildLedger(rules, claim, isoDate(asOfFor(claim, { kind: 'event' }))), false);
    });
    // runReplay writes the postings only; the command writes the header before them.
    expect(postings).toBe(want.join(''));
  });

  it('counts the same findings in a comparison as the plain replay', async () => {
    const plain = await replay(text);
    const compared = await replay(text, { compare: { dir: 'rules', ruleSet: rules } });
    expect(compared.tally).toEqual(plain.tally);
    expect(compared.summary.compare).toMatchObject({ compared: 1500, changed: 0 });
  });
});

describe('stopping', () => {
  it('writes what was done when stopped part way, and says where it stopped', async () => {
    const controller = new AbortController();
    let written = '';
    const run = await runReplay({
      input: { name: 'test', stream: source(ndjson, 16 * 1024) },
      format: 'ndjson',
      rules: { dir: 'rules', ruleSet: rules },
      asOf: { kind: 'event' },
      workers: 0,
      batchBytes: 32 * 1024,
      out: { write: (t) => { written += t; } },
      signal: controller.signal,
      onProgress: (p) => { if (p.claims >= 300) controller.abort(); },
    });
    expect(run.summary.complete).toBe(false);
    expect(run.summary.stoppedReason).toBe('interrupted');
    expect(run.summary.claims.read).toBeLessThan(4000);
    expect(run.summary.lastLine).toBe(run.summary.claims.read);
    // Every claim up to the last line is accounted for: its findings are all there, whole.
    const lines = written.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const planted = generated.slice(0, run.summary.lastLine).filter((g) => g.planted.length).length;
    expect(lines.length).toBe(planted);
  });
  it('reads what came before a stop from a pipe that is still open, but not a line or claim cut in half', async () => {
    const { PassThrough } = await import('node:stream');
    for (const format of ['ndjson', 'csv'] as const) {
      const pipe = new PassThrough();
      const controller = new AbortController();
      const head = format === 'ndjson'
        ? ndjson.split('\n').slice(0, 20).join('\n') + '\n{"id":"cut'
        : CSV_HEADER + generated.slice(0, 20).map((g) => claimCsvRows(g.claim)).join('') + claimCsvRows(generated[20]!.claim).split('\n')[0] + '\n';
      pipe.write(head); // and the pipe stays open, as stdin does while its writer is slow
      let written = '';
      setTimeout(() => controller.abort(), 300);
      const run = await runReplay({
        input: { name: 'pipe', stream: pipe }, format, rules: { dir: 'rules', ruleSet: rules }, asOf: { kind: 'event' },
        workers: 0, all: true, out: { write: (t) => { written += t; } }, signal: controller.signal,
      });
      const ids = written.split('\n').filter(Boolean).map((l) => JSON.parse(l).claimId);
      expect(ids, format).toEqual(generated.slice(0, 20).map((g) => g.claim.id));
      expect(run.summary).toMatchObject({ complete: false, stoppedReason: 'interrupted', claims: { read: 20, malformed: 0 } });
    }
  });
  it('writes the findings of what a pipe has sent when it pauses, before the pipe ends', async () => {
    const { PassThrough } = await import('node:stream');
    const claims = generated.slice(0, 30);
    for (const format of ['ndjson', 'csv'] as const) {
      // NDJSON: 20 lines whole, then half the 21st. CSV: 21 claims whole, then the first row of the
      // 22nd; a claim is known whole when a row of the next one comes, so the 22nd waits.
      const text = format === 'ndjson' ? claims.map((g) => JSON.stringify(g.claim)).join('\n') + '\n' : CSV_HEADER + claims.map((g) => claimCsvRows(g.claim)).join('');
      const cutAt = format === 'ndjson'
        ? text.split('\n').slice(0, 20).join('\n').length + 1 + 10
        : (CSV_HEADER + claims.slice(0, 21).map((g) => claimCsvRows(g.claim)).join('')).length + claimCsvRows(claims[21]!.claim).indexOf('\n') + 1;
      const pipe = new PassThrough();
      pipe.write(text.slice(0, cutAt)); // and nothing more for now: the writer is slow
      let written = '';
      let twenty!: () => void;
      const wroteTwenty = new Promise<void>((resolve) => { twenty = resolve; });
      const running = runReplay({
        input: { name: 'pipe', stream: pipe }, format, rules: { dir: 'rules', ruleSet: rules }, asOf: { kind: 'event' },
        workers: 0, all: true, out: { write: (t) => { written += t; if (written.split('\n').length > 20) twenty(); } },
      });
      await wroteTwenty;
      const early = written.split('\n').filter(Boolean).map((l) => JSON.parse(l).claimId);
      expect(early, format).toEqual(claims.slice(0, format === 'csv' ? 21 : 20).map((g) => g.claim.id));
      pipe.end(text.slice(cutAt));
      const run = await running;
      const ids = written.split('\n').filter(Boolean).map((l) => JSON.parse(l).claimId);
      expect(ids, format).toEqual(claims.map((g) => g.claim.id));
      expect(run.summary, format).toMatchObject({ complete: true, claims: { read: 30, malformed: 0 } });
    }
  });
  it('keeps no chunk it has read: memory stays flat however long the input is', async () => {
    // Measured in a process of its own: arrayBuffers is process-wide, and other test files allocate
    // beside this one in the thread pool.
    const { spawnSync } = await import('node:child_process');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync(process.execPath, [`${root}bin/run-ts.js`, `${root}test/replay/chunks-held.fixture.ts`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { chunks, held } = JSON.parse(r.stdout) as { chunks: number; held: number };
    expect(chunks).toBe(64);
    // Still reading at chunk 60: the 59 chunks before it must be garbage by now.
    expect(held).toBeLessThan(8 << 20);
  });
});
