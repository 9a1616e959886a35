/**
 * Claims files compressed with gzip, as a history of millions of claims is exported and kept
 * (claims.ndjson.gz): replay, samlesak and letters read them as they read the file itself, told by
 * the file's first bytes, not its name. A file cut short or damaged stops with exit 2 and says so,
 * after the whole lines before the damage; never a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { linesWritten } from '../support/lines-written.ts';
import { constants, createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsSource } from '../../engine/replay/claims-file.ts';

const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'inkasso-gzip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string) => join(work, name);

function run(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: work, ...(input ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number; claimId: string });
/** A summary without what differs from run to run or names the input. */
const summaryOf = (file: string) => {
  const { input, startedAt, seconds, claimsPerSecond, workers, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
  return rest;
};

/** The offset of the n-th newline (1-based). */
const nthNewline = (b: Buffer, n: number) => {
  let pos = -1;
  for (let i = 0; i < n; i++) pos = b.indexOf(10, pos + 1);
  return pos;
};

let plain: Buffer;
beforeAll(() => {
  expect(run(['generate', '--count', '400', '--seed', '23', '--out', at('claims.ndjson')]).code).toBe(0);
  expect(run(['generate', '--count', '200', '--seed', '23', '--format', 'csv', '--out', at('claims.csv')]).code).toBe(0);
  plain = readFileSync(at('claims.ndjson'));
  writeFileSync(at('claims.ndjson.gz'), gzipSync(plain));
  writeFileSync(at('claims.csv.gz'), gzipSync(readFileSync(at('claims.csv'))));
  // The replay of the file itself, which every compressed reading must equal.
  expect(run(['replay', at('claims.ndjson'), '--out', at('plain.ndjson'), '--summary', at('plain.json'), '--workers', '0', '--quiet']).code).toBe(1);
}, 60_000);

describe('a gzip-compressed claims file', () => {
  it('is replayed as the file itself: the same findings and summary, on worker threads or none, and from stdin', () => {
    for (const workers of ['0', '2']) {
      const r = run(['replay', at('claims.ndjson.gz'), '--out', at(`gz-${workers}.ndjson`), '--summary', at(`gz-${workers}.json`), '--workers', workers, '--quiet']);
      expect(r.code, r.stderr).toBe(1);
      expect(readFileSync(at(`gz-${workers}.ndjson`), 'utf8')).toBe(readFileSync(at('plain.ndjson'), 'utf8'));
      expect(summaryOf(at(`gz-${workers}.json`))).toEqual(summaryOf(at('plain.json')));
    }
    const piped = run(['replay', '-', '--summary', at('stdin.json'), '--workers', '0', '--quiet'], gzipSync(plain));
    expect(piped.code, piped.stderr).toBe(1);
    expect(piped.stdout).toBe(readFileSync(at('plain.ndjson'), 'utf8'));
    expect(summaryOf(at('stdin.json'))).toEqual(summaryOf(at('plain.json')));
    // Two files compressed apart and joined (cat a.gz b.gz): read as one.
    const cut = plain.indexOf('\n', plain.length >> 1) + 1;
    writeFileSync(at('joined.gz'), Buffer.concat([gzipSync(plain.subarray(0, cut)), gzipSync(plain.subarray(cut))]));
    expect(run(['replay', at('joined.gz'), '--out', at('joined.ndjson'), '--workers', '0', '--quiet']).code).toBe(1);
    expect(readFileSync(at('joined.ndjson'), 'utf8')).toBe(readFileSync(at('plain.ndjson'), 'utf8'));
  });

  it('from a pipe that pauses: the claims sent so far are replayed, and Ctrl-C stops it as for plain input', async () => {
    // A gzip stream flushed after 50 claims and left open, as a live export compressing as it goes.
    const first = plain.subarray(0, nthNewline(plain, 50) + 1);
    const child = spawn(process.execPath, [bin, 'replay', '-', '--all', '--workers', '0', '--out', at('live.ndjson'), '--summary', at('live.json')], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const gzip = createGzip();
    gzip.pipe(child.stdin);
    gzip.write(first);
    gzip.flush(constants.Z_SYNC_FLUSH);
    await linesWritten(at('live.ndjson.partial'), 50);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    gzip.destroy();
    expect(code, stderr).toBe(130);
    expect(JSON.parse(readFileSync(at('live.json'), 'utf8'))).toMatchObject({ complete: false, stoppedReason: 'interrupted', lastLine: 50, claims: { read: 50 } });
    expect(lines(at('live.ndjson')).map((f) => f.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('is read as CSV when named *.csv.gz', () => {
    expect(run(['replay', at('claims.csv'), '--out', at('csv.ndjson'), '--workers', '0', '--quiet']).code).toBe(1);
    const r = run(['replay', at('claims.csv.gz'), '--out', at('csv-gz.ndjson'), '--workers', '0', '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    expect(readFileSync(at('csv-gz.ndjson'), 'utf8')).toBe(readFileSync(at('csv.ndjson'), 'utf8'));
    expect(lines(at('csv-gz.ndjson')).length).toBeGreaterThan(10);
  });

  it('cut short: the whole lines before the cut are replayed, then it stops with exit 2 and says why', () => {
    const gz = readFileSync(at('claims.ndjson.gz'));
    const cutShort = gz.subarray(0, Math.floor(gz.length * 0.6));
    writeFileSync(at('cut.ndjson.gz'), cutShort);
    // What gzip can give of the part that is there: its whole lines are the ones to replay.
    const readable = gunzipSync(cutShort, { finishFlush: constants.Z_SYNC_FLUSH });
    const whole = readable.subarray(0, readable.lastIndexOf(10) + 1).toString('utf8').split('\n').length - 1;
    expect(whole).toBeGreaterThan(100);
    expect(whole).toBeLessThan(400);
    const r = run(['replay', at('cut.ndjson.gz'), '--out', at('cut.ndjson'), '--summary', at('cut.json'), '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`STOPPED (${at('cut.ndjson.gz')}: the gzip data stops before its end (the file is cut short)) after line ${whole}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(readFileSync(at('cut.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: false, lastLine: whole, claims: { read: whole, malformed: 0 } });
    expect(summary.stoppedReason).toBe(`${at('cut.ndjson.gz')}: the gzip data stops before its end (the file is cut short)`);
    // The findings of those lines, as the whole file gives them; the findings file is whole.
    expect(lines(at('cut.ndjson'))).toEqual(lines(at('plain.ndjson')).filter((f) => f.line <= whole));
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('damaged: it stops with exit 2 and says the gzip data is damaged', () => {
    writeFileSync(at('junk.ndjson.gz'), Buffer.concat([readFileSync(at('claims.ndjson.gz')), Buffer.from('not gzip\n')]));
    const r = run(['replay', at('junk.ndjson.gz'), '--out', at('junk.ndjson'), '--summary', at('junk.json'), '--workers', '0', '--quiet']);
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(at('junk.json'), 'utf8'))).toMatchObject({ complete: false, stoppedReason: `${at('junk.ndjson.gz')}: the gzip data is damaged (incorrect header check)` });
    // A CSV file damaged before its header is said to be damaged, not empty.
    writeFileSync(at('head.csv.gz'), readFileSync(at('claims.csv.gz')).subarray(0, 12));
    const csv = run(['replay', at('head.csv.gz'), '--out', at('head.ndjson'), '--quiet']);
    expect(csv.code).toBe(2);
    expect(csv.stderr.trim()).toBe(`${at('head.csv.gz')}: the gzip data stops before its end (the file is cut short)`);
  });

  it('is read by samlesak and letters as the file itself; cut short, neither writes a report or an index', () => {
    const samlesak = readFileSync(join(examples, 'samlesak.ndjson'));
    writeFileSync(at('samlesak.ndjson.gz'), gzipSync(samlesak));
    const fromFile = run(['samlesak', join(examples, 'samlesak.ndjson'), '--format', 'json', '--workers', '0']);
    expect(fromFile.code, fromFile.stderr).toBe(1);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ kind: 'inkassomotor.samlesak', overcharged: '262.50' });
    // Its first reading in the main thread and on a worker thread (samlesak-threads.ts).
    for (const workers of ['0', '1']) {
      const r = run(['samlesak', at('samlesak.ndjson.gz'), '--format', 'json', '--workers', workers]);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fromFile.stdout));
    }
    writeFileSync(at('samlesak-cut.ndjson.gz'), gzipSync(samlesak).subarray(0, 200));
    const cut = run(['samlesak', at('samlesak-cut.ndjson.gz'), '--format', 'json', '--out', at('samlesak.json')]);
    expect(cut.code).toBe(2);
    expect(cut.stderr.trim()).toBe(`samlesak: ${at('samlesak-cut.ndjson.gz')}: the gzip data stops before its end (the file is cut short); no report written`);
    expect(readdirSync(work)).not.toContain('samlesak.json');

    const letters = readFileSync(join(examples, 'brev-i-dag.ndjson'));
    writeFileSync(at('brev.ndjson.gz'), gzipSync(letters));
    const options = ['--date', '2026-02-19', '--format', 'json', '--creditor', join(examples, 'kreditor.json'), '--debtors', join(examples, 'skyldnere.json'), '--quiet'];
    const fromPlain = run(['letters', join(examples, 'brev-i-dag.ndjson'), '--out', at('brev-plain'), ...options]);
    const fromGzip = run(['letters', at('brev.ndjson.gz'), '--out', at('brev-gz'), ...options]);
    expect(fromPlain.code, fromPlain.stderr).toBe(0);
    expect(fromGzip.stdout.replaceAll(at('brev-gz'), 'DIR')).toBe(fromPlain.stdout.replaceAll(at('brev-plain'), 'DIR'));
    expect(fromGzip.stdout).toContain('2 letters written');
    const files = readdirSync(at('brev-plain')).filter((f) => !f.startsWith('letters-'));
    expect(readdirSync(at('brev-gz')).filter((f) => !f.startsWith('letters-'))).toEqual(files);
    for (const f of files) expect(readFileSync(join(at('brev-gz'), f), 'utf8')).toBe(readFileSync(join(at('brev-plain'), f), 'utf8'));
    writeFileSync(at('brev-cut.ndjson.gz'), gzipSync(letters).subarray(0, 100));
    const stopped = run(['letters', at('brev-cut.ndjson.gz'), '--out', at('brev-cut'), ...options]);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr.trim()).toBe(`inkasso letters: ${at('brev-cut.ndjson.gz')}: the gzip data stops before its end (the file is cut short); the letters written before it are in ${at('brev-cut')}, whole, but no index`);
    expect(readdirSync(at('brev-cut')).filter((f) => f.startsWith('letters-'))).toEqual([]);
  }, 60_000);
});

describe('claimsSource', () => {
  const collect = async (chunks: Uint8Array[]) => {
    const source = claimsSource(Readable.from(chunks), 'pipe');
    const out: Buffer[] = [];
    for await (const c of source.bytes) out.push(Buffer.from(c));
    return { text: Buffer.concat(out).toString('utf8'), compressed: source.compressed(), read: source.bytesRead(), failure: source.failure() };
  };

  it('tells gzip from its first two bytes when a pipe gives them one at a time', async () => {
    const text = '{"id":"a"}\n{"id":"b"}\n';
    const gz = gzipSync(text);
    const byteByByte = [...gz].map((b) => Uint8Array.of(b));
    expect(await collect(byteByByte)).toEqual({ text, compressed: true, read: gz.length, failure: undefined });
    expect(await collect([Buffer.from('\n')])).toEqual({ text: '\n', compressed: false, read: 1, failure: undefined });
    expect(await collect([])).toEqual({ text: '', compressed: false, read: 0, failure: undefined });
    const cut = await collect([gz.subarray(0, gz.length - 4)]);
    expect(cut.failure?.message).toBe('pipe: the gzip data stops before its end (the file is cut short)');
  });
});
