/**
 * The rule set as the engine holds it after loading: every dated series (parameters and policies)
 * with parsed values, and every step with its conditions compiled. Built once from the files; a
 * claim's evaluation only reads it.
 */
import type { Day } from '../calendar/index.ts';
import type { Condition } from '../conditions/index.ts';
import type { Ore, Rational } from '../money/index.ts';

export type Status = 'P' | 'C2' | 'S' | 'policy';

/** Where a rule or value was written, for messages and the editor. */
export interface Origin {
  readonly file: string;
  readonly pointer: string;
  readonly line: number;
  readonly col: number;
}

export interface Bracket {
  /** Upper limit in øre, inclusive; Infinity for the last bracket. */
  readonly upTo: number;
  readonly rates: Readonly<Record<string, Rational>>;
}

/** A parsed value, by unit. */
export type Value =
  | { readonly unit: 'NOK'; readonly ore: Ore; readonly exact: Rational }
  | { readonly unit: 'percent'; readonly micros: number; readonly exact: Rational }
  | { readonly unit: 'fraction' | 'factor'; readonly exact: Rational }
  | { readonly unit: 'days' | 'months' | 'years' | 'count'; readonly count: number; readonly exact: Rational }
  | { readonly unit: 'scale'; readonly brackets: readonly Bracket[] }
  | { readonly unit: 'choice'; readonly choice: string };

export interface Entry {
  readonly from: Day;
  /** Last day, inclusive; Infinity while in force until further notice. */
  readonly to: Day;
  readonly value: Value;
  /** The value as written in the file ("1/20", "12.25", a choice). */
  readonly text: string;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: Status;
  readonly note?: string | undefined;
  /** For policies: why this choice. */
  readonly reason?: string | undefined;
  readonly origin: Origin;
}

export interface Gap {
  readonly from: Day;
  readonly to: Day;
  readonly reason: string;
  readonly origin: Origin;
}

export type SeriesUnit = Value['unit'];

/** A parameter or policy: a dated series of values. */
export interface Series {
  readonly id: string;
  readonly kind: 'parameter' | 'policy';
  readonly unit: SeriesUnit;
  /** Its name as an officer says it (the id when the file gives none). */
  readonly title: string;
  readonly description: string;
  readonly continuous: boolean;
  readonly entries: readonly Entry[];
  readonly gaps: readonly Gap[];
  /** For a scale: its columns. For a policy with choices: the choices and what they mean. */
  readonly columns?: readonly string[] | undefined;
  readonly band?: string | undefined;
  readonly choices?: Readonly<Record<string, string>> | undefined;
  readonly file: string;
}

/** A whole number, or a parameter's value on the day of the event. */
export type CountRef = { readonly count: number } | { readonly parameter: string };

export interface Period {
  readonly unit: 'days' | 'months' | 'years';
  readonly amount: CountRef;
}

/**
 * A point in the claim's timeline, as a rule file writes it: `forfall`; `<event>.sent` or
 * `<event>.deadline` (the last letter of that step before the day: `inkassovarsel.deadline`);
 * `first_<event>.sent|deadline` (the first such letter); `last_fee_letter.sent|deadline`;
 * `legal_step.sent` (the first legal step: rettslig inndriving, forliksklage, begjæring om utlegg).
 * Any step event can be named, so a new kind of letter needs no new code.
 */
export type Point = string;

export type PointRef =
  | { readonly kind: 'forfall' }
  | { readonly kind: 'letter'; readonly event: string; readonly which: 'first' | 'last'; readonly at: 'sent' | 'deadline' }
  | { readonly kind: 'last_fee_letter'; readonly at: 'sent' | 'deadline' }
  | { readonly kind: 'legal_step' };

const POINT = /^(?:(forfall)|last_fee_letter\.(sent|deadline)|(legal_step\.sent)|(first_)?([a-z][a-z_]*)\.(sent|deadline))$/;

/** A point's meaning, or undefined when it is not a point. */
export function parsePoint(point: string): PointRef | undefined {
  const m = POINT.exec(point);
  if (!m) return undefined;
  if (m[1]) return { kind: 'forfall' };
  if (m[2]) return { kind: 'last_fee_letter', at: m[2] as 'sent' | 'deadline' };
  if (m[3]) return { kind: 'legal_step' };
  return { kind: 'letter', event: m[5]!, which: m[4] ? 'first' : 'last', at: m[6] as 'sent' | 'deadline' };
}

/** A date relative to a point: at least / more than / within a period after it. */
export interface DatePoint {
  readonly point: Point;
  readonly ref: PointRef;
  readonly relation: 'at_least' | 'more_than' | 'within';
  readonly period: Period;
}

export type ViolationCode =
  | 'FEE_TOO_EARLY' | 'FEE_ABOVE_CAP' | 'FEE_NOT_ALLOWED' | 'TOO_MANY_FEES'
  | 'STEP_TOO_EARLY' | 'STEP_TOO_LATE' | 'DEADLINE_TOO_SHORT'
  | 'MISSING_INKASSOVARSEL' | 'MISSING_BETALINGSOPPFORDRING'
  | 'STEP_WHILE_DISPUTED' | 'STEP_AFTER_PAYMENT' | 'CLAIM_TIME_BARRED'
  | 'STANDARDKOMPENSASJON_NOT_ALLOWED' | 'PURREGEBYR_AND_STANDARDKOMPENSASJON'
  | 'SALAER_TOO_EARLY' | 'SALAER_ABOVE_CAP' | 'SALAER_NOT_ALLOWED' | 'INTEREST_ABOVE_LAWFUL'
  | 'STEP_NOT_ALLOWED' | 'LETTER_MISSING_CONTENT' | 'LETTER_WRONG_FIGURE' | 'COSTS_NOT_STATED';

export type DebtorKind = 'consumer' | 'business';

/** What is reported when a requirement fails. */
export interface Finding {
  readonly code: ViolationCode;
  readonly hjemmel: string;
  readonly message: string;
  readonly origin: Origin;
  /** Where the message is written (its placeholders are checked). */
  readonly messageOrigin: Origin;
}

/** Where each fact a condition reads is written, for messages about an unknown fact. */
export type FactOrigins = readonly { readonly fact: string; readonly origin: Origin }[];

/** A condition in a rule file, with where each fact it reads is written. */
export interface RuleCondition {
  readonly condition: Condition;
  readonly factOrigins: FactOrigins;
}

export type Requirement = Finding & (
  /** `debtor`: the date applies only to claims against this kind of debtor. */
  | { readonly kind: 'earliest'; readonly when: DatePoint; readonly debtor?: DebtorKind | undefined }
  /** `unless`: the latest date does not apply when this condition holds on the day. */
  | { readonly kind: 'latest'; readonly when: DatePoint; readonly unless?: RuleCondition | undefined; readonly debtor?: DebtorKind | undefined }
  /** `voids`: a letter whose condition fails does not count as sent (as one sent before its earliest date). */
  | { readonly kind: 'conditions'; readonly condition: Condition; readonly factOrigins: FactOrigins; readonly voids?: true | undefined }
  | { readonly kind: 'interest' }
);

export type Anchor = 'forfall' | 'day_after_forfall' | 'sent' | 'covered';

/** The day an anchor names, as the Norwegian texts say it ("lest på dagen brevet sendes"). */
export const ANCHOR_TEXT: Readonly<Record<Anchor, string>> = { forfall: 'forfallsdagen', day_after_forfall: 'dagen etter forfall', sent: 'dagen brevet sendes', covered: 'dagen kravet dekkes' };

/** Why a factor reads its value on its anchor date, when that choice rests on fewer than two sources. */
export interface AnchorBasis {
  readonly status: 'P' | 'C2' | 'S' | 'policy';
  readonly source: string;
}

export type Factor =
  | { readonly kind: 'parameter'; readonly parameter: string; readonly anchor: Anchor; readonly anchorBasis?: AnchorBasis | undefined; readonly when?: RuleCondition | undefined }
  | {
      readonly kind: 'scale';
      readonly scale: string;
      readonly anchor: Anchor;
      readonly anchorBasis?: AnchorBasis | undefined;
      readonly band: 'principal' | 'principal_and_interest_before_forfall';
      readonly defaultColumn: string;
      readonly switches: readonly { readonly column: string; readonly from: DatePoint }[];
      readonly when?: RuleCondition | undefined;
    };

/** What a lawful fee counts as, for the limits on how many a claim may carry (purregebyr, salaer …). */
export type FeeCount = string;

/**
 * Fee counts that start again: a letter sent on or after `after` (more than six months after the
 * last letter with a lawful fee) reads the `counts` as zero, and its lawful fee is the first of a
 * new series.
 */
export interface CountReset {
  readonly after: DatePoint;
  readonly counts: readonly FeeCount[];
  readonly hjemmel: string;
  /** Where `after` is written, and each of the counts. */
  readonly origin: Origin;
  readonly countOrigins: readonly Origin[];
}

export interface Fee {
  /** Every count a lawful fee of this step adds one to (an inkassovarsel's fee is also a purregebyr). */
  readonly countsAs: readonly FeeCount[];
  readonly factors: readonly Factor[];
  readonly round: { readonly policy: string; readonly anchor: Anchor };
  readonly requires: readonly Requirement[];
  /** The counts that start again from zero for a letter sent on or after a date (inkassoforskriften § 1-3 annet ledd). */
  readonly countReset?: CountReset | undefined;
  readonly aboveCap: Finding;
  /** The cap applies to all charges of this step together (salær charged in parts). */
  readonly cumulative: boolean;
  readonly offset?: (Finding & { readonly group: string; readonly role: 'compensation' | 'cost' }) | undefined;
}

export interface Deadline extends Finding {
  readonly minimum: Period;
  readonly rollForwardPolicy: string;
}

/** The claim event type a step governs (purring, inkassovarsel, forliksklage, a new kind of letter …). */
export type StepEvent = string;

/** What a step does to foreldelse (foreldelsesloven §§ 15-17): nothing, or it interrupts it. */
export interface ForeldelseEffect {
  /** avbryter: a new period from the step; med_tvangsgrunnlag: only when the event states a tvangsgrunnlag; mens_saken_verserer: no deadline runs while the case is pending (until a judgment). */
  readonly effect: 'avbryter' | 'avbryter_med_tvangsgrunnlag' | 'avbryter_mens_saken_verserer';
  readonly hjemmel: string;
}

export interface Step {
  /** The file name without its number: betalingsoppfordring, rettslig_inndriving. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly event: StepEvent;
  readonly ladder?: number | undefined;
  readonly repeatable: boolean;
  /** A letter (the step gives a payment deadline): its sending and deadline are points of the timeline. */
  readonly letter: boolean;
  /** A letter whose missed deadline counts for missedDeadlineDays (purring, inkassovarsel; not a betalingsoppfordring). */
  readonly reminder: boolean;
  /** Legal collection (forliksklage, utlegg …): sets rettsligInndrivingStarted. */
  readonly legal: boolean;
  /** Offered on its own among the next steps (false for a specific form of a step the ladder offers). */
  readonly nextStep: boolean;
  readonly foreldelse?: ForeldelseEffect | undefined;
  /** The legal regime the step belongs to (rules/regimes/<id>.yaml). */
  readonly regime?: string | undefined;
  readonly validFrom: Day;
  readonly validTo: Day;
  readonly hjemmel: string;
  readonly requires: readonly Requirement[];
  readonly deadline?: Deadline | undefined;
  readonly fee?: Fee | undefined;
  readonly letterContent: readonly { readonly text: string; readonly hjemmel: string }[];
  readonly file: string;
}

/** A legal regime (rules/regimes/<id>.yaml): the steps that name it apply within its dates. */
export interface Regime {
  readonly id: string;
  readonly title: string;
  readonly law: string;
  /** Undefined while the in-force date is not set. */
  readonly validFrom: Day | undefined;
  readonly validTo: Day;
  readonly status: string;
  readonly source: string;
  readonly file: string;
  readonly origin: Origin;
}

/** rules/horisont.yaml: the last day the rules have been reviewed for. */
export interface Review {
  readonly reviewedThrough: Day;
  readonly reviews: readonly { readonly reviewedThrough: Day; readonly reviewedOn: Day; readonly note: string }[];
  readonly file: string;
}

export interface Topic {
  readonly folder: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
  readonly file: string;
}

/** One rule file as given to the loader. */
export interface RuleSource {
  /** Path relative to the rules folder, with forward slashes: parameters/rente/forsinkelsesrente.yaml. */
  readonly path: string;
  readonly text: string;
}

/** A figure a letter prints from the evaluation (schemas/letter.schema.json). */
export type LetterFigure = 'creditor' | 'debtor' | 'claim' | 'principal' | 'interest' | 'interest-rate' | 'fees' | 'fee' | 'payments' | 'amount-due' | 'deadline' | 'sent';

export type LetterConsequence = 'none' | 'no-fee' | 'not-this-step';

export interface LetterField {
  readonly id: string;
  /** What the law asks the field to say, in the law's words. */
  readonly title: string;
  /** For a figure: what the letter prints beside it, in the debtor's words (the title when not given). */
  readonly label?: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly text?: string;
  readonly figure?: LetterFigure;
  readonly check?: 'deadline-at-least-lawful' | 'amount-at-most-lawful';
  readonly hjemmel: string;
  readonly source?: string;
  readonly status?: Status;
  readonly consequence: LetterConsequence;
  readonly only?: 'egeninkasso' | 'fremmedinkasso';
  readonly note?: string;
  readonly origin: Origin;
  /** Where the text the letter prints of the field is: its label, title or text (build.ts printedKey). */
  readonly printedOrigin: Origin;
}

/** What one kind of letter must and should carry, over a period (rules/letters/<name>.yaml). */
export interface LetterRule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The step event the letter is, or kravspesifikasjon. */
  readonly letter: string;
  readonly regime?: string;
  readonly validFrom: Day;
  readonly validTo: Day;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: Status;
  readonly fields: readonly LetterField[];
  /**
   * The letter must state every collection cost owed on its day (a betalingsoppfordring): what a
   * sent letter's record shows it left out can no longer be claimed.
   */
  readonly exhaustive?: { readonly title: string; readonly hjemmel: string; readonly source: string; readonly status: Status };
  readonly file: string;
  /** Where the file's title is (the first line of the file when it has none), and its hjemmel. */
  readonly origin: Origin;
  readonly hjemmelOrigin: Origin;
}

export interface RuleSet {
  /** SHA-256 (hex) of every rule file's path and text. */
  readonly version: string;
  readonly series: ReadonlyMap<string, Series>;
  readonly steps: readonly Step[];
  readonly topics: readonly Topic[];
  readonly regimes: ReadonlyMap<string, Regime>;
  /** What letters must carry (rules/letters/), oldest first per letter. */
  readonly letters: readonly LetterRule[];
  /** The review horizon, when the rule set declares one (rules/horisont.yaml). */
  readonly review: Review | undefined;
  /** The files the set was built from, sorted by path (the editor and the hash read them). */
  readonly sources: readonly RuleSource[];
}
