import { EvaluationError, feeCapFor, formatAmount, isoDate, osloToday, parseIsoDate, type Claim } from '$engine/node.ts';
import { norwegianDate as datoOf, parseNorwegianDate } from '$lib/dates.ts';
import { amountText, krText } from '$engine/money/norwegian.ts';
import { dateError } from '$lib/server/date-error.ts';
import { workspace } from '$lib/server/workspace.ts';
import { rulesFromQuery, stepsView } from '$lib/server/views.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
  const ws = workspace();
  const choice = rulesFromQuery(ws, url);
  const today = osloToday(new Date());
  // The sample claim as the officer typed it (01.07.2026, 10 000,00) or a link gives it
  // (2026-07-01, 10000.00). What cannot be read is said, and the default is used instead.
  const problems: { field: 'forfall' | 'sendt' | 'krav'; message: string }[] = [];
  const typed = (name: 'forfall' | 'sendt' | 'krav') => url.searchParams.get(name)?.trim() ?? '';
  const dateOf = (name: 'forfall' | 'sendt'): string | undefined => {
    const t = typed(name);
    const iso = t ? parseNorwegianDate(t) : undefined;
    if (t && iso === undefined) problems.push({ field: name, message: dateError(t, '01.07.2026') });
    return iso;
  };
  const sent = dateOf('sendt') ?? today;
  const due = dateOf('forfall') ?? isoDate(parseIsoDate(sent)! - 30);
  const kind = url.searchParams.get('skyldner') === 'business' ? 'business' : 'consumer';
  const vat = url.searchParams.get('mva') !== 'nei';
  const amount = typed('krav') ? amountText(typed('krav')) : '10000.00';
  const principalOk = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/.test(amount);
  if (!principalOk) problems.push({ field: 'krav', message: `Skriv kravet i kroner, for eksempel 10 000,00 (ikke «${typed('krav').slice(0, 40)}»).` });
  const sample: Claim = { id: 'eksempel', debtor: { kind }, creditor: { vatRegistered: vat }, collection: 'fremmedinkasso', principal: principalOk ? amount : '10000.00', invoiceDate: due, dueDate: due, events: [] };
  const steps = stepsView(choice.ruleSet, parseIsoDate(sent)).map((s) => {
    let caps: { label: string; amount: string }[] = [];
    let capError: string | undefined;
    const rule = choice.ruleSet.steps.find((x) => x.id === s.id);
    if (rule?.fee) {
      try {
        const scale = rule.fee.factors.find((f) => f.kind === 'scale');
        const columns = scale && scale.kind === 'scale' ? [scale.defaultColumn, ...scale.switches.map((x) => x.column)] : [undefined];
        caps = columns.map((c) => ({ label: c ?? 'tak', amount: formatAmount(feeCapFor(choice.ruleSet, sample, rule.event, sent, c)) }));
      } catch (e) {
        // A gap in the rules (a year whose rettsgebyr is not confirmed, say) is said in words, not as the engine's English.
        if (!(e instanceof EvaluationError)) throw e;
        const title = choice.ruleSet.series.get(e.rule)?.title;
        capError = e.code === 'RULE_VALUE_MISSING'
          ? `ukjent: regelverket har ingen verdi for ${title ? `${title.toLowerCase()} (${e.rule})` : e.rule} på ${datoOf(e.date)}`
          : e.code === 'RULES_NOT_REVIEWED' ? `ukjent: reglene er ikke gjennomgått for ${datoOf(e.date)}` : `ukjent: ${e.code}`;
      }
    }
    return { ...s, caps, ...(capError ? { capError } : {}) };
  });
  // A field that could not be read is shown back as typed.
  const shown = (name: 'forfall' | 'sendt' | 'krav', value: string) => (problems.some((p) => p.field === name) ? typed(name) : value);
  return {
    steps, sent, due, kind, vat, principal: sample.principal, versionLabel: choice.label, problems,
    typed: { forfall: shown('forfall', datoOf(due)), sendt: shown('sendt', datoOf(sent)), krav: shown('krav', krText(sample.principal)) },
  };
};
