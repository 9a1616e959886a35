/**
 * A step's conditions in Norwegian, for the compliance officer who reads the ladder in the editor:
 * `{ all: [ { fact: paidInFull, operator: equal, value: false } ] }` reads "kravet er ikke betalt".
 * The rule files keep json-rules-engine's format; this is only how it is shown.
 */
import type { Comparison, Condition, FactValue, OperatorName } from '../conditions/index.ts';
import { DYNAMIC_FACT, type EngineFact } from './facts.ts';

/** A yes/no fact: what holds when it is true, and when it is false. */
type YesNo = readonly [whenTrue: string, whenFalse: string];

/** Each engine fact as the law's reader says it: a yes/no statement, or the name of a number or kind. */
export const FACT_TEXT: Readonly<Record<EngineFact, string | YesNo>> = {
  debtorKind: 'skyldneren',
  collection: 'inndrivingen',
  creditorVatRegistered: ['kreditor er mva-registrert', 'kreditor er ikke mva-registrert'],
  principal: 'hovedstolen',
  daysAfterForfall: 'dager etter forfall',
  disputed: ['skyldneren har en innsigelse som ikke er avklart', 'skyldneren har ingen åpen innsigelse'],
  paidInFull: ['kravet er betalt', 'kravet er ikke betalt'],
  paidWithinInkassovarselDeadline: ['kravet ble betalt innen fristen i inkassovarselet', 'kravet ble ikke betalt innen fristen i inkassovarselet'],
  timeBarred: ['kravet er foreldet', 'kravet er ikke foreldet'],
  purringerSent: 'antall purringer sendt',
  inkassovarselSent: ['inkassovarsel er sendt', 'inkassovarsel er ikke sendt'],
  betalingsoppfordringSent: ['betalingsoppfordring er sendt', 'betalingsoppfordring er ikke sendt'],
  rettsligInndrivingStarted: ['rettslig inndriving er satt i gang', 'rettslig inndriving er ikke satt i gang'],
  purregebyrBefore: 'antall purregebyr krevd før',
  inkassovarselGebyrBefore: 'antall gebyr for inkassovarsel krevd før',
  betalingsoppfordringGebyrBefore: 'antall gebyr for betalingsoppfordring krevd før',
  lastFeeLetterDeadlineDays: 'fristen i forrige brev med gebyr (dager)',
  missedDeadlineDays: 'den lengste fristen skyldneren har oversittet (dager)',
  standardkompensasjonCharged: ['standardkompensasjon er krevd', 'standardkompensasjon er ikke krevd'],
  salaerCharged: ['inkassosalær er krevd', 'inkassosalær er ikke krevd'],
  feeCharged: ['det kreves gebyr for steget', 'det kreves ikke gebyr for steget'],
  deadlineDays: 'fristen i brevet (dager)',
};

/** Values of the kind facts as Norwegian writes them. */
const VALUE_TEXT: Readonly<Record<string, string>> = {
  consumer: 'forbruker', business: 'næringsdrivende', egeninkasso: 'egeninkasso', fremmedinkasso: 'fremmedinkasso',
};

const OPERATOR_TEXT: Readonly<Record<OperatorName, string>> = {
  equal: 'er', notEqual: 'er ikke', lessThan: 'er under', lessThanInclusive: 'er høyst', greaterThan: 'er over',
  greaterThanInclusive: 'er minst', in: 'er en av', notIn: 'er ingen av', contains: 'inneholder', doesNotContain: 'inneholder ikke',
};

/** How a parameter's value is shown beside its id (the value on a day, say); none by default. */
export type ParameterValue = (id: string) => string | undefined;

function factName(name: string, parameter: ParameterValue): string {
  const known = (FACT_TEXT as Readonly<Record<string, string | YesNo>>)[name];
  if (typeof known === 'string') return known;
  const dynamic = DYNAMIC_FACT.exec(name);
  if (dynamic) return dynamic[1] === 'lettersSent' ? `antall brev ${dynamic[2]} sendt` : `antall gebyr som teller som ${dynamic[2]}`;
  if (known) return name;
  const v = parameter(name);
  return v === undefined ? name : `${name} (${v})`;
}

function valueText(v: Comparison['value'], parameter: ParameterValue): string {
  if (Array.isArray(v)) return v.map((x) => valueText(x as FactValue, parameter)).join(', ');
  if (v !== null && typeof v === 'object' && 'fact' in v) return factName(v.fact, parameter);
  if (typeof v === 'boolean') return v ? 'ja' : 'nei';
  return typeof v === 'string' ? (VALUE_TEXT[v] ?? v) : String(v);
}

function comparisonText(c: Comparison, parameter: ParameterValue): string {
  const yesNo = (FACT_TEXT as Readonly<Record<string, string | YesNo>>)[c.fact];
  if (Array.isArray(yesNo) && typeof c.value === 'boolean' && (c.operator === 'equal' || c.operator === 'notEqual')) {
    return (c.value === (c.operator === 'equal')) ? yesNo[0] : yesNo[1];
  }
  return `${factName(c.fact, parameter)} ${OPERATOR_TEXT[c.operator]} ${valueText(c.value, parameter)}`;
}

/** In a clause after "når" or "med mindre", ikke comes before the verb: "kravet ikke er betalt". */
function subordinate(text: string): string {
  return text.replace(/^(.*?) (er|ble|har|inneholder) ikke /, '$1 ikke $2 ');
}

function describe(c: Condition, parameter: ParameterValue, clause: 'main' | 'sub', nested: boolean): string {
  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : c.any;
    if (list.length === 0) return 'all' in c ? 'alltid' : 'aldri';
    const parts = list.map((x) => describe(x, parameter, clause, true));
    if (parts.length === 1) return parts[0]!;
    const joined = parts.join('all' in c ? ' og ' : ' eller ');
    return nested ? `(${joined})` : joined;
  }
  if ('not' in c) return `ikke: ${describe(c.not, parameter, 'main', true)}`;
  const text = comparisonText(c, parameter);
  return clause === 'sub' ? subordinate(text) : text;
}

/**
 * A condition in words: all joined by "og", any by "eller" (in parentheses when nested), not as
 * "ikke: …". An empty all holds always, an empty any never (as in json-rules-engine). With
 * clause 'sub' it reads after "når" or "med mindre" ("når kreditor ikke er mva-registrert").
 * @example conditionText({ all: [{ fact: 'disputed', operator: 'equal', value: false }] }) //=> 'skyldneren har ingen åpen innsigelse'
 */
export function conditionText(c: Condition, parameter: ParameterValue = () => undefined, clause: 'main' | 'sub' = 'main'): string {
  return describe(c, parameter, clause, false);
}
