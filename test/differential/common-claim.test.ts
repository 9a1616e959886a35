/**
 * readCommonClaim (engine/claim/common-claim.ts) reads replay's claim lines in one pass, without
 * JSON.parse and Ajv. What it reads must be exactly what the slower path reads (JSON.parse, the
 * duplicate-key check, checkClaim), and whatever it cannot check in full it must leave to that path.
 * isCommonClaim, its check of a claim that is already an object, is held to checkClaim the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommonClaim, readCommonClaim } from '../../engine/claim/common-claim.ts';
import { checkClaim, loadRules, parseJsonText, readGoldenCases } from '../../engine/node.ts';
import { parseClaimLine } from '../../engine/replay/claim-line.ts';
import { generateClaims } from '../../engine/replay/generate.ts';
import { schemas } from '../../engine/rules/schemas.ts';

const rules = loadRules();

/** The slower path: the claim JSON.parse and checkClaim give, or undefined when they refuse the text. */
function slowRead(text: string): unknown {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return undefined;
  const checked = checkClaim(parsed.value);
  return checked.ok ? checked.claim : undefined;
}

/** The same claim, keys in the same order (as JSON.stringify writes them). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const generated = [
  ...generateClaims(rules, { count: 3000, seed: 4242 }),
  ...generateClaims(rules, { count: 3000, seed: 77, violationShare: 0.5, samlesakShare: 0.2 }),
].map((g) => JSON.stringify(g.claim));

describe('reading a claim line in one pass', () => {
  it('reads every generated claim as JSON.parse and the claim check do, with or without spaces and line breaks', () => {
    let read = 0;
    for (const text of generated) {
      for (const t of [text, JSON.stringify(JSON.parse(text), null, 2).replace(/\n/g, '\r\n'), ` \t${text}\n`]) {
        const fast = readCommonClaim(t);
        expect(fast, t).toBeDefined();
        expect(same(fast, JSON.parse(t)), t).toBe(true);
        read++;
      }
    }
    expect(read).toBe(18_000);
  });

  it('reads each claim of the golden corpus as the slower path does, and every one of them without a letter record', () => {
    const { cases } = readGoldenCases();
    let fastRead = 0;
    for (const c of cases) {
      const text = JSON.stringify(c.case.claim);
      const fast = readCommonClaim(text);
      const slow = slowRead(text);
      if (fast !== undefined) expect(same(fast, slow), c.id).toBe(true);
      if (slow !== undefined && !text.includes('"letter":')) {
        expect(fast, c.id).toBeDefined();
        fastRead++;
      }
    }
    // The corpus has claims with demandDate, ids, interestBeforeDueDate, allocation, tvangsgrunnlag, forliksklage, kravbrev.
    expect(fastRead).toBeGreaterThan(100);
  });

  const base = '{"id":"K-1","debtor":{"kind":"consumer"},"creditor":{"vatRegistered":true},"collection":"egeninkasso","principal":"1000.00","invoiceDate":"2024-03-01","dueDate":"2024-03-15","events":[{"type":"purring","date":"2024-04-02","fee":"35.00","deadlineDays":14}]}';

  it.each([
    ['a number written with a fraction', base.replace('"deadlineDays":14', '"deadlineDays":14.0'), true],
    ['a number with an exponent', base.replace('"deadlineDays":14', '"deadlineDays":1.4e1'), true],
    ['an escape in a string', base.replace('"K-1"', '"K\\u002d1"'), true],
    ['an escaped quote in an id', base.replace('"K-1"', '"K\\"1"'), true],
    ['a character outside ASCII', base.replace('"K-1"', '"K-Ø1"'), true],
    ['a byte-order mark', `\ufeff${base}`, true],
    ['a letter record', base.replace('"deadlineDays":14', '"deadlineDays":14,"letter":{"fields":["kreditor"]}'), true],
    ['a key given twice', base.replace('"principal":"1000.00"', '"principal":"1.00","principal":"1000.00"'), false],
    ['a key given twice, one of them escaped', base.replace('"principal":"1000.00"', '"principal":"1.00","princip\\u0061l":"1000.00"'), false],
    ['an unknown field', base.replace('"collection"', '"kolleksjon":1,"collection"'), false],
    ['a principal of 0.00', base.replace('"1000.00"', '"0.00"'), false],
    ['a due date and a demand date', base.replace('"dueDate"', '"demandDate":"2024-03-10","dueDate"'), false],
    ['neither a due date nor a demand date', base.replace('"dueDate":"2024-03-15",', ''), false],
    ['a day that does not exist', base.replace('2024-04-02', '2023-02-29'), false],
    ['a date before 1900', base.replace('2024-03-01', '1899-12-31'), false],
    ['an event before the invoice', base.replace('2024-04-02', '2024-02-02'), false],
    ['a deadline of 366 days', base.replace('"deadlineDays":14', '"deadlineDays":366'), false],
    ['a deadline of twenty digits', base.replace('"deadlineDays":14', '"deadlineDays":10000000000000000014'), false],
    ['a deadline with a leading zero', base.replace('"deadlineDays":14', '"deadlineDays":014'), false],
    ['a negative deadline', base.replace('"deadlineDays":14', '"deadlineDays":-1'), false],
    ['an amount with three decimals', base.replace('"35.00"', '"35.000"'), false],
    ['an amount with eleven digits', base.replace('"1000.00"', '"10000000000"'), false],
    ['a field the event type does not have', base.replace('"deadlineDays":14', '"deadlineDays":14,"amount":"1.00"'), false],
    ['a payment without its amount', base.replace('"type":"purring","date":"2024-04-02","fee":"35.00","deadlineDays":14', '"type":"payment","date":"2024-04-02"'), false],
    ['an allocation naming a bucket twice', base.replace('"type":"purring","date":"2024-04-02","fee":"35.00","deadlineDays":14', '"type":"payment","date":"2024-04-02","amount":"1.00","allocation":["costs","costs"]'), false],
    ['null', base.replace('"dueDate":"2024-03-15"', '"dueDate":null'), false],
    ['text after the claim', `${base} x`, false],
    ['an API request body', `{"claim":${base},"asOf":"2024-07-01"}`, false],
  ])('leaves %s to the slower path', (_what, text, valid) => {
    expect(readCommonClaim(text)).toBeUndefined();
    expect(parseClaimLine(text).ok).toBe(valid);
  });

  it('reads a claim only as the slower path does, whatever is changed in its text', () => {
    // Random edits of generated claim lines, where the two readers part most easily: digits,
    // quotes, escapes, brackets, whitespace, keys of other objects, and characters outside ASCII.
    const pieces = ['"', '\\', ' ', '\n', ',', ':', '{', '}', '[', ']', '0', '1', '9', '.', '-', 'e', 'E', 'Ø', '\u0000', '\\u0041', 'null', 'true',
      ',"fee":"1.00"', ',"amount":"0.00"', ',"letter":{"fields":[]}', ',"id":" "', ',"dueDate":"2024-01-01"', ',"demandDate":"2024-01-01"',
      ',"deadlineDays":365', ',"deadlineDays":366', ',"tvangsgrunnlag":true', ',"allocation":["interest"]', ',"kind":"business"', '"type":"dom"'];
    // Half the edits change a digit (of a date, an amount, a deadline), which mostly leaves a valid claim.
    const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '-', 'e', ' ', '"'];
    const edit = fc.oneof(
      fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'insert'), piece: fc.constantFrom(...pieces) }),
      fc.record({ at: fc.nat(), kind: fc.constant('digit'), piece: fc.constantFrom(...digits) }),
    );
    let fastRead = 0;
    let valid = 0;
    fc.assert(fc.property(fc.nat(generated.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
      let text = generated[which]!;
      for (const e of edits) {
        if (e.kind === 'digit') {
          const places = [...text.matchAll(/[0-9]/g)].map((m) => m.index);
          const at = places[e.at % places.length]!;
          text = text.slice(0, at) + e.piece + text.slice(at + 1);
          continue;
        }
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + (e.kind === 'delete' ? '' : e.piece) + text.slice(e.kind === 'insert' ? at : at + 1);
      }
      const fast = readCommonClaim(text);
      const slow = slowRead(text);
      if (slow !== undefined) valid++;
      if (fast === undefined) return;
      fastRead++;
      expect(slow, text).toBeDefined();
      expect(same(fast, slow), text).toBe(true);
    }), { numRuns: 30_000, seed: 20261207 });
    // Many edits leave a valid claim (a digit of a date or an amount): nearly all of those are read
    // in one pass too (4 451 of 4 466; the others have an escape, an Ø, a letter record, -0 or 2E0).
    expect(valid).toBeGreaterThan(4000);
    expect(fastRead).toBeGreaterThan(0.99 * valid);
  });

  it('knows the schema it reads: a change to the definitions below needs a change to the reader', () => {
    type Def = Record<string, unknown> & { $ref?: string; properties?: Record<string, Def>; oneOf?: Def[] };
    const claim = schemas['claim.schema.json'] as unknown as Def & { $defs: Record<string, Def> };
    const common = schemas['common.schema.json'] as unknown as { $defs: Record<string, Def> };
    // What a key's definition comes to: the name of the common definition it refers to, or itself without its description.
    const meaning = (d: Def): unknown => {
      if (d.$ref?.startsWith('common.schema.json#/$defs/')) return d.$ref.slice('common.schema.json#/$defs/'.length);
      if (d.$ref) return meaning(claim.$defs[d.$ref.slice('#/$defs/'.length)]!);
      const { description: _, ...rest } = d;
      return rest;
    };
    const keys: Record<string, Set<string>> = {};
    const note = (props: Record<string, Def>) => {
      for (const [k, d] of Object.entries(props)) (keys[k] ??= new Set()).add(JSON.stringify(meaning(d)));
    };
    note(claim.properties!);
    note(claim.properties!.debtor!.properties!);
    note(claim.properties!.creditor!.properties!);
    for (const e of claim.$defs.event!.oneOf!) {
      const { type: _t, letter: _l, ...props } = claim.$defs[e.$ref!.slice('#/$defs/'.length)]!.properties!;
      note(props);
    }
    const id = JSON.stringify({ type: 'string', minLength: 1, maxLength: 200, pattern: '^(?=[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f-\\u009f]+$' });
    const seen = Object.fromEntries(Object.entries(keys).filter(([k]) => !['debtor', 'creditor', 'events'].includes(k)).map(([k, v]) => [k, [...v]]));
    expect(seen).toEqual({
      id: [id],
      kind: [JSON.stringify({ enum: ['consumer', 'business'] })],
      vatRegistered: ['{"type":"boolean"}'],
      collection: [JSON.stringify({ enum: ['egeninkasso', 'fremmedinkasso'] })],
      principal: ['"amount"'], interestBeforeDueDate: ['"amount"'], fee: ['"amount"'], interest: ['"amount"'], amount: ['"amount"'],
      invoiceDate: ['"isoDate"'], dueDate: ['"isoDate"'], demandDate: ['"isoDate"'], deliveryDate: ['"isoDate"'], date: ['"isoDate"'],
      dueDateAgreedInAdvance: ['{"type":"boolean"}'], tvangsgrunnlag: ['{"type":"boolean"}'],
      deadlineDays: ['{"type":"integer","minimum":0,"maximum":365}'],
      allocation: [JSON.stringify({ type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { enum: ['costs', 'interest', 'principal'] } })],
    });
    const { description: _i, ...isoDate } = common.$defs.isoDate!;
    const { description: _a, ...amount } = common.$defs.amount!;
    expect({ isoDate, amount }).toEqual({
      isoDate: { type: 'string', format: 'date', pattern: '^(19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$' },
      amount: { type: 'string', format: 'amount', pattern: '^(0|[1-9][0-9]{0,9})(\\.[0-9]{1,2})?$' },
    });
    expect((claim.properties!.events as { maxItems?: number }).maxItems).toBe(2000);
  });
});

/**
 * isCommonClaim checks a claim made as an object (replay's CSV rows assembled into one) the same
 * way: whatever it accepts, checkClaim must accept as it is.
 */
describe('checking a claim object without Ajv', () => {
  const accepted = (input: unknown) => checkClaim(input).ok;

  it('accepts every generated claim and every golden claim without a letter record, as checkClaim does', () => {
    for (const text of generated) expect(isCommonClaim(JSON.parse(text)), text).toBe(true);
    let fast = 0;
    for (const c of readGoldenCases().cases) {
      const claim = structuredClone(c.case.claim) as unknown;
      const ok = isCommonClaim(claim);
      if (ok) expect(accepted(claim), c.id).toBe(true);
      if (accepted(claim) && !JSON.stringify(claim).includes('"letter":')) {
        expect(ok, c.id).toBe(true);
        fast++;
      }
    }
    expect(fast).toBeGreaterThan(100);
  });

  const base = () => JSON.parse('{"id":"K-1","debtor":{"kind":"consumer"},"creditor":{"vatRegistered":true},"collection":"egeninkasso","principal":"1000.00","invoiceDate":"2024-03-01","dueDate":"2024-03-15","events":[{"type":"purring","date":"2024-04-02","fee":"35.00","deadlineDays":14}]}') as Record<string, unknown> & { events: Record<string, unknown>[]; creditor: Record<string, unknown> };
  const changed = (change: (c: ReturnType<typeof base>) => void) => {
    const c = base();
    change(c);
    return c;
  };

  it('accepts the claim the cases below change', () => {
    expect(isCommonClaim(base())).toBe(true);
  });

  it.each([
    ['a deadline of -0', changed((c) => { c.events[0]!.deadlineDays = -0; }), true],
    ['an id with a backslash', changed((c) => { c.id = 'K\\1'; }), true],
    ['an id with an Ø', changed((c) => { c.id = 'K-Ø1'; }), true],
    ['a letter record', changed((c) => { c.events[0]!.letter = { fields: ['kreditor'] }; }), true],
    ['a claim made by a class', Object.assign(new (class Claim {})(), base()), true],
    ['a claim without a prototype', Object.assign(Object.create(null) as object, base()), true],
    ['a deadline of 14.5', changed((c) => { c.events[0]!.deadlineDays = 14.5; }), false],
    ['a deadline written as text', changed((c) => { c.events[0]!.deadlineDays = '14'; }), false],
    ['a deadline of 366', changed((c) => { c.events[0]!.deadlineDays = 366; }), false],
    ['a deadline that is not a number', changed((c) => { c.events[0]!.deadlineDays = Number.NaN; }), false],
    ['a principal as a number', changed((c) => { c.principal = 1000; }), false],
    ['a principal of 0.00', changed((c) => { c.principal = '0.00'; }), false],
    ['a day that does not exist', changed((c) => { c.events[0]!.date = '2024-02-30'; }), false],
    ['a date written the Norwegian way', changed((c) => { c.invoiceDate = '01.03.2024'; }), false],
    ['VAT registration as text', changed((c) => { c.creditor.vatRegistered = 'ja'; }), false],
    ['an unknown field', changed((c) => { c.kolleksjon = 1; }), false],
    ['a field the event type does not have', changed((c) => { c.events[0]!.amount = '1.00'; }), false],
    ['a field that is undefined', changed((c) => { c.deliveryDate = undefined; }), true],
    ['an allocation naming a bucket twice', changed((c) => { c.events[0] = { type: 'payment', date: '2024-04-02', amount: '1.00', allocation: ['costs', 'costs'] }; }), false],
    ['an empty allocation', changed((c) => { c.events[0] = { type: 'payment', date: '2024-04-02', amount: '1.00', allocation: [] }; }), false],
    ['events with a hole', changed((c) => { c.events.length = 2; }), false],
    ['events that are not an array', changed((c) => { (c as Record<string, unknown>).events = { 0: c.events[0] }; }), false],
    ['both a due date and a demand date', changed((c) => { c.demandDate = '2024-03-10'; }), false],
    ['an event before the invoice', changed((c) => { c.events[0]!.date = '2024-02-02'; }), false],
    ['null', null, false],
    ['an array', [base()], false],
  ])('leaves %s to checkClaim', (_what, input, valid) => {
    expect(isCommonClaim(input)).toBe(false);
    expect(accepted(input)).toBe(valid);
  });

  it('accepts a claim object only when checkClaim does, whatever is changed in it', () => {
    const objects = generated.slice(0, 2000).map((t) => JSON.parse(t) as unknown);
    // Values that are nearly right, of the right type and of others.
    const values = ['2024-02-29', '2023-02-29', '1899-12-31', '2024-13-01', '35.00', '35.000', '035', '0.00', '0', '10000000000', '1e3', ' 35',
      'consumer', 'business', 'egeninkasso', 'fremmedinkasso', 'payment', 'purring', 'costs', 'interest', 'principal', '', ' ', 'K\u0000', 'x'.repeat(201),
      0, -0, 1, 14, 14.5, 365, 366, -1, Number.NaN, true, false, null, undefined, [], ['costs'], ['costs', 'costs'], ['interest', 'costs'], {}, { kind: 'consumer' }];
    const keys = ['id', 'kind', 'vatRegistered', 'principal', 'interestBeforeDueDate', 'invoiceDate', 'dueDate', 'demandDate', 'deliveryDate',
      'dueDateAgreedInAdvance', 'type', 'date', 'fee', 'deadlineDays', 'interest', 'amount', 'tvangsgrunnlag', 'allocation', 'letter'];
    // A third of the changes change one digit of a value (a date, an amount), which mostly leaves a valid claim.
    const change = fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'delete', 'add', 'digit', 'digit', 'digit'), key: fc.constantFrom(...keys), value: fc.constantFrom(...values), digit: fc.constantFrom(...'0123456789.') });
    let fast = 0;
    let valid = 0;
    fc.assert(fc.property(fc.nat(objects.length - 1), fc.array(change, { minLength: 1, maxLength: 3 }), (which, changes) => {
      const claim = structuredClone(objects[which]) as Record<string, unknown>;
      for (const ch of changes) {
        // Every object of the claim (itself, its parties, its events), one picked.
        const inside = [claim, claim.debtor, claim.creditor, ...(Array.isArray(claim.events) ? claim.events as unknown[] : [])].filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null);
        const o = inside[ch.at % inside.length]!;
        const present = Object.keys(o);
        const k = ch.kind === 'add' ? ch.key : present[ch.at % present.length]!;
        const v = o[k];
        if (ch.kind === 'digit') {
          const places = typeof v === 'string' ? [...v.matchAll(/[0-9]/g)].map((m) => m.index) : [];
          if (places.length === 0) continue;
          const at = places[ch.at % places.length]!;
          o[k] = (v as string).slice(0, at) + ch.digit + (v as string).slice(at + 1);
        } else if (ch.kind === 'delete') delete o[k];
        // A copy: a later change may change an object set here, and the values are shared by all runs.
        else o[k] = structuredClone(ch.value);
      }
      const ok = accepted(claim);
      if (ok) valid++;
      if (!isCommonClaim(claim)) return;
      fast++;
      expect(ok, JSON.stringify(claim)).toBe(true);
    }), { numRuns: 20_000, seed: 20261208 });
    // Nearly every valid claim is accepted here too (6 008 of 6 028; the others have a value that
    // is undefined, which checkClaim reads as no value, or a deadline of -0).
    expect(valid).toBeGreaterThan(5000);
    expect(fast).toBeGreaterThan(0.99 * valid);
  });
});
