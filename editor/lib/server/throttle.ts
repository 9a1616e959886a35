/**
 * Sign-in throttling, per account and per client address, kept in signin-throttle.json in the
 * data folder so that a restart does not reset it. After a few failures each further attempt must
 * wait, twice as long each time; past a limit the account (or address) is locked for a while.
 * While an attempt must wait, the password is not even checked, so guessing gains nothing.
 *
 *                      free failures   then wait          locked after     for
 *   per account              3         1, 2, 4 … 60 s      10 failures      15 min
 *   per address             10         1, 2, 4 … 60 s      50 failures      15 min
 *
 * Failures are forgotten an hour after the last one; a successful sign-in clears the account's
 * count; an administrator can unlock an account at once.
 */
import { join } from 'node:path';
import { readJson, writeJson } from './atomic.ts';

export interface ThrottlePolicy {
  readonly free: number;
  readonly maxWaitSeconds: number;
  readonly lockAfter: number;
  readonly lockMinutes: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 3, maxWaitSeconds: 60, lockAfter: 10, lockMinutes: 15 };
export const ADDRESS_POLICY: ThrottlePolicy = { free: 10, maxWaitSeconds: 60, lockAfter: 50, lockMinutes: 15 };
const FORGET_AFTER_MS = 60 * 60 * 1000;

interface Record_ {
  failures: number;
  last: number;
  /** No attempt is checked before this moment (ms). */
  notBefore: number;
  locked: boolean;
}

export interface Refusal {
  readonly key: 'konto' | 'adresse';
  readonly locked: boolean;
  readonly waitSeconds: number;
}

export class SignInThrottle {
  private readonly path: string;
  private state: Record<string, Record_>;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'signin-throttle.json');
    this.state = readJson<Record<string, Record_>>(this.path, {});
  }

  private rec(key: string, now: number): Record_ | undefined {
    const r = this.state[key];
    if (r && now - r.last > FORGET_AFTER_MS && now >= r.notBefore) {
      delete this.state[key];
      return undefined;
    }
    return r;
  }

  /** Whether an attempt may be checked now; a refusal says how long to wait. */
  check(username: string, address: string, now = Date.now()): Refusal | undefined {
    for (const [key, k] of [[`konto:${username}`, 'konto'], [`adresse:${address}`, 'adresse']] as const) {
      const r = this.rec(key, now);
      if (r && now < r.notBefore) return { key: k, locked: r.locked, waitSeconds: Math.ceil((r.notBefore - now) / 1000) };
    }
    return undefined;
  }

  /** Counts a failed (or refused) attempt against the account and the address. */
  fail(username: string, address: string, now = Date.now()): void {
    this.bump(`konto:${username}`, ACCOUNT_POLICY, now);
    this.bump(`adresse:${address}`, ADDRESS_POLICY, now);
    this.save();
  }

  succeed(username: string): void {
    delete this.state[`konto:${username}`];
    this.save();
  }

  unlock(username: string): void {
    delete this.state[`konto:${username}`];
    this.save();
  }

  /** Accounts locked or waiting now, for the administrators' page. */
  blocked(now = Date.now()): { username: string; locked: boolean; until: string; failures: number }[] {
    return Object.entries(this.state)
      .filter(([k, r]) => k.startsWith('konto:') && now < r.notBefore)
      .map(([k, r]) => ({ username: k.slice(6), locked: r.locked, until: new Date(r.notBefore).toISOString(), failures: r.failures }));
  }

  private bump(key: string, p: ThrottlePolicy, now: number): void {
    const r = this.rec(key, now) ?? { failures: 0, last: 0, notBefore: 0, locked: false };
    r.failures++;
    r.last = now;
    if (r.failures >= p.lockAfter) {
      r.locked = true;
      r.notBefore = now + p.lockMinutes * 60_000;
    } else if (r.failures > p.free) {
      r.notBefore = now + Math.min(p.maxWaitSeconds, 2 ** (r.failures - p.free - 1)) * 1000;
    }
    this.state[key] = r;
  }

  private save(): void {
    writeJson(this.path, this.state);
  }
}
