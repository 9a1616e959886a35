/**
 * What one evaluation carries: the rules, the prepared claim, the as-of day, and what it collects
 * (violations, warnings, and when tracing, the rule values used for each figure). Every lookup of
 * a rule value goes through use(), which also warns when a value has only one source (status S).
 */
import { datoText, isoDate, type Day } from '../calendar/index.ts';
import type { Entry, RuleSet, Series } from '../rules/index.ts';
import { DatedIndex } from './dated-index.ts';
import { requireEntry, seriesOf } from './lookup.ts';
import type { PreparedClaim } from './prepare.ts';

/** One rule value used for a figure. */
export interface RuleUse {
  readonly series: Series;
  readonly entry: Entry;
  readonly day: Day;
  readonly anchor?: string;
}

export interface Warning {
  readonly code:
    | 'VALUE_UNCONFIRMED' | 'CHOICE_UNCONFIRMED' | 'FORELDELSE_NEAR' | 'FORELDELSE_START_ASSUMED' | 'INTEREST_TIME_BARRED'
    | 'EVENTS_AFTER_AS_OF' | 'AS_OF_BEFORE_INVOICE' | 'DISPUTE_NOT_OPEN' | 'RULES_INCOMPLETE' | 'LETTER_MISSING_RECOMMENDED'
    | 'ACKNOWLEDGMENT_AFTER_FORELDELSE';
  readonly message: string;
  readonly rule?: string;
  readonly date?: string;
  /** For VALUE_UNCONFIRMED: the valid_from of the value used. */
  readonly validFrom?: string;
  readonly eventIndex?: number;
}

export interface Context {
  readonly rules: RuleSet;
  /** rules.series as a dictionary of day indexes. */
  readonly series: Readonly<Record<string, DatedIndex>>;
  readonly claim: PreparedClaim;
  readonly asOf: Day;
  /** Rule values used since the last mark; null when not tracing. */
  readonly uses: RuleUse[] | null;
  readonly warnings: Map<string, Warning>;
}

/**
 * A rule set's series by id as a plain dictionary of day indexes, made once per rule set: the
 * evaluation reads a dated value for nearly every figure, so the lookup is resolved in advance.
 */
const dictionaries = new WeakMap<RuleSet, Readonly<Record<string, DatedIndex>>>();
function seriesDictionary(rules: RuleSet): Readonly<Record<string, DatedIndex>> {
  let d = dictionaries.get(rules);
  if (d === undefined) {
    const made: Record<string, DatedIndex> = Object.create(null);
    for (const [id, s] of rules.series) made[id] = new DatedIndex(s);
    dictionaries.set(rules, (d = made));
  }
  return d;
}

export function createContext(rules: RuleSet, claim: PreparedClaim, asOf: Day, tracing: boolean): Context {
  return { rules, series: seriesDictionary(rules), claim, asOf, uses: tracing ? [] : null, warnings: new Map() };
}

/**
 * What the VALUE_UNCONFIRMED warning says of an entry, written once per entry: its key and message
 * depend only on the entry (one entry belongs to one rule), and nearly half the claims of a replay
 * use such a value.
 */
interface Unconfirmed {
  readonly key: string;
  readonly validFrom: string;
  readonly message: string;
}
const unconfirmedOf = new WeakMap<Entry, Unconfirmed>();

function describeUnconfirmed(id: string, entry: Entry): Unconfirmed {
  const validFrom = isoDate(entry.from);
  const u = { key: `${id}|${entry.from}`, validFrom, message: `${id} = ${entry.text} (gyldig fra ${datoText(validFrom)}) har bare én kilde (status S): ${entry.source}` };
  unconfirmedOf.set(entry, u);
  return u;
}

/**
 * The value of a rule on a day, neither traced nor warned about: for a value that only decides a
 * figure in some cases, which then reads it again with use().
 */
export function peek(ctx: Context, id: string, d: Day): Entry {
  const index = ctx.series[id];
  return index?.at(d) ?? requireEntry(index?.series ?? seriesOf(ctx.rules, id), d);
}

/**
 * The value of a rule on a day, recorded for the trace and warned about when its status is S
 * (unless `quiet`: the caller warns only when the value decided a figure, as for a rounding).
 */
export function use(ctx: Context, id: string, d: Day, anchor?: string, quiet = false): Entry {
  const index = ctx.series[id];
  const entry = index?.at(d) ?? requireEntry(index?.series ?? seriesOf(ctx.rules, id), d);
  used(ctx, id, entry, d, anchor, quiet);
  return entry;
}

/**
 * What use() does with the entry it found, for an entry found another way (the rate spans of
 * rate-spans.ts): recorded for the trace, and warned about when its status is S.
 */
export function used(ctx: Context, id: string, entry: Entry, d: Day, anchor?: string, quiet = false): void {
  if (entry.status === 'S' && !quiet) {
    const u = unconfirmedOf.get(entry) ?? describeUnconfirmed(id, entry);
    if (!ctx.warnings.has(u.key)) {
      ctx.warnings.set(u.key, { code: 'VALUE_UNCONFIRMED', rule: id, date: isoDate(d), validFrom: u.validFrom, message: u.message });
    }
  }
  if (ctx.uses) {
    const series = ctx.series[id]?.series ?? seriesOf(ctx.rules, id);
    ctx.uses.push(anchor === undefined ? { series, entry, day: d } : { series, entry, day: d, anchor });
  }
}

/** The policy choice in force on a day. */
export function choice(ctx: Context, id: string, d: Day): string {
  const v = use(ctx, id, d).value;
  return v.unit === 'choice' ? v.choice : String('count' in v ? v.count : '');
}

/**
 * A choice the law leaves open, resting on one source or our own judgment, decided a figure: say
 * so once. `key` (starting `choice|`) names the choice; the message is only written the first time.
 */
export function choiceUnconfirmed(ctx: Context, key: string, rule: string, d: Day, message: () => string): void {
  if (ctx.warnings.has(key)) return;
  ctx.warnings.set(key, { code: 'CHOICE_UNCONFIRMED', rule, date: isoDate(d), message: message() });
}

/** A whole-number rule (days, months, count) on a day. */
export function count(ctx: Context, id: string, d: Day): number {
  return wholeNumber(id, use(ctx, id, d));
}

/** The same, neither traced nor warned about (peek). */
export function peekCount(ctx: Context, id: string, d: Day): number {
  return wholeNumber(id, peek(ctx, id, d));
}

function wholeNumber(id: string, e: Entry): number {
  if ('count' in e.value) return e.value.count;
  throw new Error(`${id} is not a whole number`);
}

/** Whether figures are being explained (explanations are only built then). */
export function tracing(ctx: Context): boolean {
  return ctx.uses !== null;
}

/** Where the trace should start collecting for the next figure. */
export function mark(ctx: Context): number {
  return ctx.uses ? ctx.uses.length : 0;
}

/** No rule values: one list, shared (it is never added to). */
export const NONE_USED: readonly RuleUse[] = Object.freeze([]);

/** The rule values used since a mark (when not tracing: empty, one list shared by all). */
export function usedSince(ctx: Context, from: number): readonly RuleUse[] {
  return ctx.uses ? ctx.uses.slice(from) : NONE_USED;
}

/** Records that part of the result could not be worked out because a rule value is missing. */
export function rulesIncomplete(ctx: Context, what: string, e: { rule: string; date: string; message: string }): void {
  ctx.warnings.set(`incomplete|${what}|${e.rule}`, { code: 'RULES_INCOMPLETE', rule: e.rule, date: e.date, message: `${what}: ${e.message}` });
}
