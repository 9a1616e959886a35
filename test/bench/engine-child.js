// One of the engine's timed paths, in a process of its own, as the process that runs it in use:
// a replay worker runs only the findings path, the CLI and the API only the full result. Measured
// in one process after the others, a path is slowed by what ran before it (the trace's objects
// in the heap, call sites that have seen other shapes): the findings path took 15 µs a claim after
// the full result had run, against 9 µs in a process of its own, on the same claims one after the other.
//
//   node test/bench/engine-child.js CLAIMS MODE PASSES [N] [--no-yardstick]
//
// CLAIMS: one claim a line, "YYYY-MM-DD<TAB>claim JSON" (the as-of date first). MODE: full (the
// result without trace), trace (with it), findings (replay's path), parse (JSON.parse of each
// claim's text, the yardstick itself), or jre: the full result with json-rules-engine answering
// the conditions, for the first N claims, its results compared with the compiled evaluation's.
// Prints one JSON line: the median and the fastest pass in seconds, and this process's
// JSON.parse yardstick in µs a claim (for jre: the claims it ran, and how many results differ).
// --no-yardstick leaves the yardstick out (parseMicros null): the instruction counts
// (instructions.ts) count the passes of one path alone.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2).filter((a) => a !== '--no-yardstick');
const yardstick = !process.argv.includes('--no-yardstick');
const [file, mode, passesText, sampleText] = args;
const { day, evaluateClaim, evaluateWith, findClaim, loadRules } = await import(new URL('../../dist/node.js', import.meta.url).href);
const rules = loadRules();
const texts = [];
const asOfs = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  asOfs.push(line.slice(0, 10));
  texts.push(line.slice(11));
}
const claims = texts.map((t) => JSON.parse(t));
const days = asOfs.map((a) => day(a));
const n = claims.length;
const passes = Number(passesText);

let sink = 0;
const work = {
  full: () => { for (let i = 0; i < n; i++) sink += evaluateClaim(rules, claims[i], { asOf: asOfs[i], trace: false }).fees.length; },
  trace: () => { for (let i = 0; i < n; i++) sink += evaluateClaim(rules, claims[i], { asOf: asOfs[i], trace: true }).fees.length; },
  findings: () => { for (let i = 0; i < n; i++) sink += findClaim(rules, claims[i], days[i], i + 1).contribution.overchargedFees; },
  parse: () => { for (let i = 0; i < n; i++) sink += JSON.parse(texts[i]).events.length; },
};
if (mode !== 'jre' && !(mode in work)) throw new Error(`mode must be full, trace, findings, parse or jre, not ${mode}`);

function timed(f) {
  const s = [];
  for (let i = 0; i < passes; i++) {
    const t = performance.now();
    f();
    s.push((performance.now() - t) / 1000);
  }
  s.sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], best: s[0] };
}

// The yardstick first, in this process (the machine's speed moves from one minute to the next).
const parse = yardstick ? timed(work.parse) : undefined;
const parseMicros = parse ? (parse.median * 1e6) / n : null;
if (mode === 'jre') {
  // The naive baseline: the same evaluation, each question answered by Engine.run (one pass: it is slow).
  const { register } = await import('tsx/esm/api');
  register();
  const { jsonRulesEngineAnswerer } = await import('../support/json-rules-engine.ts');
  const jre = jsonRulesEngineAnswerer();
  const sample = Math.min(Number(sampleText), n);
  // Warmed up as the compiled path is (on claims after the sample, where there are any), and timed
  // on the evaluation alone: the results are written out for the comparison after the clock stops.
  const warm = n > sample ? sample : 0;
  for (let i = warm; i < Math.min(n, warm + Math.min(500, sample)); i++) await evaluateWith(rules, claims[i], { asOf: asOfs[i], trace: false }, jre);
  const viaJre = [];
  const t0 = performance.now();
  for (let i = 0; i < sample; i++) viaJre.push(await evaluateWith(rules, claims[i], { asOf: asOfs[i], trace: false }, jre));
  const seconds = (performance.now() - t0) / 1000;
  let differ = 0;
  for (let i = 0; i < sample; i++) if (JSON.stringify(evaluateClaim(rules, claims[i], { asOf: asOfs[i], trace: false })) !== JSON.stringify(viaJre[i])) differ++;
  process.stdout.write(`${JSON.stringify({ median: seconds, best: seconds, parseMicros, claims: sample, differ })}\n`);
  process.exit(0);
}
// Warm up on the first 2 000 claims, then time.
for (let i = 0; i < Math.min(2000, n); i++) {
  if (mode === 'parse') JSON.parse(texts[i]);
  else if (mode === 'findings') findClaim(rules, claims[i], days[i], i + 1);
  else evaluateClaim(rules, claims[i], { asOf: asOfs[i], trace: mode === 'trace' });
}
const t = timed(work[mode]);
process.stdout.write(`${JSON.stringify({ ...t, parseMicros, sink: sink > 0 })}\n`);
