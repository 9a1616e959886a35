/**
 * A betalingsoppfordring must state every cost owed on its day (inkassoloven § 10 annet ledd
 * bokstav c; Lovavdelingen 31.05.2010): what its record shows it left out is COSTS_NOT_STATED and
 * can no longer be claimed. The golden case brev/betalingsoppfordring-utelatt-kostnad has the
 * figures worked out by hand; these are the edges around it.
 */
import { describe, expect, it } from 'vitest';
import { day } from '../calendar/index.ts';
import { evaluateClaim, evaluateFindings, loadRules } from '../node.ts';
import type { Claim } from '../types.generated.ts';

const rules = loadRules();
const FIELDS = ['overskrift', 'kreditor', 'hva-kravet-gjelder', 'kravets-storrelse', 'rentesats', 'frist-for-betaling-eller-innsigelse', 'betale-eller-innsigelse', 'rettidig-betaling', 'videre-kostnader'];

/** 5 000 kr due 16.1.2026: purring 2.2. (38), inkassovarsel 17.2. (38), betalingsoppfordring 4.3. (113) stating `costs`; then `more`. */
const claimWith = (costs: string | undefined, more: Claim['events'] = []): Claim => ({
  id: 'BO', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso',
  principal: '5000.00', invoiceDate: '2026-01-02', dueDate: '2026-01-16',
  events: [
    { type: 'purring', date: '2026-02-02', fee: '38.00', deadlineDays: 14 },
    { type: 'inkassovarsel', date: '2026-02-17', fee: '38.00', deadlineDays: 14 },
    { type: 'betalingsoppfordring', date: '2026-03-04', fee: '113.00', deadlineDays: 14, letter: { fields: FIELDS, ...(costs !== undefined ? { costs } : {}) } },
    ...more,
  ],
});
const allowed = (c: Claim) => evaluateClaim(rules, c, { asOf: '2026-03-31' }).fees.map((f) => f.allowed);

describe('costs a betalingsoppfordring left out', () => {
  it('are nothing when it states them all, or more, or does not say', () => {
    for (const costs of ['189.00', '200.00', undefined]) {
      const r = evaluateClaim(rules, claimWith(costs), { asOf: '2026-03-31' });
      expect(r.violations, String(costs)).toEqual([]);
      expect(r.fees.map((f) => f.allowed)).toEqual(['38.00', '38.00', '113.00']);
      expect(r.fees.some((f) => f.forfeited)).toBe(false);
    }
  });

  it('are taken from the fees before it, the latest first, and from its own fee last', () => {
    expect(allowed(claimWith('151.00'))).toEqual(['38.00', '0.00', '113.00']);
    expect(allowed(claimWith('120.00'))).toEqual(['7.00', '0.00', '113.00']);
    expect(allowed(claimWith('100.00'))).toEqual(['0.00', '0.00', '100.00']);
    const r = evaluateClaim(rules, claimWith('0.00'), { asOf: '2026-03-31' });
    expect(r.fees.map((f) => [f.allowed, f.forfeited])).toEqual([
      ['0.00', [{ amount: '38.00', date: '2026-03-04', eventIndex: 2 }]],
      ['0.00', [{ amount: '38.00', date: '2026-03-04', eventIndex: 2 }]],
      ['0.00', [{ amount: '113.00', date: '2026-03-04', eventIndex: 2 }]],
    ]);
    expect(r.violations).toMatchObject([{ code: 'COSTS_NOT_STATED', eventIndex: 2, forfeited: '189.00' }]);
    expect(r.balance.fees).toBe('0.00');
  });

  it('count only costs not yet paid: a payment before the letter covered the earliest', () => {
    // 2 000 on 20.2. pays the 76 in costs first; the letter owes only its own fee.
    const paid = claimWith('113.00', []);
    const events = [...paid.events];
    events.splice(2, 0, { type: 'payment', date: '2026-02-20', amount: '2000.00' });
    const r = evaluateClaim(rules, { ...paid, events }, { asOf: '2026-03-31' });
    expect(r.violations).toEqual([]);
    const short = evaluateClaim(rules, { ...paid, events: events.map((e) => (e.type === 'betalingsoppfordring' ? { ...e, letter: { fields: FIELDS, costs: '100.00' } } : e)) }, { asOf: '2026-03-31' });
    expect(short.violations).toMatchObject([{ code: 'COSTS_NOT_STATED', eventIndex: 3, forfeited: '13.00' }]);
    // The fees before it were paid: only its own fee is left to forfeit.
    expect(short.fees.map((f) => f.allowed)).toEqual(['38.00', '38.00', '100.00']);
    // 50 kr paid: the purring's 38 and 12 of the inkassovarsel's; its other 26 were owed and left out.
    const part = events.map((e) => (e.type === 'payment' ? { ...e, amount: '50.00' } : e));
    const some = evaluateClaim(rules, { ...paid, events: part }, { asOf: '2026-03-31' });
    expect(some.violations).toMatchObject([{ code: 'COSTS_NOT_STATED', eventIndex: 3, forfeited: '26.00' }]);
    expect(some.fees.map((f) => f.allowed)).toEqual(['38.00', '12.00', '113.00']);
    expect(some.balance.fees).toBe('163.00');
  });

  it('are explained in the trace with the fees they came from, and found the same on the findings path', () => {
    const claim = claimWith('151.00');
    const r = evaluateClaim(rules, claim, { asOf: '2026-03-31', trace: true });
    const t = r.trace.find((x) => x.figure === '/violations/0/forfeited')!;
    expect(t.value).toBe('38.00');
    expect(t.explanation).toContain('189,00 − 151,00 = 38,00 kr');
    expect(t.rules.map((u) => u.id)).toContain('gebyrer.inkassovarsel-andel');
    expect(r.trace.find((x) => x.figure === '/fees/1/allowed')!.explanation).toMatch(/38,00 kr av det kan ikke lenger kreves: betalingsoppfordring sendt 04\.03\.2026 tok det ikke med/);
    const f = evaluateFindings(rules, claim, day('2026-03-31'));
    expect(f.violations.map((v) => [v.code, v.forfeited])).toEqual([['COSTS_NOT_STATED', 3800]]);
    expect(f.fees.map((x) => x.allowed)).toEqual([3800, 0, 11300]);
  });

  it('are not looked for in a letter that does not count as the step', () => {
    // Sent before the inkassovarsel's deadline: not a betalingsoppfordring, so nothing is forfeited by it.
    const early = claimWith('0.00');
    const events = early.events.map((e) => (e.type === 'betalingsoppfordring' ? { ...e, date: '2026-03-02' } : e));
    const r = evaluateClaim(rules, { ...early, events }, { asOf: '2026-03-31' });
    expect(r.violations.map((v) => v.code)).not.toContain('COSTS_NOT_STATED');
  });
});
