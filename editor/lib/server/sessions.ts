/**
 * Sessions: a random token in an httpOnly, SameSite=Strict cookie; on the server only a SHA-256 of
 * the token is stored (sessions.json), with the user, an expiry and the user's session epoch at
 * sign-in, so a leaked sessions file cannot be replayed. Sessions survive a restart. A password
 * change or a deactivation removes every session of the user and moves the user's epoch, so no
 * session from before can come back (not even when the account is activated again).
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue, readJson, writeJson } from './atomic.ts';

export const SESSION_COOKIE = 'inkasso_session';
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

interface Stored { username: string; expires: number; epoch?: number }

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  private readonly path: string;
  private readonly queue = new Queue();
  constructor(dataDir: string) {
    this.path = join(dataDir, 'sessions.json');
  }

  private read(): Record<string, Stored> {
    return readJson<Record<string, Stored>>(this.path, {});
  }

  async create(username: string, epoch: number): Promise<{ token: string; expires: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expires = Date.now() + SESSION_LIFETIME_MS;
    await this.queue.run(() => {
      const now = Date.now();
      const all = Object.fromEntries(Object.entries(this.read()).filter(([, s]) => s.expires > now));
      all[digest(token)] = { username, expires, epoch };
      writeJson(this.path, all);
    });
    return { token, expires: new Date(expires) };
  }

  /** The user name of a live session whose epoch is the user's current one, or undefined. */
  lookup(token: string | undefined, epochOf: (username: string) => number | undefined): string | undefined {
    if (!token) return undefined;
    const s = this.read()[digest(token)];
    if (!s || s.expires <= Date.now()) return undefined;
    return epochOf(s.username) === (s.epoch ?? 0) ? s.username : undefined;
  }

  async destroy(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.queue.run(() => {
      const all = this.read();
      delete all[digest(token)];
      writeJson(this.path, all);
    });
  }

  /** Ends every session of a user. */
  async destroyAllFor(username: string): Promise<void> {
    await this.queue.run(() => {
      const all = Object.fromEntries(Object.entries(this.read()).filter(([, s]) => s.username !== username));
      writeJson(this.path, all);
    });
  }
}
