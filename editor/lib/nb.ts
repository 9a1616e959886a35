/** Norwegian (bokmål) labels for the interface, in one place. */
import { datoText } from '$engine/calendar/norwegian.ts';
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

/** An ISO timestamp as local date and time, "02.05.2024 14:03". */
export function tidspunkt(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
