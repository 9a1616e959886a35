/**
 * A checked claim turned into the engine's terms: days instead of date strings, øre instead of
 * decimal strings, events in date order (same-day events in the order given) with their index in
 * the input, and the events after the as-of date set aside.
 */
import { day, type Day } from '../calendar/index.ts';
import { ore, type Ore } from '../money/index.ts';
import type { Claim, Event } from '../types.generated.ts';

export type Bucket = 'costs' | 'interest' | 'principal';

/** The buckets of a payment's order, as the Norwegian texts name them. */
export const BUCKET_NAMES: Readonly<Record<Bucket, string>> = { costs: 'kostnader', interest: 'renter', principal: 'hovedstol' };

export interface PreparedEvent {
  readonly index: number;
  readonly type: Event['type'];
  readonly day: Day;
  readonly date: string;
  /** The fee charged (letters, standardkompensasjon, salær); undefined when none is stated. */
  readonly fee: Ore | undefined;
  readonly deadlineDays: number | undefined;
  /** Interest the letter claimed. */
  readonly interest: Ore | undefined;
  /** A payment's amount. */
  readonly amount: Ore | undefined;
  /** The debtor's designation of what a payment covers. */
  readonly allocation: readonly Bucket[] | undefined;
  /** For a begjæring om utlegg: whether the creditor had a tvangsgrunnlag. */
  readonly tvangsgrunnlag: boolean | undefined;
  /** What a sent letter carried (its fields and stated figures), to check against rules/letters/. */
  readonly letter: { readonly fields: readonly string[]; readonly deadline: Day | undefined; readonly amount: Ore | undefined; readonly costs: Ore | undefined } | undefined;
}

export interface PreparedClaim {
  readonly id: string;
  readonly debtorKind: 'consumer' | 'business';
  readonly collection: 'egeninkasso' | 'fremmedinkasso';
  readonly vatRegistered: boolean;
  readonly principal: Ore;
  readonly interestBeforeDue: Ore;
  readonly invoice: Day;
  /** Forfall for the fee and step rules: the due date, or the day the written demand was sent. */
  readonly due: Day;
  /** For a claim without a due date fixed in advance: the day the written demand (påkrav) was sent. */
  readonly demand: Day | undefined;
  /** The day the goods or service were delivered, if given. */
  readonly delivery: Day | undefined;
  /** Whether the due date was agreed in advance (then foreldelse runs from it). */
  readonly dueAgreedInAdvance: boolean;
  /** Events on or before the as-of day, in date order. */
  readonly events: readonly PreparedEvent[];
  /** Events after the as-of day (ignored, reported as a warning). */
  readonly later: readonly PreparedEvent[];
}

type EventFields = Event & { fee?: string; deadlineDays?: number; interest?: string; amount?: string; allocation?: Bucket[]; tvangsgrunnlag?: boolean; letter?: { fields: string[]; deadline?: string; amount?: string; costs?: string } };

function prepareEvent(e: Event, index: number): PreparedEvent {
  // The event's own fields are read in one pass over its keys: events of a claim file have as
  // many shapes as combinations of optional fields, and reading each field by name would make
  // every read a lookup.
  let fee: Ore | undefined;
  let deadlineDays: number | undefined;
  let interest: Ore | undefined;
  let amount: Ore | undefined;
  let allocation: Bucket[] | undefined;
  let tvangsgrunnlag: boolean | undefined;
  let letter: EventFields['letter'];
  const x = e as EventFields;
  for (const key in x) {
    // Read by the loop's own key: V8 reads it from the position the loop already knows.
    const v = x[key as keyof EventFields];
    switch (key) {
      case 'fee': if (v !== undefined) fee = ore(v as string); break;
      case 'deadlineDays': deadlineDays = v as number | undefined; break;
      case 'interest': if (v !== undefined) interest = ore(v as string); break;
      case 'amount': if (v !== undefined) amount = ore(v as string); break;
      case 'allocation': allocation = v as Bucket[] | undefined; break;
      case 'tvangsgrunnlag': tvangsgrunnlag = v as boolean | undefined; break;
      case 'letter': letter = v as EventFields['letter']; break;
    }
  }
  // One object shape for every event, so the evaluation's reads stay monomorphic.
  return {
    index,
    type: e.type,
    day: day(e.date),
    date: e.date,
    fee,
    deadlineDays,
    interest,
    amount,
    allocation,
    tvangsgrunnlag,
    letter: letter ? { fields: letter.fields, deadline: letter.deadline !== undefined ? day(letter.deadline) : undefined, amount: letter.amount !== undefined ? ore(letter.amount) : undefined, costs: letter.costs !== undefined ? ore(letter.costs) : undefined } : undefined,
  };
}

const NONE: readonly PreparedEvent[] = [];

/** Prepares a claim that has passed checkClaim. */
export function prepareClaim(claim: Claim, asOf: Day): PreparedClaim {
  const sorted = claim.events.map(prepareEvent);
  // Stable sort: same-day events keep the order given. Most claims list their events in date
  // order already, and then nothing needs sorting.
  let inOrder = true;
  for (let i = 1; i < sorted.length && inOrder; i++) inOrder = sorted[i - 1]!.day <= sorted[i]!.day;
  if (!inOrder) sorted.sort((a, b) => a.day - b.day || a.index - b.index);
  // Events are in date order, so those up to the as-of day come first.
  let cut = sorted.length;
  while (cut > 0 && sorted[cut - 1]!.day > asOf) cut--;
  return {
    id: claim.id,
    debtorKind: claim.debtor.kind,
    collection: claim.collection,
    vatRegistered: claim.creditor.vatRegistered,
    principal: ore(claim.principal),
    interestBeforeDue: claim.interestBeforeDueDate !== undefined ? ore(claim.interestBeforeDueDate) : 0,
    invoice: day(claim.invoiceDate),
    due: day(claim.dueDate ?? claim.demandDate!),
    demand: claim.demandDate !== undefined ? day(claim.demandDate) : undefined,
    delivery: claim.deliveryDate !== undefined ? day(claim.deliveryDate) : undefined,
    dueAgreedInAdvance: claim.dueDate !== undefined && claim.dueDateAgreedInAdvance !== false,
    events: cut === sorted.length ? sorted : sorted.slice(0, cut),
    later: cut === sorted.length ? NONE : sorted.slice(cut),
  };
}
