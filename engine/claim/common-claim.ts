/**
 * A claim line in its common form, read in one pass: the JSON text scanned once into the same
 * object JSON.parse would make, each value checked against claim.schema.json as it is read. Replay
 * reads millions of lines, and JSON.parse, the duplicate-key check and Ajv took most of a line's time.
 *
 * It answers only for what it can check in full, and returns undefined for anything else (a
 * string with an escape or a character outside printable ASCII, a number with a fraction or an
 * exponent, null, an unknown or repeated key, a `letter` record, a claim the checks beyond the
 * schema refuse): parseClaimLine then reads the line as before, and says what is wrong with it.
 * So what this reads is always what the slower path reads; test/differential/common-claim.test.ts
 * checks that on generated claims and on random changes to them.
 *
 * Which keys each object may and must have comes from claim.schema.json itself; the value of each
 * key is read as the schema's definition says (the test checks those definitions are unchanged).
 *
 * isCommonClaim makes the same checks on a claim that is already an object (replay's CSV rows,
 * assembled into a claim), instead of Ajv: true only for a claim checkClaim would accept as it is.
 */
import { isFullDate } from '../rules/formats.ts';
import { schemas } from '../rules/schemas.ts';
import type { Claim } from '../types.generated.ts';
import { claimProblemsBeyondSchema, MAX_EVENTS } from './check-claim.ts';

/** Thrown inside the scan when the line is not in the common form; never leaves this module. */
const NOT_COMMON = new Error('not a claim line in its common form');

// The keys this reader knows, one bit each. A key of the schema that is not here (an event's
// `letter`) is never in an object's allowed set, so a line with it goes to the slower path.
const EVENT_KEYS = ['type', 'date', 'fee', 'deadlineDays', 'interest', 'amount', 'tvangsgrunnlag', 'allocation'] as const;
const CLAIM_KEYS = ['id', 'debtor', 'creditor', 'collection', 'principal', 'interestBeforeDueDate', 'invoiceDate', 'dueDate', 'demandDate', 'dueDateAgreedInAdvance', 'deliveryDate', 'events'] as const;
const PARTY_KEYS = ['kind', 'vatRegistered', 'id'] as const;

interface Def { readonly properties: Record<string, unknown>; readonly required?: readonly string[] }

/** `keys` as a mask of `known`'s bits; -1 when one of them is not known. */
function maskOf(known: readonly string[], keys: readonly string[]): number {
  let mask = 0;
  for (const k of keys) {
    const bit = known.indexOf(k);
    if (bit < 0) return -1;
    mask |= 1 << bit;
  }
  return mask;
}

interface Shape { readonly allowed: number; readonly required: number }

/** An object that no text fits: its definition has a key this reader does not know. */
const NO_SHAPE: Shape = { allowed: 0, required: -1 };

/** The keys an object may have and must have; `optional` are left out (the slower path reads them). */
function shapeOf(known: readonly string[], def: Def, optional: readonly string[] = []): Shape {
  const allowed = maskOf(known, Object.keys(def.properties).filter((k) => !optional.includes(k)));
  const required = maskOf(known, def.required ?? []);
  return allowed < 0 || required < 0 ? NO_SHAPE : { allowed, required };
}

const claimSchema = schemas['claim.schema.json'] as unknown as Def & { $defs: Record<string, Def & { oneOf?: readonly { $ref: string }[] }> };
const CLAIM = shapeOf(CLAIM_KEYS, claimSchema);
const DEBTOR = shapeOf(PARTY_KEYS, claimSchema.properties.debtor as Def);
const CREDITOR = shapeOf(PARTY_KEYS, claimSchema.properties.creditor as Def);
/** Each known key's bit. */
function bitsOf<K extends string>(known: readonly K[]): Readonly<Record<K, number>> {
  return Object.fromEntries(known.map((k, n) => [k, 1 << n])) as Record<K, number>;
}
const C = bitsOf(CLAIM_KEYS);
const E = bitsOf(EVENT_KEYS);
const P = bitsOf(PARTY_KEYS);

/** Each event type's shape. */
const EVENT_SHAPES = new Map<string, Shape>();
for (const { $ref } of claimSchema.$defs.event!.oneOf!) {
  const def = claimSchema.$defs[$ref.slice('#/$defs/'.length)]!;
  // A letter's `letter` record is left to the slower path (and so is a type that requires it).
  EVENT_SHAPES.set((def.properties.type as { const: string }).const, shapeOf(EVENT_KEYS, def, ['letter']));
}

/**
 * The words of a list as V8's own copies (the property names of an object made from them), in the
 * same order. A word is found by comparing it with each (fewer steps, for these short lists, than
 * hashing a string just read), and the reader keeps the list's copy: the very string the engine's
 * literals are, which it then compares by identity.
 */
function ownWords(words: Iterable<string>): readonly string[] {
  return Object.keys(Object.fromEntries([...words].map((w) => [w, 0])));
}

const EVENT_TYPES = ownWords(EVENT_SHAPES.keys());
const EVENT_TYPE_SHAPES = EVENT_TYPES.map((t) => EVENT_SHAPES.get(t)!);

// The words, lengths and limits the schema sets, read from it like the shapes above.
type Props = Record<string, { enum?: string[]; maxLength?: number; maximum?: number; items?: { enum: string[] } }>;
const claimProps = claimSchema.properties as Props;
const KINDS = new Set<string>(((claimSchema.properties.debtor as Def).properties as Props).kind!.enum);
const COLLECTIONS = new Set<string>(claimProps.collection!.enum);
const BUCKETS = new Set<string>((claimSchema.$defs.payment!.properties as Props).allocation!.items!.enum);
const KIND_WORDS = ownWords(KINDS);
const COLLECTION_WORDS = ownWords(COLLECTIONS);
const BUCKET_WORDS = ownWords(BUCKETS);
/** An id's most characters; an id is also not only spaces, and has no control characters (never read here). */
const MAX_ID = claimProps.id!.maxLength!;
/** The most days a letter's deadline may be. */
const MAX_DEADLINE_DAYS = (claimSchema.$defs.letterDeadlineDays as unknown as { maximum: number }).maximum;

let s = '';
let i = 0;

/**
 * The claim `text` holds when it is in the common form and passes every check; undefined for any
 * other text, which the caller then reads with JSON.parse and checkClaim.
 */
export function readCommonClaim(text: string): Claim | undefined {
  s = text;
  i = 0;
  try {
    const claim = readClaim();
    space();
    if (i !== s.length) return undefined;
    return claimProblemsBeyondSchema(claim).length === 0 ? claim : undefined;
  } catch (e) {
    if (e === NOT_COMMON) return undefined;
    throw e;
  } finally {
    s = '';
  }
}

function space(): void {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return;
  }
}

function want(c: number): void {
  if (s.charCodeAt(i) !== c) {
    space();
    if (s.charCodeAt(i) !== c) throw NOT_COMMON;
  }
  i++;
}

/** After a member: true when another follows (a comma), false at the end of the object or array. */
function more(close: number): boolean {
  let c = s.charCodeAt(i++);
  if (c === 32 || c === 10 || c === 13 || c === 9) {
    space();
    c = s.charCodeAt(i++);
  }
  if (c === 44) return true;
  if (c === close) return false;
  throw NOT_COMMON;
}

/**
 * The text between a string's quotes. Every caller checks it further (a date, an amount, one of
 * a set of words, an id of printable ASCII), and none of those accepts a backslash: so an escape,
 * and the quote it may hide, never get through.
 */
function plainString(): string {
  want(34);
  const end = s.indexOf('"', i);
  if (end < 0) throw NOT_COMMON;
  const v = s.slice(i, end);
  i = end + 1;
  return v;
}

/** A key and its colon. */
function key(): string {
  const k = plainString();
  want(58);
  return k;
}

function literal(word: string): void {
  if (!s.startsWith(word, i)) throw NOT_COMMON;
  i += word.length;
}

function boolean(): boolean {
  space();
  if (s.charCodeAt(i) === 116) {
    literal('true');
    return true;
  }
  literal('false');
  return false;
}

/** common.schema.json's isoDate: YYYY-MM-DD from 1900 on, naming a real calendar day. */
function isoDate(): string {
  want(34);
  // Ten characters and the closing quote, or not a date.
  if (s.charCodeAt(i + 10) !== 34) throw NOT_COMMON;
  const v = s.slice(i, i + 10);
  if (!isDateText(v)) throw NOT_COMMON;
  i += 11;
  return v;
}

function isDateText(v: string): boolean {
  if (v.length !== 10) return false;
  const c0 = v.charCodeAt(0);
  return (c0 === 49 ? v.charCodeAt(1) === 57 : c0 >= 50 && c0 <= 57) && isFullDate(v);
}

/** common.schema.json's amount: ^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$ */
function amount(): string {
  const v = plainString();
  if (!isAmountText(v)) throw NOT_COMMON;
  return v;
}

function isAmountText(v: string): boolean {
  const n = v.length;
  let j = 1;
  const first = v.charCodeAt(0);
  if (first >= 49 && first <= 57) {
    while (j < n && j < 10 && isDigit(v.charCodeAt(j))) j++;
  } else if (first !== 48) return false;
  if (j === n) return true;
  if (v.charCodeAt(j) !== 46) return false;
  const decimals = n - j - 1;
  if (decimals < 1 || decimals > 2) return false;
  for (let k = j + 1; k < n; k++) if (!isDigit(v.charCodeAt(k))) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** An integer from 0 to 365 written plainly (no sign, fraction, exponent or leading zero). */
function deadlineDays(): number {
  space();
  const from = i;
  let n = 0;
  while (isDigit(s.charCodeAt(i))) n = n * 10 + (s.charCodeAt(i++) - 48);
  const length = i - from;
  if (length === 0 || (length > 1 && s.charCodeAt(from) === 48) || n > MAX_DEADLINE_DAYS) throw NOT_COMMON;
  const next = s.charCodeAt(i);
  if (next === 46 || next === 101 || next === 69) throw NOT_COMMON;
  return n;
}

/** An id: 1 to 200 characters of printable ASCII (no backslash), not only spaces. */
function id(): string {
  const v = plainString();
  if (!isIdText(v)) throw NOT_COMMON;
  return v;
}

function isIdText(v: string): boolean {
  const n = v.length;
  if (n === 0 || n > MAX_ID) return false;
  let blank = true;
  for (let k = 0; k < n; k++) {
    const c = v.charCodeAt(k);
    if (c < 32 || c > 126 || c === 92) return false;
    if (c !== 32) blank = false;
  }
  return !blank;
}

/** One of `words`: its position there. */
function wordAt(words: readonly string[]): number {
  const v = plainString();
  for (let w = 0; w < words.length; w++) if (words[w] === v) return w;
  throw NOT_COMMON;
}

/** One of `words`: the list's own copy of it. */
function oneOf(words: readonly string[]): string {
  return words[wordAt(words)]!;
}

/** A payment's allocation: at least one bucket, none twice (so never more than there are). */
function allocation(): string[] {
  want(91);
  const out: string[] = [];
  space();
  if (s.charCodeAt(i) === 93) throw NOT_COMMON;
  do {
    const b = oneOf(BUCKET_WORDS);
    if (out.includes(b)) throw NOT_COMMON;
    out.push(b);
  } while (more(93));
  return out;
}

/** Checks that an object's keys were `seen` as its shape allows and requires. */
function fits(seen: number, shape: Shape): void {
  if (!hasShape(seen, shape)) throw NOT_COMMON;
}

function hasShape(seen: number, shape: Shape): boolean {
  return (seen & ~shape.allowed) === 0 && (seen & shape.required) === shape.required;
}

/** The schema's oneOf: a due date or the day of the written demand, never both. */
function oneDueDay(seen: number): boolean {
  return ((seen & C.dueDate) === 0) !== ((seen & C.demandDate) === 0);
}

type Obj = Record<string, unknown>;

/**
 * An object's members, each read into `o` by `member`, which returns its key's bit (and throws for
 * a key it does not know); returns the bits of the keys seen, each at most once.
 */
function members(o: Obj, member: (key: string, o: Obj) => number): number {
  want(123);
  let seen = 0;
  do {
    const bit = member(key(), o);
    if ((seen & bit) !== 0) throw NOT_COMMON;
    seen |= bit;
  } while (more(125));
  return seen;
}

/** A member of the debtor or the creditor. */
function partyMember(k: string, o: Obj): number {
  switch (k) {
    case 'kind': o.kind = oneOf(KIND_WORDS); return P.kind;
    case 'vatRegistered': o.vatRegistered = boolean(); return P.vatRegistered;
    case 'id': o.id = id(); return P.id;
    default: throw NOT_COMMON;
  }
}

function party(shape: Shape): Obj {
  const o: Obj = {};
  fits(members(o, partyMember), shape);
  return o;
}

function eventMember(k: string, o: Obj): number {
  switch (k) {
    case 'type': {
      eventType = wordAt(EVENT_TYPES);
      o.type = EVENT_TYPES[eventType];
      return E.type;
    }
    case 'date': o.date = isoDate(); return E.date;
    case 'fee': o.fee = amount(); return E.fee;
    case 'deadlineDays': o.deadlineDays = deadlineDays(); return E.deadlineDays;
    case 'interest': o.interest = amount(); return E.interest;
    case 'amount': o.amount = amount(); return E.amount;
    case 'tvangsgrunnlag': o.tvangsgrunnlag = boolean(); return E.tvangsgrunnlag;
    case 'allocation': o.allocation = allocation(); return E.allocation;
    default: throw NOT_COMMON;
  }
}

/** The type of the event being read (its position in EVENT_TYPES), -1 until read. */
let eventType = -1;

function event(): Obj {
  const o: Obj = {};
  eventType = -1;
  const seen = members(o, eventMember);
  if (eventType < 0) throw NOT_COMMON;
  fits(seen, EVENT_TYPE_SHAPES[eventType]!);
  return o;
}

function events(): Obj[] {
  want(91);
  const out: Obj[] = [];
  space();
  if (s.charCodeAt(i) === 93) {
    i++;
    return out;
  }
  do {
    if (out.length === MAX_EVENTS) throw NOT_COMMON;
    out.push(event());
  } while (more(93));
  return out;
}

function claimMember(k: string, o: Obj): number {
  switch (k) {
    case 'id': o.id = id(); return C.id;
    case 'debtor': o.debtor = party(DEBTOR); return C.debtor;
    case 'creditor': o.creditor = party(CREDITOR); return C.creditor;
    case 'collection': o.collection = oneOf(COLLECTION_WORDS); return C.collection;
    case 'principal': o.principal = amount(); return C.principal;
    case 'interestBeforeDueDate': o.interestBeforeDueDate = amount(); return C.interestBeforeDueDate;
    case 'invoiceDate': o.invoiceDate = isoDate(); return C.invoiceDate;
    case 'dueDate': o.dueDate = isoDate(); return C.dueDate;
    case 'demandDate': o.demandDate = isoDate(); return C.demandDate;
    case 'dueDateAgreedInAdvance': o.dueDateAgreedInAdvance = boolean(); return C.dueDateAgreedInAdvance;
    case 'deliveryDate': o.deliveryDate = isoDate(); return C.deliveryDate;
    case 'events': o.events = events(); return C.events;
    default: throw NOT_COMMON;
  }
}

function readClaim(): Claim {
  const o: Obj = {};
  const seen = members(o, claimMember);
  fits(seen, CLAIM);
  if (!oneDueDay(seen)) throw NOT_COMMON;
  return o as unknown as Claim;
}

// The same checks for a claim made as an object (replay's CSV rows assembled into a claim): each
// value as the reader above checks its text, each object's keys against the same shapes. Anything
// else (a value of another type, -0, an object that is not a plain one) is left to checkClaim.

/**
 * Whether `input` is a claim in the common form that passes every check, so that checkClaim would
 * accept it as it is. False for any other input, which the caller then gives to checkClaim.
 */
export function isCommonClaim(input: unknown): input is Claim {
  if (!isPlainObject(input)) return false;
  const seen = keysOf(input, CLAIM_VALUES);
  return seen >= 0 && hasShape(seen, CLAIM) && oneDueDay(seen) && claimProblemsBeyondSchema(input as unknown as Claim).length === 0;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** For each key an object may have: its bit, and whether a value is one the schema allows there. */
type Checks = ReadonlyMap<string, readonly [bit: number, ok: (value: unknown) => boolean]>;

/** The bits of an object's keys, each value checked; -1 for an unknown key or a wrong value. */
function keysOf(o: Obj, checks: Checks): number {
  let seen = 0;
  // A plain object's keys (an enumerable key of Object.prototype, were there one, is unknown here).
  for (const k in o) {
    const check = checks.get(k);
    if (check === undefined || !check[1](o[k])) return -1;
    seen |= check[0];
  }
  return seen;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isDate = (v: unknown) => isString(v) && isDateText(v);
const isAmount = (v: unknown) => isString(v) && isAmountText(v);
const isId = (v: unknown) => isString(v) && isIdText(v);
const isWord = (values: ReadonlySet<string>) => (v: unknown) => isString(v) && values.has(v);
const isBoolean = (v: unknown) => typeof v === 'boolean';
/** As deadlineDays() reads it; -0 (which the text form never has) is left to checkClaim. */
const isDeadline = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_DEADLINE_DAYS && !Object.is(v, -0);
const isBucket = isWord(BUCKETS);

function isAllocation(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let k = 0; k < v.length; k++) if (!isBucket(v[k]) || v.indexOf(v[k]) !== k) return false;
  return true;
}

const PARTY_VALUES: Checks = new Map([
  ['kind', [P.kind, isWord(KINDS)]],
  ['vatRegistered', [P.vatRegistered, isBoolean]],
  ['id', [P.id, isId]],
]);

function isParty(v: unknown, shape: Shape): boolean {
  if (!isPlainObject(v)) return false;
  const seen = keysOf(v, PARTY_VALUES);
  return seen >= 0 && hasShape(seen, shape);
}

const EVENT_VALUES: Checks = new Map([
  ['type', [E.type, isString]],
  ['date', [E.date, isDate]],
  ['fee', [E.fee, isAmount]],
  ['deadlineDays', [E.deadlineDays, isDeadline]],
  ['interest', [E.interest, isAmount]],
  ['amount', [E.amount, isAmount]],
  ['tvangsgrunnlag', [E.tvangsgrunnlag, isBoolean]],
  ['allocation', [E.allocation, isAllocation]],
]);

function isEvent(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const seen = keysOf(v, EVENT_VALUES);
  const shape = isString(v.type) ? EVENT_SHAPES.get(v.type) : undefined;
  return seen >= 0 && shape !== undefined && hasShape(seen, shape);
}

function isEvents(v: unknown): boolean {
  if (!Array.isArray(v) || v.length > MAX_EVENTS) return false;
  for (let k = 0; k < v.length; k++) if (!isEvent(v[k])) return false;
  return true;
}

const CLAIM_VALUES: Checks = new Map([
  ['id', [C.id, isId]],
  ['debtor', [C.debtor, (v: unknown) => isParty(v, DEBTOR)]],
  ['creditor', [C.creditor, (v: unknown) => isParty(v, CREDITOR)]],
  ['collection', [C.collection, isWord(COLLECTIONS)]],
  ['principal', [C.principal, isAmount]],
  ['interestBeforeDueDate', [C.interestBeforeDueDate, isAmount]],
  ['invoiceDate', [C.invoiceDate, isDate]],
  ['dueDate', [C.dueDate, isDate]],
  ['demandDate', [C.demandDate, isDate]],
  ['dueDateAgreedInAdvance', [C.dueDateAgreedInAdvance, isBoolean]],
  ['deliveryDate', [C.deliveryDate, isDate]],
  ['events', [C.events, isEvents]],
]);
