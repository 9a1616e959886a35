import { randomBytes } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { datoText, isoDate } from '$engine/node.ts';
import { diagnosticLine } from '$lib/server/diagnostics.ts';
import { DraftError } from '$lib/server/drafts.ts';
import { ruleFilePath, PathError } from '$lib/server/paths.ts';
import { applyTask, deadlineParameters, taskDefaults, taskOf, type TaskFields } from '$lib/server/tasks.ts';
import { needRole } from '$lib/server/guard.ts';
import { Forbidden, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
  needRole(locals.user, 'editor');
  const ws = workspace();
  const draftId = url.searchParams.get('utkast') ?? '';
  const draft = draftId ? ws.drafts.get(draftId) : undefined;
  // The form's key: the same form sent twice (Back, then send again) gives the same draft.
  const requestKey = randomBytes(12).toString('base64url');
  if (params.oppgave === 'fil') {
    const rules = ws.rules.ruleSet();
    const names = new Map([...rules.series.values()].map((s) => [s.file, s.title]));
    for (const st of rules.steps) names.set(st.file, st.title);
    const files = ws.rules.sources().map((s) => ({ path: s.path, name: names.get(s.path) ?? '' }));
    return { kind: 'fil' as const, files, sti: url.searchParams.get('sti') ?? '', draft: draft ? { id: draft.id, title: draft.title } : null, requestKey };
  }
  const task = taskOf(params.oppgave);
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
    requestKey,
    horizon: ws.rules.ruleSet().review ? isoDate(ws.rules.ruleSet().review!.reviewedThrough) : null,
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
    const requestKey = String(form.get('skjema') ?? '');
    try {
      // Sent before (Back after "Lag utkast", then send again): the draft it made, not a second one.
      const earlier = requestKey ? ws.drafts.list().find((d) => d.requestKey === requestKey && d.author === locals.user?.username) : undefined;
      if (earlier) redirect(303, `/utkast/${earlier.id}`);
      if (params.oppgave === 'fil') {
        const path = ruleFilePath(String(form.get('sti') ?? ''));
        let draft = draftId ? ws.draft(draftId) : await ws.createDraft(locals.user, String(form.get('tittel') ?? '') || `Endring i ${path}`, {}, { requestKey });
        if (!(path in draft.files)) draft = await ws.saveFile(locals.user, draft.id, path, ws.rules.text(path), 0);
        redirect(303, `/utkast/${draft.id}/fil?sti=${encodeURIComponent(path)}`);
      }
      const task = taskOf(params.oppgave);
      if (!task) error(404, 'Ukjent oppgave');
      const fields = fieldsOf(form);
      const existing = draftId ? ws.draft(draftId) : undefined;
      const r = applyTask(ws, existing, task.id, fields);
      if (Object.keys(r.fieldErrors).length || !r.after) return fail(400, { fields, fieldErrors: r.fieldErrors, warnings: r.warnings, feil: 'Rett feltene som er merket.' });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) return fail(400, { fields, fieldErrors: {}, warnings: r.warnings, feil: errors.map((d) => diagnosticLine(d)).join('\n') });
      if (r.warnings.length && form.get('bekreft') !== 'on') return fail(400, { fields, fieldErrors: {}, warnings: r.warnings, feil: task.id === 'horisont' ? 'Les merknadene, og kryss av for at horisonten skal flyttes likevel, før utkastet lages.' : 'Verdien er uvanlig. Kontroller den, og kryss av for at den er riktig, før utkastet lages.' });
      const title = task.id === 'horisont'
        ? `Reglene gjennomgått til og med ${datoText(r.validFrom!)}`
        : `${task.title}: ${r.valueText} fra ${datoText(r.validFrom!)}${task.id === 'frist' ? ` (${fields.parameter})` : ''}`;
      const draft = existing ?? (await ws.createDraft(locals.user, title, {}, { requestKey }));
      const rev = draft.files[r.path]?.rev ?? 0;
      await ws.saveFile(locals.user, draft.id, r.path, r.after, rev);
      redirect(303, `/utkast/${draft.id}`);
    } catch (e) {
      if (e instanceof Forbidden) return fail(403, { feil: e.message, fields: fieldsOf(form), fieldErrors: {}, warnings: [] });
      if (e instanceof DraftError || e instanceof PathError) return fail(400, { feil: e.message, fields: fieldsOf(form), fieldErrors: {}, warnings: [] });
      throw e;
    }
  },
};
