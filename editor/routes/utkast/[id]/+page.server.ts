import { error, fail, redirect } from '@sveltejs/kit';
import { diagnosticLine } from '$lib/server/diagnostics.ts';
import { changedLineCount, lineDiff } from '$lib/server/diff.ts';
import { DraftError } from '$lib/server/drafts.ts';
import { textVersion } from '$lib/server/rules-store.ts';
import { contributors, Forbidden, hasRole, StaleBase, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
  const ws = workspace();
  const d = ws.drafts.get(params.id);
  if (!d) error(404, 'Utkastet finnes ikke');
  const user = locals.user!;
  const rules = ws.rules.ruleSet();
  const names = new Map<string, string>([...rules.series.values()].map((s) => [s.file, s.title]));
  for (const st of rules.steps) names.set(st.file, st.title);
  const files = Object.entries(d.files).map(([path, f]) => ({
    path, name: names.get(path) ?? '', rev: f.rev, editedBy: f.editedBy, editedAt: f.editedAt, removed: f.text === null, isNew: f.base === null,
    diff: lineDiff(f.base, f.text), counts: changedLineCount(f.base, f.text),
    stale: d.status !== 'publisert' && textVersion(ws.rules.text(path)) !== textVersion(f.base),
  }));
  const open = d.status === 'utkast' || d.status === 'til_godkjenning';
  const { summary, diagnostics } = open ? ws.preview(d) : { summary: undefined, diagnostics: [] };
  const authors = contributors(d);
  const approveBlock = d.status === 'til_godkjenning' ? ws.approvalBlock(user, d) : null;
  return {
    draft: {
      id: d.id, title: d.title, status: d.status, author: d.author, createdAt: d.createdAt, updatedAt: d.updatedAt, reason: d.reason ?? '', hjemmel: d.hjemmel ?? '',
      decision: d.decision ?? null, publishedAs: d.publishedAs ?? null, restoredFrom: d.restoredFrom ?? null, log: [...d.log].reverse(),
      golden: Object.fromEntries(Object.entries(d.golden).map(([k, g]) => [k, { reason: g.reason, by: g.by, at: g.at }])),
      contributors: [...authors],
    },
    files,
    errors: diagnostics.filter((x) => x.severity === 'error').map((x) => diagnosticLine(x)),
    preview: summary ?? null,
    can: {
      edit: d.status === 'utkast' && hasRole(user, 'editor'),
      submit: d.status === 'utkast' && hasRole(user, 'editor'),
      /** The approval section: shown to approvers (with the reason when this one may not approve). */
      decide: d.status === 'til_godkjenning' && hasRole(user, 'approver'),
      approve: d.status === 'til_godkjenning' && approveBlock === null,
      approveBlock,
      reopen: (d.status === 'til_godkjenning' || d.status === 'avvist') && hasRole(user, 'editor'),
    },
  };
};

async function run(action: () => Promise<unknown>): Promise<ReturnType<typeof fail> | undefined> {
  try {
    await action();
    return undefined;
  } catch (e) {
    if (e instanceof Forbidden) return fail(403, { feil: e.message });
    if (e instanceof StaleBase) return fail(409, { feil: `${e.message}. Lag et nytt utkast fra de gjeldende reglene, eller gjenåpne og oppdater filen.` });
    if (e instanceof DraftError) return fail(400, { feil: e.message });
    throw e;
  }
}

export const actions: Actions = {
  aksepter: async ({ request, params, locals }) => {
    const f = await request.formData();
    const caseId = String(f.get('sak') ?? '');
    return (await run(() => workspace().acceptExpectation(locals.user, params.id, caseId, String(f.get('begrunnelse') ?? '')))) ?? { ok: `Nye tall for ${caseId} er godtatt i endringen.` };
  },
  angre: async ({ request, params, locals }) => {
    const f = await request.formData();
    return (await run(() => workspace().dropExpectation(locals.user, params.id, String(f.get('sak') ?? '')))) ?? { ok: 'Trukket tilbake.' };
  },
  send: async ({ request, params, locals }) => {
    const f = await request.formData();
    return (await run(() => workspace().submit(locals.user, params.id, String(f.get('begrunnelse') ?? ''), String(f.get('hjemmel') ?? '')))) ?? { ok: 'Sendt til godkjenning.' };
  },
  godkjenn: async ({ request, params, locals }) => {
    const f = await request.formData();
    let entryId = '';
    const failed = await run(async () => { entryId = (await workspace().approve(locals.user, params.id, String(f.get('kommentar') ?? ''))).id; });
    if (failed) return failed;
    redirect(303, `/historikk/${entryId}`);
  },
  avvis: async ({ request, params, locals }) => {
    const f = await request.formData();
    return (await run(() => workspace().reject(locals.user, params.id, String(f.get('kommentar') ?? '')))) ?? { ok: 'Endringen er avvist.' };
  },
  gjenaapne: async ({ params, locals }) => (await run(() => workspace().reopen(locals.user, params.id))) ?? { ok: 'Utkastet kan endres igjen.' },
  forkast: async ({ params, locals }) => {
    const failed = await run(() => workspace().discard(locals.user, params.id));
    if (failed) return failed;
    redirect(303, '/utkast');
  },
};
