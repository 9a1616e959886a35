import { EvaluationError, feeCapFor, formatAmount, isoDate, osloToday, parseIsoDate, type Claim } from '$engine/node.ts';
import { norwegianDate as datoOf } from '$lib/dates.ts';
import { workspace } from '$lib/server/workspace.ts';
import { rulesFromQuery, stepsView } from '$lib/server/views.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
  const ws = workspace();
  const choice = rulesFromQuery(ws, url);
  const today = osloToday(new Date());
  const sent = parseIsoDate(url.searchParams.get('sendt') ?? '') !== undefined ? url.searchParams.get('sendt')! : today;
  const dueParam = url.searchParams.get('forfall');
  const due = dueParam && parseIsoDate(dueParam) !== undefined ? dueParam : isoDate(parseIsoDate(sent)! - 30);
  const kind = url.searchParams.get('skyldner') === 'business' ? 'business' : 'consumer';
  const vat = url.searchParams.get('mva') !== 'nei';
  const principal = url.searchParams.get('krav') ?? '10000.00';
  const sample: Claim = { id: 'eksempel', debtor: { kind }, creditor: { vatRegistered: vat }, collection: 'fremmedinkasso', principal: /^\d+(\.\d{1,2})?$/.test(principal) ? principal : '10000.00', invoiceDate: due, dueDate: due, events: [] };
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
  return { steps, sent, due, kind, vat, principal: sample.principal, versionLabel: choice.label };
};
