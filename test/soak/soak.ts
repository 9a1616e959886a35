/**
 * A long run of the checks the test suite makes on a few thousand claims, on as many as asked: run
 * by hand before a release or after a change to the engine, not in CI.
 *
 *   npm run soak -- [--count N] [--seed S] [--share 0.5] [--random N] [--jre-every 20]
 *
 * Over N histories from inkasso generate (share S of them with a planted violation) and N random
 * claims from the property tests' generator (fees anywhere from nothing to far above any cap,
 * payments with designations, disputes in any order), each claim is checked that
 *   - generated: exactly the planted violations are found;
 *   - the findings path (replay's) gives the full evaluation's violations, fees and interest;
 *   - the result without the trace is the result with it, less the trace; the trace names every
 *     figure and each entry's value is the figure;
 *   - the events of different days given in another order give the same result (indexes mapped);
 *   - a later as-of date leaves the fees and the violations of the events up to the first as they were;
 *   - principal + fees + interest − paid + overpaid − time-barred is what is outstanding, and the
 *     ledger balances with the receivable at what is outstanding (nothing after a write-off) and
 *     no posting at zero or below;
 *   - every --jre-every'th claim: json-rules-engine answering the conditions gives the same result.
 * Prints one JSON line of counts, the first failures of each check with the claim and its as-of
 * date, and exits 1 when any check failed. 100 000 of each took 94 s here (seed 7: none failed).
 */
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { buildLedger, DEFAULT_ACCOUNTS } from '../../engine/ledger/ledger.ts';
import { day, EvaluationError, evaluateClaim, evaluateFindings, evaluateWith, formatAmount, isoDate, loadRules, type Claim } from '../../engine/node.ts';
import { generateClaims } from '../../engine/replay/generate.ts';
import { claimArb } from '../property/arbitraries.ts';
import { jsonRulesEngineAnswerer } from '../support/json-rules-engine.ts';
import { signedOre } from '../support/money.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, share: { type: 'string', default: '0.5' }, random: { type: 'string' }, 'jre-every': { type: 'string', default: '20' } } });
const count = Number(values.count);
const seed = Number(values.seed);
const randomCount = Number(values.random ?? values.count);
const jreEvery = Number(values['jre-every']);

const rules = loadRules();
const jre = jsonRulesEngineAnswerer();
const checks = new Map<string, { passed: number; failed: number; first: string[] }>();
function check(name: string, ok: boolean, claim: Claim, asOf: string, detail = ''): void {
  let c = checks.get(name);
  if (!c) checks.set(name, (c = { passed: 0, failed: 0, first: [] }));
  if (ok) c.passed++;
  else {
    c.failed++;
    if (c.first.length < 3) c.first.push(`${detail}${detail ? ' ' : ''}${JSON.stringify(claim)} as of ${asOf}`);
  }
}

const withoutTrace = (r: object) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'trace'));
const figureAt = (r: unknown, pointer: string) => pointer.split('/').slice(1).reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), r);

/** The events of different days in another order (each day's keep theirs), and the map back. */
function reordered(claim: Claim, s: number): { claim: Claim; order: number[] } {
  const rank = new Map<string, number>();
  for (const e of claim.events) if (!rank.has(e.date)) rank.set(e.date, (Math.imul(s + rank.size, 2654435761) >>> 0) % 1000003);
  const order = claim.events.map((_, i) => i).sort((a, b) => rank.get(claim.events[a]!.date)! - rank.get(claim.events[b]!.date)! || a - b);
  return { claim: { ...claim, events: order.map((i) => claim.events[i]!) }, order };
}
const mapBack = (x: unknown, order: readonly number[]): unknown => Array.isArray(x) ? x.map((y) => mapBack(y, order))
  : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, (k === 'eventIndex' || k === 'interruptedBy') && typeof v === 'number' ? order[v] : mapBack(v, order)])) : x;

let evaluated = 0;
let stopped = 0;
let n = 0;
async function soak(claim: Claim, asOf: string, planted?: readonly string[]): Promise<void> {
  n++;
  let r;
  try {
    r = evaluateClaim(rules, claim, { asOf });
  } catch (e) {
    // A gap in the rules (or a step no rule governs) stops an evaluation by design; anything else is a failure.
    check('stops only where the rules have no value', e instanceof EvaluationError, claim, asOf, (e as Error).message);
    stopped++;
    return;
  }
  evaluated++;
  if (planted) check('finds exactly the planted violations', isDeepStrictEqual(r.violations.map((v) => `${v.code}@${v.eventIndex}`).sort(), [...planted].sort()), claim, asOf, r.violations.map((v) => `${v.code}@${v.eventIndex}`).join(' '));
  const plain = evaluateClaim(rules, claim, { asOf, trace: false });
  check('trace off = trace on less the trace', isDeepStrictEqual(withoutTrace(plain), withoutTrace(r)), claim, asOf);
  const traced = new Set(r.trace.map((t) => t.figure));
  const wrongValue = r.trace.find((t) => figureAt(r, t.figure) !== t.value);
  const figures = [
    '/interest/total', '/foreldelse/date', ...Object.keys(r.balance).map((k) => `/balance/${k}`), ...r.interest.periods.map((_, i) => `/interest/periods/${i}/amount`),
    ...(r.interest.timeBarred !== undefined ? ['/interest/timeBarred'] : []), ...r.fees.flatMap((_, i) => [`/fees/${i}/cap`, `/fees/${i}/allowed`]),
    ...r.payments.flatMap((_, i) => ['toCosts', 'toInterest', 'toPrincipal', 'overpaid'].map((k) => `/payments/${i}/${k}`)), ...r.deadlines.map((_, i) => `/deadlines/${i}/lastDay`),
    ...r.nextSteps.flatMap((_, i) => [`/nextSteps/${i}/earliestDate`, `/nextSteps/${i}/maxFee`]), ...(r.salaer ? ['/salaer/lett', '/salaer/tung'] : []),
  ];
  const untraced = figures.filter((f) => !traced.has(f));
  check('the trace names every figure, with its value', untraced.length === 0 && wrongValue === undefined, claim, asOf, `${untraced.join(' ')} ${wrongValue?.figure ?? ''}`);
  const f = evaluateFindings(rules, claim, day(asOf));
  check('the findings path = the full evaluation', isDeepStrictEqual(
    [f.violations.map((v) => [v.code, v.eventIndex, v.day === undefined ? undefined : isoDate(v.day), v.message, v.hjemmel, v.rule]), f.fees.map((x) => [x.eventIndex, x.type, isoDate(x.day), formatAmount(x.charged), formatAmount(x.cap), formatAmount(x.allowed)]), formatAmount(f.interest)],
    [r.violations.map((v) => [v.code, v.eventIndex, v.date, v.message, v.hjemmel, v.rule]), r.fees.map((x) => [x.eventIndex, x.type, x.date, x.charged, x.cap, x.allowed]), r.interest.total],
  ), claim, asOf);
  const again = reordered(claim, n);
  check('events of different days in another order give the same result', isDeepStrictEqual(mapBack(evaluateClaim(rules, again.claim, { asOf, trace: false }), again.order), plain), claim, asOf);
  const later = isoDate(Math.min(day(asOf) + 1 + (n % 60), day('2026-12-31')));
  try {
    const l = evaluateClaim(rules, claim, { asOf: later, trace: false });
    // The events up to the first as-of date: the later one takes in more of them.
    const upTo = (i: number | undefined) => i !== undefined && claim.events[i]!.date <= asOf;
    const events = (x: typeof plain) => [x.fees.filter((e) => upTo(e.eventIndex)), x.violations.filter((v) => upTo(v.eventIndex)).map((v) => [v.code, v.eventIndex])];
    check('a later as-of date leaves the events\' fees and violations', isDeepStrictEqual(events(l), events(plain)), claim, asOf, `later ${later}`);
  } catch (e) {
    check('stops only where the rules have no value', e instanceof EvaluationError, claim, later, (e as Error).message);
  }
  const b = r.balance;
  check('the balance adds up', signedOre(b.principal) + signedOre(b.fees) + signedOre(b.interest) - signedOre(b.paid) + signedOre(b.overpaid) - signedOre(b.timeBarred ?? '0.00') === signedOre(b.outstanding), claim, asOf, JSON.stringify(b));
  try {
    const ledger = buildLedger(rules, claim, asOf);
    const receivable = signedOre(ledger.balances[DEFAULT_ACCOUNTS.receivable] ?? '0.00');
    check('the ledger balances, the receivable at what is outstanding', Object.values(ledger.balances).reduce((s, v) => s + signedOre(v), 0) === 0
      && ledger.postings.every((p) => signedOre(p.amount) > 0) && receivable === (ledger.writeOff ? 0 : signedOre(b.outstanding)), claim, asOf, JSON.stringify(ledger.balances));
  } catch (e) {
    check('the ledger balances, the receivable at what is outstanding', false, claim, asOf, (e as Error).message);
  }
  if (n % jreEvery === 0) check('json-rules-engine answering gives the same result', isDeepStrictEqual(await evaluateWith(rules, claim, { asOf }, jre), r), claim, asOf);
}

const started = performance.now();
for (const g of generateClaims(rules, { count, seed, violationShare: Number(values.share) })) await soak(g.claim, g.asOf, g.planted.map((p) => `${p.code}@${p.eventIndex}`));
for (const { claim, asOf } of fc.sample(claimArb, { numRuns: randomCount, seed })) await soak(claim, asOf);
const failed = [...checks.values()].some((c) => c.failed > 0);
console.log(JSON.stringify({
  claims: n, evaluated, stoppedByRules: stopped, seconds: Math.round((performance.now() - started) / 1000),
  checks: Object.fromEntries([...checks].map(([name, c]) => [name, c.failed ? { passed: c.passed, failed: c.failed, first: c.first } : c.passed])),
}, null, 2));
process.exitCode = failed ? 1 : 0;
