/**
 * The inkasso command as a user meets it: exit codes (0 ok, 1 violations or failed tests,
 * 2 bad input), messages that name the field and the problem, and never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rulesDirOf } from '../engine/cli/rules-option.ts';
import { formatDiagnostic, type Diagnostic } from '../engine/node.ts';

const bin = fileURLToPath(new URL('../bin/inkasso.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'inkasso-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: options.input, env: { ...process.env, ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const claim = {
  id: 'K-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '10000.00',
  invoiceDate: '2024-03-01', dueDate: '2024-03-15',
  events: [{ type: 'purring', date: '2024-04-02', fee: '35.00', deadlineDays: 14 }, { type: 'payment', date: '2024-05-02', amount: '2000.00' }],
};

function file(name: string, content: unknown): string {
  const p = join(work, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('inkasso evaluate', () => {
  it('prints one JSON result and exits 0 when nothing is unlawful', () => {
    const r = run(['evaluate', file('ok.json', claim), '--as-of', '2024-06-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.claimId).toBe('K-1');
    expect(result.fees[0]).toMatchObject({ charged: '35.00', allowed: '35.00' });
    expect(result.trace.length).toBeGreaterThan(0);
  });

  /** The packages a command loads from node_modules (require's cache), run as bin/inkasso.cjs runs the built command. */
  function loadedBy(args: string[]): string[] {
    const script = `
import { createRequire } from 'node:module';
const { launch } = createRequire(import.meta.url)(${JSON.stringify(fileURLToPath(new URL('../dist/launch.cjs', import.meta.url)))});
process.exitCode = await launch(${JSON.stringify(args)});
process.stderr.write('\\n' + JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: work });
    expect(r.status, r.stderr).toBeLessThan(2);
    // The command's own stderr (a letter's warnings) comes first; the modules loaded are the last line.
    return (JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('\n') + 1)) as string[]).filter((p) => p.includes('/node_modules/')).map((p) => p.slice(p.lastIndexOf('/node_modules/') + 14));
  }

  it('starts without the libraries only other work needs (YAML, the JSON error scanner, Ajv\'s compiler, CSV, PDF, HTTP)', () => {
    // date-fns is bundled into the build, and so is the claim's validator with the helpers of Ajv's
    // runtime it calls: evaluate loads nothing from node_modules. (A command that does: below.)
    expect(loadedBy(['evaluate', file('lazy.json', claim), '--as-of', '2024-06-01'])).toEqual([]);
  });

  it('loads a library only with the command that needs it: PDFKit for a PDF, not for HTML', () => {
    const letter = (format: string) => loadedBy(['letter', file('brev.json', claim), '--step', 'purring', '--date', '2024-04-02', '--format', format, '--out', join(work, `brev.${format}`), '--force']);
    expect(letter('pdf')).toContain('pdfkit/js/pdfkit.js');
    expect(letter('html').filter((p) => p.startsWith('pdfkit/'))).toEqual([]);
    expect(readFileSync(join(work, 'brev.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // The library, as integrators import it: PDFKit is not among its static imports.
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      // `import {…} from "…"` and `import "…"`, not `import("…")`.
      for (const m of readFileSync(join(dist, f), 'utf8').matchAll(/(?:^|\n)import\s*(?:[^;()]*?\bfrom\s*)?"([^"]+)"/g)) {
        if (m[1]!.startsWith('./')) visit(m[1]!.slice(2));
        else expect(m[1], f).not.toBe('pdfkit');
      }
    };
    visit('index.js');
    expect(seen.size).toBeGreaterThan(1);
  });

  it('gives the same result where Node forbids generated code (the conditions are then answered by closures)', () => {
    const example = fileURLToPath(new URL('../examples/claim-egeninkasso.json', import.meta.url));
    const args = [bin, 'evaluate', example, '--as-of', '2024-07-01'];
    const usual = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const closures = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', ...args], { encoding: 'utf8' });
    expect(closures.stderr).toBe('');
    expect(closures.status).toBe(usual.status);
    expect(JSON.parse(closures.stdout)).toEqual(JSON.parse(usual.stdout));
  });

  it('reads the claim from stdin with -', () => {
    const r = run(['evaluate', '-', '--as-of', '2024-06-01'], { input: JSON.stringify(claim) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).asOf).toBe('2024-06-01');
  });

  it('exits 1 when the claim has violations', () => {
    const over = { ...claim, events: [{ type: 'purring', date: '2024-04-02', fee: '100.00', deadlineDays: 14 }] };
    const r = run(['evaluate', file('over.json', over), '--as-of', '2024-06-01']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).violations[0].code).toBe('FEE_ABOVE_CAP');
  });

  it('lists a claim\'s first 20 problems and counts the rest; more than 2000 events is one problem', () => {
    const many = { ...claim, events: Array.from({ length: 30 }, (_, i) => ({ type: 'payment', date: '2024-05-02', amount: '1.00', [`x${i}`]: 1 })) };
    const r = run(['evaluate', file('many.json', many), '--as-of', '2024-06-01']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/many\.json: \/events\/0\/x0: unknown property 'x0'/);
    expect(lines[20]).toMatch(/many\.json: … and 10 more problems \(30 in all\)$/);
    const huge = { ...claim, events: Array.from({ length: 5000 }, () => ({})) };
    const h = run(['evaluate', file('huge.json', huge), '--as-of', '2024-06-01']);
    expect(h.code).toBe(2);
    expect(h.stderr.trim()).toMatch(/^[^\n]*huge\.json: \/events: events must have at most 2000 items \(this claim has 5000\)$/);
  });

  it('says in one line that a file holds an API request\'s body, not a claim (it listed nine problems)', () => {
    const body = run(['evaluate', file('body.json', { claim, asOf: '2024-06-01' }), '--as-of', '2024-06-01']);
    expect(body.code).toBe(2);
    expect(body.stderr.trim()).toBe(`${join(work, 'body.json')}: this is the body of an API request ({ "claim": …, "asOf": … }); the file holds the claim itself, the value of "claim", and the date goes in --as-of`);
    const letter = run(['letter', '-', '--step', 'purring', '--date', '2024-04-02'], { input: JSON.stringify({ claim }) });
    expect(letter.stderr.trim()).toBe('stdin: this is the body of an API request ({ "claim": …, "asOf": … }); the file holds the claim itself, the value of "claim", and the date goes in --date');
    const batch = run(['ledger', '-', '--as-of', '2024-06-01'], { input: JSON.stringify({ claims: [claim], asOf: '2024-06-01' }) });
    expect(batch.code).toBe(2);
    expect(batch.stderr.trim()).toBe('stdin: this holds a list of claims ({ "claims": [ … ] }, the body of an API batch); the file holds one claim, and inkasso replay reads many, one per line (NDJSON)');
    // A claim with a stray "claim" key is a claim: its problem is said as such.
    expect(run(['evaluate', '-', '--as-of', '2024-06-01'], { input: JSON.stringify({ ...claim, claim: {} }) }).stderr.trim()).toMatch(/^stdin: \/claim: unknown property 'claim'/);
  });

  it('prints a Norwegian summary with --format text', () => {
    const r = run(['evaluate', file('text.json', claim), '--as-of', '2024-06-01', '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tidslinje');
    expect(r.stdout).toContain('Forsinkelsesrente');
    expect(r.stdout).toContain('Neste steg');
    // Under a violation, how the figure its message states came about: the README example's
    // betalingsoppfordring fee against its cap, 700 × 3/20 = 105.
    const ex = run(['evaluate', fileURLToPath(new URL('../examples/claim-egeninkasso.json', import.meta.url)), '--as-of', '2024-07-01', '--format', 'text']).stdout;
    expect(ex).toContain('  06.05.2024  FEE_ABOVE_CAP  Gebyret for betalingsoppfordringen er 150,00 kr; høyeste lovlige gebyr er 105,00 kr.  [inkassoforskriften § 1-2 tredje ledd]\n              slik: gebyrer.inkassosats 700.00 (sent 2024-05-06) × gebyrer.betalingsoppfordring-andel 3/20 (forfall 2024-03-15) = 105.00');
    expect(ex).toContain('(gebyrer.inkassosats = 700.00, P; gebyrer.betalingsoppfordring-andel = 3/20, C2; avrunding.gebyr = ore, policy)\n');
    // An event after the as-of date is named and dated as the rest of the Norwegian text is.
    const early = run(['evaluate', file('text.json', claim), '--as-of', '2024-04-10', '--format', 'text']);
    expect(early.stdout).toContain('EVENTS_AFTER_AS_OF: Hendelsen «Innbetaling» 02.05.2024 er etter 10.04.2024 og er ikke tatt med.\n');
    const old = { ...claim, invoiceDate: '2020-05-20', dueDate: '2020-06-02', events: [{ type: 'dispute_resolved', date: '2020-07-01' }] };
    const warnings = JSON.parse(run(['evaluate', file('old.json', old), '--as-of', '2023-05-20', '--no-trace']).stdout).warnings.map((w: { message: string }) => w.message);
    expect(warnings).toContain('Innsigelsen avsluttes 01.07.2020, men det var ingen åpen innsigelse.');
    expect(warnings).toContain('Kravet foreldes etter 02.06.2023 (13 dager igjen) med mindre foreldelsen avbrytes.');
    // An as-of date before the invoice date (swapped dates, say) is evaluated, and said.
    const before = JSON.parse(run(['evaluate', file('text.json', claim), '--as-of', '2024-02-01', '--no-trace']).stdout);
    expect(before.warnings[0]).toEqual({ code: 'AS_OF_BEFORE_INVOICE', date: '2024-02-01', message: 'Vurderingsdatoen 01.02.2024 er før fakturadatoen 01.03.2024: kravet fantes ikke da, så ingen renter, gebyrer eller hendelser er tatt med.' });
    expect(before.interest.total).toBe('0.00');
    // Dates and amounts inside the warnings' Norwegian sentences, as the violations write them.
    const example = fileURLToPath(new URL('../examples/claim-fremmedinkasso.json', import.meta.url));
    const sourced = JSON.parse(run(['evaluate', example, '--as-of', '2026-06-01', '--no-trace']).stdout).warnings.map((w: { message: string }) => w.message).join('\n');
    expect(sourced).toContain('gebyrer.standardkompensasjon er lest på dagen etter forfall (17.02.2026);');
    expect(sourced).toContain('frister.rettslig-inndriving-innen = 6 (gyldig fra 01.01.2009) har bare én kilde');
    const judged = parse(readFileSync(new URL('./golden/foreldelse/renter-etter-dom.yaml', import.meta.url), 'utf8')) as { claim: unknown; as_of: string };
    const barred = JSON.parse(run(['evaluate', file('barred.json', judged.claim), '--as-of', String(judged.as_of), '--no-trace']).stdout).warnings;
    expect(barred.find((w: { code: string }) => w.code === 'INTEREST_TIME_BARRED').message).toMatch(/^Renter på 284,21 kr er foreldet: /); // was 284.21
  });

  it('names the legal steps in Norwegian and says why a claim in rettslig inndriving has no next step', () => {
    const judged = parse(readFileSync(new URL('./golden/rettslig/utlegg-etter-dom.yaml', import.meta.url), 'utf8')) as { claim: { events: unknown[] }; as_of: string };
    const later = { ...judged.claim, events: [...judged.claim.events, { type: 'dom', date: '2024-06-03' }] };
    const out = run(['evaluate', file('dom.json', later), '--as-of', String(judged.as_of), '--format', 'text']).stdout;
    expect(out).toContain('  10.05.2023  Forliksklage\n  15.09.2023  Dom\n  20.11.2023  Begjæring om utlegg\n'); // was forliksklage, dom, utleggsbegjaering
    expect(out).toContain('Neste steg: ingen — Rettslig inndriving er satt i gang, og inkassotrappen har ikke flere steg.');
    expect(out).toContain('EVENTS_AFTER_AS_OF: Hendelsen «Dom» 03.06.2024 er etter 01.12.2023');
  });

  it('says that foreldelse does not run while a forliksklage is pending, not that its deadline is the last day', () => {
    const pending = parse(readFileSync(new URL('./golden/foreldelse/forliksklage-verserer.yaml', import.meta.url), 'utf8')) as { claim: unknown; as_of: string };
    const out = run(['evaluate', file('verserer.json', pending.claim), '--as-of', String(pending.as_of), '--format', 'text']).stdout;
    // Forfall 02.06.2020: the three years would have run out 02.06.2023 (a Friday); the forliksklage came before.
    expect(out).toContain('Foreldelse: løper ikke mens saken verserer (forliksklage 10.05.2023; foreldelsesloven § 15); fristen den avbrøt var 02.06.2023\n'); // was: siste dag 02.06.2023
  });

  it('takes what is time-barred off in the balance\'s sum, so that it adds up', () => {
    // After a judgment the principal runs ten years, but each day's interest is time-barred three years after it accrued.
    const judged = { id: 'DOM', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '1000.00', invoiceDate: '2015-01-01', dueDate: '2015-01-15', events: [{ type: 'forliksklage', date: '2015-06-01' }, { type: 'dom', date: '2016-01-05' }] };
    const out = run(['evaluate', file('foreldet.json', judged), '--as-of', '2020-01-01', '--format', 'text']).stdout;
    expect(out).toContain('Saldo: hovedstol 1\u00a0000,00 + gebyrer 0,00 + renter 433,96 − betalt 0,00 − foreldet 85,05 = utestående 1\u00a0348,91 kr\n');
  });

  it('says in Norwegian which inkassosalær may be charged, never the result\'s machine value', () => {
    const example = fileURLToPath(new URL('../examples/claim-fremmedinkasso.json', import.meta.url));
    // Before the inkassovarsel's deadline has run out, no salær may be charged yet; after the betalingsoppfordring's, tung.
    expect(run(['evaluate', example, '--as-of', '2026-03-01', '--format', 'text']).stdout).toContain('lett 1\u00a0125,00 kr, tung 2\u00a0250,00 kr; gjelder nå: ingen ennå (vilkårene for salær er ikke oppfylt)\n'); // amounts grouped with a no-break space
    expect(run(['evaluate', example, '--as-of', '2026-06-01', '--format', 'text']).stdout).toContain('; gjelder nå: tung\n');
  });

  const bad: [string, unknown, RegExp][] = [
    ['invalid JSON', '{ "id": "K-1", ', /bad\.json:1:\d+: invalid JSON/],
    ['an empty file', '', /\/bad\.json:1:1: invalid JSON: it is empty\n$/], // was '… the text ends before the JSON does'
    ['a date that does not exist', { ...claim, dueDate: '2024-02-30' }, /\/dueDate: dueDate must be a date \(YYYY-MM-DD\) from 1900 on \(February 2024 has 29 days\)/],
    ['a negative amount', { ...claim, principal: '-100.00' }, /\/principal: principal must be an amount in kroner/],
    ['an unknown event type', { ...claim, events: [{ type: 'purrring', date: '2024-04-02' }] }, /\/events\/0\/type: unknown type "purrring" \(expected one of: purring,/],
    ['an unknown field', { ...claim, debtr: {} }, /\/debtr: unknown property 'debtr'.*did you mean 'debtor'/],
    ['a due date before the invoice date', { ...claim, dueDate: '2024-02-01' }, /\/dueDate: dueDate 2024-02-01 is before invoiceDate 2024-03-01/],
    ['an empty id', { ...claim, id: '' }, /\/id: id must not be empty$/m], // was 'must not be shorter than 1 characters'
  ];
  it.each(bad)('rejects %s with exit 2, naming the field, without a stack trace', (_what, content, message) => {
    const r = run(['evaluate', file('bad.json', content), '--as-of', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('rejects an impossible --as-of date', () => {
    const r = run(['evaluate', file('ok2.json', claim), '--as-of', '2024-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of 2024-13-01: must be a date (YYYY-MM-DD) from 1900 on (there is no month 13)');
  });

  it('names the missing rate and date instead of guessing before the first known half-year', () => {
    const r = run(['evaluate', file('early.json', { ...claim, invoiceDate: '2003-11-15', dueDate: '2003-12-01', events: [] }), '--as-of', '2004-02-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dagberegning.forste-rentedag has no value for 2003-12-01: its first value applies from 2004-01-01 [RULE_VALUE_MISSING]');
  });

  it('refuses a date after the review horizon, naming it, instead of guessing past it', () => {
    const r = run(['evaluate', file('late.json', { ...claim, invoiceDate: '2026-11-01', dueDate: '2026-11-15', events: [] }), '--as-of', '2027-02-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reviewed against the law through 2026-12-31');
    expect(r.stderr).toContain('RULES_NOT_REVIEWED');
  });

  it('refuses a file larger than the limit', () => {
    const big = file('big.json', `{"id":"${'x'.repeat(11 * 1024 * 1024)}"}`);
    const r = run(['evaluate', big, '--as-of', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than \d+ bytes/);
  });

  it('says so when the file does not exist', () => {
    const r = run(['evaluate', join(work, 'nope.json'), '--as-of', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});

describe('output that cannot be written', () => {
  // /dev/full answers every write with ENOSPC, as a full disk does.
  const toFull = (args: string[]) => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
      return { code: r.status, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  };

  it('says so in words when standard output is a full disk (exit 2), for every command', () => {
    for (const args of [['evaluate', 'examples/claim-egeninkasso.json', '--as-of', '2024-07-01'], ['replay', 'examples/replay-sample.ndjson', '--all', '--quiet'], ['generate', '--count', '20000'], ['--help']]) {
      const r = toFull(args.map((a) => (a.startsWith('examples/') ? fileURLToPath(new URL(`../${a}`, import.meta.url)) : a)));
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe('standard output: cannot write: the disk is full\n');
    }
  });

  it('says so when an output file is on a full disk, instead of waiting for ever (exit 13)', () => {
    const sample = fileURLToPath(new URL('../examples/replay-sample.ndjson', import.meta.url));
    for (const args of [['replay', sample, '--out', '/dev/full', '--all', '--quiet'], ['generate', '--count', '20000', '--out', '/dev/full']]) {
      const r = run(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe('/dev/full: cannot write: the disk is full\n');
    }
  });

  it('ends quietly when the reader of its output goes away (| head)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" generate --count 20000 | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe(''); // no "write EPIPE" and its stack trace
    // A replay whose findings went to the reader leaves no part of its ledger file behind.
    const sample = fileURLToPath(new URL('../examples/replay-sample.ndjson', import.meta.url));
    const ledger = join(work, 'pipe-ledger.csv');
    const p = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" replay "${sample}" --all --ledger "${ledger}" | head -c 10`], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect([existsSync(ledger), existsSync(`${ledger}.partial`)]).toEqual([false, false]);
  });
});

describe('output over a file the command reads', () => {
  it('is refused before anything is read or written (exit 2), for every command with an output file, under any name for it', () => {
    const examples = fileURLToPath(new URL('../examples/', import.meta.url));
    const claimFile = file('over.json', claim);
    const creditor = file('over-kreditor.json', readFileSync(join(examples, 'kreditor.json'), 'utf8'));
    const claims = file('over.ndjson', readFileSync(join(examples, 'samlesak.ndjson'), 'utf8'));
    const link = join(work, 'over-link.ndjson');
    symlinkSync(claims, link);
    const shard = join(work, 'over-s0.json');
    expect(run(['replay', claims, '--shard', '0/2', '--summary', shard, '--quiet']).code).toBe(0);
    const lettersDir = join(work, 'over-brev');
    mkdirSync(lettersDir);
    const debtors = file('over-brev/letters-2026-02-19.json', readFileSync(join(examples, 'skyldnere.json'), 'utf8'));
    const before = new Map([claimFile, creditor, claims, shard, debtors].map((f) => [f, readFileSync(f, 'utf8')]));
    for (const [args, message] of [
      [['ledger', claimFile, '--as-of', '2024-06-01', '--out', claimFile], `${claimFile}: would overwrite the input file`],
      [['letter', claimFile, '--step', 'kravspesifikasjon', '--date', '2024-06-01', '--creditor', creditor, '--out', creditor], `${creditor}: would overwrite the input file`],
      [['replay', claims, '--summary', link], `${link}: would overwrite the input file ${claims}`],
      [['replay', claims, '--out', join(work, 'same.ndjson'), '--summary', join(work, 'same.ndjson')], `${join(work, 'same.ndjson')}: named for two outputs; give each its own file`],
      [['samlesak', claims, '--out', claims], `${claims}: would overwrite the input file`],
      [['replay', 'merge', shard, '--summary', shard], `${shard}: would overwrite the input file`],
      [['letters', join(examples, 'brev-i-dag.ndjson'), '--date', '2026-02-19', '--out', lettersDir, '--debtors', debtors], `${debtors}: would overwrite the input file`],
      [['generate', '--count', '10', '--out', join(work, 'g.ndjson'), '--expect', join(work, 'g.ndjson')], `${join(work, 'g.ndjson')}: named for two outputs; give each its own file`],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
    }
    for (const [f, text] of before) expect(readFileSync(f, 'utf8'), f).toBe(text);
    expect(existsSync(join(work, 'same.ndjson')) || existsSync(join(work, 'g.ndjson'))).toBe(false);
  });
});

describe('inkasso validate', () => {
  it('passes on the bundled rules', () => {
    const r = run(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rules: ok — \d+ parameters, \d+ policies, \d+ steps/);
    // The forliksklage's multiple is unknown from April 2024 (a declared gap to the end of 2024) and
    // has nothing after it: a warning at that gap, as the editor's overview lists it.
    expect(r.stderr).toBe('rules/parameters/rettslig/forliksklage-gebyr.yaml:9:5: warning: Gebyr for forliksklage (rettslig.forliksklage-gebyr) has no value or declared gap after 2024-12-31, but the rules are reviewed through 2026-12-31 (horisont.yaml): a claim whose events need it after 2024-12-31 fails with RULE_VALUE_MISSING, and a next step that needs it is left out (RULES_INCOMPLETE); add the value, or declare the gap with its reason [SERIES_ENDS_BEFORE_HORIZON]\n');
  });

  it('warns of each value that runs out before a horizon moved without them', () => {
    const dir = join(work, 'rules-horizon');
    cpSync(fileURLToPath(new URL('../rules/', import.meta.url)), dir, { recursive: true });
    const horizon = join(dir, 'horisont.yaml');
    writeFileSync(horizon, readFileSync(horizon, 'utf8').replaceAll('reviewed_through: 2026-12-31', 'reviewed_through: 2027-06-30'));
    const r = run(['validate', '--rules', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect([...r.stderr.matchAll(/warning: (.+?) \(([\w.-]+)\) has no value or declared gap after (\S+),/g)].map((m) => `${m[2]} ${m[3]}`)).toEqual([
      'gebyrer.standardkompensasjon 2026-12-31', 'rente.forsinkelsesrente 2026-12-31', 'rettslig.forliksklage-gebyr 2024-12-31', 'rettslig.rettsgebyr 2026-12-31',
    ]);
    expect(r.stderr).toContain(`${dir}/parameters/rente/forsinkelsesrente.yaml:`);
  });

  it('reports a broken copy with file:line:col for each problem and exits 2', () => {
    const dir = join(work, 'rules');
    cpSync(fileURLToPath(new URL('../rules/', import.meta.url)), dir, { recursive: true });
    cpSync(fileURLToPath(new URL('./broken-rules/bad-date-overlap-missing-ref/rules/', import.meta.url)), dir, { recursive: true });
    const r = run(['validate', '--rules', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}/parameters/rente/forsinkelsesrente.yaml:92:17: valid_from must be a date (YYYY-MM-DD) from 1900 on (there is no month 13) [SCHEMA]`);
    expect(r.stderr).toContain(`${dir}/parameters/gebyrer/standardkompensasjon.yaml:125:5: valid from 2024-06-01 overlaps`);
    expect(r.stderr).toContain(`${dir}/steps/2-inkassovarsel.yaml:32:3: parameter 'frister.inkassovarsel-fristen' does not exist`);
    // With slashes after the folder's name, the same places, and the count names the folder.
    const slashed = run(['validate', '--rules', `${dir}//`]);
    expect(slashed.stderr).toContain(`${dir}/steps/2-inkassovarsel.yaml:32:3: `);
    expect(slashed.stderr).toMatch(new RegExp(`\\d+ errors in ${dir}\\n$`));
  });

  it('names the root folder "/" (it said "errors in " with nothing after it)', () => {
    expect(rulesDirOf('/').label).toBe('/');
    expect(formatDiagnostic({ file: 'x.yaml', line: 2, col: 3, code: 'SCHEMA', severity: 'error', message: 'm' } as Diagnostic, '/')).toBe('/x.yaml:2:3: m [SCHEMA]');
  });
});

describe('inkasso test', () => {
  it('runs the golden corpus and exits 0', () => {
    const r = run(['test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/(\d+) of \1 golden cases pass/);
  });

  it('refuses a --golden folder without cases (exit 2) instead of passing 0 of 0', () => {
    const dir = join(work, 'no-cases');
    cpSync(fileURLToPath(new URL('../examples/', import.meta.url)), dir, { recursive: true }); // JSON, no .yaml
    const r = run(['test', '--golden', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`--golden ${dir}: no golden cases (.yaml files) in this folder or below it`);
  });

  it('tells a folder that does not exist from a file given where a folder belongs', () => {
    const notFolder = file('not-a-folder.yaml', 'title: x\n');
    for (const [args, message] of [
      [['test', '--golden', notFolder], `--golden ${notFolder}: is a file, not a folder`],
      [['test', '--golden', join(work, 'nope')], `--golden ${join(work, 'nope')}: no such folder`],
      [['validate', '--rules', notFolder], `--rules ${notFolder}: is a file, not a folder`],
      [['serve', '--data', notFolder, '--port', '0'], `--data ${notFolder}: is a file, not a folder`],
      [['replay', '-', '--compare', join(work, 'nope')], `--compare ${join(work, 'nope')}: no such folder`],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });
});

describe('usage', () => {
  it('prints one command\'s usage for COMMAND --help, and every command for --help', () => {
    const r = run(['letter', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: inkasso letter \[options\]\n\n {2}letter FILE --step S --date DATE/);
    expect(r.stdout).toContain('statement (kravspesifikasjon); refused when not lawful');
    expect(r.stdout).not.toContain('  serve ');
    expect(r.stdout).toContain('Exit codes: 0 ok');
    const replay = run(['replay', 'merge', '--help']).stdout;
    expect(replay).toContain('  replay FILE|- [--rules DIR]');
    expect(replay).toContain('  replay merge SUMMARY...');
    expect(replay).not.toContain('  generate ');
    const all = run(['--help']).stdout;
    for (const c of ['validate', 'evaluate', 'test', 'letter', 'ledger', 'replay', 'generate', 'serve']) expect(all).toContain(`\n  ${c} `);
  });

  it('says its version, the bundled rules\' version and review date, and Node\'s, for --version and -V', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const rules = parse(readFileSync(new URL('../rules/horisont.yaml', import.meta.url), 'utf8')) as { reviewed_through: string };
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^inkasso ${pkg.version.replace(/\./g, '\\.')}, rules [0-9a-f]{12} \\(reviewed through ${rules.reviewed_through}\\), Node ${process.version.replace(/\./g, '\\.')}\n$`));
    }
    // The same rules version as inkasso validate gives.
    expect(run(['--version']).stdout).toContain(run(['validate']).stdout.match(/version ([0-9a-f]{12})/)![1]!);
  });

  it('runs the same under its former file name, bin/inkasso.js (scripts that name it keep working)', () => {
    const former = fileURLToPath(new URL('../bin/inkasso.js', import.meta.url));
    const example = fileURLToPath(new URL('../examples/claim-egeninkasso.json', import.meta.url));
    const args = ['evaluate', example, '--as-of', '2024-07-01', '--format', 'text'];
    const r = spawnSync(process.execPath, [former, ...args], { encoding: 'utf8' });
    const now = run(args);
    expect(r.status).toBe(now.code);
    expect(r.stderr).toBe(now.stderr);
    expect(r.stdout).toBe(now.stdout);
    expect(r.stdout).toContain('Krav K-2024-0913 per 01.07.2024');
  });

  it('exits 2 on an unknown command or option, naming the one likely meant', () => {
    const command = run(['evaluat']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^inkasso: unknown command 'evaluat' \(did you mean 'evaluate'\?\)\n\nUsage: inkasso <command>/);
    expect(run(['xyz']).stderr).toMatch(/^inkasso: unknown command 'xyz'\n/);
    // What every object inherits is no command either (it used to crash or say 'internal error').
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const inherited = run([name]);
      expect(inherited.code).toBe(2);
      expect(inherited.stderr).toMatch(new RegExp(`^inkasso: unknown command '${name}'`));
    }
    const r = run(['evaluate', '--as-off', '2024-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("inkasso evaluate: unknown option '--as-off' (did you mean --as-of?); inkasso evaluate --help lists its options");
    // The only option it begins; and none close enough.
    expect(run(['replay', 'x.ndjson', '--work', '2']).stderr).toContain("unknown option '--work' (did you mean --workers?)");
    expect(run(['evaluate', 'x.json', '--zzz']).stderr.trim()).toBe("inkasso evaluate: unknown option '--zzz'; inkasso evaluate --help lists its options");
  });

  it('takes a negative number after an option as its value, and says what is wrong with it', () => {
    // node's parseArgs took "-1" for an option: "Option '--count' argument is ambiguous".
    for (const [args, message] of [
      [['generate', '--count', '-1'], '--count -1: must be a whole number from 0 to 100000000'],
      [['serve', '-p', '-1'], '--port -1: must be a port number from 0 to 65535'],
      [['serve', '--drain-seconds', '-5'], '--drain-seconds -5: must be a number of seconds from 0 to 3600'],
      [['evaluate', file('negative.json', claim), '--as-of', '-2024-01-01'], '--as-of -2024-01-01: must be a date (YYYY-MM-DD) from 1900 on'],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });
});
