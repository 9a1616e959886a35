/** Norwegian (bokmål) labels for the interface, in one place. */
import { datoText } from '$engine/calendar/norwegian.ts';
import { osloClock } from '$engine/calendar/oslo-time.ts';
import { EVENT_NAMES } from '$engine/claim/event-names.ts';
import { krText } from '$engine/money/norwegian.ts';

export const STATUS_TEXT: Record<string, string> = {
  P: 'lest i loven',
  C2: 'to kilder',
  S: 'én kilde – ubekreftet',
  policy: 'vårt valg',
};

export const DRAFT_STATUS: Record<string, string> = {
  utkast: 'Utkast',
  til_godkjenning: 'Venter på godkjenning',
  publisert: 'Publisert',
  avvist: 'Avvist',
  forkastet: 'Forkastet',
};

export { ROLE_TEXT } from './roles.ts';

export const UNIT_TEXT: Record<string, string> = {
  NOK: 'kr',
  percent: '%',
  fraction: 'andel',
  factor: 'faktor',
  days: 'dager',
  months: 'måneder',
  years: 'år',
  count: 'antall',
  scale: 'tabell',
  choice: 'valg',
};

/**
 * A rule's value as the officer reads it, with its unit: "11,75 %", "1 000,00 kr", "14 dager" (the
 * forms' titles, the history and the preview's "endret av" show it).
 */
export function valueText(value: string | number, unit: string): string {
  if (unit === 'percent') return `${String(value).replace('.', ',')} %`;
  if (unit === 'NOK') return `${krText(String(value))} kr`;
  return unit === 'days' || unit === 'months' || unit === 'years' ? `${value} ${UNIT_TEXT[unit]}` : String(value);
}

/** The event types by their Norwegian names (the engine's list). */
export const EVENT_TEXT = EVENT_NAMES;

export const FIGURE_TEXT: Record<string, string> = {
  interest: 'Rente',
  fees: 'Gebyrer (lovlig)',
  outstanding: 'Utestående',
  nextStep: 'Neste steg',
  violations: 'Brudd',
  salaer: 'Salær',
};

/** 2024-05-02 → 02.05.2024 */
export function dato(iso: string | undefined | null): string {
  return iso ? datoText(iso) : '—';
}

/** "1250.50" → "1 250,50" */
export function kr(amount: string | undefined | null): string {
  return amount === undefined || amount === null || amount === '' ? '—' : krText(amount);
}

/**
 * An ISO timestamp as date and time in Norway, "02.05.2024 14:03": the same on the server (often
 * in UTC) and in any browser, so that a page shows the time an officer's clock showed.
 */
export function tidspunkt(iso: string): string {
  const c = osloClock(iso);
  return c ? `${datoText(c.date)} ${c.time}` : '—';
}

/** The same as "02.05.2024 kl. 14:03", for a sentence. */
export function tidspunktKl(iso: string): string {
  const c = osloClock(iso);
  return c ? `${datoText(c.date)} kl. ${c.time}` : '—';
}

/** The date in Norway of an ISO timestamp, "02.05.2024". */
export function datoAv(iso: string): string {
  const c = osloClock(iso);
  return c ? datoText(c.date) : '—';
}
