/**
 * Replay at scale: `inkasso replay` on a generated NDJSON file of --replay-count claims (default
 * 6 000 000, about 2.6 GB; generated once into the system's temp folder and kept for the next run),
 * as a separate process on all cores, timed, with its peak memory (maxRSS, worker threads
 * included). Target: 6 million claims in under 2 minutes with both cores, peak memory under 500 MB.
 * Also the replay's per-claim path on one core in this process (parse, check, findings, write).
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { runBatch } from '../../engine/replay/batch.ts';
import { describeFloor, timedAgainstFloor } from './floor.ts';
import { generatedFile } from './generated-file.ts';
import type { BenchContext } from './sections.ts';

export async function replaySection(ctx: BenchContext, count: number): Promise<void> {
  // One core, in process: the work a worker does per claim.
  const text = ctx.claims.slice(0, 50_000).map((g) => JSON.stringify(g.claim)).join('\n') + '\n';
  const bytes = new TextEncoder().encode(text);
  const input = { kind: 'ndjson' as const, seq: 0, firstLine: 1, bytes };
  const config = { rules: ctx.rules, asOf: { kind: 'event' as const }, all: false };
  runBatch(input, config);
  const t0 = performance.now();
  const out = runBatch(input, config);
  const perClaim = (performance.now() - t0) * 1000 / out.tally.read;
  console.log(`\nreplay — per claim on one core (parse, check, evaluate at the claim's last event, findings), ${ctx.fmt(out.tally.read)} claims`);
  ctx.line('claims/s on one core', `${ctx.fmt(1e6 / perClaim)}   (${perClaim.toFixed(1)} µs/claim)`);
  ctx.figures['replay.oneCoreClaimsPerSecond'] = Math.round(1e6 / perClaim);
  // The same claims with the postings written (--ledger) and against a second rule set (--compare,
  // here the same rules: the work is the same whatever they change), each evaluated in full once.
  for (const [flag, figure, mode] of [['--ledger', 'replay.oneCoreLedgerClaimsPerSecond', { ...config, ledger: true }], ['--compare', 'replay.oneCoreCompareClaimsPerSecond', { ...config, compare: ctx.rules }]] as const) {
    // A warm-up, then the faster of two runs: one batch of 50 000 claims holds all their postings,
    // and the collector's work on them moves a single run by 10-20 %.
    runBatch(input, mode);
    let micros = Infinity;
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      const o = runBatch(input, mode);
      micros = Math.min(micros, (performance.now() - t) * 1000 / o.tally.read);
    }
    ctx.line(`  with ${flag} (the faster of two runs)`, `${ctx.fmt(1e6 / micros)}   (${micros.toFixed(1)} µs/claim)`);
    ctx.figures[figure] = Math.round(1e6 / micros);
  }

  const generated = generatedFile(ctx, 'claims', count);
  if (!generated) return;
  const { file } = generated;
  const dir = dirname(file);
  const size = statSync(file).size;
  console.log(`\nreplay — ${ctx.fmt(count)} generated claims, ${ctx.fmt(size / 1e6)} MB NDJSON, inkasso replay as its own process, ${availableParallelism()} cores`);
  // The floor: one core reading the same file and JSON.parse-ing every line, as its own process,
  // before the replay and after it (test/bench/floor.ts).
  const summaryFile = join(dir, 'summary.json');
  rmSync(summaryFile, { force: true });
  const findings = join(dir, 'findings.ndjson');
  const { floor, seconds, stderr } = await timedAgainstFloor(file, ['replay', file, '--out', findings, '--summary', summaryFile, '--quiet']);
  const parseSeconds = floor.seconds;
  ctx.line('one core reading and JSON.parse-ing every line', describeFloor(floor));
  const rss = /maxRSS (\d+)/.exec(stderr);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const written = statSync(findings).size;
  rmSync(findings, { force: true });
  ctx.line('claims replayed', `${ctx.fmt(summary.claims.read)} (${ctx.fmt(summary.claims.withViolations)} with violations, ${summary.claims.malformed} malformed)`);
  ctx.line('wall time, start to finish (target < 120 s for 6 000 000)', `${seconds.toFixed(1)} s   (${ctx.fmt(summary.claims.read / seconds)} claims/s, ${summary.workers} workers)`);
  ctx.line('projected for 6 000 000 claims', `${((6_000_000 / summary.claims.read) * seconds).toFixed(0)} s`);
  ctx.line('findings written', `${ctx.fmt(written / 1e6)} MB`);
  ctx.line('peak memory, maxRSS (target < 500 MB)', rss ? `${ctx.fmt(Number(rss[1]) / 1024)} MB` : 'not reported');
  ctx.line('replay / reading and parsing (target 1.5×, goal 1.0×)', `${(seconds / parseSeconds).toFixed(2)}×`);
  // Measured on the project's machine: a worker's first 11 500 claims averaged 71 µs each, later
  // ones 21-25 µs (the JIT and the engine's remembered dates and caps warming up), and start-up is 0.3 s.
  if (summary.claims.read < 1_000_000) console.log('  (a run this small is largely start-up and warm-up, which 6 000 000 claims, the size the targets are for, spread thin: its ratio is higher)');
  ctx.figures['replay.claims'] = summary.claims.read;
  ctx.figures['replay.seconds'] = Number(seconds.toFixed(1));
  ctx.figures['replay.claimsPerSecond'] = Math.round(summary.claims.read / seconds);
  ctx.figures['replay.parseSeconds'] = Number(parseSeconds.toFixed(1));
  ctx.figures['replay.parseSecondsBefore'] = Number(floor.before.toFixed(1));
  ctx.figures['replay.parseSecondsAfter'] = Number(floor.after.toFixed(1));
  ctx.figures['replay.ratioVsParse'] = Number((seconds / parseSeconds).toFixed(2));
  ctx.figures['replay.projected6MSeconds'] = Math.round((6_000_000 / summary.claims.read) * seconds);
  if (rss) ctx.figures['replay.peakMb'] = Math.round(Number(rss[1]) / 1024);
}
