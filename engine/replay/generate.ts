/**
 * A seeded generator of realistic claim histories for benchmarks and tests: consumer and business
 * debtors, egeninkasso and fremmedinkasso, purring, inkassovarsel, betalingsoppfordring, salær,
 * standardkompensasjon, part and full payments, disputes, acknowledgments, legal collection
 * (rettslig inndriving, forliksklage with or without a dom, begjæring om utlegg, with the
 * rettsgebyr where the rules know it) and betalingsanmerkninger, on dates the bundled rules
 * cover. Each history is lawful by construction (fees at their caps, sent when the law allows); a
 * chosen share then gets one deliberate violation, recorded with every finding it must cause, so
 * that a replay can be checked to find exactly the planted violations. Another share, when asked
 * for, is handed over together with copies of itself: planted samlesaker, with the salær one case
 * allows, for `inkasso samlesak` to find.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { day, isoDate, nextWorkingDay, isWorkingDay, type Day } from '../calendar/index.ts';
import { EvaluationError, feeCapFor } from '../evaluate/index.ts';
import { entryAt } from '../evaluate/index.ts';
import { formatAmount, ore, type Ore } from '../money/index.ts';
import type { RuleSet, StepEvent, ViolationCode } from '../rules/index.ts';
import type { Claim, Event } from '../types.generated.ts';

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** Share of claims that get one deliberate violation (default 0.25). */
  readonly violationShare?: number;
  /** Range of due dates (default 2021-07-01 … 2026-06-30, where every rule has values). */
  readonly firstDue?: string;
  readonly lastDue?: string;
  /** No event after this day (default 2026-12-31, the last known forsinkelsesrente). */
  readonly lastDay?: string;
  /**
   * Share of claims handed to the inkassoforetak together with one or two others of the same
   * creditor and debtor, each charged salær: planted samlesaker (default 0: none, and no
   * creditor or debtor ids, so the claims are those of earlier versions). With a share above 0
   * every claim names its creditor (one of 200) and its debtor.
   */
  readonly samlesakShare?: number;
}

export interface PlantedViolation {
  readonly code: ViolationCode;
  readonly eventIndex: number;
}

export interface GeneratedClaim {
  readonly claim: Claim;
  readonly asOf: string;
  /** The violations a correct evaluation must report, and no others. */
  readonly planted: readonly PlantedViolation[];
  /** Which violation was planted ('none' for a lawful history). */
  readonly kind: PlantKind | 'none';
  /**
   * On the last claim of a planted samlesak: the case, as `inkasso samlesak` must report it as of
   * each claim's last event (its default; a later --as-of can read a later year's inkassosats).
   */
  readonly samlesak?: PlantedSamlesak;
}

export interface PlantedSamlesak {
  /** The claims of the case, in the order written (the first generated, the others its copies). */
  readonly claimIds: readonly string[];
  /** The salær the claims were charged, each lawful on its own. */
  readonly separately: Ore;
  /** What one case allows: the salær table for the principals added up, worked out here step by step. */
  readonly together: Ore;
}

export const PLANT_KINDS = [
  'FEE_ABOVE_CAP', 'FEE_TOO_EARLY', 'STEP_TOO_EARLY', 'DEADLINE_TOO_SHORT', 'MISSING_INKASSOVARSEL', 'TOO_MANY_FEES',
  'STEP_WHILE_DISPUTED', 'SALAER_TOO_EARLY', 'SALAER_ABOVE_CAP', 'STANDARDKOMPENSASJON_NOT_ALLOWED',
  'PURREGEBYR_AND_STANDARDKOMPENSASJON', 'INTEREST_ABOVE_LAWFUL',
  // Legal collection: before the betalingsoppfordring's deadline, more than six months after it,
  // and a begjæring om utlegg while the debtor disputes the claim.
  'LEGAL_STEP_TOO_EARLY', 'LEGAL_STEP_TOO_LATE', 'UTLEGG_WHILE_DISPUTED',
  // A betalingsanmerkning less than 30 days after its point, and one for a consumer without legal steps.
  'BETALINGSANMERKNING_TOO_EARLY', 'BETALINGSANMERKNING_WITHOUT_LEGAL_STEP',
] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

type Rng = ReturnType<typeof xoroshiro128plus>;

class Random {
  private readonly rng: Rng;
  constructor(seed: number) { this.rng = xoroshiro128plus(seed); }
  int(from: number, to: number): number { return uniformInt(this.rng, from, to); }
  chance(p: number): boolean { return uniformFloat64(this.rng) < p; }
  pick<T>(list: readonly T[]): T { return list[this.int(0, list.length - 1)]!; }
  /** Log-uniform amount in øre between two kroner amounts; most invoices are whole kroner. */
  amount(minKr: number, maxKr: number): Ore {
    const kr = Math.exp(Math.log(minKr) + uniformFloat64(this.rng) * (Math.log(maxKr) - Math.log(minKr)));
    return this.chance(0.7) ? Math.round(kr) * 100 : Math.round(kr * 100);
  }
}

/** An event being written, with the facts about it the generator needs later. */
interface Draft {
  event: Event & { fee?: string; deadlineDays?: number; interest?: string };
  day: Day;
  /** The last day of its deadline (letters), as the debtor is entitled to it. */
  deadline?: Day;
}

const money = (o: Ore) => formatAmount(o);

/** Writes one claim: a lawful history, then (maybe) one planted violation. */
export class ClaimWriter {
  private readonly r: Random;
  private readonly rules: RuleSet;
  private readonly options: Required<Omit<GenerateOptions, 'count' | 'seed' | 'samlesakShare'>>;
  constructor(rules: RuleSet, seed: number, options: Required<Omit<GenerateOptions, 'count' | 'seed' | 'samlesakShare'>>) {
    this.r = new Random(seed);
    this.rules = rules;
    this.options = options;
  }

  private roll(policy: string, last: Day): Day {
    if (isWorkingDay(last)) return last;
    const e = this.rules.series.get(policy) ? entryAt(this.rules.series.get(policy)!, last) : undefined;
    return e?.value.unit === 'choice' && e.value.choice === 'neste_virkedag' ? nextWorkingDay(last) : last;
  }

  private cap(claim: Claim, event: StepEvent, d: Day, column?: string): Ore {
    return feeCapFor(this.rules, claim, event, isoDate(d), column);
  }

  /**
   * The cap, or undefined where the rules have no value for the day (a forliksklage's fee after
   * March 2024, say) or are not reviewed for it (a legal step planted too late, past the horizon).
   */
  private capIfKnown(claim: Claim, event: StepEvent, d: Day): Ore | undefined {
    try {
      return this.cap(claim, event, d);
    } catch (e) {
      if (e instanceof EvaluationError && (e.code === 'RULE_VALUE_MISSING' || e.code === 'RULES_NOT_REVIEWED')) return undefined;
      throw e;
    }
  }

  /**
   * Legal collection after the betalingsoppfordring's deadline, as collectors take it: a step the
   * claim only names (rettslig_inndriving), a forliksklage (a dom follows in half of them), or a
   * begjæring om utlegg, with or without a tvangsgrunnlag. The rettsgebyr is charged at its
   * amount for the day when the rules have it, and not charged when they do not.
   */
  private legal(claim: Claim, add: (event: Draft['event'], d: Day) => Draft, d: Day): Draft {
    const r = this.r;
    const which = r.pick(['rettslig_inndriving', 'rettslig_inndriving', 'forliksklage', 'forliksklage', 'utleggsbegjaering'] as const);
    if (which === 'rettslig_inndriving') return add({ type: 'rettslig_inndriving', date: '' }, d);
    const fee = r.chance(0.8) ? this.capIfKnown(claim, which, d) : undefined;
    const step = add({ type: which, date: '', ...(which === 'utleggsbegjaering' ? { tvangsgrunnlag: r.chance(0.3) } : {}), ...(fee !== undefined ? { fee: money(fee) } : {}) } as Draft['event'], d);
    if (which === 'forliksklage' && r.chance(0.5)) add({ type: 'dom', date: '' }, d + r.int(30, 120));
    return step;
  }

  write(index: number): GeneratedClaim {
    const r = this.r;
    const firstDue = day(this.options.firstDue);
    const lastDue = day(this.options.lastDue);
    const lastDay = day(this.options.lastDay);
    const due = r.int(firstDue, lastDue);
    const kind = r.chance(0.85) ? 'consumer' : 'business';
    const collection = r.chance(0.55) ? 'egeninkasso' : 'fremmedinkasso';
    const principal = r.amount(150, 250_000);
    const claim: Claim = {
      id: `G-${String(index + 1).padStart(8, '0')}`,
      debtor: { kind },
      creditor: { vatRegistered: r.chance(0.9) },
      collection,
      principal: money(principal),
      invoiceDate: isoDate(due - r.int(10, 30)),
      dueDate: isoDate(due),
      events: [],
    };
    const drafts: Draft[] = [];
    const add = (event: Draft['event'], d: Day, deadline?: Day): Draft => {
      const draft: Draft = { event: { ...event, date: isoDate(d) }, day: d, ...(deadline !== undefined ? { deadline } : {}) };
      drafts.push(draft);
      return draft;
    };
    let costs = 0;
    let standardkompensasjon: Draft | undefined;
    // Business debtor in egeninkasso: sometimes standardkompensasjon first, then letters without fees.
    if (kind === 'business' && collection === 'egeninkasso' && r.chance(0.3)) {
      const d = due + r.int(1, 5);
      const fee = this.cap(claim, 'standardkompensasjon', d);
      standardkompensasjon = add({ type: 'standardkompensasjon', date: '', fee: money(fee) }, d);
      costs += fee;
    }
    const feeOk = standardkompensasjon === undefined;
    let purring: Draft | undefined;
    if (r.chance(0.7)) {
      const d = due + r.int(14, 21);
      const days = r.int(14, 21);
      const fee = feeOk && r.chance(0.85) ? this.cap(claim, 'purring', d) : undefined;
      purring = add({ type: 'purring', date: '', ...(fee !== undefined ? { fee: money(fee) } : {}), deadlineDays: days }, d, this.roll('fristforskyvning.purring', d + days));
      costs += fee ?? 0;
    }
    if (r.chance(0.12)) {
      const d = (purring?.deadline ?? due + 10) - r.int(0, 5);
      add({ type: 'payment', date: '', amount: money(Math.max(100, Math.round(principal * r.int(5, 40) / 100))), ...(r.chance(0.3) ? { allocation: ['principal'] as ['principal'] } : {}) }, Math.max(d, due + 1));
    }
    let varsel: Draft | undefined;
    let salaerLett: Draft | undefined;
    let lett = 0;
    let bo: Draft | undefined;
    let legal: Draft | undefined;
    let anmerkning: Draft | undefined;
    let dispute = false;
    if (r.chance(0.92)) {
      const d = Math.max(due + 14, purring?.deadline !== undefined ? purring.deadline + 1 : 0) + r.int(0, 7);
      const days = r.int(14, 21);
      const fee = feeOk && r.chance(0.85) ? this.cap(claim, 'inkassovarsel', d) : undefined;
      varsel = add({ type: 'inkassovarsel', date: '', ...(fee !== undefined ? { fee: money(fee) } : {}), deadlineDays: days }, d, this.roll('fristforskyvning.inkassovarsel', d + days));
      costs += fee ?? 0;
      let next = varsel.deadline! + 1;
      // The debtor acknowledges the claim (foreldelse starts again from that day).
      if (r.chance(0.04)) add({ type: 'acknowledgment', date: '' }, varsel.day + r.int(1, 20));
      if (r.chance(0.05)) {
        const opened = next + r.int(0, 2);
        const resolved = opened + r.int(1, 10);
        add({ type: 'dispute', date: '' }, opened);
        add({ type: 'dispute_resolved', date: '' }, resolved);
        next = resolved + 1;
        dispute = true;
      }
      if (collection === 'fremmedinkasso' && r.chance(0.9)) {
        const d2 = next + r.int(0, 9);
        lett = this.cap(claim, 'salaer', d2, 'lett');
        salaerLett = add({ type: 'salaer', date: '', fee: money(lett) }, d2);
        costs += lett;
      }
      if (r.chance(0.75)) {
        const d3 = next + r.int(0, 9);
        const days3 = r.int(14, 21);
        const fee = collection === 'egeninkasso' && feeOk && r.chance(0.85) ? this.cap(claim, 'betalingsoppfordring', d3) : undefined;
        bo = add({ type: 'betalingsoppfordring', date: '', ...(fee !== undefined ? { fee: money(fee) } : {}), deadlineDays: days3 }, d3, this.roll('fristforskyvning.betalingsoppfordring', d3 + days3));
        costs += fee ?? 0;
        if (salaerLett && r.chance(0.4)) {
          const d4 = bo.deadline! + r.int(29, 60);
          const tung = this.cap(claim, 'salaer', d4, 'tung');
          if (tung > lett) {
            add({ type: 'salaer', date: '', fee: money(tung - lett) }, d4);
            costs += tung - lett;
          }
        }
        if (r.chance(0.35)) {
          legal = this.legal(claim, add, bo.deadline! + r.int(1, 40));
          costs += legal.event.fee !== undefined ? ore(legal.event.fee) : 0;
        }
        // A betalingsanmerkning, 30 to 60 days after its point: the betalingsoppfordring for a
        // business, the legal step for a consumer (without one, none).
        const point = kind === 'business' ? bo.day : legal?.day;
        if (point !== undefined && r.chance(0.3)) anmerkning = add({ type: 'betalingsanmerkning', date: '' }, point + r.int(30, 60));
      }
    }
    const last = Math.max(due + 1, ...drafts.map((x) => x.day));
    if (r.chance(0.3)) {
      // Paid in full, a little more than owed (interest estimated high): the history ends there.
      const d = last + r.int(1, 20);
      const interest = Math.ceil((principal * 0.13 * (d - due + 1)) / 365) + 1000;
      add({ type: 'payment', date: '', amount: money(principal + costs + interest) }, d);
    }

    const planted: { code: ViolationCode; draft: Draft }[] = [];
    let plantKind: PlantKind | 'none' = 'none';
    if (r.chance(this.options.violationShare)) {
      const options = PLANT_KINDS.filter((k) => this.applicable(k, { claim, purring, varsel, bo, legal, anmerkning, salaerLett, standardkompensasjon, dispute, drafts }));
      if (options.length) {
        plantKind = r.pick(options);
        this.plant(plantKind, { claim, purring, varsel, bo, legal, anmerkning, salaerLett, standardkompensasjon, dispute, drafts, lett, due }, planted);
      }
    }
    // Nothing after the last day the rules cover.
    const kept = drafts.filter((x) => x.day <= lastDay).sort((a, b) => a.day - b.day);
    const events = kept.map((x) => ({ ...x.event, date: isoDate(x.day) }) as Event);
    const lastEvent = kept.length ? kept[kept.length - 1]!.day : due + 1;
    const asOf = Math.min(Math.max(lastEvent, due + 1) + r.int(0, 30), lastDay);
    return {
      claim: { ...claim, events },
      asOf: isoDate(asOf),
      planted: planted.filter((p) => kept.includes(p.draft)).map((p) => ({ code: p.code, eventIndex: kept.indexOf(p.draft) })),
      kind: plantKind,
    };
  }

  private applicable(k: PlantKind, h: History): boolean {
    const egen = h.claim.collection === 'egeninkasso';
    const feeLetter = [h.purring, h.varsel, h.bo, h.legal].some((d) => d?.event.fee !== undefined);
    switch (k) {
      case 'FEE_ABOVE_CAP': return feeLetter;
      case 'FEE_TOO_EARLY': return h.purring?.event.fee !== undefined;
      case 'STEP_TOO_EARLY': return h.bo !== undefined && h.varsel !== undefined;
      case 'DEADLINE_TOO_SHORT': return h.varsel !== undefined;
      case 'MISSING_INKASSOVARSEL': return egen && h.bo !== undefined && h.varsel !== undefined && !h.dispute;
      case 'TOO_MANY_FEES': return egen && h.bo?.event.fee !== undefined;
      case 'STEP_WHILE_DISPUTED': return egen && h.bo !== undefined && !h.dispute;
      case 'SALAER_TOO_EARLY': return h.salaerLett !== undefined;
      case 'SALAER_ABOVE_CAP': return h.salaerLett !== undefined;
      case 'STANDARDKOMPENSASJON_NOT_ALLOWED': return h.claim.debtor.kind === 'consumer';
      case 'PURREGEBYR_AND_STANDARDKOMPENSASJON': return h.claim.debtor.kind === 'business' && egen && h.standardkompensasjon === undefined && h.purring?.event.fee !== undefined;
      case 'INTEREST_ABOVE_LAWFUL': return h.varsel !== undefined;
      case 'LEGAL_STEP_TOO_EARLY': return h.legal !== undefined;
      case 'LEGAL_STEP_TOO_LATE': return h.legal !== undefined;
      case 'UTLEGG_WHILE_DISPUTED': return h.legal?.event.type === 'utleggsbegjaering';
      case 'BETALINGSANMERKNING_TOO_EARLY': return h.anmerkning !== undefined;
      case 'BETALINGSANMERKNING_WITHOUT_LEGAL_STEP': return h.anmerkning !== undefined && h.claim.debtor.kind === 'consumer';
    }
  }

  private plant(k: PlantKind, h: History & { lett: Ore; due: Day }, out: { code: ViolationCode; draft: Draft }[]): void {
    const r = this.r;
    /** Moves the legal step to another day, its rettsgebyr (if charged) at that day's amount, and a dom and a consumer's betalingsanmerkning after it. */
    const moveLegal = (d: Day) => {
      const legal = h.legal!;
      const shift = d - legal.day;
      legal.day = d;
      if (legal.event.fee !== undefined) {
        const fee = this.capIfKnown(h.claim, legal.event.type as StepEvent, d);
        if (fee === undefined) delete legal.event.fee;
        else legal.event.fee = money(fee);
      }
      for (const x of h.drafts) if (x.event.type === 'dom' || (x === h.anmerkning && h.claim.debtor.kind === 'consumer')) x.day += shift;
    };
    const truncateAfter = (d: Day, keep: Draft) => {
      for (let i = h.drafts.length - 1; i >= 0; i--) if (h.drafts[i]!.day > d && h.drafts[i] !== keep) h.drafts.splice(i, 1);
    };
    switch (k) {
      case 'FEE_ABOVE_CAP': {
        const target = r.pick([h.purring, h.varsel, h.bo, h.legal].filter((d): d is Draft => d?.event.fee !== undefined));
        target.event.fee = money(ore(target.event.fee!) + r.int(1, 100) * 100);
        out.push({ code: 'FEE_ABOVE_CAP', draft: target });
        return;
      }
      case 'FEE_TOO_EARLY': {
        const p = h.purring!;
        p.day = h.due + r.int(1, 13);
        out.push({ code: 'FEE_TOO_EARLY', draft: p });
        return;
      }
      case 'STEP_TOO_EARLY': {
        const bo = h.bo!;
        bo.day = h.varsel!.deadline!; // the deadline's last day: one day too early
        truncateAfter(bo.day, bo);
        out.push({ code: 'STEP_TOO_EARLY', draft: bo });
        return;
      }
      case 'DEADLINE_TOO_SHORT': {
        const v = h.varsel!;
        v.event.deadlineDays = r.int(5, 13);
        out.push({ code: 'DEADLINE_TOO_SHORT', draft: v });
        // A betalingsoppfordring fee then needs a missed deadline of at least 14 days elsewhere.
        if (h.bo?.event.fee !== undefined && h.purring === undefined) out.push({ code: 'FEE_TOO_EARLY', draft: h.bo });
        return;
      }
      case 'MISSING_INKASSOVARSEL': {
        h.drafts.splice(h.drafts.indexOf(h.varsel!), 1);
        // Without a varsel the betalingsoppfordring does not count as sent: what came after it
        // (legal steps, salær) would be findings of their own, as after one sent too early.
        truncateAfter(h.bo!.day, h.bo!);
        out.push({ code: 'MISSING_INKASSOVARSEL', draft: h.bo! });
        return;
      }
      case 'TOO_MANY_FEES': {
        const bo = h.bo!;
        const d = bo.deadline! + r.int(1, 5);
        // The claim must still be unpaid when the second betalingsoppfordring goes out.
        for (let i = h.drafts.length - 1; i >= 0; i--) if (h.drafts[i]!.event.type === 'payment' && h.drafts[i]!.day > bo.day) h.drafts.splice(i, 1);
        const second: Draft = { event: { ...bo.event, deadlineDays: r.int(14, 21) }, day: d };
        h.drafts.push(second);
        truncateAfter(d, second);
        out.push({ code: 'TOO_MANY_FEES', draft: second });
        return;
      }
      case 'STEP_WHILE_DISPUTED': {
        const bo = h.bo!;
        h.drafts.push({ event: { type: 'dispute', date: '' }, day: bo.day - r.int(1, 3) }, { event: { type: 'dispute_resolved', date: '' }, day: bo.day + r.int(1, 3) });
        out.push({ code: 'STEP_WHILE_DISPUTED', draft: bo });
        return;
      }
      case 'SALAER_TOO_EARLY': {
        const s = h.salaerLett!;
        s.day = h.varsel!.deadline!;
        out.push({ code: 'SALAER_TOO_EARLY', draft: s });
        return;
      }
      case 'SALAER_ABOVE_CAP': {
        const s = h.salaerLett!;
        s.event.fee = money(h.lett + r.int(1, 500) * 100);
        out.push({ code: 'SALAER_ABOVE_CAP', draft: s });
        return;
      }
      case 'STANDARDKOMPENSASJON_NOT_ALLOWED': {
        const d = h.due + r.int(1, 5);
        const sk: Draft = { event: { type: 'standardkompensasjon', date: '', fee: money(this.cap(h.claim, 'standardkompensasjon', d)) }, day: d };
        h.drafts.push(sk);
        out.push({ code: 'STANDARDKOMPENSASJON_NOT_ALLOWED', draft: sk });
        return;
      }
      case 'PURREGEBYR_AND_STANDARDKOMPENSASJON': {
        const p = h.purring!;
        const d = p.day + r.int(1, 5);
        const amount = this.cap(h.claim, 'standardkompensasjon', d);
        const sk: Draft = { event: { type: 'standardkompensasjon', date: '', fee: money(amount) }, day: d };
        h.drafts.push(sk);
        out.push({ code: 'PURREGEBYR_AND_STANDARDKOMPENSASJON', draft: sk });
        // What is left of the compensation absorbs the collection costs charged after it.
        let credit = amount - ore(p.event.fee!);
        for (const later of [...h.drafts].sort((a, b) => a.day - b.day)) {
          // The compensation covers collection costs, not a court's rettsgebyr.
          if (later.day <= d || later.event.fee === undefined || later.event.type === 'standardkompensasjon' || later.event.type === 'forliksklage' || later.event.type === 'utleggsbegjaering') continue;
          if (credit <= 0) break;
          const fee = ore(later.event.fee);
          credit -= Math.min(fee, credit);
          out.push({ code: 'PURREGEBYR_AND_STANDARDKOMPENSASJON', draft: later });
        }
        return;
      }
      case 'INTEREST_ABOVE_LAWFUL': {
        const letter = h.bo && r.chance(0.5) ? h.bo : h.varsel!;
        // Interest at 20 % a year from forfall, plus 100 kr: above every forsinkelsesrente in the
        // rules (the highest is 12.75 %), and payments only lower the lawful amount.
        letter.event.interest = money(Math.ceil((ore(h.claim.principal) * 0.2 * Math.max(1, letter.day - h.due)) / 365) + 10_000);
        out.push({ code: 'INTEREST_ABOVE_LAWFUL', draft: letter });
        return;
      }
      case 'LEGAL_STEP_TOO_EARLY': {
        // On the deadline's last day: one day too early (inkassoloven § 10).
        moveLegal(h.bo!.deadline!);
        out.push({ code: 'STEP_TOO_EARLY', draft: h.legal! });
        return;
      }
      case 'LEGAL_STEP_TOO_LATE': {
        // 200–240 days after the betalingsoppfordring: more than six months (inkassoloven § 11),
        // with the claim still unpaid.
        for (let i = h.drafts.length - 1; i >= 0; i--) if (h.drafts[i]!.event.type === 'payment' && h.drafts[i]!.day > h.bo!.day) h.drafts.splice(i, 1);
        moveLegal(h.bo!.day + r.int(200, 240));
        out.push({ code: 'STEP_TOO_LATE', draft: h.legal! });
        return;
      }
      case 'UTLEGG_WHILE_DISPUTED': {
        // Disputed on the legal step's day, just before it, and resolved first thing the next day:
        // nothing else is done while the claim is disputed (a tung salær charged on either day
        // stays before the dispute or after it). Events of a day keep the order they are drafted in.
        const legal = h.legal!;
        h.drafts.splice(h.drafts.indexOf(legal), 0, { event: { type: 'dispute', date: '' }, day: legal.day });
        h.drafts.unshift({ event: { type: 'dispute_resolved', date: '' }, day: legal.day + 1 });
        out.push({ code: 'STEP_WHILE_DISPUTED', draft: legal });
        return;
      }
      case 'BETALINGSANMERKNING_TOO_EARLY': {
        // 1 to 29 days after its point, where 30 are due.
        const a = h.anmerkning!;
        a.day = (h.claim.debtor.kind === 'business' ? h.bo! : h.legal!).day + r.int(1, 29);
        out.push({ code: 'STEP_TOO_EARLY', draft: a });
        return;
      }
      case 'BETALINGSANMERKNING_WITHOUT_LEGAL_STEP': {
        // The consumer's claim never went to legal collection (the legal step and a dom left out).
        for (let i = h.drafts.length - 1; i >= 0; i--) if (h.drafts[i] === h.legal || h.drafts[i]!.event.type === 'dom') h.drafts.splice(i, 1);
        out.push({ code: 'STEP_NOT_ALLOWED', draft: h.anmerkning! });
        return;
      }
    }
  }
}

interface History {
  claim: Claim;
  purring: Draft | undefined;
  varsel: Draft | undefined;
  bo: Draft | undefined;
  /** The legal step taken after the betalingsoppfordring, if any. */
  legal: Draft | undefined;
  /** The betalingsanmerkning, if any. */
  anmerkning: Draft | undefined;
  salaerLett: Draft | undefined;
  standardkompensasjon: Draft | undefined;
  dispute: boolean;
  drafts: Draft[];
}

/** Generates `count` claims; the same seed always gives the same claims. */
export function* generateClaims(rules: RuleSet, options: GenerateOptions): Generator<GeneratedClaim> {
  const writer = new ClaimWriter(rules, options.seed, {
    violationShare: options.violationShare ?? 0.25,
    firstDue: options.firstDue ?? '2021-07-01',
    lastDue: options.lastDue ?? '2026-06-30',
    lastDay: options.lastDay ?? '2026-12-31',
  });
  const share = options.samlesakShare ?? 0;
  if (share <= 0) {
    for (let i = 0; i < options.count; i++) yield writer.write(i);
    return;
  }
  // A stream of its own, so that the claims themselves are those the seed gives without samlesaker.
  const r = new Random(options.seed ^ 0x5a3e5a3e);
  let made = 0;
  for (let i = 0; made < options.count; i++) {
    const g = writer.write(i);
    const claim: Claim = { ...g.claim, creditor: { ...g.claim.creditor, id: `K-${String(r.int(1, 200)).padStart(3, '0')}` }, debtor: { ...g.claim.debtor, id: `S-${g.claim.id.slice(2)}` } };
    const left = options.count - made;
    const together = left >= 2 && r.chance(share) ? samlesakOf(rules, { ...g, claim }) : undefined;
    if (!together) {
      yield { ...g, claim };
      made++;
      continue;
    }
    const k = Math.min(left, r.int(2, 3));
    const ids = Array.from({ length: k }, (_, j) => (j === 0 ? claim.id : `${claim.id}-${j + 1}`));
    for (let j = 0; j < k; j++) {
      const member = { ...g, claim: { ...claim, id: ids[j]! } };
      yield j < k - 1 ? member : { ...member, samlesak: { claimIds: ids, separately: together.salaer * k, together: together.allowed(k) } };
    }
    made += k;
  }
}

/**
 * Whether a claim can be handed over with copies of itself as one case, and what one case of k
 * such claims allows: a lawful fremmedinkasso history with salær, never disputed, whose salær and
 * last event fall in one year (the inkassosats, and so the cap, is read on a later day than the
 * charge; within a year it is the same). The cap of the one case is the salær table for k times
 * the principal, used as the charges come: the k lett charges first, then the k supplements to
 * tung (the salær step's cap is cumulative).
 */
function samlesakOf(rules: RuleSet, g: GeneratedClaim): { salaer: Ore; allowed: (k: number) => Ore } | undefined {
  const c = g.claim;
  if (g.kind !== 'none' || c.collection !== 'fremmedinkasso' || c.events.some((e) => e.type === 'dispute')) return undefined;
  const charges = c.events.filter((e) => e.type === 'salaer') as (Event & { fee: string })[];
  if (!charges.length || charges.length > 2) return undefined;
  const year = c.events[c.events.length - 1]!.date.slice(0, 4);
  if (charges.some((e) => e.date.slice(0, 4) !== year)) return undefined;
  const [lett, tung] = charges;
  const salaer = charges.reduce((sum, e) => sum + ore(e.fee), 0);
  return {
    salaer,
    allowed: (k) => {
      const merged: Claim = { ...c, principal: money(ore(c.principal) * k) };
      const lettAllowed = Math.min(k * ore(lett!.fee), feeCapFor(rules, merged, 'salaer', lett!.date, 'lett'));
      if (!tung) return lettAllowed;
      const tungCap = feeCapFor(rules, merged, 'salaer', tung.date, 'tung');
      return lettAllowed + Math.min(k * ore(tung.fee), Math.max(0, tungCap - lettAllowed));
    },
  };
}
