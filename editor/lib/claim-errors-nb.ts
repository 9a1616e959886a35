/**
 * The check of a claim in *Prøv et krav*, in Norwegian: the engine says what is wrong in English
 * with the claim's JSON names (for integrators); an officer filling in the form reads it under the
 * name the field has there ("Hendelse 2: Gebyr krevd") and in the form's own terms ("for eksempel
 * 1 250,00"). What is not translated here gets the rule-file translations, or stays as the engine
 * wrote it. Client and server.
 */
import { amountReasonText, dateReasonText, diagnosticText } from './diagnostics-nb.ts';
import { dato } from './nb.ts';

/** The claim's fields by the labels the form gives them. */
const LABEL: Record<string, string> = {
  id: 'Referanse', debtor: 'Skyldner', creditor: 'Kreditor', collection: 'Inndriving', principal: 'Hovedstol',
  invoiceDate: 'Fakturadato', dueDate: 'Forfall', demandDate: 'Påkrav sendt', deliveryDate: 'Levert',
  interestBeforeDueDate: 'Renter før forfall', dueDateAgreedInAdvance: 'Forfall avtalt på forhånd', events: 'Hendelser',
  type: 'Type', date: 'Dato', fee: 'Gebyr krevd', amount: 'Beløp betalt', deadlineDays: 'Frist i brevet',
  interest: 'Renter krevd', tvangsgrunnlag: 'Tvangsgrunnlag', allocation: 'Fordeling', kind: 'Skyldner', vatRegistered: 'Kreditor er mva-registrert',
};

const ISO = '(\\d{4}-\\d{2}-\\d{2})';
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** "/events/1/fee" → "Hendelse 2: Gebyr krevd"; "/principal" → "Hovedstol"; "" → "Kravet". */
export function claimFieldLabel(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (parts.length === 0) return 'Kravet';
  if (parts[0] === 'events' && parts.length >= 2 && /^\d+$/.test(parts[1]!)) {
    const event = `Hendelse ${Number(parts[1]) + 1}`;
    const rest = parts.slice(2).map((p) => LABEL[p] ?? p).join(': ');
    return rest ? `${event}: ${rest}` : event;
  }
  return parts.map((p) => LABEL[p] ?? p).join(': ');
}

/** What a claim that is no JSON object is instead (check-claim.ts notAnObject). */
const NOT_AN_OBJECT: Record<string, string> = { 'a number': 'et tall', 'an array': 'en liste', null: 'null', 'a string': 'en tekst', 'a boolean': 'true eller false', undefined: 'ingenting' };

/** What a field that is null must be instead (schema-errors.ts typeText). */
const EMPTY_NB: Record<string, string> = {
  'a string': 'tekst',
  'a whole number': 'et helt antall',
  'true or false': 'true eller false',
  'a list': 'en liste ([ … ])',
  'a map (JSON object)': 'et JSON-objekt ({ … })',
  'an amount in kroner with at most two decimals, never negative and at most 9999999999.99 (e.g. "1250.00")': 'et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt)',
  'a date (YYYY-MM-DD) from 1900 on': 'en dato fra 1900 eller senere',
};

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  // Before the rules for what a field must be: null is said as such, whatever it must be.
  [/ has no value \(null\); it must be (.+)$/, (m) => `har ingen verdi (null), men må være ${EMPTY_NB[m[1]!] ?? m[1]}`],
  [/ must be an amount in kroner[^;]*(?:; (.+))?$/, (m) => `må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt)${m[1] ? `; ${amountReasonText(m[1])}` : ''}`],
  [/ must be a date \(YYYY-MM-DD\) from 1900 on(?: \((.+)\))?$/, (m) => `må være en dato fra 1900 eller senere${m[1] ? ` (${dateReasonText(m[1])})` : ''}`],
  [/ must be a whole number$/, () => 'må være et helt antall'],
  [new RegExp(`^\\S+ ${ISO} is before invoiceDate ${ISO}$`), (m) => `${dato(m[1])} er før fakturadatoen ${dato(m[2])}`],
  [new RegExp(`^the \\S+ on ${ISO} is before invoiceDate ${ISO}$`), (m) => `hendelsen er datert ${dato(m[1])}, før fakturadatoen ${dato(m[2])}`],
  [/^principal must be more than 0\.00: /, () => 'må være mer enn 0,00: et krav på 0 kr er ikke noe å kreve inn'],
  [/^amount must be more than 0\.00: a payment of 0\.00 /, () => 'må være mer enn 0,00: en innbetaling på 0 kr er ingen delbetaling og avbryter ikke foreldelsen; ta hendelsen ut'],
  [/is missing required property '([^']+)'$|^missing required property '([^']+)'$/, (m) => `${lower(LABEL[m[1] ?? m[2]!] ?? m[1] ?? m[2]!)} mangler`],
  [/must have only one of: dueDate, demandDate/, () => 'oppgi enten forfall eller påkrav sendt, ikke begge'],
  [/ must not be empty$/, () => 'må fylles ut'],
  [/^a claim must be a JSON object .*, not (.+)$/, (m) => `må være et JSON-objekt ({ "id": …, "principal": …, … }), ikke ${NOT_AN_OBJECT[m[1]!] ?? m[1]}`],
  [/ must be a map \(JSON object\)$/, () => 'må være et JSON-objekt ({ … })'],
  [/ must be a list$/, () => 'må være en liste ([ … ])'],
  [/ must be true or false$/, () => 'må være true eller false'],
  [/^the document must have one of: dueDate, demandDate$/, () => 'oppgi forfall eller påkrav sendt'],
  [/ must be >= (\d+)$/, (m) => `må være minst ${m[1]}`],
  [/ must be <= (\d+)$/, (m) => `kan være høyst ${m[1]}`],
  [/ must not be longer than (\d+) characters$/, (m) => `kan ha høyst ${m[1]} tegn`],
  [/ must have at most (\d+) items$/, (m) => `kan ha høyst ${m[1]}`],
  [/ must not repeat an item \(items (\d+) and (\d+) are the same\)$/, (m) => `kan ikke ha det samme to ganger (nr. ${Number(m[1]) + 1} og ${Number(m[2]) + 1} er like)`],
];

/** A problem the check of a claim found, in Norwegian (starting in lower case: it follows the field's name). */
export function claimErrorText(e: { code: string; message: string }): string {
  for (const [re, f] of RULES) {
    const m = re.exec(e.message);
    if (m) return f(m);
  }
  return diagnosticText(e.code, e.message);
}
