/**
 * A violation's message states a figure — the first or last lawful day, the interest claimed too
 * much — and the result carries it as a field the trace explains with the rule values it rests on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, evaluateClaim, loadRules, parseRules, readGoldenCases, readRuleSources } from '../node.ts';
import type { Claim, Result } from '../types.generated.ts';
import { violationExplanation } from './violation-explanation.ts';

const rules = loadRules();
const traced = (r: Result, figure: string) => r.trace.find((t) => t.figure === figure);
/** A golden case's claim, evaluated with its trace. */
const golden = (id: string) => {
  const c = readGoldenCases().cases.find((x) => x.id === id)!.case;
  return evaluateClaim(rules, c.claim, { asOf: String(c.as_of), trace: true });
};
/** A consumer's claim of 5 000 kr due 15.1.2024 in egeninkasso, with these events. */
const claimWith = (id: string, events: Claim['events']): Claim => ({
  id, debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso',
  principal: '5000.00', invoiceDate: '2024-01-01', dueDate: '2024-01-15', events,
});

describe('the figure a violation states', () => {
  it('a betalingsanmerkning registered one day early: the first lawful day, from the 30 days after the forliksklage', () => {
    const claim = claimWith('tidlig', [
      { type: 'inkassovarsel', date: '2024-02-20', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2024-03-10', deadlineDays: 14 },
      { type: 'forliksklage', date: '2024-03-26' },
      { type: 'betalingsanmerkning', date: '2024-04-24' },
    ]);
    const r = evaluateClaim(rules, claim, { asOf: '2024-06-01', trace: true });
    expect(r.violations).toMatchObject([{ code: 'STEP_TOO_EARLY', eventIndex: 3, earliestDate: '2024-04-25' }]);
    expect(r.violations[0]!.message).toContain('25.04.2024');
    const t = traced(r, '/violations/0/earliestDate')!;
    expect(t.value).toBe('2024-04-25');
    expect(t.explanation).toBe('Tidligst: første rettslige skritt 2024-03-26, minst 30 dager etter → 2024-04-25.');
    expect(t.rules.map((u) => [u.id, u.value, u.validFrom, u.status])).toEqual([['frister.betalingsanmerkning-etter', '30', '2020-01-01', 'C2']]);
    // Without the trace the field is still there; only the explanation is left out.
    const quiet = evaluateClaim(rules, claim, { asOf: '2024-06-01', trace: false });
    expect(quiet.violations[0]!.earliestDate).toBe('2024-04-25');
  });

  it('salær charged within the inkassovarsel\'s deadline: the day after the deadline, said as such', () => {
    const claim: Claim = { ...claimWith('salaer', [
      { type: 'inkassovarsel', date: '2026-02-03', deadlineDays: 14 },
      { type: 'salaer', date: '2026-02-10', fee: '600.00' },
    ]), collection: 'fremmedinkasso', principal: '8000.00', invoiceDate: '2026-01-05', dueDate: '2026-01-19' };
    const r = evaluateClaim(rules, claim, { asOf: '2026-03-01', trace: true });
    // 3.2.2026 + 14 days = 17.2.2026, the deadline's last day; salær from the day after it.
    expect(r.violations).toMatchObject([{ code: 'SALAER_TOO_EARLY', eventIndex: 1, earliestDate: '2026-02-18' }]);
    // It said 'fristen i inkassovarselet 2026-02-17, mer enn 0 dager etter → 2026-02-18'.
    expect(traced(r, '/violations/0/earliestDate')!.explanation).toBe('Tidligst: dagen etter fristen i inkassovarselet 2026-02-17 → 2026-02-18.');
  });

  it('rettslig inndriving after the betalingsoppfordring\'s six months: the last lawful day', () => {
    const claim = claimWith('sent', [
      { type: 'inkassovarsel', date: '2024-02-01', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2024-03-04', deadlineDays: 14 },
      { type: 'rettslig_inndriving', date: '2024-09-10' },
    ]);
    const r = evaluateClaim(rules, claim, { asOf: '2024-10-01', trace: true });
    const v = r.violations.find((x) => x.code === 'STEP_TOO_LATE')!;
    // 4.3.2024 + 6 months = 4.9.2024 (inkassoloven § 11).
    expect(v.latestDate).toBe('2024-09-04');
    const t = traced(r, `/violations/${r.violations.indexOf(v)}/latestDate`)!;
    expect(t.explanation).toBe('Senest: betalingsoppfordringen 2024-03-04, innen 6 måneder etter → 2024-09-04.');
    expect(t.rules.map((u) => [u.id, u.value])).toEqual([['frister.rettslig-inndriving-innen', '6']]);
  });

  it('interest claimed above the lawful: the excess, from the rate periods it rests on', () => {
    // 1 000 kr due 15.8.2024, interest from 16.8. at 12.50 % (2024-H2): 1000 × 0.125 × 47 / 366 = 16.05 by 1.10.
    const claim: Claim = { ...claimWith('rente', [{ type: 'inkassovarsel', date: '2024-10-01', deadlineDays: 14, interest: '20.00' }]), principal: '1000.00', invoiceDate: '2024-08-01', dueDate: '2024-08-15' };
    const r = evaluateClaim(rules, claim, { asOf: '2024-10-02', trace: true });
    const i = r.violations.findIndex((x) => x.code === 'INTEREST_ABOVE_LAWFUL');
    expect(r.violations[i]!.excess).toBe('3.95');
    const t = traced(r, `/violations/${i}/excess`)!;
    expect(t.explanation).toBe('Krevd 20,00 kr i renter; lovlig forsinkelsesrente til 01.10.2024 er 16,05 kr. For mye: 20,00 − 16,05 = 3,95 kr.');
    expect(t.rules.map((u) => [u.id, u.value, u.validFrom])).toContainEqual(['rente.forsinkelsesrente', '12.50', '2024-07-01']);
  });
});

describe('the figure a letter stated wrong', () => {
  it('a deadline shorter than the lawful: the earliest deadline the letter could state, from the statutory minimum', () => {
    // The golden case's own check: sent 17.4.2024 + 14 days = 1.5.2024, not rolled forward.
    const r = golden('brev/inkassovarsel-for-kort-frist');
    expect(r.violations[0]).toMatchObject({ code: 'LETTER_WRONG_FIGURE', earliestDate: '2024-05-01' });
    const t = traced(r, '/violations/0/earliestDate')!;
    expect(t.explanation).toBe('Brevet oppgir 2024-04-30; fristen kan ikke være kortere enn den lovlige. Sendt 2024-04-17 + minste frist 14 dager (inkassoloven § 9 første ledd) = 2024-05-01.');
    expect(t.rules.map((u) => [u.id, u.value])).toEqual([['frister.inkassovarsel-frist', '14'], ['fristforskyvning.inkassovarsel', 'ingen']]);
  });

  it('an amount above the lawful: the excess, from principal, interest and the letter\'s fee cap', () => {
    // 10 000 + interest 16.3.–2.4.2024 (18 days × 12.50 % / 366 = 61.48) + purregebyr 35 = 10 096.48; 10 150 claimed.
    const r = golden('brev/purring-for-hoyt-belop');
    expect(r.violations[0]).toMatchObject({ code: 'LETTER_WRONG_FIGURE', excess: '53.52' });
    const t = traced(r, '/violations/0/excess')!;
    // Kroner are written with a no-break space between the thousands.
    expect(t.explanation.replace(/\s/g, ' ')).toBe('Brevet krever 10 150,00, 53,52 mer enn det lovlige beløpet. Hovedstol 10 000,00 + kostnader 0,00 + renter som ikke er betalt 61,48 + høyeste gebyr for brevet 35,00 = 10 096,48 den 2024-04-02.');
    expect(t.rules.map((u) => u.id)).toEqual(expect.arrayContaining(['rente.forsinkelsesrente', 'gebyrer.inkassosats', 'gebyrer.purring-andel']));
  });
});

describe('what the text summary and the editor show under a violation', () => {
  it('its own figure, the cap of a fee above it, or the lawful deadline of a deadline too short; nothing for a condition', () => {
    expect(violationExplanation(golden('betalingsanmerkning/forbruker-for-tidlig'), 0)?.figure).toBe('/violations/0/earliestDate');
    // The README example: the betalingsoppfordring's 150 kr against 700 × 3/20 = 105.
    const example = evaluateClaim(rules, JSON.parse(readFileSync(new URL('../../examples/claim-egeninkasso.json', import.meta.url), 'utf8')), { asOf: '2024-07-01', trace: true });
    expect(violationExplanation(example, 0)).toMatchObject({ figure: '/fees/2/cap', value: '105.00' });
    // A 10-day inkassovarsel sent 16.9.2024: the debtor still has 14 days, to 30.9. (the case's own check).
    const short = golden('inkassovarsel/kort-frist');
    expect(short.violations.map((v) => v.code)).toEqual(['DEADLINE_TOO_SHORT', 'FEE_TOO_EARLY']);
    const why = violationExplanation(short, 0)!;
    expect([why.figure, why.value]).toEqual(['/deadlines/0/lastDay', '2024-09-30']);
    expect(why.rules.map((u) => [u.id, u.value])).toContainEqual(['frister.inkassovarsel-frist', '14']);
    expect(violationExplanation(short, 1)).toBeUndefined();
  });
});

describe('a message states the rule value in force, not a number written into its text', () => {
  const remark = (kind: 'consumer' | 'business'): Claim => ({
    ...claimWith(`anmerkning-${kind}`, [
      { type: 'inkassovarsel', date: '2024-02-20', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2024-03-10', deadlineDays: 14 },
      ...(kind === 'consumer' ? [{ type: 'forliksklage' as const, date: '2024-03-26' }] : []),
      { type: 'betalingsanmerkning', date: '2024-04-24' },
    ]),
    debtor: { kind },
  });

  it('with the bundled rules: 30 days for a betalingsanmerkning, 6 months for rettslig inndriving, 14 days for a second fee', () => {
    const consumer = evaluateClaim(rules, remark('consumer'), { asOf: '2024-06-01', trace: false });
    expect(consumer.violations[0]!.message).toBe('En betalingsanmerkning for en forbruker kan tidligst registreres 30 dager etter at rettslige skritt ble tatt, det vil si 25.04.2024.');
    const late = evaluateClaim(rules, claimWith('sent', [
      { type: 'inkassovarsel', date: '2024-02-01', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2024-03-04', deadlineDays: 14 },
      { type: 'rettslig_inndriving', date: '2024-09-10' },
    ]), { asOf: '2024-10-01', trace: false });
    expect(late.violations.find((v) => v.code === 'STEP_TOO_LATE')!.message).toMatch(/^Betalingsoppfordringen er mer enn 6 måneder gammel \(siste dag var 04\.09\.2024\)/);
    // A second purregebyr after a purring that gave 10 days: the message states the 14 of frister.frist-for-nytt-gebyr.
    const fees = evaluateClaim(rules, claimWith('purringer', [
      { type: 'purring', date: '2024-02-01', deadlineDays: 10, fee: '35.00' },
      { type: 'purring', date: '2024-02-20', deadlineDays: 14, fee: '35.00' },
    ]), { asOf: '2024-03-15', trace: false });
    expect(fees.violations.map((v) => v.message)).toContain('Andre purregebyr krever at den første purringen ga minst 14 dagers betalingsfrist.');
  });

  it('when a compliance officer changes frister.betalingsanmerkning-etter to 45 days, the messages say 45 and the day moves', () => {
    const sources = readRuleSources(BUNDLED_RULES_DIR).map((s) => (s.path === 'parameters/frister/betalingsanmerkning-etter.yaml' ? { ...s, text: s.text.replace('value: 30', 'value: 45') } : s));
    const { ruleSet: changed, diagnostics } = parseRules(sources);
    expect(diagnostics).toEqual([]);
    const consumer = evaluateClaim(changed!, remark('consumer'), { asOf: '2024-06-01', trace: false });
    // 26.3.2024 + 45 days = 10.5.2024.
    expect(consumer.violations[0]).toMatchObject({ code: 'STEP_TOO_EARLY', earliestDate: '2024-05-10', message: 'En betalingsanmerkning for en forbruker kan tidligst registreres 45 dager etter at rettslige skritt ble tatt, det vil si 10.05.2024.' });
    const business = evaluateClaim(changed!, { ...remark('business'), events: [{ type: 'betalingsanmerkning', date: '2024-04-24' }] }, { asOf: '2024-06-01', trace: false });
    expect(business.violations.map((v) => v.message)).toContain('En betalingsanmerkning for en næringsdrivende kan tidligst registreres 45 dager etter betalingsoppfordringen; det er ikke sendt noen.');
  });
});
