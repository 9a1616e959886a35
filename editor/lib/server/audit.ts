/**
 * The audit trail of users and sign-ins: audit.jsonl in the data folder, one JSON line per event,
 * appended and flushed, never rewritten. It records who created a user, changed a role (and who
 * confirmed it), set a password, deactivated or activated an account, unlocked one, and every
 * failed or refused sign-in with the address it came from. Historikk shows it; administrators see
 * the failed sign-ins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendLineDurable, cutTornTail } from './atomic.ts';

export type AuditAction =
  | 'bruker_opprettet'
  | 'rolle_gitt'
  | 'rolle_bedt_om'
  | 'rolle_bekreftet'
  | 'rolle_avslått'
  | 'rolle_fjernet'
  | 'passord_satt'
  | 'passord_tilbakestilt'
  | 'deaktivert'
  | 'aktivert'
  | 'innlogging'
  | 'innlogging_feilet'
  | 'innlogging_sperret'
  | 'låst_opp';

export interface AuditEvent {
  readonly at: string;
  /** Who did it: a user name, 'server' for the command line on the server, or the name tried at sign-in. */
  readonly by: string;
  readonly action: AuditAction;
  /** The user it concerns. */
  readonly target?: string;
  readonly role?: string;
  /** The client address, for sign-ins. */
  readonly address?: string;
  readonly detail?: string;
}

export const AUDIT_TEXT: Record<AuditAction, string> = {
  bruker_opprettet: 'opprettet brukeren',
  rolle_gitt: 'ga rollen',
  rolle_bedt_om: 'ba om rollen (venter på bekreftelse fra en annen administrator)',
  rolle_bekreftet: 'bekreftet rollen',
  rolle_avslått: 'avslo rollen',
  rolle_fjernet: 'fjernet rollen',
  passord_satt: 'satte nytt passord',
  passord_tilbakestilt: 'tilbakestilte passordet (må byttes ved neste innlogging)',
  deaktivert: 'deaktiverte',
  aktivert: 'aktiverte',
  innlogging: 'logget inn',
  innlogging_feilet: 'mislykket innlogging',
  innlogging_sperret: 'innlogging avvist: for mange forsøk',
  låst_opp: 'låste opp innloggingen til',
};

export class AuditLog {
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, 'audit.jsonl');
    // A line cut off by a crash while it was written never counted.
    cutTornTail(this.path);
  }

  write(event: Omit<AuditEvent, 'at'>): AuditEvent {
    const full: AuditEvent = { at: new Date().toISOString(), ...event };
    appendLineDurable(this.path, JSON.stringify(full));
    return full;
  }

  /** Every event, oldest first (a damaged line is skipped, never fatal to the page that shows them). */
  list(): AuditEvent[] {
    if (!existsSync(this.path)) return [];
    const out: AuditEvent[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as AuditEvent);
      } catch {
        /* a damaged line: shown nowhere, counted nowhere */
      }
    }
    return out;
  }
}
