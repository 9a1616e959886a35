/**
 * What the evaluation collects while it reads the events, in the engine's terms (øre, days);
 * result.ts turns them into the result document.
 */
import type { Day } from '../calendar/index.ts';
import type { Ore } from '../money/index.ts';
import type { ViolationCode } from '../rules/index.ts';
import type { RuleUse } from './context.ts';
import type { Bucket } from './prepare.ts';

export interface FeeRecord {
  readonly eventIndex: number;
  readonly type: string;
  readonly day: Day;
  readonly charged: Ore;
  readonly cap: Ore;
  readonly allowed: Ore;
  readonly capExplanation: string;
  readonly capUses: readonly RuleUse[];
  readonly allowedExplanation: string;
  /** The rule values the allowed fee rests on beyond the cap's (the period after which the fee counts start again). */
  readonly allowedUses: readonly RuleUse[];
  readonly rule: string;
  /** Of what was lawful when charged, what later letters left out (COSTS_NOT_STATED): each letter's part, day and event. */
  readonly forfeited?: readonly { readonly amount: Ore; readonly day: Day; readonly eventIndex: number }[];
}

export interface ViolationRecord {
  readonly code: ViolationCode;
  readonly eventIndex?: number;
  readonly day?: Day;
  readonly message: string;
  readonly hjemmel: string;
  readonly rule: string;
  /** For interest claimed in a letter: how much more than the lawful interest it claimed. */
  readonly excess?: Ore;
  /** For costs a letter left out (COSTS_NOT_STATED): what the debtor no longer owes. */
  readonly forfeited?: Ore;
  /** For a step or fee that came too early or too late: its first or last lawful day. */
  readonly earliest?: Day;
  readonly latest?: Day;
  /** When tracing: how that day or excess came about, and the rule values it rests on. */
  readonly why?: string;
  readonly uses?: readonly RuleUse[];
}

export interface PaymentRecord {
  readonly eventIndex: number;
  readonly day: Day;
  readonly amount: Ore;
  readonly toCosts: Ore;
  readonly toInterest: Ore;
  readonly toPrincipal: Ore;
  readonly overpaid: Ore;
  readonly order: readonly Bucket[];
  /** Whether the order starts with the debtor's designation (the policy respects it). */
  readonly designated: boolean;
  /** What was owed in each bucket on the day, before the payment (interest accrued up to and including it). */
  readonly owed: { readonly costs: Ore; readonly interest: Ore; readonly principal: Ore };
  readonly uses: readonly RuleUse[];
}

export interface DeadlineRecord {
  readonly eventIndex: number;
  readonly type: string;
  readonly sent: Day;
  readonly deadlineDays: number;
  /** Sent + the longer of the given and the statutory deadline, before roll-forward. */
  readonly nominal: Day;
  readonly lastDay: Day;
  /** The step's deadline rule and its hjemmel. */
  readonly rule: string;
  readonly hjemmel: string;
  /** The statutory minimum and the roll-forward policy the last day rests on (when tracing). */
  readonly uses: readonly RuleUse[];
}

export interface Collected {
  /** Deadlines and payments are only kept for a result document (null on replay's findings path). */
  readonly deadlines: DeadlineRecord[] | null;
  readonly fees: FeeRecord[];
  readonly violations: ViolationRecord[];
  readonly payments: PaymentRecord[] | null;
}
