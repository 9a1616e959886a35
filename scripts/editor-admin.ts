/**
 * npm run editor:admin -- --user <brukernavn> --name "Fullt navn" [--roles admin,editor,approver] [--password-stdin]
 *
 * Creates a user in the editor's data folder (INKASSO_DATA_DIR, default .inkasso-data/), by default
 * an administrator, or sets a new password for an existing one (--reset). The password is asked for
 * on the terminal (not shown), or read from standard input with --password-stdin. There is no
 * default password.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { editorConfig, makeDataFolder } from '../editor/lib/server/config.ts';
import { AuditLog } from '../editor/lib/server/audit.ts';
import { ROLES, UserError, UserStore, type Role } from '../editor/lib/server/users.ts';

const USAGE = 'Bruk: npm run editor:admin -- --user <brukernavn> --name "Fullt navn" [--roles admin,editor,approver] [--password-stdin] [--reset]';

/** The options; an unknown option or a stray word is said in Norwegian with the usage, exit 2 (no stack trace). */
function options() {
  try {
    return parseArgs({ options: { user: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, reset: { type: 'boolean', default: false } } }).values;
  } catch (e) {
    console.error(`Feil i valgene: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const values = options();

async function readPassword(): Promise<string> {
  if (values['password-stdin'] || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const ask = (q: string) => new Promise<string>((res) => { process.stdout.write(q); rl.question('', (a) => { process.stdout.write('\n'); res(a); }); });
  const a = await ask('Passord (minst 10 tegn): ');
  const b = await ask('Gjenta passordet: ');
  rl.close();
  if (a !== b) throw new UserError('Passordene er ikke like.');
  return a;
}

try {
  if (!values.user) throw new UserError(USAGE);
  const roles = (values.roles ?? 'admin').split(',').map((r) => r.trim()) as Role[];
  if (roles.some((r) => !ROLES.includes(r))) throw new UserError(`Ukjent rolle; velg blant ${ROLES.join(', ')}`);
  const config = editorConfig();
  try {
    makeDataFolder(config);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const users = new UserStore(config.dataDir, new AuditLog(config.dataDir));
  const password = await readPassword();
  if (values.reset) {
    // From the server's command line: the administrator chose it, no change forced at sign-in.
    await users.setPassword(values.user, password, 'server');
    console.log(`Nytt passord satt for ${values.user} (${config.dataDir}).`);
  } else {
    const u = await users.create({ username: values.user, name: values.name ?? values.user, roles, password });
    console.log(`Opprettet ${u.username} (${u.roles.join(', ')}) i ${config.dataDir}.`);
  }
} catch (e) {
  console.error(e instanceof UserError ? e.message : `Feil: ${(e as Error).message}`);
  process.exitCode = 2;
}
