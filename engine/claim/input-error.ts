/**
 * A problem with a claim or request: which field (JSON pointer) and what is wrong with it.
 * The CLI exits with 2 on these; the HTTP API answers 400.
 */

export type InputErrorCode =
  | 'INVALID_JSON'
  | 'DUPLICATE_KEY'
  | 'INVALID_UTF8'
  | 'TOO_LARGE'
  | 'INVALID_FIELD'
  | 'UNKNOWN_FIELD'
  | 'DATE_ORDER'
  | 'INVALID_AS_OF'
  /** evaluate()'s options left out or of the wrong type (a library caller's; never the API's). */
  | 'INVALID_OPTIONS';

export interface InputError {
  readonly code: InputErrorCode;
  /** JSON pointer of the offending field ('' for the whole document). */
  readonly pointer: string;
  readonly message: string;
}

/** Thrown by evaluate() for input that cannot be evaluated; carries every problem found. */
export class InputErrors extends Error {
  readonly errors: readonly InputError[];
  constructor(errors: readonly InputError[]) {
    super(errors.map(formatInputError).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** "/events/1/date: date must be a date (YYYY-MM-DD)". */
export function formatInputError(e: InputError): string {
  return e.pointer ? `${e.pointer}: ${e.message}` : e.message;
}
