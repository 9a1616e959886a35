/**
 * Checks a claim against claim.schema.json and the rules a schema cannot express (a due date
 * before the invoice date, an event before the invoice, an amount of nothing), and returns every
 * problem with its JSON pointer.
 */
import { describeSchemaErrors, schemaHints, validatorFor } from '../rules/index.ts';
import { schemas } from '../rules/schemas.ts';
import type { ErrorObject } from 'ajv';
import type { Claim } from '../types.generated.ts';
import type { InputError } from './input-error.ts';

export type CheckedClaim = { readonly ok: true; readonly claim: Claim } | { readonly ok: false; readonly errors: readonly InputError[] };

/**
 * @example checkClaim(JSON.parse(text)) //=> { ok: true, claim } or { ok: false, errors: [{ pointer: '/events/1/date', … }] }
 */
export function checkClaim(input: unknown): CheckedClaim {
  const shape = notAnObject(input);
  if (shape) return { ok: false, errors: [shape] };
  const tooMany = tooManyEvents(input as { events?: unknown });
  if (tooMany) return { ok: false, errors: [tooMany] };
  const validate = validatorFor('claim.schema.json');
  if (!validate(input)) return { ok: false, errors: schemaInputErrors(validate.errors) };
  const claim = input as Claim;
  const errors = claimProblemsBeyondSchema(claim);
  return errors.length ? { ok: false, errors } : { ok: true, claim };
}

/** The most events a claim may have (claim.schema.json's maxItems). */
export const MAX_EVENTS = schemas['claim.schema.json'].properties.events.maxItems;

/**
 * More events than a claim may have, said once before the schema looks at each of them: a 1 MiB
 * claim holds 349 000 empty events, and an error for each would be megabytes of no use.
 */
export function tooManyEvents(input: { events?: unknown } | null | undefined, at = ''): InputError | undefined {
  const events = input?.events;
  if (!Array.isArray(events) || events.length <= MAX_EVENTS) return undefined;
  return { code: 'INVALID_FIELD', pointer: `${at}/events`, message: `events must have at most ${MAX_EVENTS} items (this claim has ${events.length})` };
}

/** A claim must be a JSON object; said plainly for an array, a string, a number or null. */
export function notAnObject(input: unknown, at = ''): InputError | undefined {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return undefined;
  const what = input === null ? 'null' : input === undefined ? 'undefined' : Array.isArray(input) ? 'an array' : `a ${typeof input}`;
  return { code: 'INVALID_FIELD', pointer: at, message: `a claim must be a JSON object ({ "id": …, "principal": …, … }), not ${what}` };
}

/** Ajv's errors as input errors: the field's JSON pointer and a plain message. */
export function schemaInputErrors(errors: readonly ErrorObject[] | null | undefined): InputError[] {
  return describeSchemaErrors(errors, schemaHints).map<InputError>((p) => ({
    code: p.unknownProperty ? 'UNKNOWN_FIELD' : 'INVALID_FIELD',
    pointer: p.key !== undefined ? `${p.pointer}/${p.key}` : p.pointer,
    message: p.message,
  }));
}

/** An amount of nothing, as claim.schema.json's amounts write it ("0", "0.0", "0.00"). */
const ZERO = /^0(\.0{1,2})?$/;

/**
 * What the schema cannot say about a claim: a due date before the invoice date, an event before
 * the invoice, a principal or a payment of 0.00. For a claim that has passed claim.schema.json (in
 * an API request, say).
 */
export function claimProblemsBeyondSchema(claim: Claim, at = ''): InputError[] {
  const errors: InputError[] = [];
  if (ZERO.test(claim.principal)) {
    errors.push({ code: 'INVALID_FIELD', pointer: `${at}/principal`, message: 'principal must be more than 0.00: a claim of 0.00 has nothing to collect' });
  }
  // ISO dates compare correctly as text.
  if (claim.dueDate !== undefined && claim.dueDate < claim.invoiceDate) {
    errors.push({ code: 'DATE_ORDER', pointer: `${at}/dueDate`, message: `dueDate ${claim.dueDate} is before invoiceDate ${claim.invoiceDate}` });
  }
  if (claim.demandDate !== undefined && claim.demandDate < claim.invoiceDate) {
    errors.push({ code: 'DATE_ORDER', pointer: `${at}/demandDate`, message: `demandDate ${claim.demandDate} is before invoiceDate ${claim.invoiceDate}` });
  }
  claim.events.forEach((e, i) => {
    if (e.date < claim.invoiceDate) {
      errors.push({ code: 'DATE_ORDER', pointer: `${at}/events/${i}/date`, message: `the ${e.type} on ${e.date} is before invoiceDate ${claim.invoiceDate}` });
    }
    // A payment of nothing would be read as a part payment: the debtor's acknowledgment, which
    // interrupts foreldelse (foreldelsesloven § 14).
    if (e.type === 'payment' && ZERO.test(e.amount)) {
      errors.push({ code: 'INVALID_FIELD', pointer: `${at}/events/${i}/amount`, message: 'amount must be more than 0.00: a payment of 0.00 is no part payment, and does not interrupt foreldelse; leave the event out' });
    }
  });
  return errors;
}

/**
 * A claim's forfall for the fee and step rules: its due date, or — when no due date was fixed in
 * advance — the day the written demand (påkrav) was sent.
 */
export function claimForfall(claim: Claim): string {
  return claim.dueDate ?? claim.demandDate!;
}
