/**
 * The claim as it stands on a day while the events are read in order: letters sent and their
 * deadlines, lawful fee counts, what is owed in principal, costs and interest, disputes and
 * foreldelse. Facts for the step conditions are read from it.
 */
import type { Day } from '../calendar/index.ts';
import type { Ore } from '../money/index.ts';
import type { Entry, FeeCount } from '../rules/index.ts';
import type { Foreldelse } from './foreldelse.ts';

/** A letter's step event (purring, inkassovarsel, betalingsoppfordring, or any letter a step defines). */
export type LetterStep = string;

export interface LetterRecord {
  readonly index: number;
  readonly step: LetterStep;
  readonly sent: Day;
  /** The deadline the letter gave, in days (0 if none). */
  readonly deadlineDays: number;
  /** The last day of the deadline the debtor is entitled to (at least the statutory minimum), after the step's roll-forward policy. */
  readonly deadline: Day;
}

export interface InterestPeriod {
  from: Day;
  to: Day;
  base: Ore;
  rate: Entry;
  divisor: 365 | 366;
  divisorRule: Entry;
  /** Exact interest, as a numerator over INTEREST_DENOMINATOR. */
  exact: bigint;
}

export interface State {
  /** The last and the first letter of each step sent so far. */
  readonly last: Record<LetterStep, LetterRecord | undefined>;
  readonly first: Record<LetterStep, LetterRecord | undefined>;
  /** How many letters of each step were sent. */
  readonly sent: Record<LetterStep, number | undefined>;
  /** Letters whose deadline counts as a reminder's (purringer and inkassovarsler), for the longest missed deadline. */
  readonly reminders: LetterRecord[];
  lastFeeLetter?: LetterRecord;
  /** Lawful fees by what they count as (purregebyr, salaer …). */
  readonly counts: Record<FeeCount, number | undefined>;
  /** Allowed so far per step, for caps that apply to all charges of a step together (made on first use). */
  cumulative: Map<string, Ore> | undefined;
  /** Offset groups: compensation not yet used against costs, and costs charged so far (made on first use). */
  offsets: Map<string, { credit: Ore; costs: Ore }> | undefined;
  disputed: boolean;
  rettsligStarted: boolean;
  /** The day of the first legal step (rettslig inndriving, forliksklage, begjæring om utlegg), the point legal_step.sent. */
  firstLegalStep?: Day;
  /** The day the creditor wrote the claim off as lost (a write_off event), if it did. */
  writtenOff?: Day;
  /** Outstanding principal and lawful costs. */
  principal: Ore;
  costs: Ore;
  /** Lawful costs charged in all. */
  costsTotal: Ore;
  interestPaid: Ore;
  paid: Ore;
  overpaid: Ore;
  /** Exact interest accrued up to and including accruedTo. */
  interestExact: bigint;
  accruedTo: Day;
  readonly periods: InterestPeriod[];
  /** The day everything owed was paid, once it has been. */
  coveredDay?: Day;
  readonly foreldelse: Foreldelse;
}

export function initialState(principal: Ore, firstInterestDay: Day, foreldelse: Foreldelse): State {
  return {
    last: {},
    first: {},
    sent: {},
    reminders: [],
    counts: {},
    // Present from the start (undefined), so that every state has one shape.
    cumulative: undefined,
    offsets: undefined,
    disputed: false,
    rettsligStarted: false,
    principal,
    costs: 0,
    costsTotal: 0,
    interestPaid: 0,
    paid: 0,
    overpaid: 0,
    interestExact: 0n,
    accruedTo: firstInterestDay - 1,
    periods: [],
    foreldelse,
  };
}
