/**
 * The golden corpus: every case in test/golden/ evaluated against the bundled rules and compared
 * with its hand-checked figures. The same runner serves `inkasso test` and the editor's preview.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { claimForfall, loadRules, parseGoldenCases, readGoldenCases, runCase } from '../engine/node.ts';

const rules = loadRules();
const { cases, diagnostics } = readGoldenCases();

describe('the golden corpus', () => {
  it('reads without problems and has at least 40 cases', () => {
    expect(diagnostics).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a case whose ledger names an account the ledger does not have, instead of ignoring it', () => {
    const text = readFileSync(new URL('./golden/betalingsanmerkning/etter-betaling.yaml', import.meta.url), 'utf8');
    const bad = parseGoldenCases([{ path: 'x.yaml', text: `${text}\nledger:\n  accounts:\n    recievable: "1510"\n` }]);
    expect(bad.diagnostics.map((d) => d.message)).toEqual(["unknown property 'recievable' (allowed: receivable, sales, fees, interest, bank, loss, recovery, overpaid, timeBarred, noVatCode; did you mean 'receivable'?)"]);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const outcome = runCase(rules, c);
    expect(outcome.mismatches).toEqual([]);
  });
});

describe('coverage of the corpus', () => {
  const all = cases.map((c) => c.case);
  const codes = new Set(all.flatMap((c) => (c.expected.violations ?? []).map((v) => v.code)));

  it('asserts every violation code at least once', () => {
    const required = ['FEE_TOO_EARLY', 'FEE_ABOVE_CAP', 'TOO_MANY_FEES', 'STEP_TOO_EARLY', 'DEADLINE_TOO_SHORT', 'MISSING_INKASSOVARSEL', 'STEP_WHILE_DISPUTED',
      'STANDARDKOMPENSASJON_NOT_ALLOWED', 'PURREGEBYR_AND_STANDARDKOMPENSASJON', 'SALAER_TOO_EARLY', 'SALAER_ABOVE_CAP', 'FEE_NOT_ALLOWED', 'STEP_TOO_LATE',
      'MISSING_BETALINGSOPPFORDRING', 'STEP_AFTER_PAYMENT', 'CLAIM_TIME_BARRED', 'SALAER_NOT_ALLOWED', 'INTEREST_ABOVE_LAWFUL'];
    expect(required.filter((c) => !codes.has(c as never))).toEqual([]);
  });

  it('covers both fee regimes, both debtor kinds, both kinds of collection, and every step', () => {
    expect(all.some((c) => claimForfall(c.claim) < '2020-10-01' && c.claim.events.some((e) => e.type === 'purring'))).toBe(true);
    expect(all.some((c) => claimForfall(c.claim) > '2020-10-01' && c.claim.events.some((e) => e.type === 'purring'))).toBe(true);
    for (const kind of ['consumer', 'business']) expect(all.some((c) => c.claim.debtor.kind === kind)).toBe(true);
    for (const coll of ['egeninkasso', 'fremmedinkasso']) expect(all.some((c) => c.claim.collection === coll)).toBe(true);
    for (const t of ['purring', 'inkassovarsel', 'betalingsoppfordring', 'salaer', 'rettslig_inndriving', 'standardkompensasjon', 'payment', 'dispute', 'dispute_resolved']) {
      expect(all.some((c) => c.claim.events.some((e) => e.type === t)), t).toBe(true);
    }
  });
});
