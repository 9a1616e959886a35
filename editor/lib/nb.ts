/** Norwegian (bokmål) labels for the interface, in one place. */

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

export const ROLE_TEXT: Record<string, string> = {
  reader: 'leser',
  editor: 'redaktør',
  approver: 'godkjenner',
  admin: 'administrator',
};

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

export const EVENT_TEXT: Record<string, string> = {
  purring: 'Purring',
  inkassovarsel: 'Inkassovarsel',
  betalingsoppfordring: 'Betalingsoppfordring',
  rettslig_inndriving: 'Rettslig inndriving',
  standardkompensasjon: 'Standardkompensasjon',
  salaer: 'Inkassosalær',
  payment: 'Innbetaling',
  dispute: 'Innsigelse',
  dispute_resolved: 'Innsigelse avklart',
  acknowledgment: 'Erkjennelse',
};

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
  if (!iso) return '—';
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** "1250.50" → "1 250,50" */
export function kr(amount: string | undefined | null): string {
  if (amount === undefined || amount === null || amount === '') return '—';
  const [int, dec] = amount.split('.');
  return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}${dec !== undefined ? `,${dec}` : ''}`;
}

/** An ISO timestamp as local date and time, "02.05.2024 14:03". */
export function tidspunkt(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
