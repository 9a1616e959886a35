/** inkasso evaluate FILE|- --as-of DATE [--rules DIR] [--format json|text] [--no-trace] */
import { evaluateClaim, EvaluationError, InputErrors } from '../../node.ts';
import { cannotEvaluate, inputErrors, readClaimFile, requireClaimFile, requireDate } from '../claim-input.ts';
import { CliError, EXIT, out } from '../io.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { formatText } from '../text-format.ts';

export function evaluateCommand(file: string | undefined, options: { asOf?: string | undefined; rules?: string | undefined; format?: string | undefined; trace: boolean }): number {
  const claimFile = requireClaimFile('evaluate', file);
  const asOf = requireDate('evaluate', '--as-of', options.asOf);
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'text') throw new CliError(`--format ${format}: must be json or text`);
  const { name, claim } = readClaimFile(claimFile, '--as-of');
  const rules = loadRulesOrExit(options.rules);
  try {
    const result = evaluateClaim(rules, claim, { asOf, trace: options.trace });
    out(format === 'text' ? formatText(claim, result) : JSON.stringify(result, null, 2));
    return result.violations.length ? EXIT.findings : EXIT.ok;
  } catch (e) {
    if (e instanceof EvaluationError) throw cannotEvaluate(name, asOf, e);
    if (e instanceof InputErrors) throw inputErrors(name, e.errors);
    throw e;
  }
}
