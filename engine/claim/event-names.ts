/** The event types of a claim as the law and a Norwegian reader name them. */
export const EVENT_NAMES: Readonly<Record<string, string>> = {
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
  write_off: 'Avskrevet som tap',
};
