/**
 * The parties a letter names, as given in JSON files (--creditor, --debtor, --debtors): the
 * creditor (name, organisation number, account, address) and the debtor it is addressed to (name
 * and address; the claim itself carries no name). What each may hold is the API's definition
 * (api.schema.json#/$defs/letterCreditor and letterDebtor), so the command line and the API accept
 * the same parties; the command line says what is wrong in its own words, every problem at once.
 */
import type { ErrorObject } from 'ajv';
import { schemaHints, validatorForDef } from '../rules/index.ts';
import { closestName } from '../text/closest-name.ts';
import type { Creditor, Debtor } from './letter.ts';

type Checked<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; problems: readonly string[] };

/** What a field must be, in the words of the command line's messages. */
const WHAT: Record<string, (party: string) => string> = {
  '/name': (party) => `the ${party}'s name, 2 to 200 printable characters on one line, two of them not spaces`,
  '/organisationNumber': () => 'nine digits (987 654 321)',
  '/account': () => 'a Norwegian account number, eleven digits (1234.56.78903)',
  '/address': () => 'at most six lines of text, each of up to 200 printable characters, not all spaces',
};

/** Every problem the schema found, each once, as "/pointer: what it must be". */
function problemsOf(errors: readonly ErrorObject[], party: string, shape: string): string[] {
  if (errors.some((e) => e.instancePath === '' && e.keyword === 'type')) return [`a ${party} is a JSON object: ${shape}`];
  return [...new Set(errors.map((e) => problemOf(e, party)))];
}

function problemOf(e: ErrorObject, party: string): string {
  if (e.keyword === 'additionalProperties') {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    const allowed = schemaHints.allowedKeys(e);
    const near = closestName(name, allowed);
    return `/${name}: unknown property (allowed: ${allowed.join(', ')}${near ? `; did you mean '${near}'?` : ''})`;
  }
  // A missing name is a name that is not there; an address line is part of the address.
  const pointer = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : `/${e.instancePath.split('/')[1]}`;
  return `${pointer}: ${WHAT[pointer]?.(party) ?? e.message}`;
}

function check<K extends string, T>(def: string, key: K, input: unknown, party: string, shape: string): Checked<K, T> {
  const validate = validatorForDef('api.schema.json', def);
  if (validate(input)) return { ok: true, [key]: input } as Checked<K, T>;
  return { ok: false, problems: problemsOf(validate.errors ?? [], party, shape) };
}

export function checkCreditor(input: unknown): Checked<'creditor', Creditor> {
  return check('letterCreditor', 'creditor', input, 'creditor', '{ "name": …, "organisationNumber": …, "account": … }');
}

export function checkDebtor(input: unknown): Checked<'debtor', Debtor> {
  return check('letterDebtor', 'debtor', input, 'debtor', '{ "name": …, "address": [ … ] }');
}
