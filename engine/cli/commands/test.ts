/** inkasso test [--rules DIR] [--golden DIR] [--verbose]: runs the golden corpus against the rules. */
import { BUNDLED_GOLDEN_DIR, formatDiagnostic, readGoldenCases, runCorpus } from '../../node.ts';
import { CliError, EXIT, err, out, requireFolder } from '../io.ts';
import { loadRulesOrExit } from '../rules-option.ts';

export function testCommand(options: { rules?: string | undefined; golden?: string | undefined; verbose: boolean }): number {
  const dir = options.golden ?? BUNDLED_GOLDEN_DIR;
  requireFolder('--golden', dir);
  const rules = loadRulesOrExit(options.rules);
  const { cases, diagnostics } = readGoldenCases(dir);
  for (const d of diagnostics) err(formatDiagnostic(d, options.golden ?? 'test/golden'));
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT.badInput;
  // A folder without a case tests nothing: "0 of 0 pass" would let a wrong --golden pass in CI.
  if (!cases.length) throw new CliError(`--golden ${dir}: no golden cases (.yaml files) in this folder or below it`);
  const outcomes = runCorpus(rules, cases);
  let failed = 0;
  for (const o of outcomes) {
    if (o.passed) {
      if (options.verbose) out(`ok    ${o.id}`);
      continue;
    }
    failed++;
    out(`FAIL  ${o.id} — ${o.name}`);
    for (const m of o.mismatches) out(`        ${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
  }
  out(`${outcomes.length - failed} of ${outcomes.length} golden cases pass (rules ${rules.version.slice(0, 12)})`);
  return failed ? EXIT.findings : EXIT.ok;
}
