/**
 * Random claims for the property tests: dates within the period the bundled rules cover
 * (forfall 2021-07-01 … 2026-06-30, evaluated by 2026-12-31), letters, charges, payments and
 * disputes in any order, fees anywhere from nothing to well above any cap.
 */
import fc from 'fast-check';
import { day, isoDate } from '../../engine/calendar/index.ts';
import type { Claim, Event } from '../../engine/types.generated.ts';

const FIRST_DUE = day('2021-07-01');
const LAST_DUE = day('2026-06-30');
const LAST_AS_OF = day('2026-12-31');

const amount = (max: number) => fc.integer({ min: 1, max }).map((ore) => `${Math.floor(ore / 100)}.${String(ore % 100).padStart(2, '0')}`);

export const eventAt = (due: number): fc.Arbitrary<Event> => {
  const date = fc.integer({ min: 0, max: 200 }).map((d) => isoDate(Math.min(due + d, LAST_AS_OF)));
  const letter = (type: 'purring' | 'inkassovarsel' | 'betalingsoppfordring') => fc.record({
    type: fc.constant(type), date, fee: fc.option(amount(30_000), { nil: undefined }), deadlineDays: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  }, { requiredKeys: ['type', 'date'] });
  return fc.oneof(
    letter('purring'), letter('inkassovarsel'), letter('betalingsoppfordring'),
    fc.record({ type: fc.constant('rettslig_inndriving' as const), date }),
    fc.record({ type: fc.constant('standardkompensasjon' as const), date, fee: amount(60_000) }),
    fc.record({ type: fc.constant('salaer' as const), date, fee: amount(300_000) }),
    fc.record({ type: fc.constant('payment' as const), date, amount: amount(2_000_000), allocation: fc.option(fc.shuffledSubarray(['costs', 'interest', 'principal'] as const, { minLength: 1 }), { nil: undefined }) }, { requiredKeys: ['type', 'date', 'amount'] }),
    fc.record({ type: fc.constant('dispute' as const), date }),
    fc.record({ type: fc.constant('dispute_resolved' as const), date }),
  ) as fc.Arbitrary<Event>;
};

export const claimArb: fc.Arbitrary<{ claim: Claim; asOf: string }> = fc
  .record({
    due: fc.integer({ min: FIRST_DUE, max: LAST_DUE }),
    kind: fc.constantFrom('consumer' as const, 'business' as const),
    vat: fc.boolean(),
    collection: fc.constantFrom('egeninkasso' as const, 'fremmedinkasso' as const),
    principal: amount(50_000_000),
    asOfOffset: fc.integer({ min: 0, max: 400 }),
  })
  .chain((b) => fc.array(eventAt(b.due), { maxLength: 8 }).map((events) => ({
    claim: {
      id: 'P', debtor: { kind: b.kind }, creditor: { vatRegistered: b.vat }, collection: b.collection, principal: b.principal,
      invoiceDate: isoDate(b.due - 14), dueDate: isoDate(b.due), events: events.map((e) => JSON.parse(JSON.stringify(e))),
    } satisfies Claim,
    asOf: isoDate(Math.min(b.due + b.asOfOffset, LAST_AS_OF)),
  })));
