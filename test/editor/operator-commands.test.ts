/**
 * The editor's commands as its operator runs them: npm run editor:admin, which makes the first
 * administrator (and resets a password from the server's command line), a password on stdin; and
 * npm run editor, which refuses settings it could only fail on later.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../editor/lib/server/users.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
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
      [['--user', 'kari'], 'fjord-kveld-lys-17', /^Brukeren kari finnes allerede\./],
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

describe('npm run editor', () => {
  it('refuses a bad port and a missing or wrong folder before it builds or starts anything, in Norwegian, exit 2', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: '99999' }, 'npm run editor: PORT=99999: må være et portnummer fra 0 til 65535\n'],
      [{ PORT: 'abc' }, 'npm run editor: PORT=abc: må være et portnummer fra 0 til 65535\n'],
      [{ INKASSO_RULES_DIR: join(data, 'finnes-ikke') }, `npm run editor: INKASSO_RULES_DIR=${join(data, 'finnes-ikke')}: regelmappen finnes ikke\n`],
      [{ INKASSO_GOLDEN_DIR: join(data, 'finnes-ikke') }, `npm run editor: INKASSO_GOLDEN_DIR=${join(data, 'finnes-ikke')}: mappen med testkrav finnes ikke\n`],
      [{ INKASSO_DATA_DIR: join(root, 'package.json') }, `npm run editor: INKASSO_DATA_DIR=${join(root, 'package.json')}: datamappen er en fil, ikke en mappe\n`],
    ];
    for (const [env, message] of cases) {
      const r = spawnSync(process.execPath, [join(root, 'bin/editor.js')], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
      expect(r.status, JSON.stringify(env)).toBe(2);
      expect(r.stderr).toBe(message);
      expect(r.stdout).toBe('');
    }
  });
});
