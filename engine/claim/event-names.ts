/**
 * The event types of a claim as the law and a Norwegian reader name them, in the order a form
 * offers them. A letter only a coming regime's rule files define (the new inkassolov's kravbrev) is
 * not named here, since the engine names no letter of a regime (test/regimes.test.ts): it shows as
 * its type. test/schemas.test.ts checks that every other type of the claim schema is here.
 */
export const EVENT_NAMES: Readonly<Record<string, string>> = {
  purring: 'Purring',
  inkassovarsel: 'Inkassovarsel',
  betalingsoppfordring: 'Betalingsoppfordring',
  rettslig_inndriving: 'Rettslig inndriving',
  forliksklage: 'Forliksklage',
  dom: 'Dom',
  betalingsanmerkning: 'Betalingsanmerkning',
  utleggsbegjaering: 'Begjæring om utlegg',
  standardkompensasjon: 'Standardkompensasjon',
  salaer: 'Inkassosalær',
  payment: 'Innbetaling',
  dispute: 'Innsigelse',
  dispute_resolved: 'Innsigelse avklart',
  acknowledgment: 'Erkjennelse',
  write_off: 'Avskrevet som tap',
};
