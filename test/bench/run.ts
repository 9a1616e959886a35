/**
 * npm run bench — prints figures and ratios; it enforces nothing.
 *
 *   engine     claims evaluated per second on one core, for 100 000 generated claims, with and
 *              without the trace; the same evaluation with json-rules-engine answering the
 *              conditions (Engine.run per question) on a sample, and the ratio.
 *   conditions the step conditions alone: compiled functions against Engine.run.
 *   preview    the editor's golden preview of 1 000 cases after one edit (test/bench/preview.ts).
 *   replay     inkasso replay on --replay-count generated claims, time and peak memory (replay.ts).
 *   samlesak   inkasso samlesak on --samlesak-count generated claims with planted samlesaker:
 *              time, peak memory, and the cases found against those planted (samlesak.ts).
 *   csv        inkasso replay on --csv-count generated claims as CSV and as NDJSON, the faster of
 *              two runs each, and the ratio (csv.ts).
 *   http       inkasso serve under autocannon: requests/s and p99 (http.ts).
 *
 *   cli        `inkasso evaluate` on the bundled example against `node -e 0`, side by side.
 *
 *   instructions  (only when --only names it: it needs valgrind) the engine's paths counted in
 *              machine instructions a claim on --instructions-count claims (instructions.ts).
 *
 * Options: --count N (default 100000), --naive N (default 3000), --replay-count N (default
 * 6000000), --samlesak-count N (default 1000000), --csv-count N (default 1000000), --http-seconds S
 * (default 10), --instructions-count N (default 3000), --only
 * engine,conditions,cli,preview,replay,samlesak,csv,http,instructions, --json (the last line
 * is one JSON object with every figure, to compare versions).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Ask } from '../../engine/node.ts';
import { generateClaims, type GeneratedClaim } from '../../engine/replay/generate.ts';
import { jsonRulesEngineAnswerer } from '../support/json-rules-engine.ts';
import { instructionsSection } from './instructions.ts';
import { SECTIONS, type BenchContext } from './sections.ts';

const { values } = parseArgs({ options: { count: { type: 'string' }, naive: { type: 'string' }, only: { type: 'string' }, 'replay-count': { type: 'string' }, 'samlesak-count': { type: 'string' }, 'csv-count': { type: 'string' }, 'http-seconds': { type: 'string' }, 'instructions-count': { type: 'string' }, json: { type: 'boolean' } } });
const count = Number(values.count ?? 100_000);
const naiveCount = Number(values.naive ?? 3000);

/*
 * The engine is measured as integrators, the CLI and replay's workers run it: the built package
 * (dist/, bundled by esbuild), built now from the sources, not the TypeScript run through tsx.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const built = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/build.ts'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`the package does not build:\n${built.stdout}${built.stderr}`);
const { answerCompiled, evaluateWith, loadRules } = (await import(new URL('../../dist/node.js', import.meta.url).href)) as typeof import('../../engine/node.ts');

/** Times `passes` runs of work over n claims; the median pass (and the fastest) in seconds. */
function timed(passes: number, work: () => void): { median: number; best: number } {
  const s: number[] = [];
  for (let i = 0; i < passes; i++) {
    const t = performance.now();
    work();
    s.push((performance.now() - t) / 1000);
  }
  s.sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, best: s[0]! };
}
// Five: on a busy or virtual machine the speed moves by a third from one pass to the next.
const PASSES = 5;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

async function engineSection(ctx: BenchContext) {
  const { claims } = ctx;
  console.log(`\nengine — ${fmt(claims.length)} generated claims (${claims.filter((c) => c.kind !== 'none').length} with a planted violation), one core`);
  const events = claims.reduce((n, c) => n + c.claim.events.length, 0);
  line('events per claim (mean)', (events / claims.length).toFixed(2));
  {
    // A yardstick for this machine: JSON.parse of the same claims' text. Virtual machines differ by three
    // to four times in allocation-heavy work; figures in parses compare across machines. Each timed
    // path below measures its own yardstick too, in its process, and counts its parses by that.
    const texts = claims.map((g) => JSON.stringify(g.claim));
    for (const t of texts.slice(0, 2000)) JSON.parse(t);
    const { median: s } = timed(PASSES, () => {
      for (const t of texts) JSON.parse(t);
    });
    ctx.parseMicros = (s * 1e6) / claims.length;
    line(`yardstick: JSON.parse of each claim's text (µs/claim, median of ${PASSES})`, ctx.parseMicros.toFixed(2));
    ctx.figures['engine.parseMicrosPerClaim'] = Number(ctx.parseMicros.toFixed(2));
  }
  // Each path timed in a process of its own (test/bench/engine-child.js), as the process that runs
  // it in use: a replay worker runs only the findings path, the CLI and the API the full result.
  // The json-rules-engine baseline too, so that the ratio compares two processes alike.
  const dir = mkdtempSync(join(tmpdir(), 'inkassomotor-bench-engine-'));
  const timedApart = (file: string, mode: string, extra: string[] = []) => {
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./engine-child.js', import.meta.url)), file, mode, String(PASSES), ...extra], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`the ${mode} path failed:\n${child.stderr}`);
    return JSON.parse(child.stdout) as { median: number; best: number; parseMicros: number; claims?: number; differ?: number };
  };
  try {
    const file = join(dir, 'claims.tsv');
    writeFileSync(file, claims.map((g) => `${g.asOf}\t${JSON.stringify(g.claim)}\n`).join(''));
    const paths = [
      ['full', `compiled, trace off (claims/s, median of ${PASSES})`, 'engine.claimsPerSecond'],
      ['trace', `compiled, trace on  (claims/s, median of ${PASSES})`, 'engine.claimsPerSecondWithTrace'],
      ['findings', `findings path, as replay runs it (claims/s, median of ${PASSES})`, 'engine.findingsPerSecond'],
    ] as const;
    for (const [mode, label, figure] of paths) {
      const t = timedApart(file, mode);
      const micros = (t.median * 1e6) / claims.length;
      const parses = micros / t.parseMicros;
      line(label, `${fmt(claims.length / t.median)}   (${micros.toFixed(1)} µs/claim = ${parses.toFixed(1)} parses; fastest pass ${fmt(claims.length / t.best)})`);
      ctx.figures[figure] = Math.round(claims.length / t.median);
      if (mode === 'full') {
        ctx.compiledPerSecond = claims.length / t.median;
        ctx.figures['engine.parsesPerClaim'] = Number(parses.toFixed(1));
      }
      if (mode === 'findings') ctx.figures['engine.findingsParsesPerClaim'] = Number(parses.toFixed(1));
    }
    // The same evaluation with json-rules-engine answering the conditions, on a sample; the same
    // results both ways, checked in that process.
    const jre = timedApart(file, 'jre', [String(naiveCount)]);
    const sample = jre.claims!;
    const naive = sample / jre.median;
    line('results equal to the compiled evaluation', jre.differ === 0 ? `all ${fmt(sample)}` : `${jre.differ} DIFFER`);
    if (jre.differ) process.exitCode = 1;
    line(`same evaluation, json-rules-engine Engine.run (claims/s, n=${fmt(sample)})`, `${fmt(naive)}   (${((jre.median * 1e6) / sample).toFixed(0)} µs/claim)`);
    line('ratio compiled / json-rules-engine', `${(ctx.compiledPerSecond / naive).toFixed(0)}×`);
    ctx.figures['engine.jsonRulesEngineClaimsPerSecond'] = Math.round(naive);
    ctx.figures['engine.ratioVsJsonRulesEngine'] = Math.round(ctx.compiledPerSecond / naive);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function conditionsSection(ctx: BenchContext) {
  const { rules, claims } = ctx;
  // Collect the questions the evaluation asks for a sample of claims, each with its facts as one
  // object, then answer them both ways from those objects.
  const asks: { group: Ask['group']; facts: Ask['facts'] }[] = [];
  for (const g of claims.slice(0, naiveCount)) {
    await evaluateWith(rules, g.claim, { asOf: g.asOf, trace: false }, async (ask) => {
      asks.push({ group: ask.group, facts: ask.facts });
      return answerCompiled(ask);
    });
  }
  console.log(`\nconditions — ${fmt(asks.length)} questions (one per event and per candidate step) from ${fmt(naiveCount)} claims`);
  // Each pass answers every question 20 times; the median of five passes (one pass is a few
  // hundredths of a second, short enough for a busy machine to move it a lot).
  const passes = 5;
  const rounds = 20;
  let n = 0;
  const { median: passSeconds } = timed(passes, () => {
    for (let round = 0; round < rounds; round++) for (const a of asks) n += a.group.answer(a.facts).length;
  });
  const compiled = (asks.length * rounds) / passSeconds;
  // Engine.run likewise after a first pass, which builds its engines and warms it up: the median
  // of three passes after it.
  const jre = jsonRulesEngineAnswerer();
  for (const a of asks) await jre(a);
  const jrePasses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    for (const a of asks) await jre(a);
    jrePasses.push((performance.now() - t1) / 1000);
  }
  const viaJre = asks.length / jrePasses.sort((a, b) => a - b)[1]!;
  line('compiled (questions/s, median of 5 passes)', fmt(compiled));
  line('json-rules-engine Engine.run (questions/s, median of 3 passes after one)', fmt(viaJre));
  line('ratio', `${(compiled / viaJre).toFixed(0)}×   (${(n / asks.length / (passes * rounds)).toFixed(1)} conditions per question)`);
  ctx.figures['conditions.ratioVsJsonRulesEngine'] = Math.round(compiled / viaJre);
}

const rules = loadRules();
console.log(`inkassomotor bench — node ${process.version}, rules ${rules.version.slice(0, 12)}`);
const t0 = performance.now();
// Each claim as replay, the CLI and the API see it: read from JSON text.
const claims: GeneratedClaim[] = [...generateClaims(rules, { count, seed: 20241122 })].map((g) => ({ ...g, claim: JSON.parse(JSON.stringify(g.claim)) as GeneratedClaim['claim'] }));
line('generated claims in', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
const figures: Record<string, number | string> = { node: process.version, rulesVersion: rules.version.slice(0, 12) };
const ctx: BenchContext = { rules, claims, compiledPerSecond: 0, parseMicros: 0, line, fmt, figures };
const all: Record<string, (c: BenchContext) => Promise<void>> = { engine: engineSection, conditions: conditionsSection, ...SECTIONS({ replayCount: Number(values['replay-count'] ?? 6_000_000), samlesakCount: Number(values['samlesak-count'] ?? 1_000_000), csvCount: Number(values['csv-count'] ?? 1_000_000), httpSeconds: Number(values['http-seconds'] ?? 10) }) };
// Run only when asked for by name: it needs valgrind, and takes minutes.
const optIn: Record<string, (c: BenchContext) => Promise<void>> = { instructions: (c) => instructionsSection(c, Number(values['instructions-count'] ?? 3000)) };
const only = values.only?.split(',');
for (const [name, run] of Object.entries(all)) if (!only || only.includes(name)) await run(ctx);
for (const [name, run] of Object.entries(optIn)) if (only?.includes(name)) await run(ctx);
if (values.json) console.log(JSON.stringify(figures));
