import { error, fail, redirect } from '@sveltejs/kit';
import { isoDate } from '$engine/calendar/index.ts';
import { DraftError } from '$lib/server/drafts.ts';
import { ruleFilePath, PathError } from '$lib/server/paths.ts';
import { applyTask, deadlineParameters, taskDefaults, TASKS, type TaskFields, type TaskId } from '$lib/server/tasks.ts';
import { needRole } from '$lib/server/guard.ts';
import { Forbidden, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
  needRole(locals.user, 'editor');
  const ws = workspace();
  const draftId = url.searchParams.get('utkast') ?? '';
  const draft = draftId ? ws.drafts.get(draftId) : undefined;
  if (params.oppgave === 'fil') {
    const files = ws.rules.sources().map((s) => s.path);
    return { kind: 'fil' as const, files, sti: url.searchParams.get('sti') ?? '', draft: draft ? { id: draft.id, title: draft.title } : null };
  }
  const task = TASKS[params.oppgave as TaskId];
  if (!task) error(404, 'Ukjent oppgave');
  const parameter = url.searchParams.get('parameter') ?? undefined;
  const series = task.parameter ? ws.rules.ruleSet().series.get(task.parameter) : undefined;
  const recent = series ? series.entries.slice(-4).map((e) => ({ from: e.from, text: e.text, status: e.status })) : [];
  return {
    kind: 'oppgave' as const,
    task,
    defaults: taskDefaults(ws, task.id, parameter),
    deadlines: task.id === 'frist' ? deadlineParameters(ws.rules.ruleSet()) : [],
    recent: recent.map((r) => ({ ...r, from: isoDate(r.from) })),
    draft: draft ? { id: draft.id, title: draft.title } : null,
  };
};

function fieldsOf(form: FormData): TaskFields {
  const s = (k: string) => String(form.get(k) ?? '');
  return { valid_from: s('valid_from'), value: s('value'), hjemmel: s('hjemmel'), source: s('source'), status: s('status') || 'P', ...(s('parameter') ? { parameter: s('parameter') } : {}), ...(s('note') ? { note: s('note') } : {}) };
}

export const actions: Actions = {
  default: async ({ request, params, url, locals }) => {
    const ws = workspace();
    const form = await request.formData();
    const draftId = String(form.get('utkast') ?? url.searchParams.get('utkast') ?? '');
    try {
      if (params.oppgave === 'fil') {
        const path = ruleFilePath(String(form.get('sti') ?? ''));
        let draft = draftId ? ws.draft(draftId) : await ws.createDraft(locals.user, String(form.get('tittel') ?? '') || `Endring i ${path}`);
        if (!(path in draft.files)) draft = await ws.saveFile(locals.user, draft.id, path, ws.rules.text(path), 0);
        redirect(303, `/utkast/${draft.id}/fil?sti=${encodeURIComponent(path)}`);
      }
      const task = TASKS[params.oppgave as TaskId];
      if (!task) error(404, 'Ukjent oppgave');
      const fields = fieldsOf(form);
      const existing = draftId ? ws.draft(draftId) : undefined;
      const r = applyTask(ws, existing, task.id, fields);
      if (Object.keys(r.fieldErrors).length || !r.after) return fail(400, { fields, fieldErrors: r.fieldErrors, feil: 'Rett feltene som er merket.' });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) return fail(400, { fields, fieldErrors: {}, feil: errors.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n') });
      const title = `${task.title}: ${fields.value} fra ${fields.valid_from}${task.id === 'frist' ? ` (${fields.parameter})` : ''}`;
      const draft = existing ?? (await ws.createDraft(locals.user, title));
      const rev = draft.files[r.path]?.rev ?? 0;
      await ws.saveFile(locals.user, draft.id, r.path, r.after, rev);
      redirect(303, `/utkast/${draft.id}`);
    } catch (e) {
      if (e instanceof Forbidden || e instanceof DraftError || e instanceof PathError) return fail(400, { feil: e.message, fields: fieldsOf(form), fieldErrors: {} });
      throw e;
    }
  },
};
