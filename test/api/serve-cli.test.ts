/** inkasso serve as an operator meets it: starts, answers, stops cleanly on SIGTERM; bad options exit 2. */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { validatorForDef } from '../../engine/node.ts';
import { apiUrl } from '../../engine/cli/commands/serve.ts';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));

/** Starts inkasso serve with these options; resolves with the address it prints, and its log so far. */
function startServe(args: readonly string[]): { child: ChildProcessWithoutNullStreams; url: Promise<string>; log: () => string } {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { stdio: 'pipe', env: { ...process.env, INKASSO_API_TOKEN: '' } });
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address after 20 s: ${stderr}`)), 20_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url, log: () => stderr };
}

describe('inkasso serve', () => {
  it('serves the API from two worker processes on the port it prints, and stops on SIGTERM', async () => {
    const { child, url: address, log } = startServe(['--workers', '2']);
    const url = await address;
    const stderr = () => log();
    expect(stderr()).toContain('2 workers');
    const health = await (await fetch(`${url}/health`)).json();
    // The engine's version beside the rules' (a result rests on both): the package's.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(health).toMatchObject({ status: 'ok', engineVersion: pkg.version, versions: 1 });
    expect(validatorForDef('api.schema.json', 'health')(health)).toBe(true);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/rules`).then((r) => r.status)));
    expect(answers.every((s) => s === 200)).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    // The log is JSON lines: start, one line per request, stop.
    const entries = stderr().trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: string });
    expect(entries.at(-1)).toMatchObject({ level: 'notice', msg: 'stopped' });
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(21);
  });

  it('takes its limits from the options: slow headers cut after --headers-timeout, connections beyond --max-connections refused', async () => {
    const { child, url } = startServe(['--workers', '1', '--headers-timeout', '1', '--request-timeout', '2', '--max-connections', '2']);
    const port = Number(new URL(await url).port);
    /** A connection: when it was made, and how long the server kept it open. */
    const open = (send: string) => {
      const t0 = performance.now();
      const s = connect(port, '127.0.0.1', () => s.write(send));
      s.on('error', () => {});
      s.resume(); // read, so that the server's close is seen
      return { made: new Promise((r) => s.once('connect', r)), closedAfter: new Promise<number>((r) => s.on('close', () => r(performance.now() - t0))) };
    };
    const held = [open('POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\n'), open('')];
    await Promise.all(held.map((c) => c.made)); // accepted in the order made: the third comes after
    const refused = await open('').closedAfter;
    const kept = await Promise.all(held.map((c) => c.closedAfter));
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    // Refused at once; the two held until the 1 s headers timeout (checked every second), not the default 10 s.
    for (const ms of kept) {
      expect(ms).toBeGreaterThan(refused);
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(8_000);
    }
  }, 40_000);

  it('prints an address that is a URL for an IPv6 host too', () => {
    expect(apiUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080/api/v1');
    expect(apiUrl('::1', 8080)).toBe('http://[::1]:8080/api/v1'); // was http://::1:8080/api/v1
  });

  it('refuses a bad port, data folder, worker count or limit with exit 2', () => {
    for (const [args, message] of [[['--port', 'http'], /--port http: must be a port number/], [['--data', '/nowhere/at/all'], /--data \/nowhere\/at\/all: no such folder/], [['--workers', '0'], /--workers 0: must be a whole number from 1 to 64/],
      [['--request-timeout', '0'], /^--request-timeout 0: must be a number of seconds from 1 to 3600\n$/],
      [['--headers-timeout', '40'], /^--headers-timeout 40: must not be longer than the request timeout \(30 s\): the headers are part of the request\n$/],
      [['--request-timeout', '5'], /^--request-timeout 5: must not be shorter than the headers timeout \(10 s; --headers-timeout sets it\)\n$/],
      [['--idle-timeout', '1m'], /^--idle-timeout 1m: must be a number of seconds from 1 to 3600\n$/],
      [['--keep-alive-timeout', '-1'], /^--keep-alive-timeout -1: must be a number of seconds from 1 to 3600\n$/],
      [['--max-connections', '0'], /^--max-connections 0: must be a whole number from 1 to 1000000\n$/]] as const) {
      const r = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
