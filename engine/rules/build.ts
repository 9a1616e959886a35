/**
 * Builds the engine's view of schema-valid rule files: dated series with parsed values and steps
 * with compiled conditions, each part remembering where it was written. Semantic checks run on
 * the result (checks/); this module only converts.
 */
import { day, type Day } from '../calendar/index.ts';
import type { Condition } from '../conditions/index.ts';
import { ore, parseRational, rateToMicros, rational } from '../money/index.ts';
import { locate, pathToPointer } from './locate.ts';
import type { ParsedFile } from './parse.ts';
import type {
  Anchor, AnchorBasis, Bracket, CountRef, DatePoint, DebtorKind, Deadline, Entry, Factor, FactOrigins, Fee, Finding, ForeldelseEffect, Gap, Origin, Period, Point,
  LetterField, LetterRule, Regime, Requirement, Review, Series, SeriesUnit, Status, Step, StepEvent, Topic, Value, ViolationCode,
} from './rule-set.ts';
import { parsePoint } from './rule-set.ts';

/* The validated file shapes (schemas/parameter, policy, step, topic .schema.json). */
interface RawEntry { valid_from: string; valid_to?: string; value?: string | number; brackets?: { up_to?: string; rates: Record<string, string> }[]; hjemmel: string; source: string; status: Status; note?: string; reason?: string }
interface RawSeries { title?: string; description: string; unit?: string; continuous?: boolean; gaps?: { from: string; to: string; reason: string }[]; columns?: string[]; band?: string; choices?: Record<string, string>; values: RawEntry[] }
interface RawFinding { code: ViolationCode; hjemmel: string; message: string }
type RawCount = number | { parameter: string };
type RawPeriod = { days?: RawCount; months?: RawCount; years?: RawCount };
interface RawDatePoint { point: Point; at_least?: RawPeriod; more_than?: RawPeriod; within?: RawPeriod }
interface RawRequirement extends RawFinding { earliest?: RawDatePoint; latest?: RawDatePoint; unless?: Condition; conditions?: Condition; voids?: true; interest?: 'at_most_lawful'; debtor?: DebtorKind }
interface RawFactor { parameter?: string; scale?: string; anchor: Anchor; anchor_basis?: AnchorBasis; band?: 'principal' | 'principal_and_interest_before_forfall'; column?: { default: string; switch?: { column: string; from: RawDatePoint }[] }; when?: Condition }
interface RawFee { counts_as: string | string[]; cap: { factors: RawFactor[]; round: { policy: string; anchor: Anchor } }; requires?: RawRequirement[]; count_reset?: { after: RawDatePoint; counts: string[]; hjemmel: string }; above_cap: RawFinding; cumulative?: boolean; offset?: RawFinding & { group: string; role: 'compensation' | 'cost' } }
interface RawStep { title: string; description: string; event: StepEvent; regime?: string; ladder?: number; repeatable?: boolean; reminder?: boolean; legal?: boolean; next_step?: boolean; foreldelse?: ForeldelseEffect; valid_from?: string; valid_to?: string; hjemmel: string; requires?: RawRequirement[]; deadline?: RawFinding & { minimum: RawPeriod; roll_forward: { policy: string } }; fee?: RawFee; letter?: { content: { text: string; hjemmel: string }[] } }
/** The key of a letter field whose text the letter prints: a figure's label (its title when it has none), else the text. */
export function printedKey(f: Pick<LetterField, 'figure' | 'label'>): 'label' | 'title' | 'text' {
  return f.figure !== undefined ? (f.label !== undefined ? 'label' : 'title') : 'text';
}

interface RawTopic { title: string; description: string; order?: number }

type Path = (string | number)[];

function originOf(file: ParsedFile, path: Path): Origin {
  const pointer = pathToPointer(path);
  const { line, col } = locate(file, pointer);
  return { file: file.file, pointer, line, col };
}

const FAR_FUTURE = Infinity;

function parseValue(unit: string, raw: RawEntry): Value {
  switch (unit) {
    case 'NOK': { const o = ore(String(raw.value)); return { unit: 'NOK', ore: o, exact: rational(BigInt(o), 100n) }; }
    case 'percent': return { unit: 'percent', micros: rateToMicros(String(raw.value)), exact: rational(BigInt(rateToMicros(String(raw.value))), 1_000_000n) };
    case 'fraction': return { unit: 'fraction', exact: parseRational(String(raw.value)) };
    case 'factor': return { unit: 'factor', exact: parseRational(String(raw.value)) };
    case 'days': case 'months': case 'years': case 'count':
      return { unit, count: Number(raw.value), exact: rational(BigInt(Number(raw.value))) };
    case 'scale': {
      const brackets: Bracket[] = (raw.brackets ?? []).map((b) => ({
        upTo: b.up_to === undefined ? Infinity : ore(b.up_to),
        rates: Object.fromEntries(Object.entries(b.rates).map(([k, v]) => [k, parseRational(v)])),
      }));
      return { unit: 'scale', brackets };
    }
    default: return { unit: 'choice', choice: String(raw.value) };
  }
}

/** A parameter or policy file as a series. */
export function buildSeries(file: ParsedFile, id: string, kind: 'parameter' | 'policy'): Series {
  const raw = file.data as RawSeries;
  const unit: SeriesUnit = kind === 'policy' && raw.choices ? 'choice' : (raw.unit as SeriesUnit);
  const entries: Entry[] = raw.values.map((v, i) => {
    const e: Entry = {
      from: day(v.valid_from),
      to: v.valid_to === undefined ? FAR_FUTURE : day(v.valid_to),
      value: parseValue(unit, v),
      text: v.brackets ? 'tabell' : String(v.value),
      hjemmel: v.hjemmel,
      source: v.source,
      status: v.status,
      origin: originOf(file, ['values', i]),
      note: v.note,
      reason: v.reason,
    };
    return e;
  });
  const gaps: Gap[] = (raw.gaps ?? []).map((g, i) => ({ from: day(g.from), to: day(g.to), reason: g.reason, origin: originOf(file, ['gaps', i]) }));
  return {
    id, kind, unit, title: raw.title ?? id, description: raw.description, continuous: raw.continuous === true, entries, gaps, file: file.file,
    columns: raw.columns || undefined, band: raw.band || undefined, choices: raw.choices || undefined,
  };
}

function countRef(c: RawCount): CountRef {
  return typeof c === 'number' ? { count: c } : { parameter: c.parameter };
}

function period(p: RawPeriod): Period {
  if (p.days !== undefined) return { unit: 'days', amount: countRef(p.days) };
  if (p.months !== undefined) return { unit: 'months', amount: countRef(p.months) };
  return { unit: 'years', amount: countRef(p.years!) };
}

function datePoint(d: RawDatePoint): DatePoint {
  // The schema's pattern admits only points parsePoint understands.
  const ref = parsePoint(d.point) ?? { kind: 'forfall' as const };
  if (d.at_least) return { point: d.point, ref, relation: 'at_least', period: period(d.at_least) };
  if (d.more_than) return { point: d.point, ref, relation: 'more_than', period: period(d.more_than) };
  return { point: d.point, ref, relation: 'within', period: period(d.within!) };
}

function finding(file: ParsedFile, path: Path, f: RawFinding): Finding {
  return { code: f.code, hjemmel: f.hjemmel, message: f.message, origin: originOf(file, path), messageOrigin: originOf(file, [...path, 'message']) };
}

/** The position of every fact a condition reads (its `fact`, and `value: {fact}` references). */
function factOrigins(file: ParsedFile, path: Path, c: Condition): FactOrigins {
  const out: { fact: string; origin: Origin }[] = [];
  const walk = (x: Condition, at: Path) => {
    if ('all' in x) x.all.forEach((y, i) => walk(y, [...at, 'all', i]));
    else if ('any' in x) x.any.forEach((y, i) => walk(y, [...at, 'any', i]));
    else if ('not' in x) walk(x.not, [...at, 'not']);
    else {
      out.push({ fact: x.fact, origin: originOf(file, [...at, 'fact']) });
      const v = x.value;
      if (v && typeof v === 'object' && !Array.isArray(v) && 'fact' in v) out.push({ fact: v.fact, origin: originOf(file, [...at, 'value', 'fact']) });
    }
  };
  walk(c, path);
  return out;
}

/*
 * Every object of a kind (a step, a fee, a requirement, a factor, a value's entry, a series) has
 * the same properties in the same order, undefined where its file gives none, whatever its kind:
 * the evaluation reads them at the same places for every claim, and V8 reads a property of
 * objects of one or a few shapes from its inline cache, of more than four by a lookup (a third of
 * the findings path's instructions went to such lookups and string comparisons).
 */

/** A requirement, with the properties of every kind (those of other kinds undefined). */
function requirement(file: ParsedFile, path: Path, r: RawRequirement): Requirement {
  const { code, hjemmel, message, origin, messageOrigin } = finding(file, path, r);
  const kind = r.earliest ? 'earliest' : r.latest ? 'latest' : r.conditions ? 'conditions' : 'interest';
  const point = r.earliest ?? r.latest;
  const unless = kind === 'latest' && r.unless ? { condition: r.unless, factOrigins: factOrigins(file, [...path, 'unless'], r.unless) } : undefined;
  const all = {
    code, hjemmel, message, origin, messageOrigin, kind,
    when: point ? datePoint(point) : undefined,
    unless,
    debtor: point ? r.debtor || undefined : undefined,
    condition: kind === 'conditions' ? r.conditions : undefined,
    factOrigins: kind === 'conditions' ? factOrigins(file, [...path, 'conditions'], r.conditions!) : undefined,
    voids: kind === 'conditions' && r.voids ? (true as const) : undefined,
  };
  return all as Requirement;
}

/** A factor, with the properties of both kinds (those of the other kind undefined). */
function factor(file: ParsedFile, path: Path, f: RawFactor): Factor {
  const scale = f.scale !== undefined;
  const all = {
    kind: scale ? 'scale' : 'parameter',
    parameter: scale ? undefined : f.parameter!,
    scale: scale ? f.scale : undefined,
    anchor: f.anchor,
    band: scale ? f.band! : undefined,
    defaultColumn: scale ? f.column!.default : undefined,
    switches: scale ? (f.column!.switch ?? []).map((s) => ({ column: s.column, from: datePoint(s.from) })) : undefined,
    when: f.when ? { condition: f.when, factOrigins: factOrigins(file, [...path, 'when'], f.when) } : undefined,
    anchorBasis: f.anchor_basis || undefined,
  };
  return all as Factor;
}

function fee(file: ParsedFile, raw: RawFee): Fee {
  return {
    countsAs: typeof raw.counts_as === 'string' ? [raw.counts_as] : raw.counts_as,
    factors: raw.cap.factors.map((f, i) => factor(file, ['fee', 'cap', 'factors', i], f)),
    round: { policy: raw.cap.round.policy, anchor: raw.cap.round.anchor },
    requires: (raw.requires ?? []).map((r, i) => requirement(file, ['fee', 'requires', i], r)),
    countReset: raw.count_reset ? { after: datePoint(raw.count_reset.after), counts: raw.count_reset.counts, hjemmel: raw.count_reset.hjemmel, origin: originOf(file, ['fee', 'count_reset', 'after']), countOrigins: raw.count_reset.counts.map((_, i) => originOf(file, ['fee', 'count_reset', 'counts', i])) } : undefined,
    aboveCap: finding(file, ['fee', 'above_cap'], raw.above_cap),
    cumulative: raw.cumulative === true,
    offset: raw.offset ? { ...finding(file, ['fee', 'offset'], raw.offset), group: raw.offset.group, role: raw.offset.role } : undefined,
  };
}

/** A step file as a step. */
export function buildStep(file: ParsedFile, id: string): Step {
  const raw = file.data as RawStep;
  const deadline: Deadline | undefined = raw.deadline
    ? { ...finding(file, ['deadline'], raw.deadline), minimum: period(raw.deadline.minimum), rollForwardPolicy: raw.deadline.roll_forward.policy }
    : undefined;
  const from: Day = raw.valid_from ? day(raw.valid_from) : -Infinity;
  return {
    id,
    title: raw.title,
    description: raw.description,
    event: raw.event,
    repeatable: raw.repeatable === true,
    letter: deadline !== undefined,
    reminder: deadline !== undefined && raw.reminder !== false,
    legal: raw.legal === true,
    nextStep: raw.next_step !== false,
    foreldelse: raw.foreldelse || undefined,
    regime: raw.regime || undefined,
    validFrom: from,
    validTo: raw.valid_to ? day(raw.valid_to) : FAR_FUTURE,
    hjemmel: raw.hjemmel,
    requires: (raw.requires ?? []).map((r, i) => requirement(file, ['requires', i], r)),
    letterContent: raw.letter?.content ?? [],
    file: file.file,
    ladder: raw.ladder,
    deadline,
    fee: raw.fee ? fee(file, raw.fee) : undefined,
  };
}

/** A letters/<name>.yaml as a letter rule. */
export function buildLetter(file: ParsedFile, id: string): LetterRule {
  const raw = file.data as { title: string; description: string; letter: string; regime?: string; valid_from?: string; valid_to?: string; hjemmel: string; source: string; status: Status; fields: Omit<LetterField, 'origin' | 'printedOrigin'>[]; exhaustive?: LetterRule['exhaustive'] };
  return {
    id, title: raw.title, description: raw.description, letter: raw.letter, ...(raw.regime ? { regime: raw.regime } : {}),
    validFrom: raw.valid_from ? day(raw.valid_from) : -Infinity, validTo: raw.valid_to ? day(raw.valid_to) : FAR_FUTURE,
    hjemmel: raw.hjemmel, source: raw.source, status: raw.status,
    fields: raw.fields.map((f, i) => ({ ...f, origin: originOf(file, ['fields', i]), printedOrigin: originOf(file, ['fields', i, printedKey(f)]) })),
    ...(raw.exhaustive ? { exhaustive: raw.exhaustive } : {}),
    file: file.file, origin: originOf(file, ['title']), hjemmelOrigin: originOf(file, ['hjemmel']),
  };
}

/** A regimes/<id>.yaml as a regime. */
export function buildRegime(file: ParsedFile, id: string): Regime {
  const raw = file.data as { title: string; law: string; valid_from?: string; valid_to?: string; status: string; source: string };
  return {
    id, title: raw.title, law: raw.law, validFrom: raw.valid_from ? day(raw.valid_from) : undefined,
    validTo: raw.valid_to ? day(raw.valid_to) : FAR_FUTURE, status: raw.status, source: raw.source, file: file.file, origin: originOf(file, []),
  };
}

/** horisont.yaml as the review horizon. */
export function buildReview(file: ParsedFile): Review {
  const raw = file.data as { reviewed_through: string; reviews: { reviewed_through: string; reviewed_on: string; note: string }[] };
  return {
    reviewedThrough: day(raw.reviewed_through),
    reviews: raw.reviews.map((r) => ({ reviewedThrough: day(r.reviewed_through), reviewedOn: day(r.reviewed_on), note: r.note })),
    file: file.file,
  };
}

/** An index.yaml as a topic. */
export function buildTopic(file: ParsedFile, folder: string): Topic {
  const raw = file.data as RawTopic;
  return { folder, title: raw.title, description: raw.description, order: raw.order ?? 100, file: file.file };
}
