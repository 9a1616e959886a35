/**
 * The golden preview: the whole corpus evaluated under the published rules and under a draft,
 * side by side. A case "changes" when one of its key figures (interest, fees, outstanding, next
 * step, violations, salær) differs; it "fails" when the draft's result no longer matches the
 * expected figures (after any expectation the officer has accepted for this change).
 *
 * For the officer, every figure is written the Norwegian way (1 234,50; 01.07.2026), an
 * evaluation that stops is explained in words, and each changed case says which rule values
 * moved its figures: the values the draft's evaluation read that the published rules did not
 * have (a new half-year's rate, a changed fee fraction).
 */
import {
  changedFigures, datoText, entryAt, isoDate, krText, parseIsoDate, runCase,
  type CaseOutcome, type KeyFigures, type LoadedCase, type Mismatch, type Result, type RuleSet,
} from '$engine/node.ts';
import { EVENT_NAMES } from '$engine/claim/event-names.ts';

/** A rule value that the draft's evaluation of a case read, and what the published rules had instead. */
export interface MovedBy {
  readonly id: string;
  readonly title: string;
  /** The date it was read for, and the value's own validity. */
  readonly date: string;
  readonly validFrom: string;
  readonly before: string | null;
  readonly after: string;
  /** The series' unit (percent, NOK, days …), for the values as the officer reads them. */
  readonly unit: string;
  /** The key figures it took part in. */
  readonly figures: readonly (keyof KeyFigures)[];
}

export interface PreviewCase {
  readonly id: string;
  readonly name: string;
  /** Key figures as the engine writes them (for tests and the journal). */
  readonly before: KeyFigures;
  readonly after: KeyFigures;
  /** The same, written for a Norwegian reader. */
  readonly shownBefore: KeyFigures;
  readonly shownAfter: KeyFigures;
  readonly changed: readonly (keyof KeyFigures)[];
  /** Mismatches of the draft's result against the expected figures (empty when it passes). */
  readonly failures: readonly Mismatch[];
  /** The same mismatches, explained in Norwegian. */
  readonly failuresText: readonly string[];
  readonly failedBefore: boolean;
  /** An accepted new expectation for this case is part of the change. */
  readonly accepted: boolean;
  readonly movedBy: readonly MovedBy[];
}

export interface PreviewSummary {
  readonly total: number;
  readonly changed: number;
  readonly failing: number;
  readonly cases: readonly PreviewCase[];
  readonly ms: number;
  readonly rulesVersion: string;
  readonly baseVersion: string;
}

/**
 * Results under the published rules, computed once per published version of the rules and the
 * corpus. The key is the corpus's whole text: a case changed without changing its length (an
 * expected 99.66 corrected to 99.67) is a new corpus.
 */
let base: { readonly key: string; readonly outcomes: Map<string, CaseOutcome> } | undefined;

function baseOutcomes(rules: RuleSet, cases: readonly LoadedCase[]): Map<string, CaseOutcome> {
  const key = `${rules.version}\u0000${cases.map((c) => `${c.id}\u0000${c.text}`).join('\u0000')}`;
  if (base?.key !== key) base = { key, outcomes: new Map(cases.map((c) => [c.id, runCase(rules, c)])) };
  return base.outcomes;
}

/**
 * @param cases the published corpus
 * @param changedCases the cases the draft changes (a new expectation, or a whole file put back), by id
 */
export function runPreview(published: RuleSet, draft: RuleSet, cases: readonly LoadedCase[], changedCases: ReadonlyMap<string, LoadedCase>): PreviewSummary {
  const t0 = performance.now();
  const before = baseOutcomes(published, cases);
  const out: PreviewCase[] = [];
  const ids = new Set([...cases.map((c) => c.id), ...changedCases.keys()]);
  for (const id of [...ids].sort()) {
    const c = changedCases.get(id) ?? cases.find((x) => x.id === id)!;
    const b = before.get(id) ?? runCase(published, c);
    const a = runCase(draft, c);
    const changed = changedFigures(b.figures, a.figures);
    const interesting = changed.length > 0 || a.mismatches.length > 0 || changedCases.has(id);
    out.push({
      id, name: c.case.name, before: b.figures, after: a.figures, changed, failures: a.mismatches, failedBefore: !b.passed, accepted: changedCases.has(id),
      shownBefore: interesting ? norwegianFigures(b) : b.figures,
      shownAfter: interesting ? norwegianFigures(a) : a.figures,
      failuresText: a.mismatches.map(mismatchText),
      // Which rule values moved the figures: the draft's evaluation again, with its trace (only for changed cases).
      movedBy: changed.length ? movedBy(published, draft, c, changed) : [],
    });
  }
  const interesting = out.filter((p) => p.changed.length || p.failures.length || p.accepted);
  return {
    total: ids.size,
    changed: out.filter((p) => p.changed.length).length,
    failing: out.filter((p) => p.failures.length).length,
    cases: interesting,
    ms: Math.round(performance.now() - t0),
    rulesVersion: draft.version,
    baseVersion: published.version,
  };
}

/** Where each key figure lives in a result, for reading its trace. */
const FIGURE_POINTERS: Record<keyof KeyFigures, readonly string[]> = {
  interest: ['/interest'],
  fees: ['/fees'],
  outstanding: ['/balance', '/interest', '/fees', '/payments'],
  nextStep: ['/nextSteps', '/deadlines'],
  violations: ['/violations', '/fees', '/deadlines'],
  salaer: ['/salaer'],
};

function movedBy(published: RuleSet, draft: RuleSet, c: LoadedCase, changed: readonly (keyof KeyFigures)[]): MovedBy[] {
  const traced = runCase(draft, c, { trace: true }).result;
  const found = new Map<string, { ref: NonNullable<Result['trace']>[number]['rules'][number]; figures: Set<keyof KeyFigures> }>();
  for (const t of traced?.trace ?? []) {
    const figures = changed.filter((k) => FIGURE_POINTERS[k].some((p) => t.figure.startsWith(p)));
    if (!figures.length) continue;
    for (const ref of t.rules) {
      const key = `${ref.id}|${ref.validFrom}`;
      const seen = found.get(key);
      if (seen) for (const f of figures) seen.figures.add(f);
      else found.set(key, { ref, figures: new Set(figures) });
    }
  }
  const out: MovedBy[] = [];
  for (const { ref, figures } of found.values()) {
    const series = published.series.get(ref.id);
    const day = parseIsoDate(ref.date);
    const old = series && day !== undefined ? entryAt(series, day) : undefined;
    const before = old ? old.text : null;
    if (before === ref.value && old && isoDate(old.from) === ref.validFrom) continue;
    const shown = draft.series.get(ref.id);
    out.push({ id: ref.id, title: shown?.title ?? ref.id, date: ref.date, validFrom: ref.validFrom, before, after: ref.value, unit: shown?.unit ?? '', figures: [...figures] });
  }
  // In the fallback case (the trace shows nothing new), name the trace-less cause: an error that went away.
  return out.sort((a, b) => a.id.localeCompare(b.id) || a.date.localeCompare(b.date));
}

const ERROR_TEXT: Record<string, string> = {
  RULE_VALUE_MISSING: 'stopper: regelverket mangler en verdi',
  NO_STEP_RULE: 'stopper: ingen regel for steget på datoen',
  RULES_NOT_REVIEWED: 'stopper: reglene er ikke gjennomgått for datoen',
  INPUT: 'stopper: kravet har feil',
};

/** "1234.50" → "1 234,50"; dates to dd.mm.åååå; event and code names to Norwegian. */
export function norwegianFigures(o: CaseOutcome): KeyFigures {
  const r = o.result;
  if (!r) {
    const e = o.error;
    const why = !e ? '—'
      : e.code === 'RULE_VALUE_MISSING' && e.rule && e.date ? `stopper: regelverket har ingen verdi for ${e.rule} på ${datoText(e.date)}`
      : e.code === 'RULES_NOT_REVIEWED' && e.reviewedThrough && e.date ? `stopper: reglene er gjennomgått til og med ${datoText(e.reviewedThrough)}, ikke for ${datoText(e.date)}`
      : e.code === 'NO_STEP_RULE' && e.rule && e.date ? `stopper: ingen regel for ${EVENT_NAMES[e.rule]?.toLowerCase() ?? e.rule} på ${datoText(e.date)}`
      : ERROR_TEXT[e.code] ?? e.code;
    return { interest: '—', fees: '—', outstanding: '—', nextStep: why, violations: '—', salaer: '—' };
  }
  const n = r.nextSteps[0];
  return {
    interest: `${krText(r.interest.total)} kr`,
    fees: r.fees.map((f) => `${EVENT_NAMES[f.type] ?? f.type} ${krText(f.allowed)} kr`).join(', ') || '—',
    outstanding: `${krText(r.balance.outstanding)} kr`,
    nextStep: n ? `${EVENT_NAMES[n.step] ?? n.step} tidligst ${datoText(n.earliestDate)}` : r.nextStepsBlocked ? `ingen (${BLOCKED_TEXT[r.nextStepsBlocked.code] ?? r.nextStepsBlocked.code})` : '—',
    violations: r.violations.map((v) => `${VIOLATION_TEXT[v.code] ?? v.code}${v.eventIndex !== undefined ? ` (hendelse ${v.eventIndex + 1})` : ''}`).join(', ') || '—',
    salaer: r.salaer ? `lett ${krText(r.salaer.lett)} kr / tung ${krText(r.salaer.tung)} kr` : '—',
  };
}

const BLOCKED_TEXT: Record<string, string> = { PAID: 'betalt', DISPUTED: 'omtvistet', TIME_BARRED: 'foreldet', LEGAL_COLLECTION_STARTED: 'rettslig inndriving er i gang' };

/** The violation codes in words (the code stays in the engine's results and files). */
export const VIOLATION_TEXT: Record<string, string> = {
  FEE_TOO_EARLY: 'gebyr for tidlig',
  FEE_ABOVE_CAP: 'gebyr over taket',
  FEE_NOT_ALLOWED: 'gebyr ikke tillatt',
  TOO_MANY_FEES: 'for mange gebyrer',
  STEP_TOO_EARLY: 'steg for tidlig',
  STEP_TOO_LATE: 'steg for sent',
  DEADLINE_TOO_SHORT: 'for kort frist',
  MISSING_INKASSOVARSEL: 'inkassovarsel mangler',
  MISSING_BETALINGSOPPFORDRING: 'betalingsoppfordring mangler',
  STEP_WHILE_DISPUTED: 'steg mens kravet er omtvistet',
  STEP_AFTER_PAYMENT: 'steg etter betaling',
  CLAIM_TIME_BARRED: 'kravet er foreldet',
  STANDARDKOMPENSASJON_NOT_ALLOWED: 'standardkompensasjon ikke tillatt',
  PURREGEBYR_AND_STANDARDKOMPENSASJON: 'purregebyr og standardkompensasjon',
  SALAER_TOO_EARLY: 'salær for tidlig',
  SALAER_ABOVE_CAP: 'salær over taket',
  SALAER_NOT_ALLOWED: 'salær ikke tillatt',
  INTEREST_ABOVE_LAWFUL: 'rente over det lovlige',
  STEP_NOT_ALLOWED: 'steg ikke tillatt',
  LETTER_MISSING_CONTENT: 'brevet mangler innhold loven krever',
  LETTER_WRONG_FIGURE: 'feil frist eller beløp i brevet',
  COSTS_NOT_STATED: 'kostnader utelatt i betalingsoppfordringen',
};

const PATH_TEXT: [RegExp, string][] = [
  [/^\/interest\/total$/, 'renten i alt'],
  [/^\/interest\/periods/, 'renteperiodene'],
  [/^\/fees/, 'gebyrene'],
  [/^\/payments/, 'innbetalingene'],
  [/^\/deadlines/, 'fristene'],
  [/^\/violations/, 'bruddene'],
  [/^\/nextSteps/, 'neste steg'],
  [/^\/nextStepsBlocked/, 'hvorfor det ikke er noe neste steg'],
  [/^\/salaer/, 'salæret'],
  [/^\/balance\/outstanding$/, 'utestående'],
  [/^\/balance/, 'saldoen'],
  [/^\/foreldelse/, 'foreldelsen'],
  [/^\/warnings/, 'varslene'],
  [/^\/error/, 'feilen evalueringen stopper med'],
];

const shown = (v: unknown): string => {
  if (v === null || v === undefined) return 'ingenting';
  if (typeof v === 'string') {
    if (/^-?\d+\.\d{2}$/.test(v)) return `${krText(v)} kr`;
    if (/^\d{4}-\d\d-\d\d$/.test(v)) return datoText(v);
    return v;
  }
  return JSON.stringify(v);
};

const CODE_WORDS: Record<string, string> = { RULE_VALUE_MISSING: 'at regelverket mangler en verdi', NO_STEP_RULE: 'at det mangler en regel for steget', RULES_NOT_REVIEWED: 'at reglene ikke er gjennomgått for datoen', ...VIOLATION_TEXT };

/** A mismatch in words: what the case expects and what the draft gives. */
export function mismatchText(m: Mismatch): string {
  if (m.path === '/error' || m.path === '/error/code') {
    const exp = typeof m.expected === 'string' ? (CODE_WORDS[m.expected] ?? m.expected) : null;
    return exp ? `testkravet forventer at beregningen stopper (${exp}), men den ${m.actual ? `stopper med ${String(m.actual)}` : 'gir et resultat'}` : `testkravet forventer et resultat, men beregningen stopper: ${String(m.actual)}`;
  }
  const what = PATH_TEXT.find(([re]) => re.test(m.path))?.[1] ?? m.path;
  return `${what} (${m.path}): forventet ${shown(m.expected)}, får ${shown(m.actual)}`;
}
