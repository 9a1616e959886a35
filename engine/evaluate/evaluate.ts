/**
 * Evaluates a claim as of a date, reading its events in order:
 *   facts → step requirements and deadlines → fees against their caps → payments allocated →
 *   interest per period → next lawful steps → salær → balance → result with trace.
 * Pure: it reads the rule set and the claim, never the file system or the clock.
 */
import { dagerText, dateReason, DATE_FORM, dato, isoDate, parseIsoDate, type Day } from '../calendar/index.ts';
import { checkClaim, EVENT_NAMES, InputErrors, type InputError } from '../claim/index.ts';
import { RULE_IDS, type RuleSet, type Step } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import type { Ask, Evaluation } from './ask.ts';
import { answerCompiled, conditionGroup } from './condition-group.ts';
import { count, createContext, mark, rulesIncomplete, usedSince, type Context, type Warning } from './context.ts';
import { EvaluationError } from './errors.ts';
import { Question } from './facts.ts';
import { acknowledgedBy, judgment, startForeldelse, timeBarredInterest, timeBarredOn } from './foreldelse.ts';
import { accrue, firstInterestDay, roundedInterest } from './interest.ts';
import { blockedBy, ladderEnded, nextSteps } from './next-steps.ts';
import { payment } from './payment.ts';
import { prepareClaim, type PreparedEvent } from './prepare.ts';
import type { Collected, FeeRecord, ViolationRecord } from './records.ts';
import { kroner, type Ore } from '../money/index.ts';
import { buildResult } from './result.ts';
import { salaerSummary, type SalaerSummary } from './salaer-summary.ts';
import { initialState, type State } from './state.ts';
import { stepEvent } from './step-event.ts';

export interface EvaluateOptions {
  /** The date to evaluate the claim as of, YYYY-MM-DD. Events after it are ignored (with a warning). */
  readonly asOf: string;
  /** Explain every figure in result.trace (default true). Replays turn it off for speed. */
  readonly trace?: boolean;
}

/** A rule set's steps by the event they govern, made once per rule set. */
const stepsByEvent = new WeakMap<RuleSet, ReadonlyMap<string, readonly Step[]>>();
function stepsFor(rules: RuleSet, event: string): readonly Step[] {
  let byEvent = stepsByEvent.get(rules);
  if (byEvent === undefined) {
    const made = new Map<string, Step[]>();
    for (const s of rules.steps) {
      const list = made.get(s.event);
      if (list) list.push(s);
      else made.set(s.event, [s]);
    }
    stepsByEvent.set(rules, (byEvent = made));
  }
  return byEvent.get(event) ?? [];
}

function stepFor(ctx: Context, ev: PreparedEvent): Step {
  for (const s of stepsFor(ctx.rules, ev.type)) if (s.validFrom <= ev.day && ev.day <= s.validTo) return s;
  throw new EvaluationError('NO_STEP_RULE', ev.type, ev.day, `no step rule governs ${ev.type} on ${ev.date} (rules/steps/)`);
}

/**
 * The rules have been reviewed against the law through a date (rules/horisont.yaml); after it
 * nothing is known to hold — not a new rate, not the in-force date of a new law — so an
 * evaluation as of a later date stops instead of guessing.
 */
export function checkReviewed(rules: RuleSet, on: Day): void {
  const h = rules.review?.reviewedThrough;
  if (h === undefined || on <= h) return;
  throw new EvaluationError('RULES_NOT_REVIEWED', 'horisont', on, `the rules are reviewed against the law through ${isoDate(h)} (horisont.yaml), not for ${isoDate(on)}; move the review horizon after checking every rule for the period`, h);
}

interface EventsRead {
  readonly ctx: Context;
  readonly state: State;
  readonly out: Collected;
}

/** The claim prepared, and the evaluation's context, state and records before any event is read. */
function startReading(rules: RuleSet, claim: Claim, asOf: Day, tracing: boolean, document: boolean): EventsRead {
  // The functions that take a day number (findClaim, evaluateFindings, ...) given a date string,
  // as evaluate takes one: said so, rather than evaluated as of "NaN-undefined-undefined".
  if (!Number.isInteger(asOf)) throw new TypeError(`the as-of date must be a day number (day('2024-07-01')), not ${JSON.stringify(asOf)}`);
  checkReviewed(rules, asOf);
  const prepared = prepareClaim(claim, asOf);
  const ctx = createContext(rules, prepared, asOf, tracing);
  const state = initialState(prepared.principal, firstInterestDay(ctx), startForeldelse(ctx));
  const out: Collected = { deadlines: document ? [] : null, fees: [], violations: [], payments: document ? [] : null };
  return { ctx, state, out };
}

/**
 * Reads one event, after accruing interest up to its day. An event governed by a step is not
 * finished here: its question is returned, and the caller has it answered and finishes the event
 * with stepEvent.
 */
function readEvent(ctx: Context, state: State, ev: PreparedEvent, out: Collected): Question | undefined {
  accrue(ctx, state, ev.day);
  switch (ev.type) {
    case 'payment':
      payment(ctx, state, ev, out);
      return undefined;
    case 'dispute':
      state.disputed = true;
      return undefined;
    case 'dispute_resolved':
      if (!state.disputed) {
        ctx.warnings.set(`dispute|${ev.index}`, { code: 'DISPUTE_NOT_OPEN', eventIndex: ev.index, date: ev.date, message: `Innsigelsen avsluttes ${dato(ev.day)}, men det var ingen åpen innsigelse.` });
      }
      state.disputed = false;
      return undefined;
    case 'acknowledgment':
      acknowledgedBy(ctx, state.foreldelse, ev);
      return undefined;
    case 'dom':
      judgment(ctx, state.foreldelse, ev.day, ev.index);
      return undefined;
    case 'write_off':
      // An entry in the creditor's books (the ledger posts it); the debtor owes the same.
      state.writtenOff ??= ev.day;
      return undefined;
    default:
      return new Question(ctx, state, conditionGroup(stepFor(ctx, ev)), ev.day, (ev.fee ?? 0) > 0, ev.deadlineDays ?? 0);
  }
}

/**
 * Reads the claim's events in date order, checking each against its step, up to the as-of date,
 * with the conditions answered at once by the compiled functions: replay's findings path, which
 * no other evaluator answers. The evaluation below reads them the same way, asking for the answers.
 */
function readEventsAnswered(rules: RuleSet, claim: Claim, asOf: Day, tracing = false): EventsRead {
  const read = startReading(rules, claim, asOf, tracing, false);
  const { ctx, state, out } = read;
  for (const ev of ctx.claim.events) {
    const q = readEvent(ctx, state, ev, out);
    if (q) stepEvent(ctx, state, q.group.step, ev, q.group, answerCompiled(q), out);
  }
  accrue(ctx, state, asOf);
  return read;
}

/**
 * The evaluation as a generator that asks for its step conditions to be answered. `found`, when
 * given, receives the findings (what evaluateFindings returns) as soon as the events and the
 * interest are read, before the next steps and the salær: a caller that needs both reads them from
 * one evaluation.
 */
export function* evaluation(rules: RuleSet, claim: Claim, asOf: Day, tracing: boolean, found?: (findings: Findings) => void): Evaluation<Result> {
  // The events, as readEventsAnswered reads them, each step's question asked (in this generator
  // itself: a question passed up through a second one would cost a resumption more).
  const { ctx, state, out } = startReading(rules, claim, asOf, tracing, true);
  for (const ev of ctx.claim.events) {
    const q = readEvent(ctx, state, ev, out);
    if (!q) continue;
    const answers = yield q;
    stepEvent(ctx, state, q.group.step, ev, q.group, answers, out);
  }
  accrue(ctx, state, asOf);
  const prepared = ctx.claim;
  const m = mark(ctx);
  const interestTotal = roundedInterest(ctx, state, asOf);
  const interestUses = usedSince(ctx, m);
  // Nothing after this point adds a violation or a fee; the warnings are taken as they are now.
  found?.(findingsOf(claim, out, interestTotal, ctx));

  if (asOf < prepared.invoice) {
    ctx.warnings.set('as-of-before-invoice', { code: 'AS_OF_BEFORE_INVOICE', date: isoDate(asOf), message: `Vurderingsdatoen ${dato(asOf)} er før fakturadatoen ${dato(prepared.invoice)}: kravet fantes ikke da, så ingen renter, gebyrer eller hendelser er tatt med.` });
  }
  for (const ev of prepared.later) {
    ctx.warnings.set(`later|${ev.index}`, { code: 'EVENTS_AFTER_AS_OF', eventIndex: ev.index, date: ev.date, message: `Hendelsen «${EVENT_NAMES[ev.type] ?? ev.type}» ${dato(ev.day)} er etter ${dato(asOf)} og er ikke tatt med.` });
  }
  const blocked = blockedBy(ctx, state);
  if (!blocked) {
    const window = count(ctx, RULE_IDS.foreldelseVarsel, asOf);
    const left = state.foreldelse.date - asOf;
    if (!state.foreldelse.pending && left <= window) {
      ctx.warnings.set('foreldelse', { code: 'FORELDELSE_NEAR', date: isoDate(state.foreldelse.date), message: `Kravet foreldes etter ${dato(state.foreldelse.date)} (${dagerText(left)} igjen) med mindre foreldelsen avbrytes.` });
    }
  }
  const next = blocked ? [] : yield* nextSteps(ctx, state);
  const noNext = blocked ?? ladderEnded(state, next);
  let salaer: SalaerSummary | null = null;
  try {
    salaer = yield* salaerSummary(ctx, state);
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    rulesIncomplete(ctx, 'salær', e);
  }
  const barredInterest = timeBarredInterest(ctx, state, asOf);
  if (barredInterest > 0 && !timeBarredOn(state.foreldelse, asOf)) {
    ctx.warnings.set('interest-time-barred', { code: 'INTEREST_TIME_BARRED', date: isoDate(asOf), message: `Renter på ${kroner(barredInterest)} kr er foreldet: hver dags forsinkelsesrente foreldes tre år etter at den påløp (foreldelsesloven §§ 2 og 3), og kan ikke kreves.` });
  }
  return buildResult({ ctx, state, out, next, blocked: noNext, salaer, interestTotal, interestUses, tracing, barredInterest });
}

function asOfDay(asOf: string): Day {
  const d = parseIsoDate(asOf);
  if (d === undefined) throw new InputErrors([{ code: 'INVALID_AS_OF', pointer: '', message: `as-of date ${DATE_FORM}, not ${JSON.stringify(asOf)}${dateReason(asOf)}` }]);
  return d;
}

/**
 * Runs an evaluation, answering its questions with the compiled conditions. Reading a question's
 * facts can fail (a parameter with no value on the day): the error is thrown into the evaluation
 * at the question, where it is handled as if the facts had been read there (a candidate next step
 * is left out with a warning; an event's step stops the evaluation).
 */
function answered<T>(gen: Evaluation<T>): T {
  let step = gen.next();
  while (!step.done) {
    let answers: boolean[];
    try {
      answers = answerCompiled(step.value);
    } catch (e) {
      step = gen.throw(e);
      continue;
    }
    step = gen.next(answers);
  }
  return step.value;
}

/**
 * Evaluates a claim that has passed checkClaim (no second validation: for replays and other hot
 * paths). Throws EvaluationError when the rules lack a value the claim needs.
 */
export function evaluateClaim(rules: RuleSet, claim: Claim, options: EvaluateOptions): Result {
  return answered(evaluation(rules, claim, asOfDay(options.asOf), options.trace ?? true));
}

/** What a replay needs of a claim: its violations, fees and interest, in the engine's terms. */
export interface Findings {
  readonly claimId: string;
  readonly violations: readonly ViolationRecord[];
  readonly fees: readonly FeeRecord[];
  readonly interest: Ore;
  /** VALUE_UNCONFIRMED (a value with one source was used) and RULES_INCOMPLETE warnings. */
  readonly warnings: readonly Warning[];
}

const NO_WARNINGS: readonly Warning[] = Object.freeze([]);

/** The findings of events read, with the rounded interest, and the warnings given so far. */
function findingsOf(claim: Claim, out: Collected, interest: Ore, ctx: Context): Findings {
  return { claimId: claim.id, violations: out.violations, fees: out.fees, interest, warnings: ctx.warnings.size ? [...ctx.warnings.values()] : NO_WARNINGS };
}

/**
 * Evaluates only what happened (violations, fees against caps, interest), without next steps,
 * the salær summary or a result document: the replay's fast path. Same checks, same figures.
 */
export function evaluateFindings(rules: RuleSet, claim: Claim, asOf: Day): Findings {
  const { ctx, state, out } = readEventsAnswered(rules, claim, asOf);
  return findingsOf(claim, out, roundedInterest(ctx, state, asOf), ctx);
}

/**
 * The result (without trace unless asked) and the findings (evaluateFindings') of one
 * evaluation: for a replay that writes the ledger or compares rule sets, which needs the result
 * anyway, instead of reading the events a second time, and for a letter, whose warnings are those
 * of the events and the interest it states. Throws as evaluateClaim does.
 */
export function evaluateWithFindings(rules: RuleSet, claim: Claim, asOf: Day, trace = false): { readonly result: Result; readonly findings: Findings } {
  let findings: Findings | undefined;
  const result = answered(evaluation(rules, claim, asOf, trace, (f) => { findings = f; }));
  return { result, findings: findings! };
}

/**
 * The fees against their caps, each cap explained with the rule values it rests on (as the
 * result's trace explains /fees/N/cap), and the warnings the reading of the events gave: what
 * samlesak needs of a case's salær, without interest, next steps or a result document.
 */
export function evaluateFees(rules: RuleSet, claim: Claim, asOf: Day): { readonly fees: readonly FeeRecord[]; readonly warnings: readonly Warning[] } {
  const { ctx, out } = readEventsAnswered(rules, claim, asOf, true);
  return { fees: out.fees, warnings: [...ctx.warnings.values()] };
}

/**
 * Checks and evaluates a claim as of a date.
 * Throws InputErrors (bad claim or date) or EvaluationError (the rules lack a value it needs).
 * @example evaluate(rules, claim, { asOf: '2024-07-01' }).interest.total //=> '99.66'
 */
export function evaluate(rules: RuleSet, claim: unknown, options: EvaluateOptions): Result {
  checkArguments(rules, options);
  const checked = checkClaim(claim);
  if (!checked.ok) throw new InputErrors(checked.errors);
  return evaluateClaim(rules, checked.claim, options);
}

/**
 * What a caller from plain JavaScript can get wrong that TypeScript would have caught: a rule set
 * that is not one (a folder name), options left out or of the wrong type. Said in words, not as a
 * TypeError from deep inside the evaluation.
 */
function checkArguments(rules: unknown, options: unknown): void {
  if (typeof rules !== 'object' || rules === null || !((rules as Partial<RuleSet>).series instanceof Map)) {
    throw new TypeError(`evaluate: the first argument must be a rule set (loadRules() from 'inkassomotor/node', or parseRules().ruleSet), not ${describe(rules)}`);
  }
  const o = options as Partial<Record<keyof EvaluateOptions, unknown>> | null | undefined;
  const problems: InputError[] = [];
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    problems.push({ code: 'INVALID_OPTIONS', pointer: '', message: `options must be an object such as { asOf: '2024-07-01' }, not ${describe(o)}` });
  } else if (o.trace !== undefined && typeof o.trace !== 'boolean') {
    problems.push({ code: 'INVALID_OPTIONS', pointer: '', message: `options.trace must be true or false, not ${describe(o.trace)}` });
  }
  if (problems.length) throw new InputErrors(problems);
}

function describe(v: unknown): string {
  return v === undefined ? 'undefined' : typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'another object' : `${typeof v} ${String(v)}`;
}

/**
 * The same evaluation with the conditions answered by another evaluator (json-rules-engine in the
 * differential test and the benchmark). The claim must have passed checkClaim.
 */
export async function evaluateWith(rules: RuleSet, claim: Claim, options: EvaluateOptions, answer: (ask: Ask) => Promise<boolean[]>): Promise<Result> {
  const gen = evaluation(rules, claim, asOfDay(options.asOf), options.trace ?? true);
  let step = gen.next();
  while (!step.done) {
    let answers: boolean[];
    try {
      answers = await answer(step.value);
    } catch (e) {
      step = gen.throw(e);
      continue;
    }
    step = gen.next(answers);
  }
  return step.value;
}
