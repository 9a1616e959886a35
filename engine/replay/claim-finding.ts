/**
 * What a replay reports for one claim: every violation found at its event's own date, what was
 * charged against what the law allowed, and the overcharged amount. Pure: the worker calls it for
 * each line, and the tests call it directly.
 *
 * The overcharged amount of a claim is Σ (charged − allowed) over its fees, plus the largest
 * amount by which a letter claimed more forsinkelsesrente than had lawfully accrued (letters state
 * the interest accrued up to their date, so a later letter's claim includes an earlier one's: the
 * excesses are not added up).
 */
import { isoDate, yearOf, type Day } from '../calendar/index.ts';
import { evaluateFindings, type FeeRecord, type Findings } from '../evaluate/index.ts';
import { formatAmount, type Ore } from '../money/index.ts';
import type { RuleSet, ViolationCode } from '../rules/index.ts';
import type { Claim } from '../types.generated.ts';

export interface FoundViolation {
  readonly code: ViolationCode;
  readonly eventIndex?: number | undefined;
  /** The event's type (purring, inkassovarsel, ...). */
  readonly event?: string | undefined;
  readonly date?: string | undefined;
  /** The fee charged on that event, and what was lawfully allowed (kroner). */
  readonly charged?: string | undefined;
  readonly allowed?: string | undefined;
  /** Interest claimed above the lawful interest (INTEREST_ABOVE_LAWFUL). */
  readonly excess?: string | undefined;
  readonly hjemmel: string;
  readonly rule: string;
  readonly message: string;
}

/** One line of the findings file. */
export type ClaimFinding =
  | {
      readonly line: number;
      readonly claimId: string;
      readonly status: 'ok' | 'violations';
      readonly asOf: string;
      readonly overcharged: string;
      readonly violations: readonly FoundViolation[];
      /** Values with a single source (status S) the evaluation used: "rule from date". */
      readonly unconfirmed?: readonly string[] | undefined;
    }
  | {
      readonly line: number;
      readonly claimId?: string;
      readonly status: 'malformed' | 'failed';
      readonly error: { readonly code: string; readonly message: string; readonly pointer?: string };
    };

/** The figures the summary adds up, in øre and days. */
export interface Contribution {
  readonly overchargedFees: Ore;
  readonly overchargedInterest: Ore;
  /** Overcharged øre and violations by calendar year of the event. */
  readonly byYear: ReadonlyMap<number, { violations: number; overcharged: Ore }>;
  readonly unconfirmed: readonly string[];
}

export interface Evaluated {
  readonly finding: ClaimFinding & { status: 'ok' | 'violations' };
  readonly contribution: Contribution;
}

/** Evaluates a checked claim as of a day and describes what it found. */
export function findClaim(rules: RuleSet, claim: Claim, asOf: Day, line: number): Evaluated {
  return describeFindings(claim, evaluateFindings(rules, claim, asOf), asOf, line);
}

const NONE: readonly never[] = [];

/**
 * "rule from date", written once for each value: the same few come up claim after claim, and the
 * same string each time is also what the tally counts them by.
 */
const labels = new Map<string, Map<string, string>>();
function unconfirmedLabel(rule: string, validFrom: string): string {
  let byDate = labels.get(rule);
  if (!byDate) labels.set(rule, (byDate = new Map()));
  let label = byDate.get(validFrom);
  if (label === undefined) byDate.set(validFrom, (label = `${rule} from ${validFrom}`));
  return label;
}

type ByYear = Map<number, { violations: number; overcharged: Ore }>;
const NO_YEARS: ReadonlyMap<number, { violations: number; overcharged: Ore }> = new Map();

/** Adds to a year's figures; the map is made on the first addition. */
function addYear(byYear: ByYear | undefined, d: Day, violations: number, overcharged: Ore): ByYear {
  const m = byYear ?? new Map();
  const y = yearOf(d);
  const e = m.get(y);
  if (e) {
    e.violations += violations;
    e.overcharged += overcharged;
  } else m.set(y, { violations, overcharged });
  return m;
}

/**
 * Written for the replay's hot path: no closures, objects of one shape (JSON.stringify leaves out
 * the undefined fields), and nothing allocated for the common lawful claim.
 */
export function describeFindings(claim: Claim, f: Findings, asOf: Day, line: number): Evaluated {
  let byYear: ByYear | undefined;
  let overchargedFees = 0;
  for (let i = 0; i < f.fees.length; i++) {
    const fee = f.fees[i]!;
    if (fee.charged > fee.allowed) {
      overchargedFees += fee.charged - fee.allowed;
      byYear = addYear(byYear, fee.day, 0, fee.charged - fee.allowed);
    }
  }
  let overchargedInterest = 0;
  let interestDay = asOf;
  let violations: readonly FoundViolation[] = NONE;
  if (f.violations.length) {
    const list: FoundViolation[] = [];
    for (let i = 0; i < f.violations.length; i++) {
      const v = f.violations[i]!;
      const d = v.day ?? asOf;
      byYear = addYear(byYear, d, 1, 0);
      if (v.excess !== undefined && v.excess > overchargedInterest) {
        overchargedInterest = v.excess;
        interestDay = d;
      }
      let fee: FeeRecord | undefined;
      if (v.eventIndex !== undefined) for (let j = 0; j < f.fees.length && !fee; j++) if (f.fees[j]!.eventIndex === v.eventIndex) fee = f.fees[j];
      list.push({
        code: v.code,
        eventIndex: v.eventIndex,
        event: v.eventIndex === undefined ? undefined : claim.events[v.eventIndex]!.type,
        date: v.day === undefined ? undefined : isoDate(v.day),
        charged: fee ? formatAmount(fee.charged) : undefined,
        allowed: fee ? formatAmount(fee.allowed) : undefined,
        excess: v.excess === undefined ? undefined : formatAmount(v.excess),
        hjemmel: v.hjemmel,
        rule: v.rule,
        message: v.message,
      });
    }
    violations = list;
  }
  if (overchargedInterest > 0) byYear = addYear(byYear, interestDay, 0, overchargedInterest);
  let unconfirmed: readonly string[] = NONE;
  if (f.warnings.length) {
    const list: string[] = [];
    for (const w of f.warnings) if (w.code === 'VALUE_UNCONFIRMED') list.push(unconfirmedLabel(w.rule!, w.validFrom!));
    unconfirmed = list;
  }
  return {
    finding: {
      line,
      claimId: claim.id,
      status: violations.length ? 'violations' : 'ok',
      asOf: isoDate(asOf),
      overcharged: formatAmount(overchargedFees + overchargedInterest),
      violations,
      unconfirmed: unconfirmed.length ? unconfirmed : undefined,
    },
    contribution: { overchargedFees, overchargedInterest, byYear: byYear ?? NO_YEARS, unconfirmed },
  };
}
