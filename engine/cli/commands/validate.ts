/**
 * inkasso validate [--rules DIR]: every problem in the rule files, with file:line:col; and, as
 * warnings, each continuous series whose values and declared gaps end before the review horizon
 * (engine/rules/horizon-coverage.ts), at its last value or gap.
 */
import { checkRulesDir, formatDiagnostic, isoDate } from '../../node.ts';
import { seriesEndingBefore } from '../../rules/horizon-coverage.ts';
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
  const horizon = ruleSet.review?.reviewedThrough;
  if (horizon !== undefined) {
    for (const s of seriesEndingBefore(ruleSet, horizon)) {
      err(formatDiagnostic({
        code: 'SERIES_ENDS_BEFORE_HORIZON', severity: 'warning', ...s.origin,
        message: `${s.title} (${s.id}) has no value or declared gap after ${s.coveredThrough}, but the rules are reviewed through ${isoDate(horizon)} (horisont.yaml): a claim whose events need it after ${s.coveredThrough} fails with RULE_VALUE_MISSING, and a next step that needs it is left out (RULES_INCOMPLETE); add the value, or declare the gap with its reason`,
      }, label));
    }
  }
  const params = [...ruleSet.series.values()];
  out(`${label}: ok — ${params.filter((s) => s.kind === 'parameter').length} parameters, ${params.filter((s) => s.kind === 'policy').length} policies, ${ruleSet.steps.length} steps, ${ruleSet.letters.length} letters; version ${ruleSet.version.slice(0, 12)}`);
  return EXIT.ok;
}
