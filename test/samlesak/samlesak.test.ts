/**
 * Samlesaker: claims of one creditor against one debtor handed to the inkassoforetak together
 * are one case, with one salær on the merged principal (inkassoloven § 17 first paragraph;
 * rules/policies/samlesak/sammenslaaing.yaml). Every figure below is worked by hand from the
 * salær table for forfall from 2020-10-02 (inkassoforskriften §§ 2-2 and 2-3) and the inkassosats
 * of 2026 (750 kr), the structure of inkassoguiden's example of three monthly claims (T6).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../engine/api/app.ts';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import { BUNDLED_RULES_DIR, day, loadRules, validatorFor, validatorForDef, type Claim } from '../../engine/node.ts';
import { findSamlesaker, FirstBatchBuilder, mergedClaim, SamlesakFinder } from '../../engine/samlesak/samlesak.ts';
import { CSV_HEADER, claimCsvRows } from '../../engine/replay/claim-csv.ts';
import { generateClaims } from '../../engine/replay/generate.ts';
import { formatAmount } from '../../engine/money/index.ts';
import { fileURLToPath } from 'node:url';
import { samlesakText } from '../../engine/cli/commands/samlesak.ts';

const rules = loadRules();
const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'inkasso-samlesak-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A consumer claim in fremmedinkasso: forfall 2026-01-16, inkassovarsel 2026-01-19 (14 days, to
 * 2026-02-02), betalingsoppfordring 2026-02-09 (the hand-over), lett salær charged 2026-02-24.
 */
function claim(id: string, principal: string, salaer: string, change: Partial<Claim> = {}): Claim {
  return {
    id,
    debtor: { kind: 'consumer', id: 'kunde-17' },
    creditor: { vatRegistered: true, id: '999888777' },
    collection: 'fremmedinkasso',
    principal,
    invoiceDate: '2026-01-02',
    dueDate: '2026-01-16',
    events: [
      { type: 'inkassovarsel', date: '2026-01-19', deadlineDays: 14 },
      { type: 'betalingsoppfordring', date: '2026-02-09', deadlineDays: 14 },
      { type: 'salaer', date: '2026-02-24', fee: salaer },
    ],
    ...change,
  } as Claim;
}

describe('samlesaker', () => {
  it('three claims of 399 kr handed over together: one lett salær of 300 kr, not three of 187,50', () => {
    // Each alone: up to 500 kr, lett 0.25 × 750 = 187.50; three of them 562.50. As one case:
    // 1 197 kr, up to 2 500 kr, lett 0.4 × 750 = 300.00. Overcharged 562.50 − 300.00 = 262.50.
    const r = findSamlesaker(rules, [claim('A', '399.00', '187.50'), claim('B', '399.00', '187.50'), claim('C', '399.00', '187.50')]);
    expect(r.samlesaker).toHaveLength(1);
    const s = r.samlesaker[0]!;
    expect(s).toMatchObject({
      creditor: '999888777', debtor: 'kunde-17', handedOver: '2026-02-09', asOf: '2026-02-24',
      principal: '1197.00', salaerCharged: '562.50', salaerAllowedSeparately: '562.50', salaerAllowedTogether: '300.00', overcharged: '262.50',
      rules: ['steps.salaer', 'samlesak.sammenslaaing'],
    });
    expect(s.claims.map((c) => [c.line, c.claimId, c.salaerAllowed])).toEqual([[1, 'A', '187.50'], [2, 'B', '187.50'], [3, 'C', '187.50']]);
    expect(r.overcharged).toBe('262.50');
    expect(r.rule).toMatchObject({ id: 'samlesak.sammenslaaing', value: 'samme_overforingsdag', status: 'C2' });
    // The one case's cap is traced to its dated values.
    const cap = s.trace.find((t) => t.figure.endsWith('/cap'))!;
    expect(cap.value).toBe('300.00');
    expect(cap.rules.map((u) => `${u.id} ${u.value}`)).toEqual(expect.arrayContaining(['gebyrer.inkassosats 750.00', 'salaer.salaersatser tabell']));
    // The sats read on the day the claim is paid is a choice with one source (status S); the
    // evaluation's other single-source values (for its next steps) are not the cap's.
    expect(s.warnings.map((w) => `${w.code} ${w.rule}`)).toEqual(['CHOICE_UNCONFIRMED gebyrer.inkassosats']);
  });

  it('warns of the salær rounding only when it rounded the one case\'s cap, not when the rest of an evaluation as of a later date rounded', () => {
    // A creditor not registered for VAT, two claims of 182 kr handed over together in 2025
    // (inkassosats 700): each alone and both together up to 500 kr, lett 0.25 × 700 × 1.25 =
    // 218.75 exactly, so the rounding (avrunding.salaer, a choice with one source) decided nothing.
    // As of 2026-06-30 the evaluation's salær for that day (0.25 × 750 × 1.25 = 234.375) is
    // rounded, but that is not the case's cap. In 2026 the cap itself is 234.375 → 234.38.
    const notVat = (id: string, principal: string, fee: string, year: string) => claim(id, principal, fee, {
      creditor: { vatRegistered: false, id: '999888777' },
      invoiceDate: `${year}-01-02`,
      dueDate: `${year}-01-16`,
      events: [
        { type: 'inkassovarsel', date: `${year}-01-19`, deadlineDays: 14 },
        { type: 'betalingsoppfordring', date: `${year}-02-09`, deadlineDays: 14 },
        { type: 'salaer', date: `${year}-02-24`, fee },
      ],
    } as Partial<Claim>);
    const exact = findSamlesaker(rules, [notVat('A', '182.00', '218.75', '2025'), notVat('B', '182.00', '218.75', '2025')], { kind: 'fixed', day: day('2026-06-30') }).samlesaker[0]!;
    expect([exact.salaerAllowedSeparately, exact.salaerAllowedTogether, exact.overcharged]).toEqual(['437.50', '218.75', '218.75']);
    expect(exact.trace[0]!.rules.map((u) => u.id)).toContain('avrunding.salaer');
    expect(exact.warnings.map((w) => `${w.code} ${w.rule} ${w.date}`)).toEqual(['CHOICE_UNCONFIRMED gebyrer.inkassosats 2025-02-24']);
    const rounded = findSamlesaker(rules, [notVat('A', '200.00', '234.38', '2026'), notVat('B', '200.00', '234.38', '2026')]).samlesaker[0]!;
    expect(rounded.salaerAllowedTogether).toBe('234.38');
    expect(rounded.warnings.map((w) => `${w.code} ${w.rule} ${w.date}`)).toEqual(['CHOICE_UNCONFIRMED gebyrer.inkassosats 2026-02-24', 'CHOICE_UNCONFIRMED avrunding.salaer 2026-02-24']);
  });

  it('merging that moves the claims into the next bracket can cost as much as the salær charged separately', () => {
    // Each of 2 000 kr: lett 0.4 × 750 = 300, together 600. As one case, 4 000 kr: lett 0.8 × 750 = 600.
    const r = findSamlesaker(rules, [claim('A', '2000.00', '300.00'), claim('B', '2000.00', '300.00')]);
    expect(r.samlesaker).toEqual([]);
    expect(r.casesWithinCap).toBe(1);
    expect(r.overcharged).toBe('0.00');
  });

  it('a business debtor and a creditor not registered for VAT, tung salær: the factors apply to the one case too', () => {
    // Each of 1 000 kr, tung (the betalingsoppfordring of 2026-02-09 with 14 days missed by more than
    // 28 days on 2026-03-25): 0.7 × 750 × 1.5 × 1.25 = 984.375, rounded to øre half up 984.38.
    // As one case, 2 000 kr: 0.8 × 750 × 1.5 × 1.25 = 1 125.00. Overcharged 2 × 984.38 − 1 125.00 = 843.76.
    const business = (id: string) => claim(id, '1000.00', '984.38', {
      debtor: { kind: 'business', id: 'AS-1' },
      creditor: { vatRegistered: false, id: '999888777' },
      events: [
        { type: 'inkassovarsel', date: '2026-01-19', deadlineDays: 14 },
        { type: 'betalingsoppfordring', date: '2026-02-09', deadlineDays: 14 },
        { type: 'salaer', date: '2026-03-25', fee: '984.38' },
      ],
    } as Partial<Claim>);
    const r = findSamlesaker(rules, [business('A'), business('B')]);
    expect(r.samlesaker.map((s) => [s.claims.map((c) => c.salaerAllowed), s.salaerAllowedTogether, s.overcharged])).toEqual([[['984.38', '984.38'], '1125.00', '843.76']]);
    expect(r.samlesaker[0]!.trace[0]!.explanation).toContain('salaer.salaersatser tung 0.8 (krav 2000.00');
  });

  it('leaves out claims with another status, another debtor, another hand-over day, egeninkasso or no ids', () => {
    const later = claim('later', '399.00', '187.50', {
      events: [
        { type: 'inkassovarsel', date: '2026-01-19', deadlineDays: 14 },
        { type: 'betalingsoppfordring', date: '2026-02-10', deadlineDays: 14 },
        { type: 'salaer', date: '2026-02-25', fee: '187.50' },
      ],
    } as Partial<Claim>);
    const disputed = claim('disputed', '399.00', '187.50');
    (disputed.events as Claim['events'][number][]).push({ type: 'dispute', date: '2026-02-20' } as Claim['events'][number]);
    const r = findSamlesaker(rules, [
      claim('A', '399.00', '187.50'),
      disputed,
      later,
      claim('other-debtor', '399.00', '187.50', { debtor: { kind: 'consumer', id: 'kunde-18' } }),
      claim('own', '399.00', '187.50', { collection: 'egeninkasso' }),
      claim('no-ids', '399.00', '187.50', { creditor: { vatRegistered: true } }),
    ]);
    expect(r.samlesaker).toEqual([]);
    expect(r.casesWithinCap).toBe(0);
    expect(r.candidates).toBe(3);
    expect(r.notCandidates).toEqual({ egeninkasso: 1, no_ids: 1, not_handed_over: 0, disputed: 1, policy_off: 0 });
  });

  it('wants only the claims of possible cases read again, and finds the same with those alone', () => {
    const claims = [
      claim('A', '399.00', '187.50'),
      claim('own', '399.00', '187.50', { collection: 'egeninkasso' }),
      claim('alone', '399.00', '187.50', { debtor: { kind: 'consumer', id: 'kunde-18' } }),
      claim('B', '399.00', '187.50'),
      claim('C', '399.00', '187.50'),
    ];
    const finder = new SamlesakFinder(rules, { kind: 'event' });
    claims.forEach((c, i) => finder.consider({ line: i + 1, claim: c }));
    expect([0, 1, 2, 3, 4, 5, 6, 99].map((line) => finder.wanted(line))).toEqual([false, true, false, false, true, true, false, false]);
    claims.forEach((c, i) => {
      if (finder.wanted(i + 1)) finder.revisit({ line: i + 1, claim: c });
    });
    // Once its last claim is read, a case is evaluated and its claims are wanted no more.
    expect(finder.wanted(1)).toBe(false);
    const report = finder.report();
    expect(report).toEqual(findSamlesaker(rules, claims));
    expect(report.samlesaker.map((s) => s.claims.map((c) => c.line))).toEqual([[1, 4, 5]]);
  });

  it('read in batches, as the worker threads read a file, finds exactly what reading claim by claim finds', () => {
    // Planted cases, claims that are no candidates for each reason, a line that is not a claim, and
    // a claim handed over in 1985, before the policy's first value (1989-07-14): a problem.
    const generated = [...generateClaims(rules, { count: 400, seed: 11, samlesakShare: 0.2 })].map((g) => g.claim);
    const early = claim('early', '399.00', '187.50', { invoiceDate: '1985-01-02', dueDate: '1985-01-16', events: [{ type: 'betalingsoppfordring', date: '1985-02-09', deadlineDays: 14 }, { type: 'salaer', date: '1985-02-24', fee: '187.50' }] } as Partial<Claim>);
    const claims = [...generated.slice(0, 150), early, claim('own', '399.00', '187.50', { collection: 'egeninkasso' }), ...generated.slice(150)];
    const mode = { kind: 'event' } as const;
    const one = new SamlesakFinder(rules, mode);
    const batched = new SamlesakFinder(rules, mode);
    // Line 200 is not a claim; batches of 64 lines, the last one short.
    const lineOf = (i: number) => (i < 199 ? i + 1 : i + 2);
    const broken = { line: 200, code: 'INVALID_JSON', message: 'invalid JSON' };
    let b = new FirstBatchBuilder(4);
    claims.forEach((c, i) => {
      if (lineOf(i) === 201) {
        one.unreadable(broken);
        b.unreadable(broken);
      }
      one.consider({ line: lineOf(i), claim: c });
      b.claim(rules, { line: lineOf(i), claim: c }, mode);
      if ((i + 1) % 64 === 0) {
        batched.takeBatch(b.build());
        b = new FirstBatchBuilder(4);
      }
    });
    batched.takeBatch(b.build());
    for (const f of [one, batched]) claims.forEach((c, i) => { if (f.wanted(lineOf(i))) f.revisit({ line: lineOf(i), claim: c }); });
    const report = batched.report();
    expect(report).toEqual(one.report());
    expect(report.claimsRead).toBe(claims.length + 1);
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([[151, 'RULE_VALUE_MISSING'], [200, 'INVALID_JSON']]);
    expect(report.notCandidates.egeninkasso).toBeGreaterThan(0);
    expect(report.samlesaker.length).toBeGreaterThan(5);
  });

  it('merges a claim whose dispute was resolved before it was handed over, not one resolved after', () => {
    const resolvedBefore = claim('B', '399.00', '187.50');
    (resolvedBefore.events as Claim['events'][number][]).unshift({ type: 'dispute', date: '2026-01-25' } as Claim['events'][number], { type: 'dispute_resolved', date: '2026-02-02' } as Claim['events'][number]);
    const resolvedAfter = claim('C', '399.00', '187.50');
    (resolvedAfter.events as Claim['events'][number][]).push({ type: 'dispute', date: '2026-01-25' } as Claim['events'][number], { type: 'dispute_resolved', date: '2026-02-12' } as Claim['events'][number]);
    const r = findSamlesaker(rules, [claim('A', '399.00', '187.50'), resolvedBefore, resolvedAfter]);
    expect(r.notCandidates.disputed).toBe(1);
    // A and B: 798 kr, up to 1 000 kr, lett 0.35 × 750 = 262.50 as one case, against 2 × 187.50 = 375.00.
    expect(r.samlesaker.map((s) => [s.claims.map((c) => c.claimId), s.salaerAllowedTogether, s.overcharged])).toEqual([[['A', 'B'], '262.50', '112.50']]);
  });

  it('does not merge claims whose sum is more than one claim may be, and says so', () => {
    const r = findSamlesaker(rules, [claim('A', '6000000000.00', '5400.00'), claim('B', '6000000000.00', '5400.00')]);
    expect(r.samlesaker).toEqual([]);
    expect(r.problems).toEqual([expect.objectContaining({ line: 1, claimId: 'A', code: 'CASE_TOO_LARGE' })]);
    // The same for the interest before forfall, which the merged claim would carry as one amount.
    const interest = (id: string) => claim(id, '100.00', '5400.00', { interestBeforeDueDate: '6000000000.00' });
    const i = findSamlesaker(rules, [interest('C'), interest('D')]);
    expect(i.samlesaker).toEqual([]);
    expect(i.problems).toEqual([expect.objectContaining({ line: 1, claimId: 'C', code: 'CASE_TOO_LARGE', message: expect.stringContaining('in interest before forfall') })]);
  });

  it('evaluates the case as one claim: principals added, every event in date order, the letters\' stated contents left out', () => {
    const a = claim('A', '399.00', '187.50', { interestBeforeDueDate: '10.00' });
    const b = claim('B', '401.50', '187.50', { invoiceDate: '2025-12-20' });
    const m = mergedClaim(a, [a, b]);
    expect(m).toMatchObject({ id: 'A', principal: '800.50', interestBeforeDueDate: '10.00', invoiceDate: '2025-12-20', dueDate: '2026-01-16' });
    expect(m.events.map((e) => e.date)).toEqual(['2026-01-19', '2026-01-19', '2026-02-09', '2026-02-09', '2026-02-24', '2026-02-24']);
  });
});

describe('planted samlesaker (inkasso generate --samlesaker)', () => {
  const generated = [...generateClaims(rules, { count: 3000, seed: 5, samlesakShare: 0.15 })];
  const planted = generated.flatMap((g) => (g.samlesak ? [g.samlesak] : []));

  it('are found, every one, with the salær worked out as the generator charged it', () => {
    expect(generated).toHaveLength(3000);
    expect(planted.length).toBeGreaterThan(50);
    // Cases of two and of three claims, lett salær only and with the supplement to tung.
    expect(new Set(planted.map((p) => p.claimIds.length))).toEqual(new Set([2, 3]));
    const charges = (id: string) => generated.find((g) => g.claim.id === id)!.claim.events.filter((e) => e.type === 'salaer').length;
    expect(new Set(planted.map((p) => charges(p.claimIds[0]!)))).toEqual(new Set([1, 2]));
    const report = findSamlesaker(rules, generated.map((g) => g.claim));
    const over = planted.filter((p) => p.separately > p.together);
    expect(report.samlesaker.map((s) => [s.claims.map((c) => c.claimId), s.salaerAllowedSeparately, s.salaerAllowedTogether, s.overcharged]))
      .toEqual(over.map((p) => [p.claimIds, formatAmount(p.separately), formatAmount(p.together), formatAmount(p.separately - p.together)]));
    expect(report.casesWithinCap).toBe(planted.length - over.length);
    expect(report.problems).toEqual([]);
  });

  it('the first, checked by hand: three claims of 278 kr in 2025 (inkassosats 700)', () => {
    // Separately 3 × 0.25 × 700 = 525.00; as one case 834 kr, 0.35 × 700 = 245.00; 280.00 too much.
    expect(planted[0]).toEqual({ claimIds: ['G-00000004', 'G-00000004-2', 'G-00000004-3'], separately: 52500, together: 24500 });
    expect(generated.find((g) => g.claim.id === 'G-00000004')!.claim).toMatchObject({ principal: '278.00', collection: 'fremmedinkasso', events: [{ type: 'purring' }, { type: 'inkassovarsel' }, { type: 'salaer', date: '2025-04-09', fee: '175.00' }] });
  });

  it('leave the other claims as the seed gives them, with ids added', () => {
    const without = [...generateClaims(rules, { count: 200, seed: 5 })];
    expect(without.every((g) => g.claim.creditor.id === undefined && g.claim.debtor.id === undefined)).toBe(true);
    const originals = generated.filter((g) => !/-\d$/.test(g.claim.id)).slice(0, 200);
    const strip = (c: Claim) => ({ ...c, creditor: { vatRegistered: c.creditor.vatRegistered }, debtor: { kind: c.debtor.kind } });
    expect(originals.map((g) => strip(g.claim))).toEqual(without.map((g) => strip(g.claim)));
  });
});

describe('inkasso samlesak', () => {
  /** The command's own temporary folders in a TMPDIR (Node 22 and 24 also keep their compile cache there). */
  const ours = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('inkasso-'));
  function run(args: string[]) {
    const r = spawnSync(process.execPath, [bin, 'samlesak', ...args], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const lines = [claim('A', '399.00', '187.50'), claim('B', '399.00', '187.50'), claim('C', '399.00', '187.50')].map((c) => JSON.stringify(c));
  const file = join(work, 'krav.ndjson');
  writeFileSync(file, `${lines[0]}\n{"id": "broken",\n${lines[1]}\n\n${lines[2]}\n`);

  it('reads the file twice and prints the case in Norwegian, exit 1', () => {
    const r = run([file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Samlesaker: 1 sak med for mye salær, 262,50 kr i alt (4 krav lest, 3 kunne slås sammen, 1 kunne ikke vurderes)');
    expect(r.stdout).toContain('Salær hver for seg 562,50 kr, lovlig som én sak 300,00 kr per 24.02.2026: 262,50 kr for mye');
    expect(r.stdout).toMatch(/linje 2: invalid JSON: .* \[INVALID_JSON\]/);
  });

  it('writes JSON with the input\'s line numbers, the same figures as the library', () => {
    const out = join(work, 'samlesak.json');
    const r = run([file, '--format', 'json', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(validatorFor('samlesak-report.schema.json')(report)).toBe(true);
    expect(report.samlesaker[0].claims.map((c: { line: number }) => c.line)).toEqual([1, 3, 5]);
    expect(report.samlesaker[0].overcharged).toBe('262.50');
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, code: 'INVALID_JSON' })]);
  });

  it('exits 1 when a line could not be read though no case was overcharged, as replay does; 0 when all was read and none was', () => {
    const unreadable = join(work, 'unreadable.ndjson');
    writeFileSync(unreadable, `${lines[0]}\n{"id": "broken",\n`);
    const r = run([unreadable]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Samlesaker: ingen med for mye salær (2 krav lest, 1 kunne slås sammen, 0 saker innenfor taket, 1 kunne ikke vurderes)');
    const clean = join(work, 'clean.ndjson');
    writeFileSync(clean, `${lines[0]}\n`);
    const ok = run([clean]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Samlesaker: ingen med for mye salær (1 krav lest, 1 kunne slås sammen, 0 saker innenfor taket)\n');
    // One case is "1 sak", as Norwegian writes it.
    const none = { length: 0, ordered: () => [] };
    const one = { summary: { claimsRead: 2, candidates: 2, casesWithinCap: 1, overcharged: '0.00', rule: null, notCandidates: {} }, samlesaker: none, problems: none };
    expect([...samlesakText(one as unknown as Parameters<typeof samlesakText>[0])][0]).toBe('Samlesaker: ingen med for mye salær (2 krav lest, 2 kunne slås sammen, 1 sak innenfor taket)\n');
  });

  it('reports a line that is not UTF-8 with its line, and reads the others', () => {
    const latin1 = join(work, 'latin1.ndjson');
    writeFileSync(latin1, Buffer.concat([Buffer.from(`${lines[0]}\n`), Buffer.from('{"id": "K\xe6"}\n', 'latin1'), Buffer.from(`${lines[1]}\n`)]));
    const r = run([latin1, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, code: 'INVALID_UTF8' })]);
    expect(report.samlesaker[0].claims.map((c: { line: number }) => c.line)).toEqual([1, 3]);
  });

  it('reads CSV in the replay\'s layout, with debtor_id and creditor_id columns', () => {
    const claims = [claim('A', '399.00', '187.50'), claim('B', '399.00', '187.50'), claim('C', '399.00', '187.50')];
    const csv = join(work, 'krav.csv');
    writeFileSync(csv, CSV_HEADER + claims.map((c) => claimCsvRows(c)).join(''));
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toContain('debtor_id,creditor_id');
    const r = run([csv, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.samlesaker[0]).toMatchObject({ creditor: '999888777', debtor: 'kunde-17', salaerAllowedTogether: '300.00', overcharged: '262.50' });
    // Rows of a claim come back as the line of its first row.
    expect(report.samlesaker[0].claims.map((c: { line: number }) => c.line)).toEqual([2, 5, 8]);
  });

  it('finds the samlesaker inkasso generate planted, on the lines --expect names, in NDJSON and in CSV', () => {
    for (const format of ['ndjson', 'csv']) {
      const data = join(work, `g.${format}`);
      const expectFile = join(work, `g-${format}.expect.ndjson`);
      const g = spawnSync(process.execPath, [bin, 'generate', '--count', '600', '--seed', '3', '--samlesaker', '0.2', '--format', format, '--out', data, '--expect', expectFile], { encoding: 'utf8' });
      expect(g.status).toBe(0);
      expect(g.stderr).toContain('samlesak share 0.2');
      const expected = readFileSync(expectFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).flatMap((e) => (e.samlesak ? [e.samlesak] : []));
      expect(expected.length).toBeGreaterThan(10);
      const r = run([data, '--format', 'json', '--quiet']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      const over = expected.filter((e) => e.overcharged !== '0.00');
      expect(report.samlesaker.map((x: { claims: { line: number; claimId: string }[]; overcharged: string }) => [x.claims.map((c) => c.line), x.claims.map((c) => c.claimId), x.overcharged]))
        .toEqual(over.map((e) => [e.lines, e.claimIds, e.overcharged]));
      expect(report.casesWithinCap).toBe(expected.length - over.length);
    }
    const bad = spawnSync(process.execPath, [bin, 'generate', '--count', '3', '--samlesaker', '1.5'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--samlesaker 1.5: must be a share between 0 and 1');
  });

  it('reads a CSV file on worker threads with the same report as in the main thread, rows that cannot be read included', () => {
    // 6 000 generated claims as CSV (about 2.5 MB, so that the batches are several), with a row whose
    // quote is never closed, a row that is not UTF-8 and a claim's row out of its place.
    const data = join(work, 'threads.csv');
    const g = spawnSync(process.execPath, [bin, 'generate', '--count', '6000', '--seed', '4', '--samlesaker', '0.2', '--format', 'csv', '--out', data], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    const rows = readFileSync(data, 'utf8').split('\n').filter(Boolean);
    rows[1000] = rows[1000]!.replace(',', ',"'); // its quote never closes
    const moved = rows.splice(2000, 1)[0]!;
    rows.push(moved);
    const bytes = Buffer.from(`${rows.join('\n')}\n`);
    const i = bytes.indexOf(Buffer.from(`\n${rows[3000]!}`)) + 2;
    bytes[i] = 0xe6; // a Latin-1 "æ" in the claim id of the row at line 3002
    writeFileSync(data, bytes);
    // The report is over a megabyte: more than spawnSync keeps by default.
    const read = (workers: string) => spawnSync(process.execPath, [bin, 'samlesak', data, '--format', 'json', '--workers', workers, '--quiet'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const [main, threads] = [read('0'), read('2')];
    expect([threads.status, threads.stderr]).toEqual([1, '']);
    expect(threads.stdout).toBe(main.stdout);
    const report = JSON.parse(threads.stdout);
    // The claim whose row is not UTF-8 is cut in two by it: its rows after it are not together.
    expect(report.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [1000, 'INVALID_CSV'], [3001, 'INVALID_CSV'], [3002, 'CSV_NOT_GROUPED'], [rows.length, 'CSV_NOT_GROUPED'],
    ]);
    expect(report.problems[0].message).toBe('line 1001, column debtor_kind: a quoted field opens here (column 12) and is not closed within 200 lines; reading goes on at line 1002');
    expect(report.samlesaker.length).toBeGreaterThan(50);
  });

  it('reads the file on worker threads with the same report as in the main thread, lines that are not claims included', () => {
    // 6 000 generated claims (about 2.6 MB: three batches of the reader), a blank line, a line that
    // is not JSON, one that is not UTF-8 and one longer than a claim may be (skipped as it is read).
    const data = join(work, 'threads.ndjson');
    const g = spawnSync(process.execPath, [bin, 'generate', '--count', '6000', '--seed', '3', '--samlesaker', '0.2', '--out', data], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    const generated = readFileSync(data, 'utf8').split('\n').filter(Boolean);
    const odd = [Buffer.from('\n{"id": "broken",\n'), Buffer.from('{"id": "K\xe6"}\n', 'latin1'), Buffer.from(`{"id": "long", "x": "${' '.repeat(1_100_000)}"}\n`)];
    writeFileSync(data, Buffer.concat([Buffer.from(`${generated.slice(0, 2500).join('\n')}\n`), ...odd, Buffer.from(`${generated.slice(2500).join('\n')}\n`)]));
    for (const format of ['json', 'text']) {
      const main = run([data, '--format', format, '--workers', '0', '--quiet']);
      const threads = run([data, '--format', format, '--workers', '2', '--quiet']);
      expect(threads.stderr).toBe('');
      expect(threads.code).toBe(1);
      expect(main.code).toBe(1);
      expect(threads.stdout).toBe(main.stdout);
      if (format === 'json') {
        const report = JSON.parse(threads.stdout);
        expect(report.claimsRead).toBe(6003);
        expect(report.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([[2502, 'INVALID_JSON'], [2503, 'INVALID_UTF8'], [2504, 'TOO_LARGE']]);
        expect(report.samlesaker.length).toBeGreaterThan(50);
        // Lines after the odd ones keep their numbers in the file.
        expect(Math.max(...report.samlesaker.flatMap((x: { claims: { line: number }[] }) => x.claims.map((c) => c.line)))).toBeGreaterThan(2504);
      }
    }
    const bad = run([data, '--workers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers many: must be a whole number from 0 to 64');
  }, 60_000);

  it('keeps the cases and problems it finds in temporary files, lists them by line, and removes the files, also when it fails', () => {
    // 25 lines that are not claims, then two cases whose claims interleave: the second case
    // (lines 27 and 28) is complete before the first (26 and 29), and is listed after it. Each case:
    // 2 × 187.50 separately; as one, 798 kr is over 500 and up to 1 000 kr, lett 0.35 × 750 =
    // 262.50; overcharged 375.00 − 262.50 = 112.50.
    const spill = mkdtempSync(join(work, 'tmp-'));
    const debtor = (id: string) => ({ debtor: { kind: 'consumer', id } } as Partial<Claim>);
    const cases = [claim('X1', '399.00', '187.50', debtor('kunde-1')), claim('Y1', '399.00', '187.50', debtor('kunde-2')), claim('Y2', '399.00', '187.50', debtor('kunde-2')), claim('X2', '399.00', '187.50', debtor('kunde-1'))];
    const many = join(work, 'many.ndjson');
    writeFileSync(many, `${Array.from({ length: 25 }, (_, i) => `{"id": "bad-${i + 1}"`).join('\n')}\n${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
    const env = { ...process.env, TMPDIR: spill };
    const json = spawnSync(process.execPath, [bin, 'samlesak', many, '--format', 'json', '--quiet'], { encoding: 'utf8', env });
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.problems.map((p: { line: number; claimId?: string }) => p.line)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(report.samlesaker.map((s: { claims: { line: number }[]; overcharged: string }) => [s.claims.map((c) => c.line), s.overcharged])).toEqual([[[26, 29], '112.50'], [[27, 28], '112.50']]);
    expect(report.overcharged).toBe('225.00');
    const text = spawnSync(process.execPath, [bin, 'samlesak', many, '--quiet'], { encoding: 'utf8', env });
    expect(text.stdout).toContain('Samlesaker: 2 saker med for mye salær, 225,00 kr i alt (29 krav lest, 4 kunne slås sammen, 25 kunne ikke vurderes)');
    expect(text.stdout).toContain('Kunne ikke vurderes (25):');
    expect(text.stdout).toContain('  linje 20: ');
    expect(text.stdout).not.toContain('  linje 21: ');
    expect(text.stdout).toContain('  … og 5 til (--format json viser alle)');
    expect(text.stdout.indexOf('linje 26 X1')).toBeLessThan(text.stdout.indexOf('linje 27 Y1'));
    // A CSV file whose header is not the replay's fails after the files were made.
    const badCsv = join(work, 'bad.csv');
    writeFileSync(badCsv, 'id;amount\nA;1\n');
    const failed = spawnSync(process.execPath, [bin, 'samlesak', badCsv, '--quiet'], { encoding: 'utf8', env });
    expect(failed.status).toBe(2);
    expect(failed.stderr).not.toContain('    at ');
    expect(ours(spill)).toEqual([]);
  });

  it('stopped by SIGINT or SIGTERM, before or during its threaded first reading, quits at once with 130, writing nothing and leaving no temporary files', async () => {
    // 200 000 claims, each of its own debtor: two readings take seconds, the signal comes as the
    // temporary folder appears (before the first reading starts).
    const big = join(work, 'big.ndjson');
    const template = JSON.stringify(claim('N', '399.00', '187.50')).replace('"kunde-17"', '"kunde-%"');
    writeFileSync(big, Array.from({ length: 200_000 }, (_, i) => template.replace('%', String(i))).join('\n'));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const spill = mkdtempSync(join(work, 'stop-'));
      const out = join(work, `stopped-${signal}.json`);
      const made = new Promise<void>((resolve) => {
        const watcher = watch(spill, (_event, name) => {
          if (String(name).startsWith('inkasso-samlesak-')) {
            watcher.close();
            resolve();
          }
        });
      });
      const child = spawn(process.execPath, [bin, 'samlesak', big, '--format', 'json', '--out', out], { env: { ...process.env, TMPDIR: spill } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await made;
      child.kill(signal);
      expect(await exited).toBe(130);
      expect(stderr).toContain(`inkasso samlesak: ${signal}: stopped; no report written`);
      expect(ours(spill)).toEqual([]);
      expect(readdirSync(work).filter((f) => f.startsWith(`stopped-${signal}`))).toEqual([]);
    }
    // And in the middle of the first reading on two worker threads: the signal comes once the
    // command has read 8 MiB of the file (its read offset, from /proc), batches being with the workers.
    const spill = mkdtempSync(join(work, 'stop-threads-'));
    const out = join(work, 'stopped-threads.json');
    const child = spawn(process.execPath, [bin, 'samlesak', big, '--format', 'json', '--out', out, '--workers', '2'], { env: { ...process.env, TMPDIR: spill } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const offset = () => {
      try {
        for (const fd of readdirSync(`/proc/${child.pid}/fd`)) {
          if (readlinkSync(`/proc/${child.pid}/fd/${fd}`) === big) return Number(/^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
        }
      } catch {
        // the descriptor closed while it was looked at
      }
      return 0;
    };
    await expect.poll(offset, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(8 << 20);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('inkasso samlesak: SIGINT: stopped; no report written');
    expect(ours(spill)).toEqual([]);
    expect(readdirSync(work).filter((f) => f.startsWith('stopped-threads'))).toEqual([]);
  }, 60_000);

  it('whose reader goes away (inkasso samlesak … | head) ends quietly and leaves no temporary files', async () => {
    // 1 500 cases of two claims each: a report far longer than a pipe holds.
    const spill = mkdtempSync(join(work, 'pipe-'));
    const pairs = join(work, 'pairs.ndjson');
    const template = JSON.stringify(claim('P', '399.00', '187.50')).replace('"kunde-17"', '"kunde-%"');
    writeFileSync(pairs, Array.from({ length: 3_000 }, (_, i) => template.replace('%', String(i >> 1))).join('\n'));
    const child = spawn(process.execPath, [bin, 'samlesak', pairs, '--quiet'], { env: { ...process.env, TMPDIR: spill } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    child.stdout.destroy();
    const code = await exited;
    expect(first).toContain('Samlesaker: 1500 saker med for mye salær');
    expect(stderr).toBe('');
    expect(code).toBe(0); // as any command whose reader went away (engine/cli/main.ts, stdoutFailed)
    expect(ours(spill)).toEqual([]);
  }, 60_000);

  it('refuses standard input and a missing file with exit 2, never a stack trace', () => {
    const stdin = run(['-']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('needs a file, not standard input');
    const late = run([file, '--as-of', '2099-01-01']);
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('[RULES_NOT_REVIEWED]');
    const missing = run([join(work, 'nope.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(missing.stderr).not.toContain('    at ');
    // A temporary folder that cannot be made is said in words: TMPDIR under a file (Node 22 and
    // 24 would make a missing folder for their compile cache, so a missing one is not enough).
    const notAFolder = join(file, 'tmp');
    const noTemp = spawnSync(process.execPath, [bin, 'samlesak', file], { encoding: 'utf8', env: { ...process.env, TMPDIR: notAFolder } });
    expect(noTemp.status).toBe(2);
    expect(noTemp.stderr).toContain(`samlesak: cannot make a temporary folder in ${notAFolder} (set TMPDIR to a folder with room)`);
    expect(noTemp.stderr).not.toContain('    at ');
  });
});

describe('POST /api/v1/samlesak', () => {
  const api = createApi({ versions: folderVersions({ rulesDir: BUNDLED_RULES_DIR }), today: () => '2026-03-01', uptime: () => 1, log: () => {}, validateResponses: true });
  async function post(body: unknown) {
    const res = await api.fetch(new Request('http://api.test/api/v1/samlesak', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    return { status: res.status, json: await res.json() };
  }

  it('answers the same report as the library, valid against its schema', async () => {
    const claims = [claim('A', '399.00', '187.50'), claim('B', '399.00', '187.50'), claim('C', '399.00', '187.50')];
    const r = await post({ claims });
    expect(r.status).toBe(200);
    expect(validatorFor('samlesak-report.schema.json')(r.json)).toBe(true);
    expect(r.json).toEqual(JSON.parse(JSON.stringify(findSamlesaker(rules, claims))));
    expect(r.json.samlesaker[0].overcharged).toBe('262.50');
  });

  it('with asOf, evaluates every claim as of that date', async () => {
    // As of 2026-02-23 no salær has been charged yet: nothing to compare.
    const r = await post({ claims: [claim('A', '399.00', '187.50'), claim('B', '399.00', '187.50')], asOf: '2026-02-23' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ samlesaker: [], casesWithinCap: 1, candidates: 2 });
  });

  it('refuses more than 20 000 events in all before reading the claims (413 BATCH_TOO_LARGE)', async () => {
    const r = await post({ claims: [{ events: new Array(10_000).fill({}) }, { events: new Array(10_001).fill({}) }] });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'BATCH_TOO_LARGE', pointer: '/claims' });
    expect(r.json.message).toContain('20001 events');
  });

  it('refuses an invalid claim with its pointer, and a date after the review horizon', async () => {
    const bad = await post({ claims: [claim('A', '399.00', '187.50'), { ...claim('B', '399.00', '187.50'), principal: '-1' }] });
    expect(bad.status).toBe(400);
    expect(validatorForDef('api.schema.json', 'error')(bad.json)).toBe(true);
    expect(bad.json.pointer).toBe('/claims/1/principal');
    const late = await post({ claims: [claim('A', '399.00', '187.50')], asOf: '2099-01-01' });
    expect(late.status).toBe(422);
    expect(late.json.code).toBe('RULES_NOT_REVIEWED');
  });
});
