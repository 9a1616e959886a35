/**
 * Users and their roles, kept in users.json in the data folder. Passwords are hashed with argon2id
 * (@node-rs/argon2); only the hash is stored. There is no default user: the first admin is created
 * with `npm run editor:admin`.
 *
 * Roles: reader (may read), editor (may make drafts), approver (may approve others' drafts),
 * admin (may manage users, and do everything else).
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue, readJson, writeJson } from './atomic.ts';

export type Role = 'reader' | 'editor' | 'approver' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'editor', 'approver', 'admin'];

export interface User {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly disabled?: boolean;
  readonly createdAt: string;
}

interface StoredUser extends User {
  readonly passwordHash: string;
}

const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;
export const MIN_PASSWORD_LENGTH = 10;

export class UserStore {
  private readonly path: string;
  private readonly queue = new Queue();
  constructor(dataDir: string) {
    this.path = join(dataDir, 'users.json');
  }

  private all(): StoredUser[] {
    return readJson<{ users: StoredUser[] }>(this.path, { users: [] }).users;
  }

  list(): User[] {
    return this.all().map(({ passwordHash: _, ...u }) => u);
  }

  get(username: string): User | undefined {
    return this.list().find((u) => u.username === username);
  }

  hasAdmin(): boolean {
    return this.all().some((u) => u.roles.includes('admin') && !u.disabled);
  }

  /** Checks a password; returns the user or undefined (the same time either way for unknown users). */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const u = this.all().find((x) => x.username === username && !x.disabled);
    // Verify against a real hash of a random password when the user does not exist, so that the
    // answer takes as long and does not reveal which user names exist.
    dummyHash ??= await hash(randomBytes(24).toString('hex'));
    const ok = await verify(u?.passwordHash ?? dummyHash, password).catch(() => false);
    if (!u || !ok) return undefined;
    const { passwordHash: _, ...user } = u;
    return user;
  }

  async create(input: { username: string; name: string; roles: readonly Role[]; password: string }): Promise<User> {
    if (!USERNAME.test(input.username)) throw new UserError('Brukernavnet må være 2–32 små bokstaver, tall, punktum, bindestrek eller understrek, og begynne med en bokstav.');
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Passordet må ha minst ${MIN_PASSWORD_LENGTH} tegn.`);
    if (!input.roles.length || input.roles.some((r) => !ROLES.includes(r))) throw new UserError('Velg minst én gyldig rolle.');
    const passwordHash = await hash(input.password);
    return this.queue.run(() => {
      const users = this.all();
      if (users.some((u) => u.username === input.username)) throw new UserError(`Brukeren ${input.username} finnes allerede.`);
      const user: StoredUser = { username: input.username, name: input.name.trim() || input.username, roles: [...input.roles], createdAt: new Date().toISOString(), passwordHash };
      writeJson(this.path, { users: [...users, user] });
      const { passwordHash: _, ...out } = user;
      return out;
    });
  }

  async update(username: string, change: { roles?: readonly Role[]; disabled?: boolean; password?: string }): Promise<User> {
    if (change.password !== undefined && change.password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Passordet må ha minst ${MIN_PASSWORD_LENGTH} tegn.`);
    const passwordHash = change.password !== undefined ? await hash(change.password) : undefined;
    return this.queue.run(() => {
      const users = this.all();
      const i = users.findIndex((u) => u.username === username);
      if (i < 0) throw new UserError(`Brukeren ${username} finnes ikke.`);
      const next: StoredUser = {
        ...users[i]!,
        ...(change.roles ? { roles: [...change.roles] } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      };
      const after = users.map((u, j) => (j === i ? next : u));
      if (!after.some((u) => u.roles.includes('admin') && !u.disabled)) throw new UserError('Det må finnes minst én aktiv administrator.');
      writeJson(this.path, { users: after });
      const { passwordHash: _, ...out } = next;
      return out;
    });
  }
}

export class UserError extends Error {}

let dummyHash: string | undefined;
