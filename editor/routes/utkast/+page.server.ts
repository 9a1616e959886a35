import { randomBytes } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { DraftError } from '$lib/server/drafts.ts';
import { Forbidden, hasRole, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const drafts = workspace().drafts.list().map((d) => ({ id: d.id, title: d.title, author: d.author, status: d.status, updatedAt: d.updatedAt, files: Object.keys(d.files), publishedAs: d.publishedAs ?? null }));
  return { drafts, canEdit: hasRole(locals.user, 'editor'), requestKey: randomBytes(12).toString('base64url') };
};

export const actions: Actions = {
  ny: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      const d = await workspace().createDraft(locals.user, String(form.get('tittel') ?? ''), {}, { requestKey: String(form.get('skjema') ?? '') });
      redirect(303, `/utkast/${d.id}`);
    } catch (e) {
      if (e instanceof Forbidden) return fail(403, { feil: e.message });
      if (e instanceof DraftError) return fail(400, { feil: e.message });
      throw e;
    }
  },
};
