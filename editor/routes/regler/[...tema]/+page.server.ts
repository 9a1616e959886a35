import { error } from '@sveltejs/kit';
import { datoAv } from '$lib/nb.ts';
import { hasRole, workspace } from '$lib/server/workspace.ts';
import { rulesFromQuery, seriesView, topicsView } from '$lib/server/views.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
  const ws = workspace();
  const choice = rulesFromQuery(ws, url);
  const topics = topicsView(choice.ruleSet);
  const topic = topics.find((t) => t.folder === params.tema);
  if (!topic) error(404, `Fant ikke temaet ${params.tema}`);
  const series = topic.series.map((id) => seriesView(choice.ruleSet.series.get(id)!, choice.day));
  return {
    topic,
    topics: topics.map((t) => ({ folder: t.folder, title: t.title })),
    series,
    versions: [{ id: 'current', label: 'Gjeldende' }, ...ws.history.list().reverse().map((e) => ({ id: e.id, label: `${e.id} · ${datoAv(e.publishedAt)} · ${e.title}` })), { id: 'start', label: 'Før første endring i editoren' }],
    version: choice.version,
    versionLabel: choice.label,
    date: choice.date,
    // A date that is none is shown back as typed, with what is wrong with it.
    dateTyped: choice.dateError ? (url.searchParams.get('dato') ?? '') : '',
    dateError: choice.dateError ?? null,
    canEdit: hasRole(locals.user, 'editor'),
  };
};
