/**
 * npm run editor:admin, the command that makes the editor's first administrator (and resets a
 * password from the server's command line): run as the operator runs it, a password on stdin.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../editor/lib/server/users.ts';

const root = new URL('../../', import.meta.url).pathname;
const data = mkdtempSync(join(tmpdir(), 'inkasso-admin-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

function admin(args: string[], password: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'scripts/editor-admin.ts'), ...args], { input: `${password}\n`, encoding: 'utf8', env: { ...process.env, INKASSO_DATA_DIR: data } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run editor:admin', () => {
  it('creates an administrator who can sign in with the password given, and resets it', async () => {
    const made = admin(['--user', 'kari', '--name', 'Kari Nordmann', '--password-stdin'], 'fjord-kveld-lys-17');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('Opprettet kari (admin)');
    expect(new UserStore(data).get('kari')).toMatchObject({ name: 'Kari Nordmann', roles: ['admin'] });
    expect(await new UserStore(data).authenticate('kari', 'fjord-kveld-lys-17')).toBeDefined();

    const reset = admin(['--user', 'kari', '--reset', '--password-stdin'], 'nytt-passord-til-kari');
    expect(reset.code, reset.stderr).toBe(0);
    expect(await new UserStore(data).authenticate('kari', 'fjord-kveld-lys-17')).toBeUndefined();
    expect(await new UserStore(data).authenticate('kari', 'nytt-passord-til-kari')).toBeDefined();
  });

  it('refuses bad options, an unknown role, a short password and an existing user in Norwegian, exit 2, no stack trace', () => {
    const cases: [string[], string, RegExp][] = [
      [['create-user'], 'fjord-kveld-lys-17', /^Feil i valgene: .*create-user[^\n]*\nBruk: npm run editor:admin/],
      [['--user'], 'fjord-kveld-lys-17', /^Feil i valgene: .*--user/],
      [['--bogus', 'x'], 'fjord-kveld-lys-17', /^Feil i valgene: .*--bogus/],
      [[], 'fjord-kveld-lys-17', /^Bruk: npm run editor:admin/],
      [['--user', 'ola', '--roles', 'konge'], 'fjord-kveld-lys-17', /^Ukjent rolle; velg blant reader, editor, approver, admin/],
      [['--user', 'ola'], 'kort', /passord/i],
      [['--user', 'kari'], 'fjord-kveld-lys-17', /kari/],
    ];
    for (const [args, password, message] of cases) {
      const r = admin(args, password);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(new UserStore(data).get('ola')).toBeUndefined();
  });
});
