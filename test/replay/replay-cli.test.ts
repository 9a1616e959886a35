/**
 * inkasso generate and inkasso replay as a tester meets them: files written whole (never a
 * half-written file under the real name), exit codes, clear messages for bad options and bad
 * CSV headers, and Ctrl-C writing what was done.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { linesWritten } from '../support/lines-written.ts';
import { unprivileged } from '../support/unprivileged.ts';
import { smallFileBytes } from '../../engine/cli/workers-option.ts';

const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));
const asNobody = unprivileged(bin);
const work = mkdtempSync(join(tmpdir(), 'inkasso-replay-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, cwd: work });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const at = (name: string) => join(work, name);
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('inkasso generate and replay', () => {
  it('generates claims with their planted violations, and replay finds exactly those', () => {
    const g = run(['generate', '--count', '300', '--seed', '11', '--out', at('g.ndjson'), '--expect', at('g.expect.ndjson')]);
    expect(g.code).toBe(0);
    expect(g.stderr).toContain('300 claims (seed 11');
    const r = run(['replay', at('g.ndjson'), '--out', at('f.ndjson'), '--summary', at('s.json'), '--report', at('r.html'), '--workers', '1']);
    expect(r.code).toBe(1); // violations were found
    expect(r.stderr).toMatch(/inkasso replay: 300 claims in [\d.]+ s/);
    const expected = lines(at('g.expect.ndjson')).filter((e) => e.planted.length);
    const found = lines(at('f.ndjson'));
    expect(found.map((f) => f.claimId)).toEqual(expected.map((e) => e.claimId));
    const summary = JSON.parse(readFileSync(at('s.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: true, claims: { read: 300, evaluated: 300, malformed: 0 } });
    const html = readFileSync(at('r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=/); // self-contained
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('reads CSV written by the generator and finds the same claims', () => {
    expect(run(['generate', '--count', '300', '--seed', '11', '--format', 'csv', '--out', at('g.csv')]).code).toBe(0);
    const r = run(['replay', at('g.csv'), '--out', at('fc.ndjson'), '--workers', '0', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(lines(at('fc.ndjson')).map((f) => f.claimId)).toEqual(lines(at('f.ndjson')).map((f) => f.claimId));
  });

  it('exits 0 on lawful claims read from stdin and writes findings to stdout with --all', () => {
    const claim = { id: 'K-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00', invoiceDate: '2024-03-01', dueDate: '2024-03-15', events: [{ type: 'purring', date: '2024-04-02', fee: '35.00', deadlineDays: 14 }] };
    const r = run(['replay', '-', '--all', '--quiet', '--workers', '0'], `${JSON.stringify(claim)}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ line: 1, claimId: 'K-1', status: 'ok', asOf: '2024-04-02', violations: [] });
  });

  it('refuses a line too large for one claim and reads the heaviest line allowed, with workers, and goes on', () => {
    // 11 MB of [{},{},…]: millions of objects once parsed, which took a worker past its heap limit
    // and ended the run with a stack trace. Under 1 MiB, the same shape is parsed and refused.
    const claims = run(['generate', '--count', '40', '--seed', '3', '--out', at('big-g.ndjson')]);
    expect(claims.code).toBe(0);
    const good = readFileSync(at('big-g.ndjson'), 'utf8').split('\n').filter(Boolean);
    const huge = `[${'{},'.repeat(3_700_000)}{}]`;
    const heavy = `{"id":"H","events":[${'{},'.repeat(349_000)}{}]}`;
    expect(Buffer.byteLength(heavy)).toBeLessThan(1 << 20);
    writeFileSync(at('big.ndjson'), [good[0], huge, heavy, ...good.slice(1)].join('\n') + '\n');
    const r = run(['replay', at('big.ndjson'), '--out', at('big-f.ndjson'), '--summary', at('big-s.json'), '--all', '--workers', '2', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const found = lines(at('big-f.ndjson'));
    expect(found.map((f) => f.line)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(found[1]).toMatchObject({ line: 2, status: 'malformed', error: { code: 'TOO_LARGE' } });
    expect(found[2]).toMatchObject({ line: 3, status: 'malformed', claimId: 'H' });
    const summary = JSON.parse(readFileSync(at('big-s.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: true, claims: { read: 42, evaluated: 40, malformed: 2 } });
  });

  it('evaluates a small file in the main thread and a larger one on worker threads, one per core, unless --workers says', () => {
    const sample = fileURLToPath(new URL('../../examples/replay-sample.ndjson', import.meta.url));
    const workersOf = (file: string, extra: string[] = []) => {
      const r = run(['replay', file, '--out', at('w-f.ndjson'), '--summary', at('w-s.json'), ...extra]);
      expect(r.code).toBe(1);
      return { workers: JSON.parse(readFileSync(at('w-s.json'), 'utf8')).workers as number, stderr: r.stderr };
    };
    const small = workersOf(sample);
    expect(small.workers).toBe(0);
    expect(small.stderr).toMatch(/\/s, in the main thread\), rules /);
    expect(workersOf(sample, ['--workers', '2']).workers).toBe(2);
    const perCore = Math.min(availableParallelism(), 16);
    // With two workers, 24 MB of NDJSON; with one core, no file is large enough.
    const threshold = smallFileBytes('ndjson', perCore);
    expect(smallFileBytes('ndjson', 2)).toBe(24 << 20);
    expect(smallFileBytes('csv', 2)).toBe(16 << 20);
    expect(smallFileBytes('ndjson', 4)).toBe(Math.round((24 << 20) * 2 / 3));
    expect(smallFileBytes('ndjson', 1)).toBe(Number.POSITIVE_INFINITY);
    if (perCore < 2) return;
    // The same 500 claims, each line padded with spaces to just over a 500th of the threshold.
    const width = Math.ceil(threshold / 500) + 1;
    const pad = (lines: string[], w: number) => lines.map((l) => `${l.slice(0, -1)}${' '.repeat(w - Buffer.byteLength(l))}}`).join('\n');
    const lines = readFileSync(sample, 'utf8').split('\n').filter(Boolean);
    writeFileSync(at('padded.ndjson'), `${pad(lines, width)}\n`);
    expect(statSync(at('padded.ndjson')).size).toBeGreaterThanOrEqual(threshold);
    const large = workersOf(at('padded.ndjson'));
    expect(large.workers).toBe(perCore);
    expect(large.stderr).toMatch(/\/s, \d+ workers?\), rules /);
    // Just under it: the main thread.
    writeFileSync(at('padded.ndjson'), `${pad(lines, width - 3)}\n`);
    expect(statSync(at('padded.ndjson')).size).toBeLessThan(threshold);
    expect(workersOf(at('padded.ndjson')).workers).toBe(0);
  });

  it('reads the bundled Norwegian export through its column map, with figures checked by hand', () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    const r = run(['replay', `${examples}eksport-semikolon.csv`, '--map', `${examples}eksport-kart.json`, '--all', '--quiet', '--workers', '0']);
    expect(r.code).toBe(1);
    const found = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    // S-1001: betalingsoppfordring 2024 (forfall after 2020-10-01): 3/20 of 700 = 105.00 allowed, 150.00 charged.
    expect(found[0]).toMatchObject({ claimId: 'S-1001', overcharged: '45.00', violations: [{ code: 'FEE_ABOVE_CAP', charged: '150.00', allowed: '105.00' }] });
    // S-1002: purring 6 days after forfall (fee only from 14 days), inkassovarsel with 10 days' deadline (14 required): 70 + 35.
    expect(found[1]).toMatchObject({ claimId: 'S-1002', overcharged: '105.00' });
    expect(found[1].violations.map((v: { code: string }) => v.code)).toEqual(['FEE_TOO_EARLY', 'DEADLINE_TOO_SHORT']);
    expect(found[2]).toMatchObject({ claimId: 'S-1003', status: 'ok' });
  });

  it('names a date that is no calendar day as the export writes it, with its line and column', () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    const rows = readFileSync(`${examples}eksport-semikolon.csv`, 'utf8').split('\n');
    for (let i = 1; i <= 4; i++) rows[i] = rows[i]!.replace('15.03.2024', '31.02.2024'); // S-1001's forfall, on each of its rows
    rows[6] = rows[6]!.replace(';10.02.2025;', ';;'); // S-1002's inkassovarsel without its date
    writeFileSync(at('dates.csv'), rows.join('\n'));
    const r = run(['replay', at('dates.csv'), '--map', `${examples}eksport-kart.json`, '--quiet', '--workers', '0']);
    const found = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(found[0].error.message).toBe('line 2, column Forfall: "31.02.2024" is not a calendar date from 1900 on (February 2024 has 29 days)');
    expect(found[1].error.message).toBe('line 7, column Dato: the date is empty (write it as YYYY-MM-DD or DD.MM.YYYY)');
    // The summary lists each once, by the line the message names (S-1002 begins on line 6).
    const summary = run(['replay', at('dates.csv'), '--map', `${examples}eksport-kart.json`, '--workers', '0']).stderr;
    expect(summary).toContain('\n    line 2, column Forfall: "31.02.2024" is not a calendar date from 1900 on (February 2024 has 29 days)\n    line 7, column Dato: the date is empty (write it as YYYY-MM-DD or DD.MM.YYYY)\n');
    expect(summary).not.toMatch(/line \d+: line \d+/);
  });

  it('reads a value the map does not name as written, even one every object inherits ("constructor")', () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    const rows = readFileSync(`${examples}eksport-semikolon.csv`, 'utf8').split('\n');
    rows[1] = rows[1]!.replace(';Purring;', ';constructor;'); // S-1001's first event
    writeFileSync(at('inherited.csv'), rows.join('\n'));
    const r = run(['replay', at('inherited.csv'), '--map', `${examples}eksport-kart.json`, '--quiet', '--workers', '0']);
    const found = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(found[0].error.message).toMatch(/^line 2, column Hendelse: \/events\/0\/type: unknown type "constructor" \(expected one of: purring, /);
  });

  it('refuses a map that names a column the header lacks, and a header that is not UTF-8, before any claim', () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    const map = JSON.parse(readFileSync(`${examples}eksport-kart.json`, 'utf8'));
    // An optional column (the payments' amount) the map names under another name: before, every
    // claim with a payment came out malformed, "events[2] is missing required property 'amount'".
    writeFileSync(at('kart.json'), JSON.stringify({ ...map, columns: { ...map.columns, amount: 'Innbetalt beløp' } }));
    const r = run(['replay', `${examples}eksport-semikolon.csv`, '--map', at('kart.json'), '--out', at('kart.findings')]);
    expect([r.code, r.stderr.trim()]).toEqual([2, `${examples}eksport-semikolon.csv: line 1: the header has no column "Innbetalt beløp" for amount (as the map names it); columns found: Saksnr, Debitor, Inkassotype, MVA-registrert, Hovedstol, Fakturadato, Forfall, Hendelse, Dato, Gebyr, Frist, Innbetalt`]);
    expect(existsSync(at('kart.findings'))).toBe(false);
    // The same column spelt so in the header, saved as Windows-1252 (Excel's "Text (Tab delimited)"):
    // "ø" is the byte 0xf8, so the column could not be found for the encoding's sake.
    const csv = readFileSync(`${examples}eksport-semikolon.csv`, 'utf8').replace('Innbetalt', 'Innbetalt beløp');
    writeFileSync(at('cp1252.csv'), Buffer.from(csv, 'latin1'));
    const w = run(['replay', at('cp1252.csv'), '--map', at('kart.json'), '--out', at('kart.findings')]);
    expect([w.code, w.stderr.trim()]).toEqual([2, `${at('cp1252.csv')}: line 1 (the header): the line is not valid UTF-8 (column 112); save the file as UTF-8, or say "encoding": "windows-1252" in its --map file`]);
    writeFileSync(at('utf8.csv'), csv);
    const u = run(['replay', at('utf8.csv'), '--map', at('kart.json'), '--all', '--quiet']);
    expect(u.code, u.stderr).toBe(1);
    expect(u.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).status)).toEqual(['violations', 'violations', 'ok']);
    // Said in the map, the Windows-1252 file reads as the UTF-8 one; a UTF-8 file with its byte-order
    // mark is read as UTF-8 whatever the map says.
    writeFileSync(at('kart-1252.json'), JSON.stringify({ ...JSON.parse(readFileSync(at('kart.json'), 'utf8')), encoding: 'windows-1252' }));
    const c = run(['replay', at('cp1252.csv'), '--map', at('kart-1252.json'), '--all', '--quiet']);
    expect([c.code, c.stdout], c.stderr).toEqual([1, u.stdout]);
    writeFileSync(at('bom.csv'), `\ufeff${csv}`);
    expect(run(['replay', at('bom.csv'), '--map', at('kart-1252.json'), '--all', '--quiet']).stdout).toBe(u.stdout);
  });

  it('writes into a device or a named pipe in place, never replacing it with a file', async () => {
    const fifo = at('findings.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [bin, 'replay', at('g.ndjson'), '--out', fifo, '--quiet', '--workers', '0'], { cwd: work });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    // Listened for from the start: the replay can exit while the last of the pipe is still being
    // read here, and a 'close' listener added after that waits forever (it did, under load).
    const closed = new Promise<number | null>((r) => child.on('close', r));
    // Should the replay end without opening the pipe, the read below would wait for a writer
    // forever: open it for writing once, so that the read ends and the test says why.
    void closed.then(() => {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        /* the read has ended already */
      }
    });
    let read = '';
    for await (const chunk of createReadStream(fifo, 'utf8')) read += chunk;
    expect(await closed, stderr).toBe(1);
    expect(read.split('\n').filter(Boolean).map((l) => JSON.parse(l).claimId)).toEqual(lines(at('f.ndjson')).map((f) => f.claimId));
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(existsSync(`${fifo}.partial`)).toBe(false);
  });

  it('refuses bad options with exit 2 and a message, before reading anything', () => {
    writeFileSync(at('bad-map.json'), JSON.stringify({ columns: { claim: 'Saksnr' } }));
    const cases: [string[], RegExp][] = [
      [['replay', at('nope.ndjson')], /nope\.ndjson: no such file/],
      [['replay', at('g.ndjson'), '--as-of', '2024-02-30'], /--as-of 2024-02-30: must be a date/],
      [['replay', at('g.ndjson'), '--as-of', '2024-02-01', '--as-of-event'], /either --as-of DATE or --as-of-event/],
      // A date after the review horizon: every claim would fail the same way, so none is read.
      [['replay', at('g.ndjson'), '--out', at('early.ndjson'), '--as-of', '2027-01-01'], /--as-of 2027-01-01: the rules are reviewed against the law through 2026-12-31 .* \[RULES_NOT_REVIEWED\]$/m],
      [['replay', at('g.ndjson'), '--workers', 'many'], /--workers many: must be a whole number/],
      [['replay', at('g.ndjson'), '--format', 'xml'], /--format xml: must be auto, ndjson or csv/],
      [['replay', at('g.ndjson'), '--out', at('g.ndjson')], /would overwrite the input file/],
      [['replay', at('g.csv'), '--map', at('bad-map.json')], /bad-map\.json: .*claim/],
      // Files written only when the run ends are refused before it starts, in words, not errno codes.
      [['replay', at('g.ndjson'), '--out', at('early.ndjson'), '--summary', at('no-folder/s.json')], /no-folder\/s\.json: cannot write: the folder .*no-folder does not exist$/m],
      [['replay', at('g.ndjson'), '--out', at('early.ndjson'), '--report', join(at('g.ndjson'), 'r.html')], /g\.ndjson\/r\.html: cannot write: .*g\.ndjson is not a folder$/m],
      [['replay', at('g.ndjson'), '--out', at('early.ndjson'), '--summary', work], /cannot write: it is a folder$/m],
      [['replay', 'merge', at('g.ndjson'), '--summary', at('no-folder/all.json')], /no-folder\/all\.json: cannot write: the folder .*no-folder does not exist$/m],
      [['replay', at('g.ndjson'), '--out', at('no-folder/f.ndjson')], /no-folder\/f\.ndjson: cannot write: the folder .*no-folder does not exist$/m],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(at('early.ndjson'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it.skipIf(!asNobody)('refuses a claims file it may not read, in words and with exit 2, before it writes anything', () => {
    // A folder others may enter, with a file the command may not read (test/support/unprivileged.ts).
    const open = mkdtempSync(join(tmpdir(), 'inkasso-unreadable-'));
    try {
      chmodSync(open, 0o755);
      const secret = join(open, 'claims.ndjson');
      writeFileSync(secret, readFileSync(fileURLToPath(new URL('../../examples/replay-sample.ndjson', import.meta.url))));
      chmodSync(secret, 0o000);
      for (const args of [['replay', secret, '--out', join(open, 'f.ndjson')], ['samlesak', secret, '--out', join(open, 's.json')], ['letters', secret, '--date', '2026-02-19', '--out', join(open, 'brev')]]) {
        const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: open, ...asNobody });
        expect(r.stderr.trim(), args[0]).toBe(`${secret}: permission denied`);
        expect(r.status).toBe(2);
      }
      expect(readdirSync(open)).toEqual(['claims.ndjson']);
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });

  it('refuses a CSV without a required column, naming it, and leaves no output behind', () => {
    writeFileSync(at('short.csv'), 'claim_id,principal\nC-1,100.00\n');
    const r = run(['replay', at('short.csv'), '--out', at('short.findings')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/short\.csv: line 1: .*debtor_kind/);
    expect(existsSync(at('short.findings'))).toBe(false);
    expect(existsSync(at('short.findings.partial'))).toBe(false);
  });

  it('stops on Ctrl-C reading CSV on worker threads, and writes every claim read whole, in order', async () => {
    // The rows of 50 claims and the first row of the 51st (its claim is not known whole), from a
    // pipe that stays open; the workers read the fields and evaluate.
    const rows = readFileSync(at('g.csv'), 'utf8').split('\n');
    const idOf = (row: string) => row.slice(0, row.indexOf(','));
    const firsts = rows.map((r, i) => i > 0 && r && idOf(r) !== idOf(rows[i - 1]!) ? i : -1).filter((i) => i > 0);
    const sent = rows.slice(0, firsts[50]! + 1).join('\n') + '\n';
    const child = spawn(process.execPath, [bin, 'replay', '-', '--format', 'csv', '--all', '--workers', '2', '--out', at('int-csv.ndjson'), '--summary', at('int-csv.json')], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write(sent);
    await linesWritten(at('int-csv.ndjson.partial'), 50);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    const summary = JSON.parse(readFileSync(at('int-csv.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: false, stoppedReason: 'interrupted', workers: 2, claims: { read: 50 }, lastLine: firsts[50]! });
    expect(lines(at('int-csv.ndjson')).map((d) => [d.line, d.claimId])).toEqual(firsts.slice(0, 50).map((i) => [i + 1, idOf(rows[i]!)]));
    expect(existsSync(at('int-csv.ndjson.partial'))).toBe(false);
  });

  it('stops on Ctrl-C, writes what was done under the real name and says where it stopped', async () => {
    const first = readFileSync(at('g.ndjson'), 'utf8').split('\n').slice(0, 50).join('\n') + '\n';
    const child = spawn(process.execPath, [bin, 'replay', '-', '--all', '--workers', '0', '--out', at('int.ndjson'), '--summary', at('int.json')], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.write(first);
    // The input pauses with the 50 claims sent and stays open: the replay writes their findings,
    // and once they are all there, Ctrl-C.
    await linesWritten(at('int.ndjson.partial'), 50);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(stderr).toContain('stopping after the batches in progress');
    const summary = JSON.parse(readFileSync(at('int.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: false, stoppedReason: 'interrupted' });
    const done = lines(at('int.ndjson'));
    expect(done.map((d) => d.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(summary.claims.read).toBe(50);
    expect(summary.lastLine).toBe(done.at(-1)?.line ?? 0);
    expect(existsSync(at('int.ndjson.partial'))).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`treats ${signal} like Ctrl-C: what was read is written whole, the summary says where it stopped`, async () => {
      const first = readFileSync(at('g.ndjson'), 'utf8').split('\n').slice(0, 50).join('\n') + '\n';
      const out = at(`${signal}.ndjson`);
      const child = spawn(process.execPath, [bin, 'replay', '-', '--all', '--workers', '0', '--out', out, '--summary', at(`${signal}.json`)], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.stdin.write(first);
      await linesWritten(`${out}.partial`, 50); // the 50 lines are read and written while the input stays open
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).toBe(130);
      expect(stderr).toContain(`${signal}: stopping after the batches in progress`);
      const summary = JSON.parse(readFileSync(at(`${signal}.json`), 'utf8'));
      expect(summary).toMatchObject({ complete: false, stoppedReason: 'interrupted' });
      const done = lines(out);
      expect(done.map((d) => d.line)).toEqual(Array.from({ length: summary.claims.read }, (_, i) => i + 1));
      expect(summary.claims.read).toBe(50);
      expect(existsSync(`${out}.partial`)).toBe(false);
    });
  }
});
