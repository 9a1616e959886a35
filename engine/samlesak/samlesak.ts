/**
 * Samlesaker: claims of the same creditor against the same debtor that an inkassoforetak must
 * collect as one case, so that salær is charged once, on the merged principal (inkassoloven § 17
 * first paragraph, "nødvendige kostnader"; unwritten law summarised in Finanstilsynet's rundskriv
 * 1/2018). Which claims are one case is the policy samlesak.sammenslaaing: today, fremmedinkasso
 * claims handed over together (the foretak's first betalingsoppfordring or salær charge on the
 * same day), with the same kind of debtor and creditor, none disputed while in collection.
 *
 * Each claim is evaluated as it stands (its lawful salær as a case of its own); the case is then
 * evaluated as one claim: the principals added up, every member's events in date order (the
 * letters' stated contents left out: each letter was checked with its own claim), the dates and
 * flags of the member with the largest lawful salær. What was lawful separately and exceeds what
 * is lawful as one case is the overcharge. Pure: the CLI reads the file, this works on claims.
 */
import { day, isoDate, type Day } from '../calendar/index.ts';
import { evaluateFees, evaluateFindings, EvaluationError, requireEntry, traceEntry } from '../evaluate/index.ts';
import { formatAmount, MAX_AMOUNT_KRONER, parseAmount, type Ore } from '../money/index.ts';
import type { Entry, RuleSet } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { asOfFor, type AsOfMode } from '../replay/claim-line.ts';
import { fnv1a } from '../replay/shard.ts';
import { HashCounts } from './hash-counts.ts';
import { InMemory, type LineOrdered } from '../replay/line-ordered.ts';

/** A candidate's key as a 32-bit hash, never 0 (which marks a line that is not a candidate). */
function keyHash(key: string): number {
  return fnv1a(key) || 1;
}

/** The policy that says which claims are one case. */
export const SAMLESAK_RULE = 'samlesak.sammenslaaing';

/** A claim read for the check, with its line in the input (or its position in a list). */
export interface SamlesakInput {
  readonly line: number;
  readonly claim: Claim;
}

/** Why a claim is not a candidate for a samlesak. */
export type NotCandidate = 'egeninkasso' | 'no_ids' | 'not_handed_over' | 'disputed' | 'policy_off';

export type Candidacy = { readonly key: string; readonly handedOver: Day; readonly asOf: Day } | { readonly not: NotCandidate };

export interface SamlesakMember {
  readonly line: number;
  readonly claimId: string;
  readonly principal: string;
  /** Salær charged on the claim, and what was lawful with the claim as a case of its own (kroner). */
  readonly salaerCharged: string;
  readonly salaerAllowed: string;
}

export interface Samlesak {
  readonly creditor: string;
  readonly debtor: string;
  /** The day the claims were handed over together: the first betalingsoppfordring or salær charge. */
  readonly handedOver: string;
  /** The as-of date the case was evaluated on: the latest of its members'. */
  readonly asOf: string;
  readonly claims: readonly SamlesakMember[];
  readonly principal: string;
  readonly salaerCharged: string;
  /** The lawful salær with each claim a case of its own, added up. */
  readonly salaerAllowedSeparately: string;
  /** The lawful salær of the one case the claims should have been. */
  readonly salaerAllowedTogether: string;
  /** salaerAllowedSeparately − salaerAllowedTogether, never below 0. */
  readonly overcharged: string;
  /** The member whose dates and flags the one case was evaluated with. */
  readonly evaluatedAs: string;
  /** The salær step's rule (its cap and hjemmel) and the policy the grouping rests on. */
  readonly rules: readonly string[];
  readonly hjemmel: string;
  /** How the one case's salær cap was worked out (rule ids, dated values, hjemmel); figure is the pointer in the one case's result. */
  readonly trace: Result['trace'];
  /** Values and choices with one source the one case's cap rests on (VALUE_UNCONFIRMED, CHOICE_UNCONFIRMED). */
  readonly warnings: Result['warnings'];
}

/** A claim (or a case) that could not be evaluated: its line, id and error. */
export interface SamlesakProblem {
  readonly line: number;
  readonly claimId?: string;
  readonly code: string;
  readonly message: string;
}

export interface SamlesakReport {
  readonly kind: 'inkassomotor.samlesak';
  readonly rulesVersion: string;
  /** The policy value the grouping rests on, as of the first hand-over checked (or none). */
  readonly rule: { readonly id: string; readonly value: string; readonly validFrom: string; readonly hjemmel: string; readonly status: string; readonly source: string } | null;
  readonly claimsRead: number;
  /** Claims that could be part of a samlesak: fremmedinkasso, both ids, handed over, not disputed. */
  readonly candidates: number;
  /** How many claims were left out, by reason. */
  readonly notCandidates: Readonly<Record<NotCandidate, number>>;
  /** Cases of two or more claims, each charged salær, where the salær came to more than one case's. */
  readonly samlesaker: readonly Samlesak[];
  /** Cases of two or more claims handed over together whose salær did not exceed one case's (or only one was charged salær). */
  readonly casesWithinCap: number;
  readonly overcharged: string;
  readonly problems: readonly SamlesakProblem[];
}

/** The report without its two lists, which may be too long to hold at once. */
export type SamlesakSummary = Omit<SamlesakReport, 'samlesaker' | 'problems'>;

/** What the finder found: the summary, and the cases and problems by line, to be read once. */
export interface SamlesakFound {
  readonly summary: SamlesakSummary;
  readonly samlesaker: LineOrdered<Samlesak>;
  readonly problems: LineOrdered<SamlesakProblem>;
}

/** Where the finder keeps the cases and problems it finds: in memory unless given. */
export interface SamlesakStores {
  readonly samlesaker?: LineOrdered<Samlesak>;
  readonly problems?: LineOrdered<SamlesakProblem>;
}

/**
 * The day the claim was with the inkassoforetak: its first betalingsoppfordring or salær charge,
 * whichever came first (a lett salær may be charged without a betalingsoppfordring).
 */
function handedOverOn(claim: Claim, asOf: string): string | undefined {
  let first: string | undefined;
  for (const e of claim.events) {
    if ((e.type === 'betalingsoppfordring' || e.type === 'salaer') && e.date <= asOf && (first === undefined || e.date < first)) first = e.date;
  }
  return first;
}

/**
 * Whether the claim was disputed on the hand-over day or after it (up to the as-of date): a
 * dispute resolved before it was handed over does not count.
 */
function disputedInCollection(claim: Claim, handedOver: string, asOf: string): boolean {
  const disputes = claim.events.filter((e) => (e.type === 'dispute' || e.type === 'dispute_resolved') && e.date <= asOf);
  // In date order; on the same day in the order given (the sort is stable).
  disputes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let open = false;
  for (const e of disputes) {
    if (e.date >= handedOver && (open || e.type === 'dispute')) return true;
    open = e.type === 'dispute';
  }
  return open;
}

function policyEntry(rules: RuleSet, d: Day): Entry {
  const series = rules.series.get(SAMLESAK_RULE);
  if (!series) throw new EvaluationError('RULE_VALUE_MISSING', SAMLESAK_RULE, d, `the rule set has no rule ${SAMLESAK_RULE} (rules/policies/samlesak/sammenslaaing.yaml), which says which claims are one case`);
  return requireEntry(series, d);
}

/**
 * Whether a claim can be part of a samlesak, and under which key: claims with the same key were
 * handed over together and are one case. Throws EvaluationError when the policy has no value on
 * the hand-over day.
 */
export function candidacy(rules: RuleSet, claim: Claim, mode: AsOfMode): Candidacy {
  if (claim.collection !== 'fremmedinkasso') return { not: 'egeninkasso' };
  const creditor = claim.creditor.id;
  const debtor = claim.debtor.id;
  if (creditor === undefined || debtor === undefined) return { not: 'no_ids' };
  const asOf = asOfFor(claim, mode);
  const asOfText = isoDate(asOf);
  const handedOver = handedOverOn(claim, asOfText);
  if (handedOver === undefined) return { not: 'not_handed_over' };
  // A claim disputed while in collection has another status than the others: it is not merged (C2 practice).
  if (disputedInCollection(claim, handedOver, asOfText)) return { not: 'disputed' };
  const handed = day(handedOver);
  const entry = policyEntry(rules, handed);
  if (entry.value.unit !== 'choice' || entry.value.choice !== 'samme_overforingsdag') return { not: 'policy_off' };
  return { key: JSON.stringify([creditor, debtor, claim.debtor.kind, claim.creditor.vatRegistered, handedOver]), handedOver: handed, asOf };
}

/** What the first reading learns of one line: a candidate's key hash, why it is not one, or a problem. */
export type FirstReading =
  | { readonly kind: 'candidate'; readonly hash: number; readonly handedOver: Day }
  | { readonly kind: 'not'; readonly not: NotCandidate }
  | { readonly kind: 'problem'; readonly problem: SamlesakProblem };

/** The first reading of a claim: whether it is a candidate, and under which hash. */
export function readFirst(rules: RuleSet, input: SamlesakInput, mode: AsOfMode): FirstReading {
  let c: Candidacy;
  try {
    c = candidacy(rules, input.claim, mode);
  } catch (e) {
    return { kind: 'problem', problem: problemOf(input, e) };
  }
  if ('not' in c) return { kind: 'not', not: c.not };
  return { kind: 'candidate', hash: keyHash(c.key), handedOver: c.handedOver };
}

const NOT_CANDIDATE: readonly NotCandidate[] = ['egeninkasso', 'no_ids', 'not_handed_over', 'disputed', 'policy_off'];
const PROBLEM = NOT_CANDIDATE.length + 1;

/**
 * The first reading of a batch of lines, in typed arrays that a worker thread hands over without
 * copying: for each line read, its number, a code (0 a candidate, 1-5 the reason it is not one, 6
 * a problem: the next of `problems`), and for a candidate its key hash and hand-over day.
 */
export interface FirstBatch {
  readonly count: number;
  readonly lines: Int32Array;
  readonly codes: Uint8Array;
  readonly hashes: Uint32Array;
  readonly handedOver: Int32Array;
  readonly problems: readonly SamlesakProblem[];
}

/** Collects the first reading of a batch's lines, in their order. */
export class FirstBatchBuilder {
  private count = 0;
  private lines: Int32Array;
  private codes: Uint8Array;
  private hashes: Uint32Array;
  private handedOver: Int32Array;
  private readonly problems: SamlesakProblem[] = [];

  constructor(expected = 1024) {
    const n = Math.max(16, expected);
    this.lines = new Int32Array(n);
    this.codes = new Uint8Array(n);
    this.hashes = new Uint32Array(n);
    this.handedOver = new Int32Array(n);
  }

  /** A line that is a claim, read for candidacy. */
  claim(rules: RuleSet, input: SamlesakInput, mode: AsOfMode): void {
    this.add(input.line, readFirst(rules, input, mode));
  }

  /** A line that is not a claim (malformed JSON, a schema error, not UTF-8). */
  unreadable(problem: SamlesakProblem): void {
    this.add(problem.line, { kind: 'problem', problem });
  }

  private add(line: number, r: FirstReading): void {
    if (this.count === this.lines.length) this.grow();
    const i = this.count++;
    this.lines[i] = line;
    if (r.kind === 'candidate') {
      this.codes[i] = 0;
      this.hashes[i] = r.hash;
      this.handedOver[i] = r.handedOver;
    } else if (r.kind === 'not') this.codes[i] = NOT_CANDIDATE.indexOf(r.not) + 1;
    else {
      this.codes[i] = PROBLEM;
      this.problems.push(r.problem);
    }
  }

  private grow(): void {
    const n = this.lines.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.lines = grown(this.lines, (k) => new Int32Array(k));
    this.codes = grown(this.codes, (k) => new Uint8Array(k));
    this.hashes = grown(this.hashes, (k) => new Uint32Array(k));
    this.handedOver = grown(this.handedOver, (k) => new Int32Array(k));
  }

  /** The batch read; the builder is not used after. */
  build(): FirstBatch {
    const n = this.count;
    return { count: n, lines: this.lines.slice(0, n), codes: this.codes.slice(0, n), hashes: this.hashes.slice(0, n), handedOver: this.handedOver.slice(0, n), problems: this.problems };
  }
}

interface Salaer {
  readonly charged: Ore;
  readonly allowed: Ore;
  readonly rule: string | undefined;
}

/** Salær charged on a claim and what was lawful, from its evaluation as of a day. */
function salaerOf(rules: RuleSet, claim: Claim, asOf: Day): Salaer {
  const f = evaluateFindings(rules, claim, asOf);
  let charged = 0;
  let allowed = 0;
  let rule: string | undefined;
  for (const fee of f.fees) {
    if (fee.type !== 'salaer') continue;
    charged += fee.charged;
    allowed += fee.allowed;
    rule = fee.rule;
  }
  return { charged, allowed, rule };
}

interface Together {
  readonly allowed: Ore;
  readonly trace: Result['trace'];
  readonly warnings: Result['warnings'];
}

/**
 * The one case's lawful salær, with the trace of its cap: its fees read once, traced, without the
 * rest of a result (interest, next steps, the document). The members' salær charges on one day
 * share one cap, traced once.
 */
function together(rules: RuleSet, claim: Claim, asOf: Day): Together {
  const { fees, warnings } = evaluateFees(rules, claim, asOf);
  let allowed = 0;
  const trace: Result['trace'][number][] = [];
  const seen = new Set<string>();
  fees.forEach((fee, i) => {
    if (fee.type !== 'salaer') return;
    allowed += fee.allowed;
    if (seen.has(fee.capExplanation)) return;
    seen.add(fee.capExplanation);
    trace.push(traceEntry(`/fees/${i}/cap`, formatAmount(fee.cap), fee.capExplanation, fee.capUses));
  });
  // The single-source values and choices the cap rests on (not those of the rest of the evaluation).
  const used = new Set(trace.flatMap((t) => t.rules.map((u) => u.id)));
  return {
    allowed,
    trace,
    warnings: warnings.filter((w) => (w.code === 'VALUE_UNCONFIRMED' || w.code === 'CHOICE_UNCONFIRMED') && w.rule !== undefined && used.has(w.rule)).map((w) => ({ ...w })),
  };
}

function problemOf(input: SamlesakInput, e: unknown): SamlesakProblem {
  if (e instanceof EvaluationError) return { line: input.line, claimId: input.claim.id, code: e.code, message: e.message };
  return { line: input.line, claimId: input.claim.id, code: 'INTERNAL', message: `internal error: ${(e as Error).message}` };
}

/**
 * The claims of one case evaluated as one claim: the principals (and interest before forfall)
 * added up, every member's events in date order without the letters' stated contents, and the
 * template's dates and flags; the invoice date is the earliest member's.
 */
export function mergedClaim(template: Claim, members: readonly Claim[]): Claim {
  let principal = 0;
  let interestBefore = 0;
  let invoiceDate = template.invoiceDate;
  const events: Claim['events'][number][] = [];
  for (const c of members) {
    principal += parseAmount(c.principal)!;
    if (c.interestBeforeDueDate !== undefined) interestBefore += parseAmount(c.interestBeforeDueDate)!;
    if (c.invoiceDate < invoiceDate) invoiceDate = c.invoiceDate;
    for (const e of c.events) {
      if (!('letter' in e)) {
        events.push(e);
        continue;
      }
      const { letter: _stated, ...rest } = e as typeof e & { letter?: unknown };
      events.push(rest as typeof e);
    }
  }
  // Stable: on the same day, the members' events keep their order.
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    ...template,
    principal: formatAmount(principal),
    ...(interestBefore > 0 ? { interestBeforeDueDate: formatAmount(interestBefore) } : {}),
    invoiceDate,
    events,
  };
}

type CaseOutcome = { readonly samlesak: Samlesak; readonly overcharged: Ore } | { readonly withinCap: true } | { readonly failed: true };

/** Evaluates one case of two or more claims handed over together. */
export function evaluateCase(rules: RuleSet, members: readonly SamlesakInput[], mode: AsOfMode, problems: { push(p: SamlesakProblem): void }): CaseOutcome {
  const evaluated: { input: SamlesakInput; asOf: Day; salaer: Salaer }[] = [];
  for (const input of members) {
    const asOf = asOfFor(input.claim, mode);
    try {
      evaluated.push({ input, asOf, salaer: salaerOf(rules, input.claim, asOf) });
    } catch (e) {
      problems.push(problemOf(input, e));
    }
  }
  if (evaluated.filter((m) => m.salaer.charged > 0).length < 2) return { withinCap: true };
  let template = evaluated[0]!;
  let asOf = template.asOf;
  let separately = 0;
  let charged = 0;
  let principal = 0;
  let interestBefore = 0;
  for (const m of evaluated) {
    if (m.salaer.allowed > template.salaer.allowed) template = m;
    if (m.asOf > asOf) asOf = m.asOf;
    separately += m.salaer.allowed;
    charged += m.salaer.charged;
    principal += parseAmount(m.input.claim.principal)!;
    if (m.input.claim.interestBeforeDueDate !== undefined) interestBefore += parseAmount(m.input.claim.interestBeforeDueDate)!;
  }
  // The one case must still be a claim the engine reads exactly: each of its amounts at most
  // 9 999 999 999.99 kr, as for any claim.
  const largest = Math.max(principal, interestBefore);
  if (largest > MAX_AMOUNT_KRONER * 100 + 99) {
    problems.push({ line: template.input.line, claimId: template.input.claim.id, code: 'CASE_TOO_LARGE', message: `the ${evaluated.length} claims handed over together on ${handedOverOn(template.input.claim, isoDate(asOf))} come to ${formatAmount(largest)} kr ${largest === principal ? 'in principal' : 'in interest before forfall'}, more than one claim may have (${MAX_AMOUNT_KRONER}.99 kr); not evaluated as one case` });
    return { failed: true };
  }
  let one: Together;
  try {
    one = together(rules, mergedClaim(template.input.claim, evaluated.map((m) => m.input.claim)), asOf);
  } catch (e) {
    problems.push(problemOf(template.input, e));
    return { failed: true };
  }
  const over = separately - one.allowed;
  if (over <= 0) return { withinCap: true };
  const claim = template.input.claim;
  return {
    overcharged: over,
    samlesak: {
      creditor: claim.creditor.id!,
      debtor: claim.debtor.id!,
      handedOver: handedOverOn(claim, isoDate(asOf))!,
      asOf: isoDate(asOf),
      claims: evaluated.map((m) => ({
        line: m.input.line,
        claimId: m.input.claim.id,
        principal: formatAmount(parseAmount(m.input.claim.principal)!),
        salaerCharged: formatAmount(m.salaer.charged),
        salaerAllowed: formatAmount(m.salaer.allowed),
      })),
      principal: formatAmount(principal),
      salaerCharged: formatAmount(charged),
      salaerAllowedSeparately: formatAmount(separately),
      salaerAllowedTogether: formatAmount(one.allowed),
      overcharged: formatAmount(over),
      evaluatedAs: claim.id,
      rules: [template.salaer.rule ?? 'steps.salaer', SAMLESAK_RULE],
      hjemmel: 'inkassoloven § 17 første ledd; inkassoforskriften kapittel 2; ulovfestet (Finanstilsynets rundskriv 1/2018)',
      trace: one.trace,
      warnings: one.warnings,
    },
  };
}

/**
 * Finds samlesaker in two passes over the same claims in the same order, so that a file of
 * millions of claims is never held: the first pass counts the candidates under a 32-bit hash of
 * their key (HashCounts: 8 bytes a slot); the second keeps only the claims of hashes counted twice
 * or more, grouped by their full key (a hash may stand for more than one key), and evaluates a
 * hash's cases as soon as its last claim has been read. The cases and problems found go to the
 * stores given (the CLI's are files), to be listed by line when the report is written. The first
 * pass also keeps each line's hash (4 bytes a line), so that the second needs to read again only
 * the lines that `wanted` answers true for: the claims of hashes counted twice or more.
 */
export class SamlesakFinder {
  private readonly counts = new HashCounts();
  /** Each line's key hash from the first pass; 0 for a line that is not a candidate. */
  private hashes = new Uint32Array(1 << 12);
  private readonly open = new Map<number, { remaining: number; readonly byKey: Map<string, SamlesakInput[]> }>();
  private readonly problems: LineOrdered<SamlesakProblem>;
  private readonly not: Record<NotCandidate, number> = { egeninkasso: 0, no_ids: 0, not_handed_over: 0, disputed: 0, policy_off: 0 };
  private readonly found: LineOrdered<Samlesak>;
  private withinCap = 0;
  /** Øre overcharged in all the cases found. */
  private overcharged = 0;
  private entry: Entry | undefined;
  private read = 0;
  private candidates = 0;

  private readonly rules: RuleSet;
  private readonly mode: AsOfMode;

  constructor(rules: RuleSet, mode: AsOfMode, stores: SamlesakStores = {}) {
    this.rules = rules;
    this.mode = mode;
    this.found = stores.samlesaker ?? new InMemory();
    this.problems = stores.problems ?? new InMemory();
  }

  private problem(p: SamlesakProblem): void {
    this.problems.push(p.line, p);
  }

  /** First pass: every claim read. */
  consider(input: SamlesakInput): void {
    const r = readFirst(this.rules, input, this.mode);
    if (r.kind === 'candidate') this.candidate(input.line, r.hash, r.handedOver);
    else if (r.kind === 'not') {
      this.read++;
      this.not[r.not]++;
    } else this.unreadable(r.problem);
  }

  /**
   * First pass: the lines of a batch read elsewhere (a worker thread, FirstBatchBuilder), taken
   * in the file's order, exactly as consider and unreadable would have taken them.
   */
  takeBatch(b: FirstBatch): void {
    let p = 0;
    for (let i = 0; i < b.count; i++) {
      const code = b.codes[i]!;
      if (code === 0) this.candidate(b.lines[i]!, b.hashes[i]!, b.handedOver[i]!);
      else if (code === PROBLEM) this.unreadable(b.problems[p++]!);
      else {
        this.read++;
        this.not[NOT_CANDIDATE[code - 1]!]++;
      }
    }
  }

  private candidate(line: number, h: number, handedOver: Day): void {
    this.read++;
    this.candidates++;
    this.entry ??= policyEntry(this.rules, handedOver);
    this.counts.add(h);
    if (line >= this.hashes.length) {
      const grown = new Uint32Array(Math.max(this.hashes.length * 2, line + 1));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[line] = h;
  }

  /**
   * Second pass: whether the claim on a line can be part of a case (its hash was counted twice or
   * more in the first). Lines it says no for need not be read again: revisit would pass them by.
   */
  wanted(line: number): boolean {
    const h = line < this.hashes.length ? this.hashes[line]! : 0;
    return h !== 0 && (this.open.has(h) || this.counts.get(h) >= 2);
  }

  /** First pass: a line that is not a claim (malformed JSON, a schema error). */
  unreadable(problem: SamlesakProblem): void {
    this.read++;
    this.problem(problem);
  }

  /** Second pass: every claim again, in the same order. */
  revisit(input: SamlesakInput): void {
    let c: Candidacy;
    try {
      c = candidacy(this.rules, input.claim, this.mode);
    } catch {
      return; // said in the first pass
    }
    if ('not' in c) return;
    const h = keyHash(c.key);
    let group = this.open.get(h);
    if (group === undefined) {
      const n = this.counts.get(h);
      if (n < 2) return;
      // Spent: a claim of this hash coming after its group was evaluated (the input changed between the passes) is left out.
      this.counts.spend(h);
      this.open.set(h, (group = { remaining: n, byKey: new Map() }));
    }
    const members = group.byKey.get(c.key);
    if (members) members.push(input);
    else group.byKey.set(c.key, [input]);
    if (--group.remaining === 0) {
      this.open.delete(h);
      this.close(group.byKey);
    }
  }

  private close(byKey: ReadonlyMap<string, readonly SamlesakInput[]>): void {
    const problems = { push: (p: SamlesakProblem) => this.problem(p) };
    for (const members of byKey.values()) {
      if (members.length < 2) continue;
      const outcome = evaluateCase(this.rules, members, this.mode, problems);
      if ('samlesak' in outcome) {
        this.found.push(outcome.samlesak.claims[0]!.line, outcome.samlesak);
        this.overcharged += outcome.overcharged;
      }
      else if ('withinCap' in outcome) this.withinCap++;
    }
  }

  /**
   * The end of the second pass: the summary, and the cases and problems found. Cases whose last
   * claim did not come back (the input changed between the passes) are evaluated with what came.
   */
  finish(): SamlesakFound {
    for (const group of this.open.values()) this.close(group.byKey);
    this.open.clear();
    const e = this.entry;
    return {
      summary: {
        kind: 'inkassomotor.samlesak',
        rulesVersion: this.rules.version,
        rule: e ? { id: SAMLESAK_RULE, value: e.text, validFrom: isoDate(e.from), hjemmel: e.hjemmel, status: e.status, source: e.source } : null,
        claimsRead: this.read,
        candidates: this.candidates,
        notCandidates: { ...this.not },
        casesWithinCap: this.withinCap,
        overcharged: formatAmount(this.overcharged),
      },
      samlesaker: this.found,
      problems: this.problems,
    };
  }

  /** The whole report, its lists held in memory. */
  report(): SamlesakReport {
    const { summary, samlesaker, problems } = this.finish();
    return { ...summary, samlesaker: [...samlesaker.ordered()], problems: [...problems.ordered()] };
  }
}

/**
 * The samlesaker among claims held in memory (each checked, with checkClaim): for integrators who
 * have them as objects. Lines are positions in the list, from 1.
 */
export function findSamlesaker(rules: RuleSet, claims: readonly Claim[], mode: AsOfMode = { kind: 'event' }): SamlesakReport {
  const finder = new SamlesakFinder(rules, mode);
  claims.forEach((claim, i) => finder.consider({ line: i + 1, claim }));
  claims.forEach((claim, i) => finder.revisit({ line: i + 1, claim }));
  return finder.report();
}
