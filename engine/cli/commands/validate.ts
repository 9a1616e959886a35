/** inkasso validate [--rules DIR]: every problem in the rule files, with file:line:col. */
import { checkRulesDir, formatDiagnostic } from '../../node.ts';
import { EXIT, err, out } from '../io.ts';
import { rulesDirOf } from '../rules-option.ts';
import { plural } from '../../text/plural.ts';

export function validateCommand(options: { rules?: string | undefined }): number {
  const { dir, label } = rulesDirOf(options.rules);
  const { ruleSet, diagnostics } = checkRulesDir(dir);
  for (const d of diagnostics) err(formatDiagnostic(d, label));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (!ruleSet) {
    err(`${errors} ${plural(errors, 'error', 'errors')} in ${label}`);
    return EXIT.badInput;
  }
  const params = [...ruleSet.series.values()];
  out(`${label}: ok — ${params.filter((s) => s.kind === 'parameter').length} parameters, ${params.filter((s) => s.kind === 'policy').length} policies, ${ruleSet.steps.length} steps, ${ruleSet.letters.length} letters; version ${ruleSet.version.slice(0, 12)}`);
  return EXIT.ok;
}
