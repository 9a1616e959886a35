import { describe, expect, it } from 'vitest';
import { conditionText } from './condition-text.ts';
import type { Condition } from '../conditions/index.ts';

describe('conditions in Norwegian', () => {
  it('say a yes/no fact as a statement, either way round', () => {
    expect(conditionText({ all: [{ fact: 'paidInFull', operator: 'equal', value: false }] })).toBe('kravet er ikke betalt');
    expect(conditionText({ all: [{ fact: 'paidInFull', operator: 'notEqual', value: false }] })).toBe('kravet er betalt');
    expect(conditionText({ all: [{ fact: 'creditorVatRegistered', operator: 'equal', value: false }] })).toBe('kreditor er ikke mva-registrert');
    // After "når" or "med mindre", ikke comes before the verb.
    expect(conditionText({ all: [{ fact: 'creditorVatRegistered', operator: 'equal', value: false }] }, undefined, 'sub')).toBe('kreditor ikke er mva-registrert');
    expect(conditionText({ all: [{ fact: 'paidWithinInkassovarselDeadline', operator: 'equal', value: false }, { fact: 'debtorKind', operator: 'notEqual', value: 'consumer' }] }, undefined, 'sub'))
      .toBe('kravet ikke ble betalt innen fristen i inkassovarselet og skyldneren ikke er forbruker');
  });

  it('name numbers, kinds and parameters (with the value shown beside the id) and join all with og, any with eller', () => {
    const tooMany: Condition = {
      any: [
        { fact: 'purregebyrBefore', operator: 'equal', value: 0 },
        { fact: 'lastFeeLetterDeadlineDays', operator: 'greaterThanInclusive', value: { fact: 'frister.frist-for-nytt-gebyr' } },
      ],
    };
    const value = (id: string) => (id === 'frister.frist-for-nytt-gebyr' ? '14' : undefined);
    expect(conditionText(tooMany, value)).toBe('antall purregebyr krevd før er 0 eller fristen i forrige brev med gebyr (dager) er minst frister.frist-for-nytt-gebyr (14)');
    expect(conditionText({ all: [{ fact: 'debtorKind', operator: 'equal', value: 'business' }, { fact: 'collection', operator: 'in', value: ['egeninkasso', 'fremmedinkasso'] }] }))
      .toBe('skyldneren er næringsdrivende og inndrivingen er en av egeninkasso, fremmedinkasso');
  });

  it('put a nested group in parentheses, say not and the empty groups, and name letter and fee counts', () => {
    const c: Condition = {
      all: [
        { not: { fact: 'disputed', operator: 'equal', value: true } },
        { any: [{ fact: 'lettersSent.purring', operator: 'lessThan', value: 2 }, { fact: 'feesCharged.purregebyr', operator: 'equal', value: 0 }] },
      ],
    };
    expect(conditionText(c)).toBe('ikke: skyldneren har en innsigelse som ikke er avklart og (antall brev purring sendt er under 2 eller antall gebyr som teller som purregebyr er 0)');
    expect(conditionText({ all: [] })).toBe('alltid');
    expect(conditionText({ any: [] })).toBe('aldri');
  });
});
