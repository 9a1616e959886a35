/**
 * Loading the rules folder named by --rules (default: the bundled rules) or by another option
 * that names one (replay's --compare), reporting every problem with its position and exiting 2
 * when the rules are broken.
 */
import { BUNDLED_RULES_DIR, checkReviewed, checkRulesDir, EvaluationError, formatDiagnostic, type Day, type RuleSet } from '../node.ts';
import { CliError, err, requireFolder } from './io.ts';
import { plural } from '../text/plural.ts';

export function rulesDirOf(option: string | undefined, flag = '--rules'): { dir: string; label: string } {
  if (option === undefined) return { dir: BUNDLED_RULES_DIR, label: 'rules' };
  requireFolder(flag, option);
  // The folder as the messages name it: without a trailing slash, except the root itself.
  return { dir: option, label: option.replace(/\/+$/, '') || '/' };
}

export function loadRulesOrExit(option: string | undefined, flag = '--rules'): RuleSet {
  const { dir, label } = rulesDirOf(option, flag);
  const { ruleSet, diagnostics } = checkRulesDir(dir);
  if (!ruleSet) {
    for (const d of diagnostics) err(formatDiagnostic(d, label));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`${label}: the rules have ${errors} ${plural(errors, 'error', 'errors')}; run inkasso validate --rules ${label}`);
  }
  return ruleSet;
}

/**
 * A fixed date the rules are not reviewed for (after rules/horisont.yaml's date) is refused before
 * anything is read or written: every claim would fail the same way. `what` names the option.
 */
export function requireReviewed(rules: RuleSet, on: Day, what: string): void {
  try {
    checkReviewed(rules, on);
  } catch (e) {
    if (e instanceof EvaluationError) throw new CliError(`${what}: ${e.message} [${e.code}]`);
    throw e;
  }
}
