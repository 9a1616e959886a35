/**
 * The common changes as forms: a new half-year's forsinkelsesrente or standardkompensasjon, a new
 * inkassosats, a changed deadline. Each field is checked as the officer types (in Norwegian, naming
 * the field), then the value is added to the YAML text (rule-edit.ts) and the whole rule set is
 * validated with the engine's own schemas and checks.
 */
import { entryAt, isoDate, osloToday, parseIsoDate, parseRules, type Diagnostic, type RuleSet, type Series } from '$engine/node.ts';
import { krText } from '$engine/money/norwegian.ts';
import { parseNorwegianDate } from '../dates.ts';
import { dateError } from './date-error.ts';
import { valueText } from '../nb.ts';
import { addDatedValue, halfYearEnd, kroner, moveHorizon, percent, yearEnd, EditError } from './rule-edit.ts';
import { lineDiff, type DiffLine } from './diff.ts';
import { seriesEndingBefore } from '$engine/rules/horizon-coverage.ts';
import type { Draft } from './drafts.ts';
import type { Workspace } from './workspace.ts';

export type TaskId = 'forsinkelsesrente' | 'standardkompensasjon' | 'inkassosats' | 'rettsgebyr' | 'frist' | 'horisont';

export interface TaskDefinition {
  readonly id: TaskId;
  readonly title: string;
  readonly intro: string;
  /** The parameter it changes (for frist: chosen in the form among frister.*). */
  readonly parameter?: string;
  /** Set for a half-year at a time (from 1 January or 1 July). */
  readonly halfYear: boolean;
  /** Set for a calendar year at a time (from 1 January). */
  readonly year?: boolean;
  readonly unitLabel: string;
  readonly hjemmel: string;
}

export const TASKS: Record<TaskId, TaskDefinition> = {
  forsinkelsesrente: {
    id: 'forsinkelsesrente', title: 'Ny forsinkelsesrente', parameter: 'rente.forsinkelsesrente', halfYear: true, unitLabel: '%',
    hjemmel: 'forsinkelsesrenteloven § 3 første ledd',
    intro: 'Satsen for et nytt halvår, slik Finanstilsynet har fastsatt den (gjelder fra 1. januar eller 1. juli til halvårets slutt).',
  },
  standardkompensasjon: {
    id: 'standardkompensasjon', title: 'Ny standardkompensasjon', parameter: 'gebyrer.standardkompensasjon', halfYear: true, unitLabel: 'kr',
    hjemmel: 'forsinkelsesrenteloven § 3a',
    intro: 'Beløpet (40 euro i kroner) for et nytt halvår, fastsatt sammen med forsinkelsesrenten.',
  },
  inkassosats: {
    id: 'inkassosats', title: 'Ny inkassosats', parameter: 'gebyrer.inkassosats', halfYear: false, unitLabel: 'kr',
    hjemmel: 'inkassoforskriften § 1-1 tredje ledd',
    intro: 'Satsen gebyrene (brøker av satsen) og salæret (multipler av satsen) regnes av. Den forrige satsen avsluttes dagen før.',
  },
  rettsgebyr: {
    id: 'rettsgebyr', title: 'Nytt rettsgebyr', parameter: 'rettslig.rettsgebyr', halfYear: false, year: true, unitLabel: 'kr',
    hjemmel: 'rettsgebyrforskriften § 2-1',
    intro: 'Rettsgebyret (R) for et nytt kalenderår, slik det står i rettsgebyrforskriften § 2-1. Gebyrene for forliksklage og begjæring om utlegg er multipler av det.',
  },
  frist: {
    id: 'frist', title: 'Endre en frist', halfYear: false, unitLabel: '',
    hjemmel: '',
    intro: 'En ny lengde på en frist i inkassoloven, inkassoforskriften eller foreldelsesloven, fra en dato. Den gjeldende lengden avsluttes dagen før.',
  },
  horisont: {
    id: 'horisont', title: 'Flytt gjennomgangshorisonten', halfYear: false, unitLabel: '',
    hjemmel: '',
    intro: 'Datoen reglene er gjennomgått mot gjeldende rett til og med. Et krav kan ikke vurderes etter den. Flytt den først når hver regel er kontrollert for perioden: nye satser, nye forskrifter og om den nye inkassoloven er satt i kraft.',
  },
};

export interface TaskFields {
  readonly parameter?: string;
  readonly valid_from: string;
  readonly value: string;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: string;
  readonly note?: string;
}

export type FieldErrors = Partial<Record<'parameter' | 'valid_from' | 'value' | 'hjemmel' | 'source' | 'status' | 'note', string>>;

/** A value that is allowed but unusual: the officer must confirm it before the draft is made. */
export interface Plausibility {
  readonly field: 'value';
  readonly message: string;
}

export interface TaskResult {
  readonly path: string;
  readonly fieldErrors: FieldErrors;
  /** The file with the new value (when the fields are valid). */
  readonly after?: string;
  readonly before?: string;
  readonly diff?: readonly DiffLine[];
  /** Problems the whole rule set would have with the change. */
  readonly diagnostics: readonly Diagnostic[];
  readonly warnings: readonly Plausibility[];
  /** The date as written into the file (YYYY-MM-DD), whatever form the officer typed it in. */
  readonly validFrom?: string;
  /** The value as an officer reads it, whatever form it was typed in: "11,75 %", "760,00 kr", "14 dager". */
  readonly valueText?: string;
}

/** The parameters the frist form can change. */
export function deadlineParameters(rules: RuleSet): { id: string; title: string; unit: string; description: string; current: string }[] {
  return [...rules.series.values()]
    .filter((s) => s.kind === 'parameter' && s.id.startsWith('frister.'))
    .map((s) => {
      const last = s.entries[s.entries.length - 1]!;
      return { id: s.id, title: s.title, unit: s.unit, description: s.description, current: last.text };
    });
}

/**
 * The task a request names, or undefined: only TASKS' own keys are tasks, not what every object
 * inherits ('constructor' used to pass for one, and the form then failed with a 500).
 */
export function taskOf(name: unknown): TaskDefinition | undefined {
  return typeof name === 'string' && Object.hasOwn(TASKS, name) ? TASKS[name as TaskId] : undefined;
}

/** Suggestions for an empty form: the day after the last value, the current value, the usual hjemmel. */
export function taskDefaults(ws: Workspace, task: TaskId, parameter?: string): TaskFields {
  const def = TASKS[task];
  if (task === 'horisont') {
    const h = ws.rules.ruleSet().review?.reviewedThrough;
    return { valid_from: '', value: '', hjemmel: '', source: '', status: 'P', ...(h !== undefined ? { note: '' } : {}) };
  }
  const id = def.parameter ?? parameter ?? 'frister.inkassovarsel-frist';
  const s = ws.rules.ruleSet().series.get(id);
  const last = s?.entries[s.entries.length - 1];
  const next = last ? (Number.isFinite(last.to) ? last.to + 1 : undefined) : undefined;
  return {
    parameter: id,
    valid_from: next !== undefined ? datoOf(isoDate(next)) : '',
    value: '',
    hjemmel: def.hjemmel || last?.hjemmel || '',
    source: '',
    status: 'P',
  };
}

const datoOf = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export function validateFields(ws: Workspace, task: TaskId, f: TaskFields): { errors: FieldErrors; warnings: Plausibility[]; value?: string | number; validFrom?: string; validTo?: string; parameter: string } {
  const def = TASKS[task];
  const errors: FieldErrors = {};
  const warnings: Plausibility[] = [];
  const parameter = def.parameter ?? f.parameter ?? '';
  const series = ws.rules.ruleSet().series.get(parameter);
  if (!series || (task === 'frist' && !parameter.startsWith('frister.'))) errors.parameter = 'Velg fristen som skal endres.';
  let validTo: string | undefined;
  const validFrom = parseNorwegianDate(f.valid_from);
  if (!f.valid_from.trim()) errors.valid_from = 'Skriv datoen verdien gjelder fra, for eksempel 01.01.2027.';
  else if (validFrom === undefined) errors.valid_from = dateError(f.valid_from, '01.01.2027');
  else if (def.halfYear) {
    validTo = halfYearEnd(validFrom);
    if (!validTo) errors.valid_from = 'Et halvår begynner 1. januar eller 1. juli (01.01 eller 01.07).';
  } else if (def.year) {
    validTo = yearEnd(validFrom);
    if (!validTo) errors.valid_from = 'Verdien gjelder for et kalenderår: fra 1. januar (01.01).';
  }
  let value: string | number | undefined;
  const unit = series?.unit;
  if (!f.value.trim()) errors.value = 'Skriv verdien.';
  else if (unit === 'percent') {
    value = percent(f.value);
    if (value === undefined) errors.value = 'Skriv satsen i prosent, for eksempel 11,75.';
  } else if (unit === 'NOK') {
    value = kroner(f.value);
    if (value === undefined) errors.value = 'Skriv beløpet i kroner, for eksempel 760 eller 762,50.';
  } else if (unit === 'days' || unit === 'months' || unit === 'years' || unit === 'count') {
    value = /^\d{1,5}$/.test(f.value.trim()) ? Number(f.value.trim()) : undefined;
    if (value === undefined) errors.value = `Skriv et helt antall ${unit === 'days' ? 'dager' : unit === 'months' ? 'måneder' : unit === 'years' ? 'år' : ''}.`;
  }
  // The example is this value's own hjemmel (a frist's is not the forsinkelsesrente's).
  const example = def.hjemmel || series?.entries[series.entries.length - 1]?.hjemmel || 'inkassoloven § 9 første ledd';
  if (f.hjemmel.trim().length < 3) errors.hjemmel = `Oppgi hjemmelen, for eksempel «${example}».`;
  if (f.source.trim().length < 3) errors.source = 'Oppgi kilden: forskriften (FOR-…) eller adressen der tallet er lest.';
  if (!['P', 'C2', 'S'].includes(f.status)) errors.status = 'Velg hvor godt tallet er bekreftet.';
  if (series && value !== undefined && validFrom !== undefined && !errors.value) warnings.push(...plausibility(series, value, validFrom));
  return { errors, warnings, parameter, ...(value !== undefined ? { value } : {}), ...(validFrom !== undefined ? { validFrom } : {}), ...(validTo ? { validTo } : {}) };
}

const nb = (n: number, decimals = 2) => n.toFixed(decimals).replace('.', ',');

/**
 * Values that are lawful to write but unusual enough to be a typing mistake: a forsinkelsesrente
 * outside 0–30 %, or more than 2 percentage points from the half-year before; an amount more than
 * 25 % from the value before.
 */
export function plausibility(series: Series, value: string | number, validFrom: string): Plausibility[] {
  const out: Plausibility[] = [];
  const day = parseIsoDate(validFrom)!;
  const previous = entryAt(series, day - 1);
  const prevNumber = previous ? Number(previous.text) : NaN;
  const prev = Number.isFinite(prevNumber) ? prevNumber : undefined;
  const v = Number(value);
  if (series.unit === 'percent') {
    if (v < 0 || v > 30) out.push({ field: 'value', message: `${nb(v)} % er utenfor det vanlige området for forsinkelsesrenten (0–30 %). Kontroller at satsen er skrevet riktig.` });
    if (prev !== undefined && Math.abs(v - prev) > 2) out.push({ field: 'value', message: `${nb(v)} % er ${nb(Math.abs(v - prev))} prosentpoeng ${v > prev ? 'høyere' : 'lavere'} enn satsen før (${nb(prev)} % fra ${datoOf(isoDate(previous!.from))}). Endringer på mer enn 2 prosentpoeng fra ett halvår til det neste er uvanlige.` });
  } else if (series.unit === 'NOK' && prev !== undefined && prev > 0 && Math.abs(v - prev) / prev > 0.25) {
    out.push({ field: 'value', message: `${krText(String(value))} kr er ${Math.round((Math.abs(v - prev) / prev) * 100)} % ${v > prev ? 'mer' : 'mindre'} enn beløpet før (${krText(previous!.text)} kr). Kontroller at beløpet er skrevet riktig.` });
  }
  return out;
}

/** Moves the review horizon: a date and what was reviewed; a move of more than six months asks for a confirmation. */
function applyHorizon(ws: Workspace, draft: Draft | undefined, f: TaskFields): TaskResult {
  const path = 'horisont.yaml';
  const errors: FieldErrors = {};
  const warnings: Plausibility[] = [];
  const date = parseNorwegianDate(f.valid_from);
  if (!f.valid_from.trim()) errors.valid_from = 'Skriv datoen reglene er gjennomgått til og med, for eksempel 30.06.2027.';
  else if (date === undefined) errors.valid_from = dateError(f.valid_from, '30.06.2027');
  if ((f.note ?? '').trim().length < 10) errors.note = 'Skriv hva som er kontrollert (minst 10 tegn): hvilke forskrifter og satser er lest for perioden.';
  const before = draft ? ws.textIn(draft, path) : ws.rules.text(path);
  if (before === null) return { path, fieldErrors: { valid_from: 'Regelsettet har ingen horisont (horisont.yaml).' }, diagnostics: [], warnings };
  const current = ws.rules.ruleSet().review?.reviewedThrough;
  if (date !== undefined && current !== undefined) {
    const day = parseIsoDate(date)!;
    if (day === current) errors.valid_from = `Horisonten er allerede ${datoOf(isoDate(current))}.`;
    else if (day - current > 183) warnings.push({ field: 'value', message: `Horisonten flyttes ${day - current} dager fram, fra ${datoOf(isoDate(current))} til ${datoOf(date)}. Er hver regel kontrollert for hele perioden?` });
    else if (day < current) warnings.push({ field: 'value', message: `Horisonten flyttes bakover, fra ${datoOf(isoDate(current))} til ${datoOf(date)}: krav kan da ikke lenger vurderes etter ${datoOf(date)}.` });
  }
  if (Object.keys(errors).length || date === undefined) return { path, fieldErrors: errors, diagnostics: [], warnings };
  let after: string;
  try {
    after = moveHorizon(before, { reviewed_through: date, reviewed_on: osloToday(new Date()), note: f.note ?? '' });
  } catch (e) {
    if (e instanceof EditError) return { path, fieldErrors: { valid_from: e.message }, diagnostics: [], warnings };
    throw e;
  }
  const base = draft ? ws.draftSources(draft) : ws.rules.sources();
  const { diagnostics, ruleSet } = parseRules([...base.filter((s) => s.path !== path), { path, text: after }]);
  // Values that run out before the new horizon, in the rules as the draft has them (a new rate
  // added in the same draft counts): claims could then be evaluated for days they know nothing of.
  const day = parseIsoDate(date)!;
  if (ruleSet && (current === undefined || day > current)) {
    const ending = seriesEndingBefore(ruleSet, day);
    for (const s of ending) {
      const from = datoOf(isoDate(parseIsoDate(s.coveredThrough)! + 1));
      warnings.push({ field: 'value', message: `${s.title} (${s.id}) har verken verdi eller erklært hull etter ${datoOf(s.coveredThrough)}: krav som trenger den, kan ikke vurderes for dager fra ${from} til ${datoOf(date)}.` });
    }
    if (ending.length) warnings.push({ field: 'value', message: 'Legg inn verdiene for perioden først (i samme utkast), eller et hull med begrunnelse der en verdi ikke er kjent.' });
  }
  return { path, fieldErrors: {}, before, after, diff: lineDiff(before, after), diagnostics, warnings, validFrom: date };
}

/** Applies a task to the text a draft has (or the published text) and validates the result. */
export function applyTask(ws: Workspace, draft: Draft | undefined, task: TaskId, f: TaskFields): TaskResult {
  if (task === 'horisont') return applyHorizon(ws, draft, f);
  const { errors, warnings, value, validFrom, validTo, parameter } = validateFields(ws, task, f);
  const series = ws.rules.ruleSet().series.get(parameter);
  const path = series?.file ?? '';
  if (Object.keys(errors).length || value === undefined || !series || !validFrom) return { path, fieldErrors: errors, diagnostics: [], warnings };
  const before = draft ? ws.textIn(draft, path) : ws.rules.text(path);
  if (before === null) return { path, fieldErrors: { parameter: 'Filen finnes ikke i utkastet.' }, diagnostics: [], warnings };
  let after: string;
  try {
    after = addDatedValue(before, {
      valid_from: validFrom, ...(validTo ? { valid_to: validTo } : {}), value, hjemmel: f.hjemmel.trim(), source: f.source.trim(),
      status: f.status as 'P' | 'C2' | 'S', ...(f.note?.trim() ? { note: f.note.trim() } : {}),
    });
  } catch (e) {
    if (e instanceof EditError) return { path, fieldErrors: { valid_from: e.message }, diagnostics: [], warnings };
    throw e;
  }
  const base = draft ? ws.draftSources(draft) : ws.rules.sources();
  const { diagnostics } = parseRules([...base.filter((s) => s.path !== path), { path, text: after }]);
  return { path, fieldErrors: {}, before, after, diff: lineDiff(before, after), diagnostics, warnings, validFrom, valueText: valueText(value, series.unit) };
}
