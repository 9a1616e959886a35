import { error, fail, redirect } from '@sveltejs/kit';
import { lineDiff } from '$lib/server/diff.ts';
import { DraftError } from '$lib/server/drafts.ts';
import { Forbidden, hasRole, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
  const ws = workspace();
  const e = ws.history.get(params.id);
  if (!e) error(404, 'Fant ikke endringen');
  const all = ws.history.list();
  const previous = all[all.findIndex((x) => x.id === e.id) - 1]?.id ?? 'start';
  // "The rules as after this change" opens the topic of the (first) changed rule file.
  const topicOf = (path: string) => (path.startsWith('steps/') ? null : path.split('/').slice(0, 2).join('/'));
  const topic = e.files.map((f) => topicOf(f.path)).find((t): t is string => !!t) ?? null;
  const rules = ws.rules.ruleSet();
  const names = new Map<string, string>([...rules.series.values()].map((s) => [s.file, s.title]));
  return {
    entry: {
      id: e.id, seq: e.seq, title: e.title, publishedAt: e.publishedAt, author: e.author, approver: e.approver, reason: e.reason, hjemmel: e.hjemmel,
      draftId: e.draftId, version: e.version, previousVersion: e.previousVersion, restoredFrom: e.restoredFrom ?? null,
      files: e.files.map((f) => ({ path: f.path, name: names.get(f.path) ?? '', diff: lineDiff(f.before, f.after), added: f.before === null, removed: f.after === null })),
      golden: e.golden.map((g) => ({ caseId: g.caseId, reason: g.reason, diff: lineDiff(g.before, g.after) })),
      preview: e.preview,
    },
    previous,
    rulesLink: topic ? `/regler/${topic}` : '/trapp',
    canRestore: hasRole(locals.user, 'editor'),
  };
};

export const actions: Actions = {
  gjenopprett: async ({ request, locals }) => {
    const f = await request.formData();
    try {
      const d = await workspace().restore(locals.user, String(f.get('versjon') ?? ''));
      redirect(303, `/utkast/${d.id}`);
    } catch (e) {
      if (e instanceof Forbidden) return fail(403, { feil: e.message });
      if (e instanceof DraftError) return fail(400, { feil: e.message });
      throw e;
    }
  },
};
