/**
 * How a test runs a command that must not be able to read what the test has closed (chmod 000, a
 * folder of mode 700). Root reads everything, so under root the command runs as nobody (uid
 * 65534); under another user, as that user. Either way with no cache folder it may write.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const NOBODY = { uid: 65534, gid: 65534 };
const env = { ...process.env, HOME: '/nonexistent', XDG_CACHE_HOME: '/nonexistent/cache' };

/**
 * Spawn options for such a command, or undefined where nobody cannot run this Node and `bin` (a
 * Node or a checkout in a folder only root may enter, as `.ci/run`'s Node 22 and 24 are): the
 * test is then skipped, and says so.
 */
export function unprivileged(bin: string): { readonly env: NodeJS.ProcessEnv; readonly uid?: number; readonly gid?: number } | undefined {
  if (process.getuid?.() !== 0) return { env };
  const probe = spawnSync(process.execPath, [bin, '--version'], { cwd: tmpdir(), env, ...NOBODY, stdio: 'ignore' });
  return probe.status === 0 ? { env, ...NOBODY } : undefined;
}
