/**
 * The HTTP server against a hostile or careless client: bounded batches answered as a stream
 * while health keeps answering, slow headers and bodies cut by timeouts, a connection cap, large
 * answers that finish after SIGTERM, a client that hangs up mid-body logged as one debug line,
 * JSON log lines with a request id, the bearer scheme in any case, and CORS only when asked.
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, MAX_BATCH_EVENTS } from '../../engine/api/app.ts';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import type { LogEntry } from '../../engine/api/log.ts';
import { listen, type RunningServer } from '../../engine/api/serve.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/inkasso.cjs');
const example = JSON.parse(readFileSync(join(root, 'examples/claim-egeninkasso.json'), 'utf8'));
const logged: LogEntry[] = [];
const versions = folderVersions({ rulesDir: join(root, 'rules') });
const api = createApi({ versions, today: () => '2024-07-01', uptime: () => 1, log: (e) => logged.push(e), validateResponses: true, token: 's3cret' });
let server: RunningServer;
let base: string;
beforeAll(async () => {
  server = await listen(api, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${server.port}/api/v1`;
});
afterAll(async () => { await server.close(1000); });

const auth = { authorization: 'Bearer s3cret' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A claim with n events in all: its own letters, then part payments of 1 kr. */
function claimWith(n: number, id: string) {
  const events = Array.from({ length: n }, () => ({ type: 'payment', date: '2024-04-02', amount: '1.00' }));
  return { ...example, id, events: [...example.events, ...events].slice(0, n) };
}

/** Opens a socket (to the shared server, or to `port`) and resolves when the server closes it, with how long that took. */
function closedAfter(send: (s: Socket) => void, port = server.port): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = connect(port, '127.0.0.1', () => send(s));
    s.on('error', () => {});
    s.resume(); // read, so that the server's close is seen
    s.on('close', () => resolve(performance.now() - t0));
    setTimeout(() => reject(new Error('the server kept a slow connection open')), 20_000).unref();
  });
}

describe('batches', () => {
  it('refuses a batch with more events than the limit (413 BATCH_TOO_LARGE) and a trace for more than 10 claims', async () => {
    const per = 1000;
    const claims = Array.from({ length: MAX_BATCH_EVENTS / per + 1 }, (_, i) => claimWith(per, `K${i}`));
    const big = await post('/evaluate/batch', { claims, asOf: '2024-07-01' });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'BATCH_TOO_LARGE', pointer: '/claims' });
    const traced = await post('/evaluate/batch', { claims: Array.from({ length: 11 }, (_, i) => ({ ...example, id: `T${i}` })), asOf: '2024-07-01', trace: true });
    expect(traced.status).toBe(400);
    expect(await traced.json()).toMatchObject({ code: 'INVALID_FIELD', pointer: '/trace' });
  });

  it('gives a number or null among the claims its own error, and evaluates the others', async () => {
    const r = await post('/evaluate/batch', { claims: [5, null, example], asOf: '2024-07-01' });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.counts).toEqual({ ok: 1, invalid: 2, failed: 0 });
    expect(body.results.map((x: { status: string; error?: { pointer: string } }) => [x.status, x.error?.pointer])).toEqual([['invalid', '/claims/0'], ['invalid', '/claims/1'], ['ok', undefined]]);
  });

  it('streams the answer as it is computed, and health answers while a reader holds it back', async () => {
    const claims = Array.from({ length: 1000 }, (_, i) => claimWith(19, `S${i}`));
    const body = JSON.stringify({ claims, asOf: '2024-07-01' });
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(`${base}/evaluate/batch`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth } }, resolve);
      req.on('error', reject);
      req.end(body);
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked'); // streamed, not built whole first
    res.pause(); // a slow reader: the batch waits for it
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    res.resume();
    let text = '';
    res.setEncoding('utf8');
    for await (const chunk of res) text += chunk;
    const parsed = JSON.parse(text);
    expect(parsed.counts.ok).toBe(1000);
    expect(parsed.results.map((x: { index: number }) => x.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  }, 60_000);
});

describe('slow and greedy clients', () => {
  it('closes connections whose headers or body do not arrive in time', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'test/api/slow-clients.fixture.ts')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const { headersMs, bodyMs } = JSON.parse(r.stdout) as { headersMs: number; bodyMs: number };
    // Limits of 1 s for the headers and 2 s for the whole request, checked every 250 ms.
    expect(headersMs).toBeGreaterThanOrEqual(900);
    expect(headersMs).toBeLessThan(10_000);
    expect(bodyMs).toBeGreaterThanOrEqual(900);
    expect(bodyMs).toBeLessThan(10_000);
  }, 40_000);

  it('takes no more connections than its cap', async () => {
    // A server of its own: the shared one may still hold keep-alive connections of the tests
    // before, which close on their own within its keep-alive timeout and would free a place.
    const capped = await listen(api, { port: 0, host: '127.0.0.1', limits: { maxConnections: 20 } });
    try {
      const open: Socket[] = [];
      const closed = new Set<Socket>();
      for (let i = 0; i < 20; i++) {
        open.push(await new Promise<Socket>((r) => {
          const s = connect(capped.port, '127.0.0.1', () => r(s));
          s.on('error', () => {});
          s.resume();
          s.on('close', () => closed.add(s));
        }));
      }
      const refused = await closedAfter(() => {}, capped.port);
      expect(refused).toBeLessThan(5_000); // at once, not after the 10 s headers timeout
      expect(closed.size, 'connections within the cap were closed').toBe(0);
      for (const s of open) s.destroy();
      // And takes them again once those have gone.
      await expect.poll(() => fetch(`http://127.0.0.1:${capped.port}/api/v1/health`).then((r) => r.status, () => 0), { timeout: 15_000, interval: 50 }).toBe(200);
    } finally {
      await capped.close(1000);
    }
  });

  it('logs a client that hangs up mid-body as one debug line, not an internal error', async () => {
    const before = logged.length;
    await closedAfter((s) => {
      s.write('POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nAuthorization: Bearer s3cret\r\n\r\n{"claim":');
      setTimeout(() => s.destroy(), 100);
    });
    // The server notices the hang-up on its next read of the body, and says so in one debug line.
    await expect.poll(() => logged.slice(before).filter((l) => l.msg === 'client closed the connection before its request was read').length, { timeout: 15_000 }).toBe(1);
    const lines = logged.slice(before);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.find((l) => l.level === 'debug')).toMatchObject({ method: 'POST', path: '/api/v1/evaluate' });
  });
});

describe('the log and the headers', () => {
  it('writes JSON log entries with the request id, which the response returns', async () => {
    const r = await fetch(`${base}/health`, { headers: { 'x-request-id': 'probe-42' } });
    expect(r.headers.get('x-request-id')).toBe('probe-42');
    expect(logged.find((l) => l.requestId === 'probe-42')).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/api/v1/health', status: 200 });
    const fresh = await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns the request id on every kind of answer, the streamed ones too, and sends an evaluation whole, with its length', async () => {
    const bare = { ...example, events: [] };
    const requests: [string, string, RequestInit][] = [
      ['health', '/health', {}],
      ['the OpenAPI document', '/openapi.json', {}],
      ['an evaluation', '/evaluate', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ claim: example, asOf: '2024-07-01' }) }],
      ['invalid JSON', '/evaluate', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"claim":' }],
      ['no token', '/rules', {}],
      ['no such endpoint', '/nowhere', { headers: auth }],
      ['a method not allowed', '/evaluate', { method: 'DELETE', headers: auth }],
      ['a batch (streamed)', '/evaluate/batch', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ claims: [example, bare], asOf: '2024-07-01' }) }],
      ['a letter as PDF', '/letters', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ claim: bare, step: 'purring', date: '2024-04-02', format: 'pdf' }) }],
      ['a letter as HTML', '/letters', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ claim: bare, step: 'purring', date: '2024-04-02', format: 'html' }) }],
    ];
    const statuses: number[] = [];
    for (const [i, [label, path, init]] of requests.entries()) {
      const r = await fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), 'x-request-id': `probe-${i}` } });
      statuses.push(r.status);
      expect(r.headers.get('x-request-id'), label).toBe(`probe-${i}`);
      const body = Buffer.from(await r.arrayBuffer());
      // A JSON answer is sent whole, with its length (a batch is streamed as it is computed).
      if (label === 'an evaluation') {
        expect(r.headers.get('transfer-encoding')).toBeNull();
        expect(Number(r.headers.get('content-length'))).toBe(body.length);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 400, 401, 404, 405, 200, 200, 200]);
  });

  it('accepts the bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const r = await fetch(`${base}/rules`, { headers: { authorization: `${scheme} s3cret` } });
      expect(r.status, scheme).toBe(200);
    }
    expect((await fetch(`${base}/rules`, { headers: { authorization: 'Basic s3cret' } })).status).toBe(401);
  });

  it('sends no CORS headers unless origins are configured, and then only for those', async () => {
    const none = await fetch(`${base}/health`, { headers: { origin: 'https://example.no' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    const open = createApi({ versions, today: () => '2024-07-01', uptime: () => 1, log: () => {}, corsOrigins: ['https://regnskap.example.no'] });
    const ok = await open.fetch(new Request('http://x/api/v1/health', { headers: { origin: 'https://regnskap.example.no' } }));
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://regnskap.example.no');
    const other = await open.fetch(new Request('http://x/api/v1/health', { headers: { origin: 'https://evil.example' } }));
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight without the token, and puts the CORS headers on every kind of answer, the streamed batch too', async () => {
    const site = 'https://regnskap.example.no';
    const open = createApi({ versions, today: () => '2024-07-01', uptime: () => 1, log: () => {}, token: 's3cret', corsOrigins: [site] });
    const call = (path: string, init: RequestInit) => open.fetch(new Request(`http://x/api/v1${path}`, init));
    const preflight = { method: 'OPTIONS', headers: { origin: site, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } };
    const allowed = await call('/evaluate', preflight);
    expect(allowed.status).toBe(204);
    expect(Object.fromEntries([...allowed.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'))).toEqual({
      'access-control-allow-origin': site,
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'Authorization,Content-Type,X-Request-Id',
      'access-control-expose-headers': 'X-Request-Id',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Headers',
    });
    expect(allowed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await call('/evaluate', { ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } });
    expect(refused.status).toBe(204);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const json = { 'content-type': 'application/json', authorization: 'Bearer s3cret', origin: site };
    const answers = [
      await call('/evaluate', { method: 'POST', headers: json, body: JSON.stringify({ claim: example, asOf: '2024-07-01' }) }),
      await call('/evaluate/batch', { method: 'POST', headers: json, body: JSON.stringify({ claims: [example], asOf: '2024-07-01' }) }),
      await call('/evaluate', { method: 'POST', headers: json, body: '{' }),
      await call('/rules', { headers: { origin: site } }),
      await call('/nowhere', { headers: { origin: site, authorization: 'Bearer s3cret' } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400, 401, 404]);
    for (const r of answers) {
      expect(r.headers.get('access-control-allow-origin')).toBe(site);
      expect(r.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
      expect(r.headers.get('vary')).toBe('Origin');
    }
    expect(((await answers[1]!.json()) as { counts: unknown }).counts).toEqual({ ok: 1, invalid: 0, failed: 0 });

    const anyone = createApi({ versions, today: () => '2024-07-01', uptime: () => 1, log: () => {}, corsOrigins: ['*'] });
    const h = await anyone.fetch(new Request('http://x/api/v1/health', { headers: { origin: 'https://hvem-som-helst.example' } }));
    expect(h.headers.get('access-control-allow-origin')).toBe('*');
    expect(h.headers.get('vary')).toBeNull();
  });
});

describe('inkasso serve on SIGTERM', () => {
  it('lets a large answer to a slow reader finish, then exits 0; its log is JSON lines', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--workers', '1', '--drain-seconds', '20'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, INKASSO_API_TOKEN: '' } });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address: ${stderr}`)), 20_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/api\/v1)"/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const claims = Array.from({ length: 1000 }, (_, i) => claimWith(19, `L${i}`));
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(`${url}/evaluate/batch`, { method: 'POST', headers: { 'content-type': 'application/json' } }, resolve);
      req.on('error', reject);
      req.end(JSON.stringify({ claims, asOf: '2024-07-01' }));
    });
    res.pause();
    child.kill('SIGTERM');
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // The reader is slow: it reads on only once the server has taken the signal, mid-answer.
    await expect.poll(() => stderr.includes('stopping: open requests may finish'), { timeout: 20_000, interval: 20 }).toBe(true);
    res.resume();
    let text = '';
    res.setEncoding('utf8');
    for await (const chunk of res) text += chunk;
    expect(JSON.parse(text).counts.ok).toBe(1000); // whole, not cut
    expect(await exited).toBe(0);
    const entries = stderr.trim().split('\n').map((l) => JSON.parse(l) as LogEntry);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['stopping: open requests may finish', 'stopped']));
    expect(entries.find((e) => e.msg === 'request')).toMatchObject({ level: 'info', path: '/api/v1/evaluate/batch', status: 200, requestId: expect.any(String) });
  }, 60_000);
});
