/**
 * Turns Ajv's errors into one plain message per problem, each with the JSON pointer it is about.
 *
 * Ajv reports every branch of a oneOf/anyOf; only the branch that came closest (its errors reach
 * deepest into the value) is kept, so a typo in an operator reads "operator must be one of …"
 * rather than a list of everything the condition could have been. Messages name the property
 * ("valid_from must be a date (YYYY-MM-DD) from 1900 on"), a date or an amount that is none says
 * why ("(there is no month 13)"), and unknown properties get a did-you-mean.
 */
import type { ErrorObject } from 'ajv';
import { dateReason, DATE_FORM } from '../calendar/date-problem.ts';
import { whyNotAnAmount } from '../money/amount-problem.ts';
import { closestName } from '../text/closest-name.ts';
import { pointerToPath } from './locate.ts';

/** What a message may cite about the failing schema. */
export interface SchemaHints {
  readonly allowedKeys: (error: ErrorObject) => string[];
  readonly tagValues: (error: ErrorObject) => string[];
}

const NO_HINTS: SchemaHints = { allowedKeys: () => [], tagValues: () => [] };

export interface SchemaProblem {
  /** JSON pointer of the value concerned. */
  readonly pointer: string;
  /** For an unknown property: its name, so that the key itself can be located. */
  readonly key?: string;
  readonly message: string;
  readonly unknownProperty: boolean;
}

const FORMAT_TEXT: Record<string, string> = {
  date: DATE_FORM,
  amount: 'must be an amount in kroner with at most two decimals, never negative and at most 9999999999.99 (e.g. "1250.00")',
};

/**
 * The numbers the rule files write as text (a percentage, a fraction, a multiplier): a value
 * written the Norwegian way ("12,25"), with a per cent sign or without quotes is told how to write it.
 */
const NUMBER_TEXT: Record<string, string> = {
  '^(0|[1-9][0-9]{0,2})(\\.[0-9]{1,4})?$': 'must be a percentage as a decimal string (e.g. "12.25")',
  '^([0-9]+/[1-9][0-9]*|[0-9]+(\\.[0-9]+)?)$': 'must be a fraction ("1/20") or a decimal ("0.05")',
  '^[0-9]+(\\.[0-9]+)?$': 'must be a decimal number as a string (e.g. "1.5")',
};

const PATTERN_TEXT: Record<string, string> = {
  '^(19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$': FORMAT_TEXT.date!,
  '^(0|[1-9][0-9]{0,9})(\\.[0-9]{1,2})?$': FORMAT_TEXT.amount!,
  ...NUMBER_TEXT,
  '^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+$': 'must be a rule id such as gebyrer.inkassosats',
  // Ids in the rule files, and the API's: the letter parties' numbers, the ledger's accounts,
  // rule set versions.
  '^\\d{3} ?\\d{3} ?\\d{3}$': 'must be nine digits (987 654 321)',
  '^\\d{4}\\.?\\d{2}\\.?\\d{5}$': 'must be a Norwegian account number, eleven digits (1234.56.78903)',
  '^[0-9A-Za-z.-]{1,20}$': 'must be an account of 1 to 20 letters, digits, dots or hyphens',
  '^[a-z][a-z0-9_]*$': 'must be lower-case letters, digits and _, starting with a letter',
  '^[a-z][a-z0-9]*(-[a-z0-9]+)*$': 'must be a field id: lower-case letters and digits, words joined by hyphens (such as amount-due)',
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'must be a regime id: lower-case letters and digits, words joined by hyphens',
  '^[a-z][a-z_]{1,40}$': 'must be an event type: 2 to 41 lower-case letters and _ (such as betalingsoppfordring)',
  '^(lettersSent|feesCharged)\\.[a-z][a-z0-9_]*$': 'must be lettersSent.<step> or feesCharged.<count> (such as lettersSent.purring)',
  '^(forfall|last_fee_letter\\.(sent|deadline)|legal_step\\.sent|(first_)?[a-z][a-z_]*\\.(sent|deadline))$': 'must be a point in the claim\'s timeline: forfall, <step>.sent, <step>.deadline, first_<step>.sent, first_<step>.deadline, last_fee_letter.sent, last_fee_letter.deadline or legal_step.sent',
  // The references a claim carries (its id, the debtor's, the creditor's), and a letter's address lines.
  '^(?=[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f-\\u009f]+$': 'must have a character that is not a space, and no line breaks, tabs or other control characters',
  // The names a letter prints (its creditor's, its debtor's).
  '^(?=[\\s\\S]*\\S[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f-\\u009f]+$': 'must have at least two characters that are not spaces, and no line breaks, tabs or other control characters',
  '^[0-9a-f]{64}$': 'must be a rule set version: 64 hexadecimal digits',
  '^(latest|[0-9a-f]{8,64})$': 'must be "latest" or a rule set version (8 to 64 hexadecimal digits)',
};

/** The name of the value at a pointer, for messages: "valid_from", "events/2/date", or "the file". */
function subject(pointer: string): string {
  const path = pointerToPath(pointer);
  if (path.length === 0) return 'the document';
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return parent === undefined ? `item ${last}` : `${String(parent)}[${last}]`;
  }
  return last;
}

function didYouMean(key: string, allowed: readonly string[]): string {
  const meant = closestName(key, allowed);
  return meant === undefined ? '' : `; did you mean '${meant}'?`;
}

function describe(e: ErrorObject, hints: SchemaHints): SchemaProblem {
  const pointer = e.instancePath;
  const name = subject(pointer);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const allowed = hints.allowedKeys(e);
      const hint = allowed.length ? ` (allowed: ${allowed.join(', ')}${didYouMean(key, allowed)})` : '';
      return { pointer, key, unknownProperty: true, message: `unknown property '${key}'${hint}` };
    }
    case 'required':
      return { pointer, unknownProperty: false, message: `${name === 'the document' ? 'missing' : `${name} is missing`} required property '${String(p.missingProperty)}'` };
    case 'format':
    case 'pattern': {
      const text = e.keyword === 'format' ? FORMAT_TEXT[String(p.format)] ?? `must be in the format ${String(p.format)}` : PATTERN_TEXT[String(p.pattern)] ?? `must match ${String(p.pattern)}`;
      // A date's or an amount's pattern and its format say the same, and why this value is none.
      const reason = e.keyword === 'pattern' && Object.hasOwn(NUMBER_TEXT, String(p.pattern)) ? numberReason(String(p.pattern), e.data) : reasonFor(text, e.data);
      return { pointer, unknownProperty: false, message: `${name} ${text}${reason}` };
    }
    case 'enum': {
      const allowed = p.allowedValues as unknown[];
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed.filter((v): v is string => typeof v === 'string')) : '';
      return { pointer, unknownProperty: false, message: `${name} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${hint}` };
    }
    case 'const':
      return { pointer, unknownProperty: false, message: `${name} must be ${JSON.stringify(p.allowedValue)}` };
    case 'type': {
      // A date or an amount sent as a JSON number (or true, or null): said as what it must be,
      // not merely "a string".
      const { format, pattern } = (e.parentSchema ?? {}) as { format?: unknown; pattern?: unknown };
      const text = typeof format === 'string' && p.type === 'string' ? FORMAT_TEXT[format] : undefined;
      // A percentage or a multiplier without quotes (value: 12.25 in YAML), said as what it must be.
      const number = typeof pattern === 'string' && p.type === 'string' && Object.hasOwn(NUMBER_TEXT, pattern) ? NUMBER_TEXT[pattern] : undefined;
      const must = text ?? number ?? `must be ${typeText(String(p.type))}`;
      // null: in YAML a key with nothing after its colon (hjemmel:), and in JSON null.
      if (e.data === null) return { pointer, unknownProperty: false, message: `${name} has no value (null); it ${must}` };
      if (text) return { pointer, unknownProperty: false, message: `${name} ${text}${reasonFor(text, e.data)}` };
      if (number) return { pointer, unknownProperty: false, message: `${name} ${number}${numberReason(String(pattern), e.data)}` };
      return { pointer, unknownProperty: false, message: `${name} ${must}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer, unknownProperty: false, message: `${name} must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
      return { pointer, unknownProperty: false, message: `${name} must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { pointer, unknownProperty: false, message: `${name} must have at most ${String(p.limit)} items` };
    case 'minLength':
      return { pointer, unknownProperty: false, message: p.limit === 1 ? `${name} must not be empty` : `${name} must not be shorter than ${String(p.limit)} characters` };
    case 'maxLength':
      return { pointer, unknownProperty: false, message: `${name} must not be longer than ${String(p.limit)} characters` };
    case 'uniqueItems':
      return { pointer, unknownProperty: false, message: `${name} must not repeat an item (items ${String(p.j)} and ${String(p.i)} are the same)` };
    case 'discriminator':
      return p.error === 'mapping'
        ? { pointer: `${pointer}/${String(p.tag)}`, unknownProperty: false, message: `unknown ${String(p.tag)} ${JSON.stringify(p.tagValue)}${listOf(hints.tagValues(e))}` }
        : { pointer, unknownProperty: false, message: `${name} is missing required property '${String(p.tag)}'` };
    default:
      return { pointer, unknownProperty: false, message: `${name} ${e.message ?? 'is not valid'}` };
  }
}

/**
 * Why a value is not the percentage, fraction or decimal its pattern asks for, when a rewriting
 * makes it one: "; write "12,25" as "12.25"", "; write it in quotes: "12.25"". Empty otherwise.
 */
function numberReason(pattern: string, value: unknown): string {
  const fits = (text: string) => new RegExp(pattern).test(text);
  if (typeof value === 'number') return fits(String(value)) ? `; write it in quotes: "${String(value)}"` : '; write it in quotes';
  if (typeof value !== 'string' || value.length > 40) return '';
  const plain = value.trim().replace(/\s*%$/, '').replace(/^(\d+),(\d+)$/, '$1.$2');
  return plain !== value && fits(plain) ? `; write ${JSON.stringify(value)} as ${JSON.stringify(plain)}` : '';
}

/** Why a value is not the date or the amount a message says it must be; empty for other messages. */
function reasonFor(text: string, value: unknown): string {
  if (text === DATE_FORM) return dateReason(value);
  if (text === FORMAT_TEXT.amount) {
    const why = whyNotAnAmount(value);
    return why ? `; ${why}` : '';
  }
  return '';
}

function listOf(values: string[]): string {
  return values.length ? ` (expected one of: ${values.join(', ')})` : '';
}

function typeText(t: string): string {
  return t.split(',').map((x) => ({ integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', object: 'a map (JSON object)', array: 'a list', null: 'empty' })[x] ?? x).join(' or ');
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
}

/**
 * Keeps, for each failed oneOf/anyOf, only the errors of its closest branches, and drops the
 * summary errors ("must match exactly one schema", "must match then schema").
 */
function pruneAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => e.keyword !== 'if');
  const alternatives = kept.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // Innermost first, so that nested oneOfs are pruned before their parents judge the depth.
  alternatives.sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const alt of alternatives) {
    const prefix = `${alt.schemaPath}/`;
    const branchErrors = kept.filter((e) => e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(alt.instancePath));
    if (branchErrors.length === 0) continue;
    const branchOf = (e: ErrorObject) => e.schemaPath.slice(prefix.length).split('/')[0];
    const deepest = new Map<string, number>();
    for (const e of branchErrors) deepest.set(branchOf(e)!, Math.max(deepest.get(branchOf(e)!) ?? 0, depth(e.instancePath)));
    const max = Math.max(...deepest.values());
    const best = new Set([...deepest].filter(([, d]) => d === max).map(([b]) => b));
    kept = kept.filter((e) => e === alt ? false : !(branchErrors.includes(e) && !best.has(branchOf(e)!)));
    // When several branches tie, a "required" error in each means "give one of these keys".
    const requiredHere = kept.filter((e) => branchErrors.includes(e) && e.keyword === 'required' && e.instancePath === alt.instancePath);
    if (best.size > 1 && requiredHere.length === best.size && requiredHere.length === branchErrors.filter((e) => kept.includes(e)).length) {
      const keys = requiredHere.map((e) => String((e.params as { missingProperty: string }).missingProperty));
      kept = kept.filter((e) => !requiredHere.includes(e));
      kept.push({ ...requiredHere[0]!, keyword: 'oneOfRequired', params: { keys }, message: '' });
    }
  }
  return kept;
}

/**
 * Ajv errors as plain problems, one per pointer and kind, in a stable order.
 * @param hints what the failing schema accepts, for "allowed: …" and "did you mean".
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined, hints: SchemaHints = NO_HINTS): SchemaProblem[] {
  if (!errors?.length) return [];
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const typeAt = new Map<string, Set<string>>();
  const pruned = pruneAlternatives(errors);
  for (const e of pruned) {
    if (e.keyword === 'type') {
      const set = typeAt.get(e.instancePath) ?? new Set<string>();
      set.add(String((e.params as { type: string }).type));
      typeAt.set(e.instancePath, set);
    }
  }
  // Where an anyOf failed as a whole (a fact that is neither an engine fact nor a rule id), its
  // alternatives' messages are merged into one: "fact must be one of … or must be a rule id …".
  const alternativesAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of pruned) {
    // A value of the wrong type fails its not/oneOf/if branches too; the type says it plainly.
    if ((e.keyword === 'not' || e.keyword === 'oneOf' || e.keyword === 'if') && typeAt.has(e.instancePath)) continue;
    let problem: SchemaProblem;
    if (e.keyword === 'oneOfRequired') {
      const keys = (e.params as { keys: string[] }).keys;
      problem = { pointer: e.instancePath, unknownProperty: false, message: `${subject(e.instancePath)} must have one of: ${keys.join(', ')}` };
    } else if (e.keyword === 'not' && bothOf(e)) {
      // One branch of a oneOf that reads "this key, and not that one" (dueDate or demandDate):
      // both keys were given. Each branch says so; the pair is said once, in the first branch's order.
      const pair = bothOf(e)!;
      const key = `${e.instancePath}|both|${[...pair].sort().join('|')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ pointer: e.instancePath, unknownProperty: false, message: `${subject(e.instancePath)} must have only one of: ${pair.join(', ')} (both are given)` });
      continue;
    } else if (e.keyword === 'oneOf' && (e.params as { passingSchemas?: unknown }).passingSchemas) {
      problem = { pointer: e.instancePath, unknownProperty: false, message: `${subject(e.instancePath)} matches more than one form; give only one of its alternatives` };
    } else if (e.keyword === 'type' && (typeAt.get(e.instancePath)?.size ?? 0) > 1) {
      problem = { pointer: e.instancePath, unknownProperty: false, message: `${subject(e.instancePath)} must be ${typeText([...typeAt.get(e.instancePath)!].join(','))}` };
    } else {
      problem = describe(e, hints);
    }
    const key = `${problem.pointer}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return mergeAlternatives(out, alternativesAt);
}

/**
 * The two keys of a failed `{ required: [a], not: { required: [b] } }` (verbose errors carry the
 * schemas): the value has both a and b. Undefined for any other `not`.
 */
function bothOf(e: ErrorObject): [string, string] | undefined {
  const inner = e.schema as { required?: unknown } | undefined;
  const branch = e.parentSchema as { required?: unknown } | undefined;
  const one = (r: unknown) => (Array.isArray(r) && r.length === 1 && typeof r[0] === 'string' ? (r[0] as string) : undefined);
  const a = one(branch?.required);
  const b = one(inner?.required);
  return a !== undefined && b !== undefined && inner !== undefined && Object.keys(inner).length === 1 ? [a, b] : undefined;
}

function mergeAlternatives(problems: SchemaProblem[], at: ReadonlySet<string>): SchemaProblem[] {
  if (at.size === 0) return problems;
  const merged: SchemaProblem[] = [];
  const index = new Map<string, number>();
  for (const p of problems) {
    if (!at.has(p.pointer) || p.unknownProperty) {
      merged.push(p);
      continue;
    }
    const i = index.get(p.pointer);
    if (i === undefined) {
      index.set(p.pointer, merged.length);
      merged.push(p);
    } else {
      const prefix = `${subject(p.pointer)} `;
      const rest = p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
      merged[i] = { ...merged[i]!, message: `${merged[i]!.message}, or ${rest}` };
    }
  }
  return merged;
}
