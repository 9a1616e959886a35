/** inkasso evaluate FILE|- --as-of DATE [--rules DIR] [--format json|text] [--no-trace] */
import { checkClaim, evaluateClaim, EvaluationError, formatInputError, InputErrors, parseIsoDate } from '../../node.ts';
import { CliError, EXIT, out, parseJson, readInput } from '../io.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { formatText } from '../text-format.ts';

/** One claim file may be at most this large. */
export const MAX_CLAIM_BYTES = 10 * 1024 * 1024;

export function evaluateCommand(file: string | undefined, options: { asOf?: string | undefined; rules?: string | undefined; format?: string | undefined; trace: boolean }): number {
  if (!file) throw new CliError('evaluate needs a claim file (or - for stdin); see inkasso evaluate --help');
  if (!options.asOf) throw new CliError('evaluate needs --as-of YYYY-MM-DD');
  if (parseIsoDate(options.asOf) === undefined) throw new CliError(`--as-of ${options.asOf}: must be a date (YYYY-MM-DD) from 1900 on`);
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'text') throw new CliError(`--format ${format}: must be json or text`);
  const name = file === '-' ? 'stdin' : file;
  const input = parseJson(readInput(file, MAX_CLAIM_BYTES), name);
  const checked = checkClaim(input);
  if (!checked.ok) throw new CliError(checked.errors.map((e) => `${name}: ${formatInputError(e)}`).join('\n'));
  const rules = loadRulesOrExit(options.rules);
  try {
    const result = evaluateClaim(rules, checked.claim, { asOf: options.asOf, trace: options.trace });
    out(format === 'text' ? formatText(checked.claim, result) : JSON.stringify(result, null, 2));
    return result.violations.length ? EXIT.findings : EXIT.ok;
  } catch (e) {
    if (e instanceof EvaluationError) throw new CliError(`${name}: cannot evaluate as of ${options.asOf}: ${e.message} [${e.code}]`);
    if (e instanceof InputErrors) throw new CliError(e.errors.map((x) => `${name}: ${formatInputError(x)}`).join('\n'));
    throw e;
  }
}
