/**
 * The playground's check of a claim, in Norwegian: the engine's own messages for the mistakes an
 * officer filling in the form makes, each under the field's label in the form.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim } from '$engine/claim/index.ts';
import { claimErrorText, claimFieldLabel } from '$lib/claim-errors-nb.ts';

const base = { id: 'K', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '100.00', invoiceDate: '2024-01-10', dueDate: '2024-01-20', events: [] as unknown[] };

function problems(change: Record<string, unknown>): string[] {
  const r = checkClaim({ ...base, ...change });
  return r.ok ? [] : r.errors.map((e) => `${claimFieldLabel(e.pointer)}: ${claimErrorText(e)}`);
}

describe('the check of a claim in Norwegian', () => {
  it('names each field as the form does, and says what it must be in the form\'s terms', () => {
    expect(problems({ principal: 'tusen' })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt)']);
    // The engine's reason an amount is none, in Norwegian: a number in the claim's JSON, 3 decimals.
    expect(problems({ principal: 1250 })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt); skriv det i anførselstegn: "1250" (et tall uten anførselstegn leses som en binær brøk, som kan miste øre)']);
    expect(problems({ principal: -5 })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt); -5 er negativt, og et beløp skrives i anførselstegn (et tall uten anførselstegn leses som en binær brøk, som kan miste øre)']);
    expect(problems({ principal: '1250.505' })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt); "1250.505" har 3 desimaler']);
    expect(problems({ principal: 'kr 100' })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt); skriv "kr 100" som "100"']);
    expect(problems({ principal: '12500000000.00' })).toEqual(['Hovedstol: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt); "12500000000.00" er mer enn 9999999999.99']);
    expect(problems({ dueDate: '2024-02-30' })).toEqual(['Forfall: må være en dato fra 1900 eller senere (februar 2024 har 29 dager)']);
    expect(problems({ dueDate: '15.03.2024' })).toEqual(['Forfall: må være en dato fra 1900 eller senere (skriv 15.03.2024 som 2024-03-15)']);
    expect(problems({ dueDate: 20240315 })).toEqual(['Forfall: må være en dato fra 1900 eller senere (en dato er tekst: "ÅÅÅÅ-MM-DD", i anførselstegn)']);
    expect(problems({ dueDate: '2024-01-01' })).toEqual(['Forfall: 01.01.2024 er før fakturadatoen 10.01.2024']);
    expect(problems({ demandDate: '2024-01-12' })).toEqual(['Kravet: oppgi enten forfall eller påkrav sendt, ikke begge']);
    expect(problems({ events: [{ type: 'purring', date: '2024-01-01', fee: '35' }] })).toEqual(['Hendelse 1: Dato: hendelsen er datert 01.01.2024, før fakturadatoen 10.01.2024']);
    expect(problems({ events: [{ type: 'purring', date: '2024-02-01', fee: 'x', deadlineDays: 1.5 }] })).toEqual([
      'Hendelse 1: Gebyr krevd: må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt)',
      'Hendelse 1: Frist i brevet: må være et helt antall',
    ]);
    expect(problems({ events: [{ type: 'payment', date: '2024-02-01' }] })).toEqual(['Hendelse 1: beløp betalt mangler']);
    expect(problems({ id: '' })[0]).toBe('Referanse: må fylles ut');
    // The limits of a field, and text in a field for days (the form passes it on as typed).
    expect(problems({ id: 'K'.repeat(201) })).toEqual(['Referanse: kan ha høyst 200 tegn']);
    expect(problems({ events: [{ type: 'purring', date: '2024-02-01', deadlineDays: 400 }, { type: 'purring', date: '2024-03-01', deadlineDays: -3 }, { type: 'purring', date: '2024-04-01', deadlineDays: '14 dager' }] })).toEqual([
      'Hendelse 1: Frist i brevet: kan være høyst 365',
      'Hendelse 2: Frist i brevet: må være minst 0',
      'Hendelse 3: Frist i brevet: må være et helt antall',
    ]);
    expect(problems({ events: [{ type: 'payment', date: '2024-02-01', amount: '10.00', allocation: ['costs', 'costs', 'interest', 'principal'] }] })).toEqual([
      'Hendelse 1: Fordeling: kan ha høyst 3',
      'Hendelse 1: Fordeling: kan ikke ha det samme to ganger (nr. 1 og 2 er like)',
    ]);
    // What JSON pasted into the playground can be instead of a claim.
    const said = (c: unknown) => { const r = checkClaim(c); return r.ok ? [] : r.errors.map((e) => `${claimFieldLabel(e.pointer)}: ${claimErrorText(e)}`); };
    expect(said([])).toEqual(['Kravet: må være et JSON-objekt ({ "id": …, "principal": …, … }), ikke en liste']);
    expect(said(null)).toEqual(['Kravet: må være et JSON-objekt ({ "id": …, "principal": …, … }), ikke null']);
    expect(problems({ debtor: null, events: 5, dueDate: undefined })).toEqual(['Skyldner: har ingen verdi (null), men må være et JSON-objekt ({ … })', 'Hendelser: må være en liste ([ … ])', 'Kravet: oppgi forfall eller påkrav sendt']);
    expect(problems({ events: [null], creditor: { vatRegistered: 'ja' } })).toEqual(['Kreditor: Kreditor er mva-registrert: må være true eller false', 'Hendelse 1: har ingen verdi (null), men må være et JSON-objekt ({ … })']);
    // null where the form has a field: said as no value, whatever the field must be.
    expect(problems({ debtor: { kind: 'consumer', id: null }, creditor: { vatRegistered: null } })).toEqual([
      'Skyldner: Referanse: har ingen verdi (null), men må være tekst',
      'Kreditor: Kreditor er mva-registrert: har ingen verdi (null), men må være true eller false',
    ]);
    // A principal or a payment of nothing: a payment of 0.00 would interrupt foreldelse.
    expect(problems({ principal: '0.00', events: [{ type: 'payment', date: '2024-02-01', amount: '0' }] })).toEqual([
      'Hovedstol: må være mer enn 0,00: et krav på 0 kr er ikke noe å kreve inn',
      'Hendelse 1: Beløp betalt: må være mer enn 0,00: en innbetaling på 0 kr er ingen delbetaling og avbryter ikke foreldelsen; ta hendelsen ut',
    ]);
    // An amount or a date that is null: said as no value, and what it must be in Norwegian.
    expect(problems({ principal: null, events: [{ type: 'payment', date: null, amount: '10.00' }] })).toEqual([
      'Hovedstol: har ingen verdi (null), men må være et beløp i kroner, for eksempel 1 250,00 (høyst to desimaler, ikke negativt)',
      'Hendelse 1: Dato: har ingen verdi (null), men må være en dato fra 1900 eller senere',
    ]);
  });

  it('gives what it does not know in the rule files\' translation, or as the engine wrote it', () => {
    expect(claimErrorText({ code: 'UNKNOWN_FIELD', message: "unknown property 'debtr' (allowed: id, debtor; did you mean 'debtor'?)" })).toBe('ukjent felt «debtr»; mente du «debtor»? (tillatt: id, debtor)');
    expect(claimErrorText({ code: 'INVALID_FIELD', message: 'something new' })).toBe('something new');
  });
});
