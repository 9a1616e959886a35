/**
 * Users and their roles, kept in users.json in the data folder. Passwords are hashed with argon2id
 * (@node-rs/argon2); only the hash is stored. There is no default user: the first administrator is
 * created on the server with `npm run editor:admin`.
 *
 * Roles are hierarchical: editor (makes drafts) and approver (approves other people's drafts) each
 * include reader (sees the rules, history and the playground); admin manages users and includes
 * reader, but approves only if the account also has the approver role.
 *
 * Separation of duties: every account remembers who created it, who gave it each role (and who
 * confirmed the grant) and who last set its password. Giving the approver or admin role needs a
 * second administrator's confirmation whenever there is more than one active administrator. A
 * password set by someone else must be changed by the user at the next sign-in. Every change is
 * written to the audit trail (audit.jsonl).
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROLE_TEXT } from '../roles.ts';
import { Queue, readJson, writeJson } from './atomic.ts';
import type { AuditLog } from './audit.ts';

export type Role = 'reader' | 'editor' | 'approver' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'editor', 'approver', 'admin'];
/** Roles whose grant needs a second administrator's confirmation. */
export const GUARDED_ROLES: readonly Role[] = ['approver', 'admin'];

/** What each role lets a user do, as the roles it includes. */
const INCLUDES: Record<Role, readonly Role[]> = {
  reader: ['reader'],
  editor: ['editor', 'reader'],
  approver: ['approver', 'reader'],
  admin: ['admin', 'reader'],
};

export interface RoleGrant {
  readonly role: Role;
  readonly by: string;
  readonly at: string;
  /** The second administrator who confirmed it (for approver and admin). */
  readonly confirmedBy?: string;
  readonly confirmedAt?: string;
}

export interface PendingRole {
  readonly role: Role;
  readonly by: string;
  readonly at: string;
}

export interface User {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly disabled?: boolean;
  readonly createdAt: string;
  /** Who created the account ('server': the command line on the server). */
  readonly createdBy?: string;
  readonly grants?: readonly RoleGrant[];
  readonly pending?: readonly PendingRole[];
  readonly passwordSetBy?: string;
  readonly passwordSetAt?: string;
  /** The password was set by someone else: the user must choose a new one before anything else. */
  readonly mustChangePassword?: boolean;
  /** Goes up at every password change and deactivation: sessions from before are dead. */
  readonly sessionEpoch?: number;
}

interface StoredUser extends User {
  readonly passwordHash: string;
}

export function hasRole(user: Pick<User, 'roles' | 'disabled'> | undefined, role: Role): boolean {
  return !!user && !user.disabled && user.roles.some((r) => INCLUDES[r]?.includes(role));
}

export function roleNames(roles: readonly Role[], joiner = ' eller '): string {
  return roles.map((r) => ROLE_TEXT[r] ?? r).join(joiner);
}

const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;
export const MIN_PASSWORD_LENGTH = 10;

export class UserError extends Error {}

export class UserStore {
  private readonly path: string;
  private readonly queue = new Queue();
  private readonly audit: AuditLog | undefined;
  private readonly onSessionsEnd: ((username: string) => Promise<void>) | undefined;

  constructor(dataDir: string, audit?: AuditLog, onSessionsEnd?: (username: string) => Promise<void>) {
    this.path = join(dataDir, 'users.json');
    this.audit = audit;
    this.onSessionsEnd = onSessionsEnd;
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
    return this.activeAdmins().length > 0;
  }

  activeAdmins(): User[] {
    return this.list().filter((u) => u.roles.includes('admin') && !u.disabled);
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

  /**
   * Creates a user. `by` is the administrator (or 'server' for the command line). Approver and
   * admin asked for by an administrator while there is more than one active administrator are
   * left pending until another administrator confirms them.
   */
  async create(input: { username: string; name: string; roles: readonly Role[]; password: string }, by = 'server'): Promise<User> {
    if (!USERNAME.test(input.username)) throw new UserError('Brukernavnet må være 2–32 små bokstaver, tall, punktum, bindestrek eller understrek, og begynne med en bokstav.');
    checkPassword(input.password);
    if (!input.roles.length || input.roles.some((r) => !ROLES.includes(r))) throw new UserError('Velg minst én gyldig rolle.');
    const passwordHash = await hash(input.password);
    return this.queue.run(() => {
      const users = this.all();
      if (users.some((u) => u.username === input.username)) throw new UserError(`Brukeren ${input.username} finnes allerede.`);
      const now = new Date().toISOString();
      const needsSecond = by !== 'server' && this.needsConfirmation(users);
      const immediate = input.roles.filter((r) => !(needsSecond && GUARDED_ROLES.includes(r)));
      const pending = input.roles.filter((r) => needsSecond && GUARDED_ROLES.includes(r));
      const user: StoredUser = {
        username: input.username, name: input.name.trim() || input.username, roles: immediate.length ? [...immediate] : ['reader'],
        createdAt: now, createdBy: by,
        grants: (immediate.length ? immediate : (['reader'] as Role[])).map((role) => ({ role, by, at: now })),
        pending: pending.map((role) => ({ role, by, at: now })),
        passwordHash, passwordSetBy: by, passwordSetAt: now, mustChangePassword: by !== 'server', sessionEpoch: 0,
      };
      writeJson(this.path, { users: [...users, user] });
      this.audit?.write({ by, action: 'bruker_opprettet', target: user.username, detail: `roller: ${roleNames(user.roles, ', ')}` });
      for (const p of pending) this.audit?.write({ by, action: 'rolle_bedt_om', target: user.username, role: p });
      return strip(user);
    });
  }

  /** More than one active administrator: a second one must confirm approver and admin grants. */
  private needsConfirmation(users: readonly StoredUser[]): boolean {
    return users.filter((u) => u.roles.includes('admin') && !u.disabled).length > 1;
  }

  /** Sets a user's roles. Added approver/admin roles wait for a second administrator when there is one. */
  setRoles(username: string, roles: readonly Role[], by: string): Promise<{ user: User; pending: Role[] }> {
    if (roles.some((r) => !ROLES.includes(r))) return Promise.reject(new UserError('Ukjent rolle.'));
    return this.change(username, (u, users) => {
      const now = new Date().toISOString();
      const added = roles.filter((r) => !u.roles.includes(r));
      const removed = u.roles.filter((r) => !roles.includes(r));
      const needsSecond = by !== 'server' && this.needsConfirmation(users);
      const direct = added.filter((r) => !(needsSecond && GUARDED_ROLES.includes(r)));
      const waiting = added.filter((r) => needsSecond && GUARDED_ROLES.includes(r)).filter((r) => !(u.pending ?? []).some((p) => p.role === r));
      const kept = u.roles.filter((r) => !removed.includes(r));
      const next: StoredUser = {
        ...u,
        roles: [...kept, ...direct],
        grants: [...(u.grants ?? []).filter((g) => !removed.includes(g.role)), ...direct.map((role) => ({ role, by, at: now }))],
        pending: [...(u.pending ?? []).filter((p) => roles.includes(p.role)), ...waiting.map((role) => ({ role, by, at: now }))],
      };
      if (!next.roles.length) throw new UserError('En bruker må ha minst én rolle.');
      const events = [
        ...direct.map((role) => ({ by, action: 'rolle_gitt' as const, target: username, role })),
        ...waiting.map((role) => ({ by, action: 'rolle_bedt_om' as const, target: username, role })),
        ...removed.map((role) => ({ by, action: 'rolle_fjernet' as const, target: username, role })),
      ];
      return { next, events, result: waiting };
    }).then(({ user, result }) => ({ user, pending: result }));
  }

  /** A second administrator confirms (or declines) a pending approver or admin grant. */
  confirmRole(username: string, role: Role, by: string, accept: boolean): Promise<User> {
    return this.change(username, (u, users) => {
      const p = (u.pending ?? []).find((x) => x.role === role);
      if (!p) throw new UserError(`${username} venter ikke på rollen ${roleNames([role])}.`);
      const admin = users.find((x) => x.username === by);
      if (!admin || !admin.roles.includes('admin') || admin.disabled) throw new UserError('Bare en administrator kan bekrefte roller.');
      if (p.by === by) throw new UserError('En annen administrator enn den som ba om rollen må bekrefte den.');
      if (username === by) throw new UserError('Du kan ikke bekrefte en rolle til deg selv.');
      const now = new Date().toISOString();
      const pending = (u.pending ?? []).filter((x) => x.role !== role);
      const next: StoredUser = accept
        ? { ...u, pending, roles: [...u.roles, role], grants: [...(u.grants ?? []), { role, by: p.by, at: p.at, confirmedBy: by, confirmedAt: now }] }
        : { ...u, pending };
      return { next, events: [{ by, action: accept ? ('rolle_bekreftet' as const) : ('rolle_avslått' as const), target: username, role, detail: `bedt om av ${p.by}` }], result: undefined };
    }).then(({ user }) => user);
  }

  /**
   * Sets a password. Set by the user (`by` = the user): done. Set by someone else: the user must
   * change it at the next sign-in. Either way every session of the user ends.
   */
  async setPassword(username: string, password: string, by: string): Promise<User> {
    checkPassword(password);
    const passwordHash = await hash(password);
    const { user } = await this.change(username, (u) => {
      const now = new Date().toISOString();
      const self = by === username;
      const next: StoredUser = { ...u, passwordHash, passwordSetBy: by, passwordSetAt: now, mustChangePassword: !self && by !== 'server', sessionEpoch: (u.sessionEpoch ?? 0) + 1 };
      return { next, events: [{ by, action: self ? ('passord_satt' as const) : ('passord_tilbakestilt' as const), target: username }], result: undefined };
    });
    await this.onSessionsEnd?.(username);
    return user;
  }

  async setDisabled(username: string, disabled: boolean, by: string): Promise<User> {
    const { user } = await this.change(username, (u) => {
      if (!!u.disabled === disabled) throw new UserError(`${username} er allerede ${disabled ? 'deaktivert' : 'aktiv'}.`);
      // Deactivating ends every session for good: the epoch moves, so nothing from before comes back.
      const next: StoredUser = { ...u, disabled, sessionEpoch: (u.sessionEpoch ?? 0) + 1 };
      return { next, events: [{ by, action: disabled ? ('deaktivert' as const) : ('aktivert' as const), target: username }], result: undefined };
    });
    await this.onSessionsEnd?.(username);
    return user;
  }

  private change<R>(
    username: string,
    f: (u: StoredUser, users: readonly StoredUser[]) => { next: StoredUser; events: Parameters<AuditLog['write']>[0][]; result: R },
  ): Promise<{ user: User; result: R }> {
    return this.queue.run(() => {
      const users = this.all();
      const i = users.findIndex((u) => u.username === username);
      if (i < 0) throw new UserError(`Brukeren ${username} finnes ikke.`);
      const { next, events, result } = f(users[i]!, users);
      const after = users.map((u, j) => (j === i ? next : u));
      if (!after.some((u) => u.roles.includes('admin') && !u.disabled)) throw new UserError('Det må finnes minst én aktiv administrator.');
      writeJson(this.path, { users: after });
      for (const e of events) this.audit?.write(e);
      return { user: strip(next), result };
    });
  }

  /**
   * Why a user may not approve a draft written by these people, or null. Refused when the
   * account, its approver role or its password came from one of them — directly, or through an
   * administrator account that itself came from one of them.
   */
  approvalConflict(username: string, authors: ReadonlySet<string>): string | null {
    const users = new Map(this.list().map((u) => [u.username, u]));
    const seen = new Set<string>();
    const walk = (name: string, role: Role, path: string): string | null => {
      if (seen.has(`${name}:${role}`)) return null;
      seen.add(`${name}:${role}`);
      const u = users.get(name);
      if (!u) return null;
      const grant = (u.grants ?? []).find((g) => g.role === role);
      const sources: [string | undefined, string][] = [
        [u.createdBy, `${path} ble opprettet av`],
        [grant?.by, `${path} fikk rollen ${roleNames([role])} av`],
        [grant?.confirmedBy, `${path} fikk rollen ${roleNames([role])} bekreftet av`],
        [u.passwordSetBy !== name ? u.passwordSetBy : undefined, `passordet til ${path} ble satt av`],
      ];
      for (const [who, what] of sources) {
        if (!who || who === 'server' || who === name) continue;
        if (authors.has(who)) return `${what} ${who}, som har laget eller endret denne endringen`;
        const deeper = walk(who, 'admin', `kontoen ${who}`);
        if (deeper) return `${what} ${who}, og ${deeper}`;
      }
      return null;
    };
    const why = walk(username, 'approver', 'kontoen din');
    return why ? `Du kan ikke godkjenne denne endringen: ${why}.` : null;
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Passordet må ha minst ${MIN_PASSWORD_LENGTH} tegn.`);
  if (password.length > 200) throw new UserError('Passordet kan ha høyst 200 tegn.');
}

function strip(u: StoredUser): User {
  const { passwordHash: _, ...out } = u;
  return out;
}

let dummyHash: string | undefined;
