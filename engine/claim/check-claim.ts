/**
 * Checks a claim against claim.schema.json and the rules a schema cannot express (a due date
 * before the invoice date, an event before the invoice), and returns every problem with its
 * JSON pointer.
 */
import { describeSchemaErrors, schemaHints, validatorFor } from '../rules/index.ts';
import type { Claim } from '../types.generated.ts';
import type { InputError } from './input-error.ts';

export type CheckedClaim = { readonly ok: true; readonly claim: Claim } | { readonly ok: false; readonly errors: readonly InputError[] };

/**
 * @example checkClaim(JSON.parse(text)) //=> { ok: true, claim } or { ok: false, errors: [{ pointer: '/events/1/date', … }] }
 */
export function checkClaim(input: unknown): CheckedClaim {
  const validate = validatorFor('claim.schema.json');
  if (!validate(input)) {
    const errors = describeSchemaErrors(validate.errors, schemaHints).map<InputError>((p) => ({
      code: p.unknownProperty ? 'UNKNOWN_FIELD' : 'INVALID_FIELD',
      pointer: p.key !== undefined ? `${p.pointer}/${p.key}` : p.pointer,
      message: p.message,
    }));
    return { ok: false, errors };
  }
  const claim = input as Claim;
  const errors: InputError[] = [];
  // ISO dates compare correctly as text.
  if (claim.dueDate < claim.invoiceDate) {
    errors.push({ code: 'DATE_ORDER', pointer: '/dueDate', message: `dueDate ${claim.dueDate} is before invoiceDate ${claim.invoiceDate}` });
  }
  claim.events.forEach((e, i) => {
    if (e.date < claim.invoiceDate) {
      errors.push({ code: 'DATE_ORDER', pointer: `/events/${i}/date`, message: `the ${e.type} on ${e.date} is before invoiceDate ${claim.invoiceDate}` });
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, claim };
}
