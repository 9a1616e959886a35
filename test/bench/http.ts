/**
 * HTTP load test: `inkasso serve` as its own process on loopback, driven by autocannon from this
 * process (both on this machine's cores) for a bounded time, POST /api/v1/evaluate with typical
 * generated claims in rotation. Prints requests per second and latency percentiles: as served by
 * default (a worker process per core), with one worker, and with every response checked against
 * result.schema.json.
 * Target: at least 5 000 requests/s with p99 under 20 ms.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchContext } from './sections.ts';
import { fileURLToPath } from 'node:url';

const BIN = join(fileURLToPath(new URL('../../', import.meta.url)), 'bin/inkasso.cjs');

async function startServer(args: readonly string[], env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'notice', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, INKASSO_API_TOKEN: '', ...env } });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`inkasso serve did not start: ${stderr}`)), 30_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /(http:\/\/[\d.]+:\d+)\/api\/v1/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`inkasso serve exited ${code}: ${stderr}`)));
  });
  return { url, stop: () => new Promise((r) => { child.on('close', () => r()); child.kill('SIGTERM'); }) };
}

function load(url: string, bodies: string[], seconds: number, connections: number): Promise<autocannon.Result> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon({
      url: `${url}/api/v1/evaluate`,
      connections,
      duration: seconds,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length]! }) }],
    }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function httpSection(ctx: BenchContext, seconds: number): Promise<void> {
  const typical = ctx.claims.filter((g) => g.claim.events.length >= 4 && g.claim.events.length <= 6).slice(0, 200);
  const bodies = typical.map((g) => JSON.stringify({ claim: g.claim, asOf: g.asOf }));
  const connections = 16;
  console.log(`\nhttp — POST /api/v1/evaluate, ${bodies.length} typical claims in rotation, ${connections} connections, ${seconds} s per run, loopback; the load generator shares the machine`);
  // The figures --json prints: http.requestsPerSecond and http.p99Ms as served by default, then
  // the same with one worker (http.oneWorker.…) and with responses checked (http.checked.…).
  const runs = [
    ['inkasso serve (default: a worker process per core)', [], {}, 'http'],
    ['inkasso serve --workers 1', ['--workers', '1'], {}, 'http.oneWorker'],
    ['inkasso serve, responses checked against the schema', [], { INKASSO_API_CHECK_RESPONSES: '1' }, 'http.checked'],
  ] as const;
  for (const [label, args, env, prefix] of runs) {
    const server = await startServer(args, env);
    try {
      await load(server.url, bodies, 2, connections); // warm up
      const r = await load(server.url, bodies, seconds, connections);
      const failed = r.errors + r.timeouts + r.non2xx;
      ctx.line(`${label}: requests/s (target ≥ 5 000)`, `${ctx.fmt(r.requests.average)}${failed ? `   (${failed} failed)` : ''}`);
      ctx.line(`${label}: latency p50 / p99 (target p99 < 20 ms)`, `${r.latency.p50} ms / ${r.latency.p99} ms`);
      ctx.figures[`${prefix}.requestsPerSecond`] = Math.round(r.requests.average);
      ctx.figures[`${prefix}.p99Ms`] = r.latency.p99;
      if (failed) ctx.figures[`${prefix}.failed`] = failed;
    } finally {
      await server.stop();
    }
  }
}
