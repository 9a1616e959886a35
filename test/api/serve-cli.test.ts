/** inkasso serve as an operator meets it: starts, answers, stops cleanly on SIGTERM; bad options exit 2. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validatorForDef } from '../../engine/node.ts';
import { apiUrl } from '../../engine/cli/commands/serve.ts';

const bin = new URL('../../bin/inkasso.js', import.meta.url).pathname;

describe('inkasso serve', () => {
  it('serves the API from two worker processes on the port it prints, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INKASSO_API_TOKEN: '' } });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
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
    expect(stderr).toContain('2 workers');
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
    const entries = stderr.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: string });
    expect(entries.at(-1)).toMatchObject({ level: 'notice', msg: 'stopped' });
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(21);
  });

  it('prints an address that is a URL for an IPv6 host too', () => {
    expect(apiUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080/api/v1');
    expect(apiUrl('::1', 8080)).toBe('http://[::1]:8080/api/v1'); // was http://::1:8080/api/v1
  });

  it('refuses a bad port or data folder with exit 2', () => {
    for (const [args, message] of [[['--port', 'http'], /--port http: must be a port number/], [['--data', '/nowhere/at/all'], /--data \/nowhere\/at\/all: no such folder/], [['--workers', '0'], /--workers 0: must be a whole number from 1 to 64/]] as const) {
      const r = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
