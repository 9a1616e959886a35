/**
 * The HTTP API as an integrator meets it: results equal to the library's and valid against
 * result.schema.json, errors as JSON with a status, a code and the pointer of the bad field,
 * pinned rule versions from the editor's journal, limits, the token, the OpenAPI document, and
 * no input that makes it fail with 500.
 */
import { gzipSync } from 'node:zlib';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../engine/api/app.ts';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import { listen, type RunningServer } from '../../engine/api/serve.ts';
import { evaluate, loadRules, parseRules, readRuleSources, validatorFor, validatorForDef } from '../../engine/node.ts';
import { openApiText } from '../../scripts/generate-openapi.ts';
import { fileURLToPath } from 'node:url';

const work = mkdtempSync(join(tmpdir(), 'inkasso-api-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const example = JSON.parse(readFileSync(new URL('../../examples/claim-egeninkasso.json', import.meta.url), 'utf8'));
const bundled = loadRules();

// A rules folder with one change published in the editor: forsinkelsesrente 1. halvår 2024
// corrected from 12.50 to 13.50 %. The journal keeps the file before and after.
const rulesDir = join(work, 'rules');
const dataDir = join(work, 'data');
const RATE_FILE = 'parameters/rente/forsinkelsesrente.yaml';
cpSync(fileURLToPath(new URL('../../rules/', import.meta.url)), rulesDir, { recursive: true });
mkdirSync(dataDir);
const before = readFileSync(join(rulesDir, RATE_FILE), 'utf8');
const at = before.indexOf('valid_from: 2024-01-01');
const after = before.slice(0, at) + before.slice(at).replace('value: "12.50"', 'value: "13.50"');
writeFileSync(join(rulesDir, RATE_FILE), after);
const published = parseRules(readRuleSources(rulesDir)).ruleSet!;
writeFileSync(join(dataDir, 'history.jsonl'), `${JSON.stringify({
  id: 'e00001', seq: 1, publishedAt: '2026-11-20T10:00:00.000Z', title: 'Forsinkelsesrente 1. halvår 2024 rettet',
  previousVersion: bundled.version, version: published.version, files: [{ path: RATE_FILE, before, after }],
  author: 'kari', approver: 'ola', reason: 'test', hjemmel: 'forsinkelsesrenteloven § 3', draftId: 'd1', golden: [], preview: {},
})}\n`);

function apiWith(o: { token?: string; maxBodyBytes?: number } = {}) {
  return createApi({
    versions: folderVersions({ rulesDir, dataDir }), today: () => '2024-03-01', uptime: () => 1, log: () => {}, validateResponses: true, ...o,
  });
}
const api = apiWith();

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
  const res = await api.fetch(new Request(`http://api.test/api/v1${path}`, init));
  const json = await res.json();
  if (res.status >= 400) {
    const valid = validatorForDef('api.schema.json', 'error');
    expect(valid(json), JSON.stringify(valid.errors)).toBe(true);
    expect(json.status).toBe(res.status);
  }
  return { status: res.status, json, headers: res.headers };
}

// No events: interest on 10 000 from 2024-01-01 to 2024-06-30, 182 days of 366.
const plain = { ...example, id: 'R-1', dueDate: '2023-12-31', invoiceDate: '2023-12-01', events: [] };

describe('POST /api/v1/evaluate', () => {
  it('answers the same result as the library, valid against result.schema.json, without the trace unless asked', async () => {
    const r = await call('POST', '/evaluate', { claim: example, asOf: '2024-07-01', rulesVersion: bundled.version });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(evaluate(bundled, example, { asOf: '2024-07-01', trace: false }));
    expect(r.json.interest.total).toBe('332.66');
    expect(validatorFor('result.schema.json')(r.json)).toBe(true);
    expect(r.json.trace).toEqual([]);
    const traced = await call('POST', '/evaluate', { claim: example, asOf: '2024-07-01', trace: true });
    expect(traced.json.trace.length).toBeGreaterThan(10);
  });

  it('uses the latest published rules unless a version is pinned', async () => {
    // Hand-checked: 10 000 × 13.50 % × 182/366 = 671.31; at 12.50 %: 621.58.
    const latest = await call('POST', '/evaluate', { claim: plain, asOf: '2024-06-30' });
    expect(latest.json).toMatchObject({ rulesVersion: published.version, interest: { total: '671.31' } });
    const pinned = await call('POST', '/evaluate', { claim: plain, asOf: '2024-06-30', rulesVersion: bundled.version.slice(0, 10) });
    expect(pinned.json).toMatchObject({ rulesVersion: bundled.version, interest: { total: '621.58' } });
  });

  it('names the bad field by its JSON pointer', async () => {
    const cases: [unknown, number, string, string, RegExp][] = [
      [{ claim: { ...example, events: [{ ...example.events[0], date: '2024-02-30' }] }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/events/0/date', /date must be a date \(YYYY-MM-DD\) from 1900 on \(February 2024 has 29 days\)/],
      [{ claim: { ...example, principal: '-100.00' }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/principal', /never negative/],
      [{ claim: { ...example, principal: 1250 }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/principal', /must be an amount in kroner .*; write it in quotes: "1250" \(a number is read as a binary fraction, which can lose øre\)$/],
      [{ claim: { ...example, principal: '1 250,50' }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/principal', /; write "1 250,50" as "1250.50"$/],
      [{ claim: { ...example, invoiceDate: 20240101 }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/invoiceDate', /invoiceDate must be a date \(YYYY-MM-DD\) from 1900 on \(a date is text: "YYYY-MM-DD", in quotes\)$/],
      [{ claim: { ...example, colour: 'red' }, asOf: '2024-07-01' }, 400, 'UNKNOWN_FIELD', '/claim/colour', /colour/],
      [{ claim: { ...example, events: [{ type: 'brev', date: '2024-04-02' }] }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/events/0/type', /purring/],
      [{ claim: { ...example, dueDate: '2024-02-01' }, asOf: '2024-07-01' }, 400, 'DATE_ORDER', '/claim/dueDate', /before invoiceDate/],
      // Nothing owed, and a payment of nothing, which would have interrupted foreldelse as a part payment.
      [{ claim: { ...example, principal: '0.00' }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/principal', /: principal must be more than 0\.00: a claim of 0\.00 has nothing to collect$/],
      [{ claim: { ...example, events: [{ type: 'payment', date: '2024-05-02', amount: '0' }] }, asOf: '2024-07-01' }, 400, 'INVALID_FIELD', '/claim/events/0/amount', /: amount must be more than 0\.00: a payment of 0\.00 is no part payment, and does not interrupt foreldelse; leave the event out$/],
      [{ claim: example, asOf: '2024-13-01' }, 400, 'INVALID_FIELD', '/asOf', /YYYY-MM-DD\) from 1900 on \(there is no month 13\)/],
      [{ claim: example }, 400, 'INVALID_FIELD', '', /asOf/],
      [{ claim: example, asOf: '2024-07-01', rulesVersion: 'xyz' }, 400, 'INVALID_FIELD', '/rulesVersion', /rulesVersion/],
      [{ claim: example, asOf: '2024-07-01', rulesVersion: 'abcdef0123' }, 404, 'UNKNOWN_RULES_VERSION', '/rulesVersion', /GET \/api\/v1\/rules/],
      [[example], 400, 'INVALID_FIELD', '', /must be a map \(JSON object\)/],
    ];
    for (const [body, status, code, pointer, message] of cases) {
      const r = await call('POST', '/evaluate', body);
      expect({ status: r.status, code: r.json.code, pointer: r.json.pointer }, JSON.stringify(r.json)).toEqual({ status, code, pointer });
      expect(r.json.message).toMatch(message);
    }
  });

  it('lists every problem, not only the first', async () => {
    const r = await call('POST', '/evaluate', { claim: { ...example, principal: 'ti tusen', dueDate: '15.03.2024' }, asOf: '2024-07-01' });
    expect(r.json.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/claim/dueDate', '/claim/principal']);
    expect(r.json.message).toMatch(/\(and 1 more problem\)$/);
  });

  it('says in one problem that a body is a claim by itself, with the request to send it in, for every endpoint that takes claims', async () => {
    // It listed ten: claim and asOf missing, and each field of the claim unknown.
    const forms: [string, string][] = [
      ['/evaluate', '{ "claim": { … }, "asOf": "YYYY-MM-DD" }'],
      ['/evaluate/batch', '{ "claims": [ { … } ], "asOf": "YYYY-MM-DD" }'],
      ['/letters', '{ "claim": { … }, "step": "purring", "date": "YYYY-MM-DD" }'],
      ['/letters/due', '{ "claims": [ { … } ], "date": "YYYY-MM-DD" }'],
      ['/ledger', '{ "claim": { … }, "asOf": "YYYY-MM-DD" }'],
      ['/samlesak', '{ "claims": [ { … } ] }'],
    ];
    for (const [path, form] of forms) {
      const r = await call('POST', path, example);
      expect(r.status, path).toBe(400);
      expect(r.json, path).toMatchObject({ code: 'INVALID_FIELD', pointer: '', message: `the body is a claim by itself; send it inside the request: ${form}` });
      expect(r.json.problems, path).toHaveLength(1);
    }
    // A request with a stray claim field is a request: its problems are said as before.
    const stray = await call('POST', '/evaluate', { claim: example, asOf: '2024-07-01', principal: '1.00' });
    expect(stray.json.message).toBe("/principal: unknown property 'principal' (allowed: claim, asOf, rulesVersion, trace)");
  });

  it('says where the JSON breaks, and refuses other media types and bodies over the limit', async () => {
    const broken = await call('POST', '/evaluate', '{\n  "claim": {\n    "id": "K-1",\n  }\n}');
    expect(broken.json).toMatchObject({ status: 400, code: 'INVALID_JSON', pointer: '' });
    expect(broken.json.message).toMatch(/line 4, column 3/);
    const text = await call('POST', '/evaluate', JSON.stringify({ claim: example, asOf: '2024-07-01' }), { 'content-type': 'text/plain' });
    expect(text.json).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    // A gzipped body was refused as "not valid UTF-8 at byte 0x8b".
    const gzipped = await call('POST', '/evaluate', new Uint8Array(gzipSync(JSON.stringify({ claim: example, asOf: '2024-07-01' }))), { 'content-encoding': 'gzip' });
    expect(gzipped.json).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body uncompressed, without Content-Encoding (not gzip)' });
    const identity = await call('POST', '/evaluate', JSON.stringify({ claim: example, asOf: '2024-07-01' }), { 'content-encoding': 'identity' });
    expect(identity.status).toBe(200);
    const small = apiWith({ maxBodyBytes: 200 });
    const res = await small.fetch(new Request('http://api.test/api/v1/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claim: example, asOf: '2024-07-01' }) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a claim of a million bytes of empty events at once: one problem, not one per event', async () => {
    // 349 000 events in 1 MiB: the schema's errors were gathered by copying (quadratic), and this
    // request held the server for minutes. Now the count is refused before the schema looks, and a
    // batch's claims (at most 20 000 events) are checked in linear time.
    const claim = { ...example, events: Array.from({ length: 349_000 }, () => ({})) };
    const body = JSON.stringify({ claim, asOf: '2024-07-01' });
    expect(body.length).toBeLessThan(1 << 20);
    const r = await call('POST', '/evaluate', body);
    expect(r.json).toMatchObject({ status: 400, code: 'INVALID_FIELD', pointer: '/claim/events' });
    expect(r.json.message).toContain('at most 2000 items (this claim has 349000)');
    const many = { ...example, events: Array.from({ length: 2000 }, () => ({ type: 'payment', date: '2024-05-01', amount: '1.00', x: 1 })) };
    const b = await call('POST', '/evaluate/batch', { claims: Array.from({ length: 10 }, () => many), asOf: '2024-07-01' });
    expect(b.json.counts).toEqual({ ok: 0, invalid: 10, failed: 0 });
    expect(b.json.results[9].error).toMatchObject({ code: 'UNKNOWN_FIELD', pointer: '/claims/9/events/0/x' });
  });

  it('answers 422 naming the missing rule and date when the rules have no value, never a guess', async () => {
    const early = { ...plain, invoiceDate: '2003-11-15', dueDate: '2003-12-01', events: [] };
    const r = await call('POST', '/evaluate', { claim: early, asOf: '2004-02-01' });
    expect(r.json).toMatchObject({ status: 422, code: 'RULE_VALUE_MISSING', rule: 'dagberegning.forste-rentedag', date: '2003-12-01' });
    expect(r.json.message).toMatch(/dagberegning\.forste-rentedag has no value for 2003-12-01/);
  });

  it('answers 422 RULES_NOT_REVIEWED naming the horizon for a date after it', async () => {
    const r = await call('POST', '/evaluate', { claim: plain, asOf: '2031-01-01' });
    expect(r.json).toMatchObject({ status: 422, code: 'RULES_NOT_REVIEWED', rule: 'horisont', date: '2031-01-01' });
    expect(r.json.message).toContain('2026-12-31');
  });

  it('never answers 500 to anything a client sends', async () => {
    const bodies = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ claim: fc.anything(), asOf: fc.anything() }).map((b) => JSON.stringify(b)),
      fc.record({ claim: fc.record({ ...Object.fromEntries(Object.keys(example).map((k) => [k, fc.anything()])) }, { requiredKeys: [] }), asOf: fc.constantFrom('2024-07-01', '0000-00-00', '') }).map((b) => JSON.stringify(b)),
    );
    await fc.assert(fc.asyncProperty(bodies, async (body) => {
      const res = await api.fetch(new Request('http://api.test/api/v1/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
      const json = await res.json();
      expect(res.status, `${body} → ${JSON.stringify(json)}`).toBeLessThan(500);
    }), { numRuns: 300, seed: 20261122 });
    // Deep nesting and a huge number of fields.
    for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), JSON.stringify({ claim: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, i])), asOf: '2024-07-01' })]) {
      const r = await call('POST', '/evaluate', body);
      expect(r.status).toBe(400);
    }
  });
});

describe('POST /api/v1/evaluate/batch', () => {
  it('evaluates each claim on its own: a bad one gets its error, the others their results', async () => {
    const claims = [example, { ...example, id: 'K-bad', principal: '-1' }, plain];
    const r = await call('POST', '/evaluate/batch', { claims, asOf: '2024-07-01', rulesVersion: bundled.version });
    expect(r.status).toBe(200);
    const valid = validatorForDef('api.schema.json', 'batchResponse');
    expect(valid(r.json), JSON.stringify(valid.errors)).toBe(true);
    expect(r.json.counts).toEqual({ ok: 2, invalid: 1, failed: 0 });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['ok', 'invalid', 'ok']);
    expect(r.json.results[0].result).toEqual(evaluate(bundled, example, { asOf: '2024-07-01', trace: false }));
    expect(r.json.results[1]).toMatchObject({ index: 1, claimId: 'K-bad', error: { code: 'INVALID_FIELD', pointer: '/claims/1/principal' } });
    // An item that is a request around a claim is one problem, not every property a claim lacks.
    const wrapped = await call('POST', '/evaluate/batch', { claims: [example, { claim: example, asOf: '2024-07-01' }], asOf: '2024-07-01' });
    expect(wrapped.json.results[1]).toMatchObject({ index: 1, status: 'invalid', error: { code: 'INVALID_FIELD', pointer: '/claims/1', message: '/claims/1: the item is the body of a request ({ "claim": …, "asOf": … }); a batch lists the claims themselves: the value of "claim"' } });
    expect(wrapped.json.results[1].error.problems).toHaveLength(1);
  });

  it('reports claims the rules cannot evaluate as failed, refuses a batch past the horizon as a whole, and refuses more than 1000 claims', async () => {
    // Past the horizon every claim would fail alike: the batch is refused once, at its date.
    const r = await call('POST', '/evaluate/batch', { claims: [plain, plain], asOf: '2031-01-01' });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ status: 422, code: 'RULES_NOT_REVIEWED', rule: 'horisont', date: '2031-01-01', pointer: '/asOf' });
    const rateMissing = await call('POST', '/evaluate/batch', { claims: [{ ...plain, dueDate: '1990-01-15', invoiceDate: '1990-01-01' }], asOf: '1990-07-01' });
    expect(rateMissing.json.results[0]).toMatchObject({ status: 'failed', error: { status: 422, code: 'RULE_VALUE_MISSING', pointer: '/claims/0' } });
    const many = await call('POST', '/evaluate/batch', { claims: Array.from({ length: 1001 }, () => plain), asOf: '2024-07-01' });
    expect(many.json).toMatchObject({ status: 400, pointer: '/claims' });
    expect(many.json.message).toMatch(/1000/);
  });
});

describe('GET /api/v1/rules', () => {
  it('lists the published versions, oldest first, with the latest marked', async () => {
    const r = await call('GET', '/rules');
    expect(r.json).toEqual({
      latest: published.version,
      versions: [
        { version: bundled.version, publishedAt: null, title: 'Reglene før første publiserte endring', latest: false },
        { version: published.version, publishedAt: '2026-11-20T10:00:00.000Z', title: 'Forsinkelsesrente 1. halvår 2024 rettet', change: 'e00001', latest: true },
      ],
    });
    const info = await call('GET', `/rules/${bundled.version.slice(0, 8)}`);
    expect(info.json.version.version).toBe(bundled.version);
    expect(info.json.parameters.find((p: { id: string }) => p.id === 'rente.forsinkelsesrente')).toMatchObject({ unit: 'percent', from: '2004-01-01' });
    expect(info.json.steps.map((s: { event: string }) => s.event)).toContain('inkassovarsel');
  });

  it('gives the value in force on a date, with hjemmel and source, for each version', async () => {
    const now = await call('GET', '/rules/latest/parameters/rente.forsinkelsesrente?date=2024-03-01');
    expect(now.json).toMatchObject({ rulesVersion: published.version, value: '13.50', validFrom: '2024-01-01', validTo: '2024-06-30', hjemmel: 'forsinkelsesrenteloven § 3 første ledd', status: 'P' });
    const then = await call('GET', `/rules/${bundled.version}/parameters/rente.forsinkelsesrente?date=2024-03-01`);
    expect(then.json).toMatchObject({ rulesVersion: bundled.version, value: '12.50' });
    // Without ?date=: today (2024-03-01 here).
    const sats = await call('GET', '/rules/latest/parameters/gebyrer.inkassosats');
    expect(sats.json).toMatchObject({ date: '2024-03-01', value: '700.00', unit: 'NOK' });
    const scale = await call('GET', '/rules/latest/parameters/salaer.salaersatser?date=2024-03-01');
    expect(scale.json.brackets[0]).toEqual({ upTo: '500.00', rates: { lett: '0.25', tung: '0.5' } });
  });

  it('answers 404 for an unknown version or parameter or a date without a value, 400 for a bad date', async () => {
    expect((await call('GET', '/rules/0000000000/parameters/gebyrer.inkassosats')).json).toMatchObject({ status: 404, code: 'UNKNOWN_RULES_VERSION' });
    expect((await call('GET', '/rules/..%2F..%2Fetc/parameters/x')).json).toMatchObject({ status: 404, code: 'UNKNOWN_RULES_VERSION' });
    expect((await call('GET', '/rules/latest/parameters/gebyrer.ingenting')).json).toMatchObject({ status: 404, code: 'UNKNOWN_PARAMETER' });
    expect((await call('GET', '/rules/latest/parameters/rente.forsinkelsesrente?date=2003-01-01')).json).toMatchObject({ status: 404, code: 'NO_VALUE_ON_DATE' });
    // After the review horizon nothing is known, not even a value open to further notice.
    expect((await call('GET', '/rules/latest/parameters/gebyrer.inkassosats?date=2027-03-01')).json).toMatchObject({ status: 422, code: 'RULES_NOT_REVIEWED', date: '2027-03-01' });
    expect((await call('GET', '/rules/latest/parameters/rente.forsinkelsesrente?date=2024-02-30')).json).toMatchObject({ status: 400, code: 'INVALID_FIELD', message: 'date must be a date (YYYY-MM-DD) from 1900 on, not "2024-02-30" (February 2024 has 29 days)' });
    // A misspelt or repeated date is refused, not answered with today's value or the first one.
    expect((await call('GET', '/rules/latest/parameters/rente.forsinkelsesrente?dato=2024-03-01')).json).toMatchObject({ status: 400, code: 'UNKNOWN_FIELD', message: 'unknown query parameter "dato" (allowed: date)' });
    expect((await call('GET', '/rules/latest/parameters/rente.forsinkelsesrente?date=2024-03-01&date=2026-03-01')).json).toMatchObject({ status: 400, code: 'INVALID_FIELD', message: 'date is given 2 times; give it once' });
  });

  it('refuses a query parameter on a POST: the fields go in the body', async () => {
    const r = await call('POST', '/evaluate?trace=true', { claim: example, asOf: '2024-07-01' });
    expect(r.json).toEqual({ status: 400, code: 'UNKNOWN_FIELD', message: 'unknown query parameter "trace": POST /api/v1/evaluate takes its fields in the JSON body', pointer: '' });
    expect((await call('POST', '/evaluate?', { claim: example, asOf: '2024-07-01' })).json).toMatchObject({ claimId: example.id });
  });
});

describe('the rest of the surface', () => {
  it('health, 404 and 405 as JSON', async () => {
    expect((await call('GET', '/health')).json).toEqual({ status: 'ok', rulesVersion: published.version, versions: 2, uptimeSeconds: 1 });
    const missing = await call('GET', '/evaluat');
    expect(missing.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const wrong = await call('GET', '/evaluate');
    expect(wrong.json).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('answers an unexpected failure with 500 INTERNAL as JSON, logs it, and shows no stack', async () => {
    const logged: string[] = [];
    const failing = createApi({ versions: () => { throw new Error('disk on fire'); }, today: () => '2024-03-01', uptime: () => 1, log: (m) => logged.push(JSON.stringify(m)) });
    const res = await failing.fetch(new Request('http://api.test/api/v1/rules'));
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ status: 500, code: 'INTERNAL', message: 'the server failed to answer; the failure is logged' });
    expect(body).not.toContain('disk on fire');
    expect(logged.join('\n')).toContain('disk on fire');
  });

  it('asks for the token when one is set, except for health and the OpenAPI document', async () => {
    const guarded = apiWith({ token: 's3cret-token' });
    const req = (path: string, auth?: string) => guarded.fetch(new Request(`http://api.test/api/v1${path}`, { headers: auth ? { authorization: auth } : {} }));
    const refused = await req('/rules');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await req('/rules', 'Bearer wrong')).status).toBe(401);
    expect((await req('/rules', 'Bearer s3cret-token')).status).toBe(200);
    expect((await req('/health')).status).toBe(200);
    expect((await req('/openapi.json')).status).toBe(200);
  });

  it('serves the checked-in OpenAPI 3.1 document (npm run gen:openapi), whose schemas compile', async () => {
    const doc = (await call('GET', '/openapi.json')).json;
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(openApiText()).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/evaluate', '/evaluate/batch', '/health', '/ledger', '/letters', '/letters/due', '/openapi.json', '/rules', '/rules/{version}', '/rules/{version}/parameters/{id}', '/samlesak']);
    // Every reference resolves inside the document: no $id for a client generator to fetch.
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    expect(text).not.toContain('"$id"');
    expect(doc.info.license.name).toBeTruthy();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(item)) expect(Object.keys(op.responses).some((c) => c.startsWith('4')), `${method} ${path} has a 4xx response`).toBe(true);
    }
  });
});

describe('over a real socket', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await listen(api, { port: 0, host: '127.0.0.1' }); });
  afterAll(async () => { await server.close(); });

  it('refuses a body over the limit, streamed without a length, and keeps serving', async () => {
    const small = await listen(apiWith({ maxBodyBytes: 10_000 }), { port: 0, host: '127.0.0.1' });
    try {
      const chunks = new ReadableStream({
        start(c) {
          for (let i = 0; i < 100; i++) c.enqueue(new TextEncoder().encode(' '.repeat(1000)));
          c.close();
        },
      });
      const res = await fetch(`http://127.0.0.1:${small.port}/api/v1/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
      const ok = await fetch(`http://127.0.0.1:${small.port}/api/v1/health`);
      expect(ok.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('evaluates over HTTP', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claim: example, asOf: '2024-07-01' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await res.json()).balance).toEqual(evaluate(published, example, { asOf: '2024-07-01' }).balance);
  });
});
