/**
 * The headless side against a hostile integrator (issue 10): each fault found is reproduced here.
 * Duplicate keys, byte-order marks and bytes that are not UTF-8 in claims, in the CLI, replay and
 * the API alike; amounts bounded so that every sum stays exact; years before 1900 refused; JSON
 * errors with a column; a rules folder that cannot make the loader follow links, wait on a FIFO
 * or read without end; a CSV quote left open that loses nothing; --compare that counts what it
 * could not evaluate; old rule versions rebuilt at a bounded rate.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../engine/api/app.ts';
import { folderVersions } from '../engine/api/folder-versions.ts';
import { MAX_REBUILDS_PER_SECOND, ruleVersions } from '../engine/api/versions.ts';
import { checkClaim, checkRulesDir, day, parseGoldenCases, evaluate, evaluateWithFindings, findClaim, formatDiagnostic, InputErrors, loadRules, parseJsonText, readGoldenCases, readRuleSources, type Claim, type Day } from '../engine/node.ts';
import { runReplay } from '../engine/replay/run.ts';
import { parseRules, type JournalEntry, type RuleSource } from '../engine/rules/index.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/inkasso.cjs');
const work = mkdtempSync(join(tmpdir(), 'inkasso-hardening-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string) => join(work, name);
const rules = loadRules();
const example = JSON.parse(readFileSync(join(root, 'examples/claim-egeninkasso.json'), 'utf8'));
const exampleText = JSON.stringify(example);
const cli = (args: string[], input?: string | Buffer) => {
  const r = spawnSync(process.execPath, [bin, ...args], { input, cwd: work });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
};
const api = createApi({ versions: folderVersions({ rulesDir: join(root, 'rules') }), today: () => '2024-07-01', uptime: () => 1, log: () => {}, validateResponses: true });
const post = async (body: string | Buffer) => {
  const res = await api.fetch(new Request('http://x/api/v1/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : new Uint8Array(body) }));
  return { status: res.status, json: await res.json() };
};
/** Replays NDJSON or CSV bytes in this thread and returns the summary and the findings. */
async function replay(bytes: Uint8Array, format: 'ndjson' | 'csv', compare?: ReturnType<typeof loadRules>) {
  let out = '';
  const run = await runReplay({
    input: { name: 'test', stream: (async function* () { yield bytes; })() },
    format, rules: { dir: 'rules', ruleSet: rules }, ...(compare ? { compare: { dir: 'proposed', ruleSet: compare } } : {}),
    asOf: { kind: 'event' }, workers: 0, all: false, out: { write: (t) => { out += t; } },
  });
  return { summary: run.summary, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('a key given twice', () => {
  const twice = exampleText.replace('"principal":"10000.00"', '"principal":"1.00","principal":"10000.00"');

  it('is refused by the parser with its pointer and place', () => {
    expect(twice).not.toBe(exampleText);
    const r = parseJsonText(twice);
    expect(r).toMatchObject({ ok: false, code: 'DUPLICATE_KEY', pointer: '/principal', at: { line: 1 } });
    const nested = parseJsonText('{"claim":{"events":[{"type":"payment"},{"date":"2024-01-01","date":"2024-01-02"}]}}');
    expect(nested).toMatchObject({ ok: false, code: 'DUPLICATE_KEY', pointer: '/claim/events/1/date' });
    expect(parseJsonText('{"a":"x:y","b":{"c":"1:2"}}')).toMatchObject({ ok: true }); // colons in strings are no keys
  });

  it('is refused by the CLI, replay and the API alike', async () => {
    writeFileSync(at('twice.json'), twice);
    const c = cli(['evaluate', at('twice.json'), '--as-of', '2024-07-01']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/twice\.json:1:\d+: the key "principal" is given twice .*\/principal/);
    const r = await replay(Buffer.from(`${twice}\n${exampleText}\n`), 'ndjson');
    expect(r.summary.claims).toMatchObject({ read: 2, malformed: 1 });
    expect(r.lines[0]).toMatchObject({ line: 1, status: 'malformed', error: { code: 'DUPLICATE_KEY', pointer: '/principal' } });
    expect(r.lines[0].error.message).toMatch(/^the key "principal" is given twice in the same object \(at \/principal\); JSON does not say which one holds \(column \d+\)$/);
    const a = await post(`{"claim":${exampleText},"asOf":"2024-07-01","asOf":"2024-07-15"}`);
    expect(a).toMatchObject({ status: 400, json: { code: 'DUPLICATE_KEY', pointer: '/asOf' } });
  });
});

describe('byte-order marks and bytes that are not UTF-8', () => {
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(exampleText)]);
  // A Latin-1 "§" (0xa7) where UTF-8 would have two bytes.
  const latin1 = Buffer.from(exampleText.replace('"id":"', '"id":"\u0001'), 'latin1');
  latin1[latin1.indexOf(1)] = 0xa7;

  it('accepts a BOM in the CLI, replay and the API', async () => {
    writeFileSync(at('bom.json'), bom);
    const c = cli(['evaluate', at('bom.json'), '--as-of', '2024-07-01']);
    expect(c.code, c.stderr).toBeLessThan(2); // 0 lawful, 1 violations: read either way
    expect(JSON.parse(c.stdout).claimId).toBe(example.id);
    expect((await replay(bom, 'ndjson')).summary.claims).toMatchObject({ read: 1, malformed: 0 });
    expect((await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"claim":${exampleText},"asOf":"2024-07-01"}`)]))).status).toBe(200);
  });

  it('refuses bytes that are not UTF-8 with their place, instead of turning them into U+FFFD', async () => {
    writeFileSync(at('latin1.json'), latin1);
    const c = cli(['evaluate', at('latin1.json'), '--as-of', '2024-07-01']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/latin1\.json:1:\d+: not valid UTF-8 \(byte 0xa7\)/);
    const r = await replay(Buffer.concat([Buffer.from(`${exampleText}\n`), latin1, Buffer.from(`\n${exampleText}\n`)]), 'ndjson');
    expect(r.summary.claims).toMatchObject({ read: 3, malformed: 1 });
    expect(r.lines.find((l) => l.status === 'malformed')).toMatchObject({ line: 2, error: { code: 'INVALID_UTF8', message: expect.stringMatching(/column \d+ \(byte 0xa7\)/) } });
    const a = await post(Buffer.concat([Buffer.from('{"claim":'), latin1, Buffer.from(',"asOf":"2024-07-01"}')]));
    expect(a).toMatchObject({ status: 400, json: { code: 'INVALID_UTF8' } });
    expect(a.json.message).toMatch(/line 1, column \d+/);
  });

  it('refuses a rule file with a Latin-1 byte at its line and column', () => {
    const dir = at('latin1-rules');
    cpSync(join(root, 'rules'), dir, { recursive: true });
    const file = join(dir, 'parameters/gebyrer/inkassosats.yaml');
    const text = readFileSync(file);
    const i = text.indexOf(Buffer.from('hjemmel: inkassoforskriften § 1-1'));
    const bad = Buffer.concat([text.subarray(0, i), Buffer.from('hjemmel: inkassoforskriften '), Buffer.from([0xa7]), text.subarray(i + Buffer.from('hjemmel: inkassoforskriften §').length)]);
    writeFileSync(file, bad);
    const { ruleSet, diagnostics } = checkRulesDir(dir);
    expect(ruleSet).toBeUndefined();
    const line = bad.subarray(0, i).toString('latin1').split('\n').length; // column 33: after '    hjemmel: inkassoforskriften '
    expect(diagnostics.map((d) => formatDiagnostic(d))).toContain(`rules/parameters/gebyrer/inkassosats.yaml:${line}:33: the file is not valid UTF-8 (byte 0xa7); save it as UTF-8 [INVALID_UTF8]`);
  });
});

describe('UTF-16 with its byte-order mark (Excel\'s Unicode Text, Notepad\'s Unicode)', () => {
  const utf16le = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le');
  const summaryOf = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  it('is read by the CLI as UTF-8 is: a claim, little- and big-endian', () => {
    writeFileSync(at('claim-utf8.json'), exampleText);
    writeFileSync(at('claim-utf16le.json'), utf16le(exampleText));
    writeFileSync(at('claim-utf16be.json'), utf16le(exampleText).swap16());
    const [utf8, le, be] = ['utf8', 'utf16le', 'utf16be'].map((k) => cli(['evaluate', at(`claim-${k}.json`), '--as-of', '2024-07-01']));
    expect(utf8!.code, utf8!.stderr).toBe(1);
    expect(JSON.parse(le!.stdout)).toEqual(JSON.parse(utf8!.stdout));
    expect(JSON.parse(be!.stdout)).toEqual(JSON.parse(utf8!.stdout));
  });

  it('replays an Excel export saved as Unicode Text (*.txt: UTF-16, tabs, CRLF) as the CSV it is, gzip too', () => {
    const csv = readFileSync(join(root, 'examples/replay-sample.csv'), 'utf8');
    expect(csv).not.toMatch(/["\t]/); // the commas below are all delimiters
    writeFileSync(at('eksport.txt'), utf16le(csv.replace(/,/g, '\t').replace(/\n/g, '\r\n')));
    const plain = cli(['replay', join(root, 'examples/replay-sample.csv'), '--summary', at('csv.json'), '--out', at('csv.ndjson'), '--quiet']);
    const excel = cli(['replay', at('eksport.txt'), '--summary', at('txt.json'), '--out', at('txt.ndjson'), '--quiet']);
    expect([plain.code, excel.code], excel.stderr).toEqual([1, 1]);
    expect(summaryOf(at('txt.json')).claims).toEqual(summaryOf(at('csv.json')).claims);
    expect(summaryOf(at('txt.json')).claims).toMatchObject({ read: 500, evaluated: 500, withViolations: 115, malformed: 0 });
    expect(readFileSync(at('txt.ndjson'), 'utf8')).toBe(readFileSync(at('csv.ndjson'), 'utf8'));
    writeFileSync(at('eksport.txt.gz'), gzipSync(readFileSync(at('eksport.txt'))));
    expect(cli(['replay', at('eksport.txt.gz'), '--summary', at('gz.json'), '--out', at('gz.ndjson'), '--quiet']).code).toBe(1);
    expect(summaryOf(at('gz.json')).claims).toEqual(summaryOf(at('csv.json')).claims);
    // NDJSON in a *.txt is still NDJSON.
    writeFileSync(at('claims.txt'), `${exampleText}\n`);
    expect(cli(['replay', at('claims.txt'), '--summary', at('nd.json'), '--out', at('nd.ndjson'), '--quiet']).code).toBe(1);
    expect(summaryOf(at('nd.json')).claims).toMatchObject({ read: 1, evaluated: 1, malformed: 0 });
  });

  it('with a character cut in half: the claims before it replayed, then the line named and the run stopped', () => {
    const broken = Buffer.concat([utf16le(`${exampleText}\n${exampleText}\n{"id":"`), Buffer.from([0x00, 0xd8]), Buffer.from('"}\n', 'utf16le')]);
    writeFileSync(at('broken.ndjson'), broken);
    const r = cli(['replay', at('broken.ndjson'), '--summary', at('broken.json'), '--out', at('broken-out.ndjson'), '--all', '--quiet']);
    expect(r.code).toBe(2);
    const why = 'line 3: the text is UTF-16 with a character cut in half (a surrogate without its pair, or an odd last byte); save it as UTF-8';
    expect(summaryOf(at('broken.json'))).toMatchObject({ complete: false, lastLine: 2, stoppedReason: `${at('broken.ndjson')}: ${why}`, claims: { read: 2, evaluated: 2 } });
    expect(readFileSync(at('broken-out.ndjson'), 'utf8').trim().split('\n')).toHaveLength(2);
    writeFileSync(at('broken-claim.json'), broken);
    const e = cli(['evaluate', at('broken-claim.json'), '--as-of', '2024-07-01']);
    expect([e.code, e.stderr.trim()]).toEqual([2, `${at('broken-claim.json')}:3: ${why.slice('line 3: '.length)}`]);
  });

  it('is refused by the API and in a rule file, saying what it is', async () => {
    const a = await post(utf16le(`{"claim":${exampleText},"asOf":"2024-07-01"}`));
    expect(a).toMatchObject({ status: 400, json: { code: 'INVALID_UTF8', message: 'the body is UTF-16 (it begins with the byte-order mark FF FE); JSON is sent as UTF-8 (RFC 8259)' } });
    const dir = at('utf16-rules');
    cpSync(join(root, 'rules'), dir, { recursive: true });
    const file = join(dir, 'parameters/gebyrer/inkassosats.yaml');
    writeFileSync(file, utf16le(readFileSync(file, 'utf8')).swap16());
    const { ruleSet, diagnostics } = checkRulesDir(dir);
    expect(ruleSet).toBeUndefined();
    expect(diagnostics.map((d) => formatDiagnostic(d))).toContain('rules/parameters/gebyrer/inkassosats.yaml:1:1: the file is UTF-16 (it begins with the byte-order mark FE FF), not UTF-8; save it as UTF-8 [INVALID_UTF8]');
  });
});

describe('amounts and dates at the boundary', () => {
  it('bounds amounts so that every sum is exact: ten large payments add up to the øre', () => {
    const claim = { ...example, principal: '9999999999.99', events: Array.from({ length: 10 }, () => ({ type: 'payment', date: '2024-04-02', amount: '999999999.99' })) };
    const result = evaluate(rules, claim, { asOf: '2024-04-02', trace: false });
    expect(result.balance.paid).toBe('9999999999.90');
    expect(() => evaluate(rules, { ...example, principal: '10000000000.00' }, { asOf: '2024-07-01' })).toThrow(InputErrors);
    try {
      evaluate(rules, { ...example, principal: '10000000000.00' }, { asOf: '2024-07-01' });
    } catch (e) {
      expect((e as InputErrors).errors[0]).toMatchObject({ pointer: '/principal', message: expect.stringContaining('at most 9999999999.99') });
    }
  });

  it('refuses years before 1900 in claims and options', async () => {
    expect(() => evaluate(rules, { ...example, invoiceDate: '0999-01-15' }, { asOf: '2024-07-01' })).toThrow(/from 1900 on/);
    expect(cli(['evaluate', join(root, 'examples/claim-egeninkasso.json'), '--as-of', '0001-01-01']).stderr).toMatch(/--as-of 0001-01-01: must be a date \(YYYY-MM-DD\) from 1900 on/);
    expect(await post(`{"claim":${exampleText},"asOf":"0999-12-31"}`)).toMatchObject({ status: 400, json: { pointer: '/asOf' } });
  });

  it('gives every JSON syntax error a line and a column', () => {
    for (const [text, col] of [['abc', 1], ['[1,]', 4], ['{"a":tru}', 6], ['{"a":1,}', 8], ['', 1]] as const) {
      const r = parseJsonText(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.at, text).toEqual({ line: 1, col });
    }
    expect(parseJsonText('{\n  "a": [1,\n  ]\n}')).toMatchObject({ ok: false, at: { line: 3, col: 3 } });
    // Nothing but spaces and line breaks: said to be empty, at its end.
    expect(parseJsonText(' \n\n')).toMatchObject({ ok: false, message: 'it is empty', at: { line: 3, col: 1 } });
  });
});


describe('the library called from plain JavaScript', () => {
  const call = (...args: unknown[]) => {
    try {
      (evaluate as (...a: unknown[]) => unknown)(...args);
      return 'no error';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  };
  it('says what is wrong with the rule set or the options, instead of a TypeError from inside', () => {
    expect(call(rules, example)).toBe("InputErrors: options must be an object such as { asOf: '2024-07-01' }, not undefined");
    expect(call(rules, example, { asOf: '2024-07-01', trace: 'no' })).toBe('InputErrors: options.trace must be true or false, not "no"');
    expect(call('rules', example, { asOf: '2024-07-01' })).toBe(`TypeError: evaluate: the first argument must be a rule set (loadRules() from 'inkassomotor/node', or parseRules().ruleSet), not "rules"`);
    expect(call(null, example, { asOf: '2024-07-01' })).toMatch(/^TypeError: evaluate: the first argument must be a rule set .*, not null$/);
    expect(call(rules, example, { asOf: '2024-07-01', trace: false })).toBe('no error');
  });

  it('and the functions that take a day number, given a date string, say so', () => {
    const run = (f: () => unknown) => { try { f(); return 'no error'; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } };
    const claim = (checkClaim(example) as { claim: Claim }).claim;
    const wrongDay = '2024-07-01' as unknown as Day;
    const said = `TypeError: the as-of date must be a day number (day('2024-07-01')), not "2024-07-01"`;
    expect(run(() => findClaim(rules, claim, wrongDay, 1))).toBe(said);
    expect(run(() => evaluateWithFindings(rules, claim, wrongDay))).toBe(said);
    expect(findClaim(rules, claim, day('2024-07-01'), 1).finding.status).toBe('violations');
    expect(checkClaim(undefined)).toMatchObject({ ok: false, errors: [{ message: 'a claim must be a JSON object ({ "id": …, "principal": …, … }), not undefined' }] });
  });

  it('parseRules refuses sources that are not { path, text }, and a file given twice', () => {
    const sources = readRuleSources(join(root, 'rules'));
    const parse = (s: unknown) => () => parseRules(s as RuleSource[]);
    expect(parse({ 'horisont.yaml': 'x' })).toThrow(/^parseRules: the sources must be a list of \{ path, text \}/);
    expect(parse([...sources, { path: 'steps/x.yaml', text: null }])).toThrow(`parseRules: source ${sources.length} must be { path, text } with two strings`);
    const step = sources.find((s) => s.path.startsWith('steps/'))!;
    // Twice, with the same text or another: never a second step of the same id, nor another version.
    for (const again of [step, { path: step.path, text: `${step.text}\n# endret\n` }]) {
      const { ruleSet, diagnostics } = parseRules([...sources, again]);
      expect(ruleSet).toBeUndefined();
      expect(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([`rules/${step.path}:1:1: ${step.path} is given twice; each rule file may be given once [DUPLICATE_ID]`]);
    }
    const yml = step.path.replace(/\.yaml$/, '.yml');
    expect(parseRules([...sources, { path: yml, text: step.text }]).diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([
      `rules/${yml}:1:1: the id ${step.path.replace(/^steps\/\d+-/, '').replace(/\.yaml$/, '')} is already defined by ${step.path} [DUPLICATE_ID]`,
    ]);
    expect(parseRules(sources).ruleSet?.version).toBe(rules.version);
  });

  it('parseGoldenCases takes each case once', () => {
    const files = readRuleSources(join(root, 'test/golden'));
    const one = files.find((f) => f.path.endsWith('.yaml'))!;
    const yml = one.path.replace(/\.yaml$/, '.yml');
    const { cases, diagnostics } = parseGoldenCases([...files, one, { path: yml, text: one.text }]);
    expect(cases).toHaveLength(parseGoldenCases(files).cases.length);
    expect(diagnostics.map((d) => formatDiagnostic(d, 'test/golden'))).toEqual([
      `test/golden/${one.path}:1:1: ${one.path} is given twice; each case may be given once [DUPLICATE_ID]`,
      `test/golden/${yml}:1:1: the case ${one.path.slice(0, -'.yaml'.length)} is already given by ${one.path} [DUPLICATE_ID]`,
    ]);
    expect(() => parseGoldenCases(null as unknown as RuleSource[])).toThrow('parseGoldenCases: the sources must be a list of { path, text }');
  });
});

describe('references with control characters', () => {
  // A claim's id is printed on its letters ("merk betalingen med …") and in every report; the
  // debtor's and the creditor's group claims for samlesak. A NUL, a line break or a tab in one
  // was accepted and printed as it was.
  const message = 'must have a character that is not a space, and no line breaks, tabs or other control characters';

  it('refuses them in the claim, the debtor and the creditor, in the library, the CLI, replay and the API', async () => {
    for (const [claim, pointer] of [
      [{ ...example, id: 'K-1\u0000' }, '/id'],
      [{ ...example, id: 'K-1\nK-2' }, '/id'],
      [{ ...example, id: '   ' }, '/id'],
      [{ ...example, id: 'K-1\u0085' }, '/id'],
      [{ ...example, debtor: { kind: 'consumer', id: 'kunde\t7' } }, '/debtor/id'],
      [{ ...example, creditor: { vatRegistered: true, id: '\u001b[31m' } }, '/creditor/id'],
    ] as const) {
      expect(() => evaluate(rules, claim, { asOf: '2024-07-01' }), pointer).toThrow(InputErrors);
      try {
        evaluate(rules, claim, { asOf: '2024-07-01' });
      } catch (e) {
        expect((e as InputErrors).errors[0]).toMatchObject({ pointer, message: `${pointer.split('/').pop()} ${message}` });
      }
    }
    const bad = JSON.stringify({ ...example, id: 'K-1\nK-2' });
    writeFileSync(at('control.json'), bad);
    const c = cli(['evaluate', at('control.json'), '--as-of', '2024-07-01']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`/id: id ${message}`);
    const r = await replay(Buffer.from(`${bad}\n${exampleText}\n`), 'ndjson');
    expect(r.summary.claims).toMatchObject({ read: 2, evaluated: 1, malformed: 1 });
    expect(r.lines[0]).toMatchObject({ line: 1, status: 'malformed', error: { code: 'INVALID_FIELD', pointer: '/id', message: `/id: id ${message}` } });
    expect(await post(`{"claim":${bad},"asOf":"2024-07-01"}`)).toMatchObject({ status: 400, json: { code: 'INVALID_FIELD', pointer: '/claim/id' } });
  });

  it('takes any printable text: spaces inside, slashes, Norwegian letters', () => {
    const claim = { ...example, id: 'Faktura 2024/Ø-17 «A»', debtor: { kind: 'consumer', id: ' 7' }, creditor: { vatRegistered: true, id: '987 654 321' } };
    expect(evaluate(rules, claim, { asOf: '2024-07-01', trace: false }).claimId).toBe('Faktura 2024/Ø-17 «A»');
  });
});
describe('a rules folder that does not play fair', () => {
  it('refuses links out, links to nothing, loops, FIFOs, devices and huge files, each at file:1:1, and the CLI exits 2', () => {
    const dir = at('hostile-rules');
    cpSync(join(root, 'rules'), dir, { recursive: true });
    const p = (name: string) => join(dir, 'parameters', name);
    symlinkSync('/dev/zero', p('zero.yaml'));
    symlinkSync('loop.yaml', p('loop.yaml'));
    symlinkSync('nowhere.yaml', p('dangling.yaml'));
    writeFileSync(at('outside.yaml'), 'title: x\n');
    symlinkSync(at('outside.yaml'), p('outside.yaml'));
    spawnSync('mkfifo', [p('fifo.yaml')]);
    writeFileSync(p('huge.yaml'), 'a'.repeat(1_000_001));
    const { diagnostics } = checkRulesDir(dir);
    const lines = diagnostics.map((d) => formatDiagnostic(d));
    expect(lines).toEqual(expect.arrayContaining([
      'rules/parameters/zero.yaml:1:1: a link to a file outside the rules folder; it is not read [UNREADABLE_FILE]',
      'rules/parameters/loop.yaml:1:1: a link loop; rule files must be regular files [UNREADABLE_FILE]',
      'rules/parameters/dangling.yaml:1:1: a link to a file that does not exist [UNREADABLE_FILE]',
      'rules/parameters/outside.yaml:1:1: a link to a file outside the rules folder; it is not read [UNREADABLE_FILE]',
      'rules/parameters/fifo.yaml:1:1: a FIFO (named pipe), not a regular file; rule files are read only from regular files [UNREADABLE_FILE]',
      'rules/parameters/huge.yaml:1:1: the file is 1000001 bytes; rule files may be at most 1000000 [FILE_TOO_LARGE]',
    ]));
    expect(readRuleSources(dir).map((s) => s.path)).not.toContain('parameters/outside.yaml');
    const c = cli(['validate', '--rules', dir]);
    expect(c.code).toBe(2);
    expect(c.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(c.stderr).toContain('fifo.yaml:1:1');
  }, 30_000);

  it('that is missing or a file is one problem naming the folder, from each library function that reads one', () => {
    writeFileSync(at('not-a-folder'), 'x');
    const cases: [string, string][] = [[at('no-such-rules'), 'no such folder'], [at('not-a-folder'), 'a file, not a folder'], [join(at('not-a-folder'), 'rules'), 'no such folder (a part of the path is a file)']];
    for (const [dir, why] of cases) {
      const { ruleSet, diagnostics } = checkRulesDir(dir);
      expect(ruleSet).toBeUndefined();
      // Only the folder's own problem: not every rule the engine needs reported missing after it.
      expect(diagnostics.map((d) => formatDiagnostic(d, dir))).toEqual([`${dir}: ${why} [UNREADABLE_FILE]`]);
      expect(() => loadRules(dir)).toThrow(`${dir}: ${why} [UNREADABLE_FILE]`);
      // Never read as an empty folder: the editor's genesis and the build would take it for one.
      expect(() => readRuleSources(dir)).toThrow(`${dir}: ${why}`);
      expect(readGoldenCases(dir)).toEqual({ cases: [], diagnostics });
    }
    expect(() => loadRules(42 as unknown as string)).toThrow('a rules folder is named by its path, a string, not number');
  });

  it('nor does a golden corpus: a case that is a link out or a FIFO fails the run, it is not skipped', () => {
    const dir = at('hostile-golden');
    cpSync(join(root, 'test/golden'), dir, { recursive: true });
    writeFileSync(at('outside-case.yaml'), 'name: x\n');
    symlinkSync(at('outside-case.yaml'), join(dir, 'purring', 'lenket.yaml'));
    spawnSync('mkfifo', [join(dir, 'purring', 'fifo.yaml')]);
    expect(readGoldenCases(dir).diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(['purring/fifo.yaml UNREADABLE_FILE', 'purring/lenket.yaml UNREADABLE_FILE']);
    const c = cli(['test', '--golden', dir]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('purring/lenket.yaml:1:1: a link to a file outside the rules folder');
  }, 30_000);
});

describe('a CSV with a quote opened and never closed', () => {
  const text = (() => {
    expect(cli(['generate', '--count', '2000', '--seed', '5', '--format', 'csv', '--out', at('g.csv')]).code).toBe(0);
    return readFileSync(at('g.csv'), 'utf8');
  })();

  it('loses no claim: the line that opened it is reported with its column, and reading goes on at the next line', async () => {
    const rows = text.split('\n');
    const victim = rows[284 - 1]!.split(',');
    victim[victim.length - 1] = `"${victim[victim.length - 1]}`;
    rows[284 - 1] = victim.join(',');
    const claims = new Set(rows.slice(1).filter(Boolean).map((r) => r.split(',')[0])).size;
    const r = await replay(Buffer.from(rows.join('\n')), 'csv');
    expect(r.summary.complete).toBe(true);
    expect(r.summary.claims.read).toBe(claims); // every claim accounted for
    expect(r.summary.claims.malformed).toBe(1);
    const bad = r.lines.find((l) => l.status === 'malformed');
    expect(bad.error.message).toMatch(/^line 284, column creditor_id: a quoted field opens here \(column \d+\) and is not closed within 200 lines; reading goes on at line 285$/);
  });

  it('also when a later stray quote closes it: the record is too wide, and both lines are reported', async () => {
    const rows = text.split('\n');
    // Line 300 opens a quote in its last field (creditor_id, empty in generated claims); a later
    // line (the last row of its claim, from line 305 on) has a stray quote inside a word, which
    // closes it: read together they make one record of several lines and too many fields.
    const claimOf = (line: number) => rows[line - 1]!.split(',')[0];
    let at = 305;
    while (claimOf(at) === claimOf(at + 1)) at++;
    const last = rows[300 - 1]!.split(',');
    last[last.length - 1] = `"${last[last.length - 1]}`;
    rows[300 - 1] = last.join(',');
    const stray = rows[at - 1]!.split(',');
    stray[1] = `${stray[1]!.slice(0, 3)}"${stray[1]!.slice(3)}`; // debtor_kind con"sumer
    rows[at - 1] = stray.join(',');
    const claims = new Set(rows.slice(1).filter(Boolean).map((r) => r.split(',')[0])).size;
    const r = await replay(Buffer.from(rows.join('\n')), 'csv');
    expect(r.summary.claims.read).toBe(claims);
    const messages = r.lines.filter((l) => l.status === 'malformed').map((l) => l.error.message as string);
    expect(messages[0]).toMatch(new RegExp(`^line 300, column creditor_id: a quoted field opens here \\(column \\d+\\) and runs over ${at - 300} more lines to line ${at}, where a quote inside a value closes it, giving a record of \\d+ fields where the header has 21; reading goes on at line 301$`));
    // Read again on its own, the stray line is a row whose debtor_kind is con"sumer: reported, not lost.
    expect(messages.slice(1)).toEqual([expect.stringMatching(new RegExp(`^line ${at}, column debtor_kind: `))]);
  });
});

describe('the commands on a terminal', () => {
  /** Control characters (C0 but line breaks and tabs, DEL, C1: U+009B is CSI, as ESC [ is). */
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('replay writes control characters from the input as escapes, never raw', () => {
    const r = cli(['replay', '-', '--workers', '0', '--out', at('ctl.ndjson')], `\u001b[2J\u001b]0;pwned\u0007\n${exampleText}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 malformed line, 0 claims that could not be evaluated');
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('\\u001b');
  });

  it('evaluate names an unknown key by its escapes', () => {
    writeFileSync(at('ctl-key.json'), JSON.stringify({ ...example, 'x\u009b2J\u001b]0;t\u0007': 1 }));
    const r = cli(['evaluate', at('ctl-key.json'), '--as-of', '2024-07-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain("/x\\u009b2J\\u001b]0;t\\u0007: unknown property 'x\\u009b2J\\u001b]0;t\\u0007'");
  });

  it('letters and samlesak list a CSV claim whose id has control characters by their escapes', () => {
    const header = 'claim_id,debtor_kind,collection,creditor_vat,principal,invoice_date,due_date,event_type,event_date,fee,deadline_days,amount,debtor_id,creditor_id';
    const row = (id: string) => `${id},consumer,fremmedinkasso,true,1000.00,2024-01-01,2024-01-15,inkassovarsel,2024-02-01,,14,,d1,c1`;
    // A clear-screen sequence in an id, and its rows not together.
    writeFileSync(at('ctl.csv'), [header, row('K\u009b2J'), row('K-2'), row('K\u009b2J')].join('\n') + '\n');
    const letters = cli(['letters', at('ctl.csv'), '--date', '2024-03-01', '--format', 'json', '--out', at('ctl-letters')]);
    expect(letters.stderr).not.toMatch(RAW);
    expect(letters.stderr).toContain('  not read: line 2, column claim_id: /id: id must have a character that is not a space, and no line breaks, tabs or other control characters\n');
    expect(letters.stderr).toContain('  not read: line 4: rows of claim "K\\u009b2J" are not together; sort the file by claim_id\n');
    const samlesak = cli(['samlesak', at('ctl.csv')]);
    expect(samlesak.stdout).not.toMatch(RAW);
    expect(samlesak.stdout).toContain('  linje 4 K\\u009b2J: rows of claim "K\\u009b2J" are not together; sort the file by claim_id [CSV_NOT_GROUPED]\n');
  });
});

describe('--compare', () => {
  it('counts and reports the claims the proposed rules cannot evaluate, with the code', async () => {
    const dir = at('proposed');
    cpSync(join(root, 'rules'), dir, { recursive: true });
    const file = join(dir, 'parameters/rente/forsinkelsesrente.yaml');
    // The proposed rules stop knowing the rate after 2023.
    const t = readFileSync(file, 'utf8');
    writeFileSync(file, t.slice(0, t.indexOf('  - valid_from: 2024-01-01')));
    const proposed = checkRulesDir(dir).ruleSet!;
    expect(proposed).toBeDefined();
    const r = await replay(Buffer.from(`${exampleText}\n`), 'ndjson', proposed);
    expect(r.summary.compare).toMatchObject({ failedOnlyOneSide: 1, failedByCode: [{ side: 'after', claims: 1, code: 'RULE_VALUE_MISSING' }] });
    expect(r.lines[0]).toMatchObject({ failed: 'after', error: { code: 'RULE_VALUE_MISSING', message: expect.stringContaining('rente.forsinkelsesrente') } });
  });
});

describe('older rule versions', () => {
  it(`are rebuilt at most ${MAX_REBUILDS_PER_SECOND} a second; beyond that BUSY, not a blocked server`, () => {
    const rate = 'parameters/rente/forsinkelsesrente.yaml';
    let sources = readRuleSources(join(root, 'rules'));
    const journal: JournalEntry[] = [];
    let previous = rules.version;
    for (let i = 1; i <= 10; i++) {
      const before = sources.find((s) => s.path === rate)!.text;
      const after = `${before}# change ${i}\n`;
      sources = sources.map((s) => (s.path === rate ? { ...s, text: after } : s));
      const version = loadRulesFrom(sources).version;
      journal.push({ id: `e${String(i).padStart(5, '0')}`, seq: i, publishedAt: '2026-11-01T00:00:00.000Z', title: `change ${i}`, previousVersion: previous, version, files: [{ path: rate, before, after }] } as unknown as JournalEntry);
      previous = version;
    }
    let now = 0;
    const v = ruleVersions(loadRulesFrom(sources), journal, undefined, { clock: () => now });
    const old = v.list.slice(0, -1).map((x) => x.version);
    const answers = old.slice(0, MAX_REBUILDS_PER_SECOND + 2).map((ver) => v.resolve(ver));
    expect(answers.slice(0, MAX_REBUILDS_PER_SECOND).every((a) => a.ok)).toBe(true);
    expect(answers[MAX_REBUILDS_PER_SECOND]).toMatchObject({ ok: false, code: 'BUSY' });
    expect(v.resolve(old[0])).toMatchObject({ ok: true }); // kept: no rebuild
    now += 1000;
    expect(v.resolve(old[MAX_REBUILDS_PER_SECOND + 1])).toMatchObject({ ok: true });
  });
});

function loadRulesFrom(sources: ReturnType<typeof readRuleSources>) {
  const dir = mkdtempSync(join(work, 'v-'));
  for (const s of sources) {
    mkdirSync(join(dir, s.path, '..'), { recursive: true });
    writeFileSync(join(dir, s.path), s.text);
  }
  return loadRules(dir);
}
