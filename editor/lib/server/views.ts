/**
 * Plain data for the pages, built from a rule set: topics, series with their dated values (and
 * gaps), steps, and the rules as they were at an earlier version or apply on a date.
 */
import { ANCHOR_TEXT, conditionText, entryAt, isoDate, osloInstant, parseIsoDate, rulesFromSources, type CountReset, type ParameterValue, type RuleSet, type Series, type Step } from '$engine/node.ts';
import { formatAmount, formatRational } from '$engine/money/index.ts';
import { tidspunkt } from '$lib/nb.ts';
import { parseNorwegianDate } from '../dates.ts';
import { dateError } from './date-error.ts';
import type { Workspace } from './workspace.ts';

export interface EntryView {
  readonly from: string;
  readonly to: string | null;
  readonly value: string;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: string;
  readonly note?: string;
  readonly reason?: string;
  readonly brackets?: readonly { upTo: string | null; rates: Record<string, string> }[];
  readonly line: number;
  /** In force on the chosen date. */
  readonly current: boolean;
}

export interface SeriesView {
  readonly id: string;
  readonly title: string;
  readonly kind: 'parameter' | 'policy';
  readonly unit: string;
  readonly description: string;
  readonly file: string;
  readonly continuous: boolean;
  readonly choices?: Record<string, string>;
  readonly columns?: readonly string[];
  readonly band?: string;
  readonly entries: readonly EntryView[];
  readonly gaps: readonly { from: string; to: string; reason: string }[];
  readonly hasUnconfirmed: boolean;
}

function valueText(s: Series, e: Series['entries'][number]): string {
  const v = e.value;
  switch (v.unit) {
    case 'NOK': return formatAmount(v.ore);
    case 'percent': return e.text;
    case 'fraction': return e.text.includes('/') ? e.text : formatRational(v.exact);
    case 'scale': return 'tabell';
    default: return e.text;
  }
  void s;
}

export function seriesView(s: Series, on?: number): SeriesView {
  return {
    id: s.id, title: s.title, kind: s.kind, unit: s.unit, description: s.description, file: s.file, continuous: s.continuous,
    ...(s.choices ? { choices: { ...s.choices } } : {}),
    ...(s.columns ? { columns: [...s.columns] } : {}),
    ...(s.band ? { band: s.band } : {}),
    entries: s.entries.map((e) => ({
      from: isoDate(e.from),
      to: Number.isFinite(e.to) ? isoDate(e.to) : null,
      value: valueText(s, e),
      hjemmel: e.hjemmel,
      source: e.source,
      status: e.status,
      ...(e.note ? { note: e.note } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.value.unit === 'scale' ? { brackets: e.value.brackets.map((b) => ({ upTo: Number.isFinite(b.upTo) ? formatAmount(b.upTo) : null, rates: Object.fromEntries(Object.entries(b.rates).map(([k, r]) => [k, formatRational(r)])) })) } : {}),
      line: e.origin.line,
      current: on !== undefined && e.from <= on && on <= e.to,
    })),
    gaps: s.gaps.map((g) => ({ from: isoDate(g.from), to: isoDate(g.to), reason: g.reason })),
    hasUnconfirmed: s.entries.some((e) => e.status === 'S'),
  };
}

export interface TopicView {
  readonly folder: string;
  readonly title: string;
  readonly description: string;
  readonly series: readonly string[];
}

/** The topics of the parameters and policies, each with the series filed under it. */
export function topicsView(rules: RuleSet): TopicView[] {
  const out: TopicView[] = [];
  const folders = new Map<string, string[]>();
  for (const s of rules.series.values()) {
    const [root, topic] = s.file.split('/');
    const folder = root === 'policies' ? 'policies' : `${root}/${topic}`;
    folders.set(folder, [...(folders.get(folder) ?? []), s.id]);
  }
  for (const t of rules.topics) {
    if (t.folder === 'steps' || t.folder.startsWith('policies/')) continue;
    out.push({ folder: t.folder, title: t.title, description: t.description, series: (folders.get(t.folder) ?? []).sort() });
  }
  for (const [folder, series] of folders) if (!out.some((t) => t.folder === folder)) out.push({ folder, title: folder, description: '', series });
  return out;
}

export interface StepView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly event: string;
  readonly ladder: number | null;
  readonly hjemmel: string;
  readonly file: string;
  readonly requires: readonly { code: string; kind: string; text: string; hjemmel: string }[];
  /** The shortest deadline, and the roll-forward policy with its value on the day ("fristforskyvning.purring: ingen"). */
  readonly deadline: { text: string; hjemmel: string; rollPolicy: string } | null;
  readonly fee: { factors: readonly string[]; rounding: string; requires: readonly { code: string; text: string; hjemmel: string }[]; countReset: { text: string; hjemmel: string } | null } | null;
  readonly content: readonly { text: string; hjemmel: string }[];
}

const POINT: Record<string, string> = {
  forfall: 'forfall', 'purring.sent': 'purringen', 'purring.deadline': 'purringens frist', 'inkassovarsel.sent': 'inkassovarselet',
  'inkassovarsel.deadline': 'inkassovarselets frist', 'betalingsoppfordring.sent': 'betalingsoppfordringen',
  'betalingsoppfordring.deadline': 'betalingsoppfordringens frist', 'last_fee_letter.sent': 'forrige brev med gebyr',
  'last_fee_letter.deadline': 'fristen i forrige brev med gebyr', 'legal_step.sent': 'første rettslige skritt',
};
const pointText = (point: string) => POINT[point] ?? point;
const DEBTOR: Record<string, string> = { consumer: 'for en forbruker', business: 'for en næringsdrivende' };
const UNIT: Record<string, string> = { days: 'dager', months: 'måneder', years: 'år' };

/** A parameter's entry on the day, or its latest entry when no day is given. */
function entryOn(rules: RuleSet, id: string, day: number | undefined) {
  const s = rules.series.get(id);
  return s && day !== undefined ? entryAt(s, day) : s?.entries[s.entries.length - 1];
}

/** A period's length: the number, or the parameter's value on the day (with its id). */
function amountOf(rules: RuleSet, a: { count: number } | { parameter: string }, day: number | undefined): string {
  if ('count' in a) return String(a.count);
  const e = entryOn(rules, a.parameter, day);
  return e && 'count' in e.value ? `${e.value.count} (${a.parameter})` : a.parameter;
}

/** A parameter's value on the day (the latest when none is given), to show beside its id in a condition. */
function parameterOn(rules: RuleSet, day: number | undefined): ParameterValue {
  return (id) => entryOn(rules, id, day)?.text;
}

function requirementText(rules: RuleSet, r: Step['requires'][number], day: number | undefined): string {
  switch (r.kind) {
    case 'earliest': {
      const n = amountOf(rules, r.when.period.amount, day);
      const who = r.debtor ? `${DEBTOR[r.debtor]}: ` : '';
      if (r.when.relation === 'more_than' && n === '0') return `${who}etter ${pointText(r.when.point)}`;
      return `${who}tidligst ${r.when.relation === 'at_least' ? '' : 'mer enn '}${n} ${UNIT[r.when.period.unit]} etter ${pointText(r.when.point)}`;
    }
    case 'latest': {
      const latest = `${r.debtor ? `${DEBTOR[r.debtor]}: ` : ''}senest ${amountOf(rules, r.when.period.amount, day)} ${UNIT[r.when.period.unit]} etter ${pointText(r.when.point)}`;
      return r.unless ? `${latest}, med mindre ${conditionText(r.unless.condition, parameterOn(rules, day), 'sub')}` : latest;
    }
    case 'conditions':
      return conditionText(r.condition, parameterOn(rules, day));
    case 'interest':
      return 'renten brevet krever er ikke mer enn lovlig rente';
  }
}

/** "gebyrene telles på nytt (purregebyr, inkassovarselgebyr) når brevet sendes mer enn 6 (frister.nye-gebyr-etter) måneder etter forrige brev med gebyr". */
function countResetText(rules: RuleSet, r: CountReset, day: number | undefined): string {
  const when = `${r.after.relation === 'at_least' ? 'minst' : 'mer enn'} ${amountOf(rules, r.after.period.amount, day)} ${UNIT[r.after.period.unit]} etter ${pointText(r.after.point)}`;
  return `gebyrene telles på nytt (${r.counts.join(', ')}) når brevet sendes ${when}`;
}

/** A letter's shortest deadline: "minst 14 (frister.inkassovarsel-frist) dager", or that none is required. */
function deadlineText(rules: RuleSet, minimum: NonNullable<Step['deadline']>['minimum'], day: number | undefined): string {
  const n = amountOf(rules, minimum.amount, day);
  return n === '0' ? 'ingen minstefrist' : `minst ${n} ${UNIT[minimum.unit]}`;
}

const ROLL: Record<string, string> = { ingen: 'ingen', neste_virkedag: 'til neste virkedag' };

/** Whether a deadline ending on a holiday moves, as the policy says on the day: "fristforskyvning.betalingsoppfordring: til neste virkedag". */
function rollText(rules: RuleSet, policy: string, day: number | undefined): string {
  const value = entryOn(rules, policy, day)?.text;
  return value === undefined ? policy : `${policy}: ${ROLL[value] ?? value}`;
}

/** The steps, with parameters in periods read on `day` (the latest values when none is given). */
export function stepsView(rules: RuleSet, day?: number): StepView[] {
  return rules.steps.map((s) => ({
    id: s.id, title: s.title, description: s.description, event: s.event, ladder: s.ladder ?? null, hjemmel: s.hjemmel, file: s.file,
    requires: s.requires.map((r) => ({ code: r.code, kind: r.kind, text: requirementText(rules, r, day), hjemmel: r.hjemmel })),
    deadline: s.deadline ? { text: deadlineText(rules, s.deadline.minimum, day), hjemmel: s.deadline.hjemmel, rollPolicy: rollText(rules, s.deadline.rollForwardPolicy, day) } : null,
    fee: s.fee ? {
      factors: s.fee.factors.map((f) => (f.kind === 'parameter' ? `${f.parameter} (${ANCHOR_TEXT[f.anchor]})` : `${f.scale} ${f.defaultColumn}${f.switches.length ? `/${f.switches.map((x) => x.column).join('/')}` : ''} (${ANCHOR_TEXT[f.anchor]})`) + (f.when ? `, når ${conditionText(f.when.condition, parameterOn(rules, day), 'sub')}` : '')),
      rounding: s.fee.round.policy,
      requires: s.fee.requires.map((r) => ({ code: r.code, text: requirementText(rules, r, day), hjemmel: r.hjemmel })),
      countReset: s.fee.countReset ? { text: countResetText(rules, s.fee.countReset, day), hjemmel: s.fee.countReset.hjemmel } : null,
    } : null,
    content: s.letterContent.map((c) => ({ text: c.text, hjemmel: c.hjemmel })),
  }));
}

export interface RulesChoice {
  readonly ruleSet: RuleSet;
  /** The history entry shown ('current' for the published rules). */
  readonly version: string;
  readonly label: string;
  /** The date values are highlighted for (YYYY-MM-DD), if any. */
  readonly date: string | null;
  readonly day: number | undefined;
  /** What is wrong with the date asked for (?dato=31.06.2026), in Norwegian; then no date is marked. */
  readonly dateError?: string;
}

/**
 * The rules a page shows: the published ones, or (?versjon=e00003 / ?tidspunkt=…) as they were
 * published after an entry or at a moment (Norwegian time unless it gives its zone: "2026-12-06
 * 14:05"; a text that is no moment is left out, and the page shows the published rules);
 * ?dato=01.07.2026 (or 2026-07-01) marks the values in force that day, and a date that is none is
 * said (dateError).
 */
export function rulesFromQuery(ws: Workspace, url: URL): RulesChoice {
  const dateParam = url.searchParams.get('dato')?.trim() ?? '';
  const date = (dateParam && parseNorwegianDate(dateParam)) || null;
  const day = date !== null ? parseIsoDate(date) : undefined;
  const dateProblem = dateParam && date === null ? { dateError: dateError(dateParam, '01.07.2026') } : {};
  let version = url.searchParams.get('versjon');
  const moment = url.searchParams.get('tidspunkt');
  const at = moment ? osloInstant(moment) : undefined;
  if (!version && at) version = ws.history.entryAt(at.toISOString());
  if (!version || version === 'current') return { ruleSet: ws.rules.ruleSet(), version: 'current', label: 'gjeldende publiserte regler', date, day, ...dateProblem };
  const entry = version === 'start' ? undefined : ws.history.get(version);
  if (version !== 'start' && !entry) return { ruleSet: ws.rules.ruleSet(), version: 'current', label: 'gjeldende publiserte regler', date, day, ...dateProblem };
  const { ruleSet } = rulesFromSources(ws.history.rulesAfter(version === 'start' ? 'start' : version));
  if (!ruleSet) throw new Error(`the rules after ${version} do not load`);
  const label = entry ? `reglene slik de ble publisert ${tidspunkt(entry.publishedAt)} (${entry.id}: ${entry.title})` : 'reglene før første publiserte endring';
  return { ruleSet, version, label, date, day, ...dateProblem };
}
