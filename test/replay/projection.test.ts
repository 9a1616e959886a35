/** The replay's closing lines: how long six million claims would take at the run's rate, and the amounts grouped. */
import { describe, expect, it } from 'vitest';
import { projection, summaryText } from '../../engine/cli/commands/replay.ts';
import type { ReplaySummary } from '../../engine/replay/summary.ts';

const summary = (read: number, claimsPerSecond: number, extra: Partial<ReplaySummary> = {}) => ({
  input: 'x.ndjson', format: 'ndjson', rules: { dir: 'rules', version: 'abc' }, asOf: 'event', startedAt: '2026-12-02T10:00:00.000Z',
  seconds: read / claimsPerSecond, claimsPerSecond, workers: 2, complete: true, lastLine: read,
  claims: { read, evaluated: read, withViolations: 0, malformed: 0, failed: 0 },
  violations: { total: 0, byCode: [], byYear: [] }, overcharged: { total: '0.00', fees: '0.00', interest: '0.00' },
  unconfirmed: { claims: 0, claimsWithViolations: 0, values: [] }, topClaims: [], problems: [],
  ...extra,
}) as unknown as ReplaySummary;

describe('the projection for six million claims', () => {
  it('is printed under the first line, in seconds, minutes or hours', () => {
    expect(projection(summary(200_000, 92_000))).toBe('  at this rate 6 000 000 claims would take about 65 s');
    expect(projection(summary(200_000, 10_000))).toBe('  at this rate 6 000 000 claims would take about 10 min');
    expect(projection(summary(20_000, 500))).toBe('  at this rate 6 000 000 claims would take about 3.3 h');
    expect(summaryText(summary(200_000, 92_000), {}).split('\n')[1]).toBe('  at this rate 6 000 000 claims would take about 65 s');
  });

  it('says when the run was in the main thread, where six million claims would have worker threads', () => {
    const inMain = summary(20_000, 12_000, { workers: 0 } as Partial<ReplaySummary>);
    expect(projection(inMain, 2)).toBe('  at this rate 6 000 000 claims would take about 8 min (by default a file that size has 2 worker threads)');
    // On one core there are none by default: the rate is the one such a file would have.
    expect(projection(inMain, 1)).toBe('  at this rate 6 000 000 claims would take about 8 min');
    expect(projection(summary(200_000, 92_000), 2)).toBe('  at this rate 6 000 000 claims would take about 65 s');
  });

  it('is left out for a small run (mostly start-up) and for merged shards', () => {
    expect(projection(summary(9_999, 5_000))).toBeUndefined();
    expect(projection(summary(200_000, 92_000, { mergedFrom: 3 } as Partial<ReplaySummary>))).toBeUndefined();
  });
});

describe('the closing lines', () => {
  it('write the overcharged amounts as kroner are written everywhere else (krText: 11 807 268,30), exactly', () => {
    const s = summary(200_000, 92_000, {
      claims: { read: 200_000, evaluated: 200_000, withViolations: 49_809, malformed: 0, failed: 0 },
      violations: { total: 50_703, byCode: [], byYear: [] },
      overcharged: { total: '11807268.30', fees: '8701723.91', interest: '3105544.39' },
    } as unknown as Partial<ReplaySummary>);
    expect(summaryText(s, {}).split('\n')[2]).toBe('  49 809 with violations (50 703 violations), overcharged 11\u00a0807\u00a0268,30 kr (fees 8\u00a0701\u00a0723,91, interest 3\u00a0105\u00a0544,39)');
    const small = summary(10, 5, { overcharged: { total: '999.99', fees: '0.00', interest: '999.99' } } as unknown as Partial<ReplaySummary>);
    expect(summaryText(small, {})).toContain('overcharged 999,99 kr (fees 0,00, interest 999,99)');
  });

  it('say one claim and one violation in the singular', () => {
    const one = summary(1, 50, {
      claims: { read: 1, evaluated: 1, withViolations: 1, malformed: 0, failed: 0 },
      violations: { total: 1, byCode: [], byYear: [] },
    } as unknown as Partial<ReplaySummary>);
    const [first, second] = summaryText(one, {}).split('\n');
    expect(first).toBe('inkasso replay: 1 claim in 0.0 s (50/s, 2 workers), rules abc');
    expect(second).toBe('  1 with violations (1 violation), overcharged 0,00 kr (fees 0,00, interest 0,00)');
  });

  it('write the amounts of a comparison of rule sets as kroner too', () => {
    const s = summary(200_000, 92_000, {
      compare: {
        rules: { dir: 'forslag', version: 'def' }, compared: 200_000, changed: 31_250, failedOnlyOneSide: 0, failedByCode: [],
        interest: { before: '1234567.89', after: '1250000.00' }, fees: { before: '98000.00', after: '97500.50' },
        outstanding: { before: '0.00', after: '0.00' }, nextStep: { moved: 12, earlier: 2, later: 10 }, violations: { added: {}, removed: {} }, topClaims: [],
      },
    } as unknown as Partial<ReplaySummary>);
    expect(summaryText(s, {}).split('\n').find((l) => l.startsWith('  compare'))).toBe('  compare forslag: 31 250 of 200 000 claims change; interest 1\u00a0234\u00a0567,89 → 1\u00a0250\u00a0000,00 kr, fees 98\u00a0000,00 → 97\u00a0500,50 kr; next step moves for 12');
  });

  it('say how many codes and violations are left out of the list, so that the list and the total agree', () => {
    const byCode = Array.from({ length: 10 }, (_, i) => ({ code: `CODE_${i}`, violations: 20 - i, claims: 20 - i, hjemmel: [] }));
    const s = summary(500, 2_500, {
      claims: { read: 500, evaluated: 500, withViolations: 150, malformed: 0, failed: 0 },
      violations: { total: 155, byCode, byYear: [] },
      compare: {
        rules: { dir: 'forslag', version: 'def' }, compared: 500, changed: 20, failedOnlyOneSide: 21,
        failedByCode: Array.from({ length: 6 }, (_, i) => ({ side: 'after', code: `FAIL_${i}`, claims: 6 - i })),
        interest: { before: '0.00', after: '0.00' }, fees: { before: '0.00', after: '0.00' },
        outstanding: { before: '0.00', after: '0.00' }, nextStep: { moved: 0, earlier: 0, later: 0 }, violations: { added: {}, removed: {} }, topClaims: [],
      },
    } as unknown as Partial<ReplaySummary>);
    const lines = summaryText(s, { summary: 's.json' }).split('\n');
    expect(lines.filter((l) => /^ {4}CODE_/.test(l))).toHaveLength(8);
    // 20 + 19 + … + 13 = 132 listed, 12 + 11 = 23 not: 155 in all.
    expect(lines).toContain('    … 2 more codes with 23 violations: every code is in the summary (s.json)');
    expect(lines).toContain('    … 1 more code with 1 claim: every code is in the summary (s.json)');
    expect(summaryText(s, { report: 'r.html' })).toContain('    … 2 more codes with 23 violations: every code is in the report (r.html)');
    expect(summaryText(s, { summary: '-' })).toContain('    … 2 more codes with 23 violations\n');
    expect(summaryText(summary(500, 2_500, { violations: { total: 132, byCode: byCode.slice(0, 8), byYear: [] } } as unknown as Partial<ReplaySummary>), {})).not.toContain('more code');
  });

  it('name every file written, the ledger too, and none written to stdout', () => {
    const s = summary(200_000, 92_000);
    expect(summaryText(s, { out: 'f.ndjson', ledger: 'postings.csv', summary: 's.json', report: 'r.html' }).split('\n').at(-1)).toBe('  wrote findings f.ndjson, ledger postings.csv, summary s.json, report r.html');
    expect(summaryText(s, { out: '-', ledger: 'postings.csv', summary: '-' }).split('\n').at(-1)).toBe('  wrote ledger postings.csv');
  });
});
