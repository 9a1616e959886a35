/**
 * What the claim commands (evaluate, letter, ledger) read the same way: one claim file (or - for
 * stdin), parsed and checked, every problem named with the file; a required date option; and an
 * evaluation the rules cannot complete, said as the CLI says it.
 */
import { requestBodyKind } from '../claim/request-body.ts';
import { checkClaim, dateReason, DATE_FORM, formatInputError, parseIsoDate, type EvaluationError, type InputError } from '../index.ts';
import type { Claim } from '../types.generated.ts';
import { CliError, parseJson, readInput } from './io.ts';

/** One claim file may be at most this large. */
export const MAX_CLAIM_BYTES = 10 * 1024 * 1024;

/** The claim file argument, which must be given (checked before the options). */
export function requireClaimFile(command: string, file: string | undefined): string {
  if (!file) throw new CliError(`${command} needs a claim file (or - for stdin); see inkasso ${command} --help`);
  return file;
}

/**
 * The checked claim of `file` and the name its messages use ("stdin" for -).
 * @param dateFlag the command's option for the date (--as-of, --date), named when the file holds a request body
 */
export function readClaimFile(file: string, dateFlag: string): { name: string; claim: Claim } {
  const name = file === '-' ? 'stdin' : file;
  const value = parseJson(readInput(file, MAX_CLAIM_BYTES), name);
  const checked = checkClaim(value);
  if (!checked.ok) throw requestBody(name, value, dateFlag) ?? inputErrors(name, checked.errors);
  return { name, claim: checked.claim };
}

/**
 * A file that holds the body of an API request instead of a claim ({ "claim": …, "asOf": … }, or
 * a batch's { "claims": [ … ] }): said in one line, not as every property a claim lacks.
 */
function requestBody(name: string, value: unknown, dateFlag: string): CliError | undefined {
  const kind = requestBodyKind(value);
  if (kind === 'claim') return new CliError(`${name}: this is the body of an API request ({ "claim": …, "asOf": … }); the file holds the claim itself, the value of "claim", and the date goes in ${dateFlag}`);
  if (kind === 'claims') return new CliError(`${name}: this holds a list of claims ({ "claims": [ … ] }, the body of an API batch); the file holds one claim, and inkasso replay reads many, one per line (NDJSON)`);
  return undefined;
}

/** At most this many of a claim's problems are printed; the rest are counted. */
const SHOWN_ERRORS = 20;

/** A claim's problems, one line each with the file's name, the first 20 of them and a count of the rest. */
export function inputErrors(name: string, errors: readonly InputError[]): CliError {
  const lines = errors.slice(0, SHOWN_ERRORS).map((e) => `${name}: ${formatInputError(e)}`);
  if (errors.length > SHOWN_ERRORS) lines.push(`${name}: … and ${errors.length - SHOWN_ERRORS} more problems (${errors.length} in all)`);
  return new CliError(lines.join('\n'));
}

/** A date option that must be given: a real date (YYYY-MM-DD) from 1900 on. */
export function requireDate(command: string, flag: string, value: string | undefined, what = ''): string {
  if (!value) throw new CliError(`${command} needs ${flag} YYYY-MM-DD${what}`);
  if (parseIsoDate(value) === undefined) throw new CliError(`${flag} ${value}: ${DATE_FORM}${dateReason(value)}`);
  return value;
}

/** The rules have no value for a date the claim needs. */
export function cannotEvaluate(name: string, date: string, e: EvaluationError): CliError {
  return new CliError(`${name}: cannot evaluate as of ${date}: ${e.message} [${e.code}]`);
}
