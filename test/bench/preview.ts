/**
 * The editor's golden preview after one edit: parse the draft rules (the published files with one
 * changed), then run 1 000 golden cases under the published and the draft rules and compare their
 * figures. Target: under 500 ms on this machine.
 */
import { parseRules, readGoldenCases, readRuleSources, BUNDLED_RULES_DIR, type LoadedCase } from '../../engine/node.ts';
import { runPreview } from '../../editor/lib/server/preview.ts';
import type { BenchContext } from './sections.ts';

export async function previewSection(ctx: BenchContext): Promise<void> {
  const sources = readRuleSources(BUNDLED_RULES_DIR);
  const { cases } = readGoldenCases();
  const thousand: LoadedCase[] = [];
  for (let i = 0; thousand.length < 1000; i++) {
    const c = cases[i % cases.length]!;
    thousand.push({ ...c, id: `${c.id}#${Math.floor(i / cases.length)}` });
  }
  const published = parseRules(sources).ruleSet!;
  const path = 'parameters/rente/forsinkelsesrente.yaml';
  const edit = (n: number) => sources.map((s) => (s.path === path ? { ...s, text: s.text.replace('value: "12.25"\n    hjemmel: forsinkelsesrenteloven § 3 første ledd\n    source: "FOR-2026', `value: "${(12.5 + n / 100).toFixed(2)}"\n    hjemmel: forsinkelsesrenteloven § 3 første ledd\n    source: "FOR-2026`) } : s));
  console.log(`\npreview — ${thousand.length} golden cases (the ${cases.length} of the corpus, repeated), one edit of ${path}`);
  const timings: { parse: number; preview: number }[] = [];
  for (let n = 0; n < 6; n++) {
    const t0 = performance.now();
    const draft = parseRules(edit(n)).ruleSet!;
    const t1 = performance.now();
    const summary = runPreview(published, draft, thousand, new Map());
    const t2 = performance.now();
    if (n === 0 && summary.changed === 0) throw new Error('the edit changed no case');
    timings.push({ parse: t1 - t0, preview: t2 - t1 });
  }
  const [cold, ...warm] = timings;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  ctx.line('first edit (published results computed too): parse + preview', `${cold!.parse.toFixed(0)} + ${cold!.preview.toFixed(0)} = ${(cold!.parse + cold!.preview).toFixed(0)} ms`);
  ctx.line('later edits (published results cached), median', `${median(warm.map((t) => t.parse)).toFixed(0)} + ${median(warm.map((t) => t.preview)).toFixed(0)} = ${median(warm.map((t) => t.parse + t.preview)).toFixed(0)} ms   (target < 500 ms)`);
  ctx.figures['preview.firstEditMs'] = Math.round(cold!.parse + cold!.preview);
  ctx.figures['preview.laterEditMs'] = Math.round(median(warm.map((t) => t.parse + t.preview)));
}
