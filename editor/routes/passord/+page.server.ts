import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { DraftError } from '$lib/server/drafts.ts';
import { UserError } from '$lib/server/users.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ mustChange: !!locals.user?.mustChangePassword });

export const actions: Actions = {
  default: async ({ request, locals, cookies, getClientAddress }) => {
    const f = await request.formData();
    const current = String(f.get('naavaerende') ?? '');
    const next = String(f.get('nytt') ?? '');
    if (next !== String(f.get('gjenta') ?? '')) return fail(400, { feil: 'De to nye passordene er ikke like.', felt: 'gjenta' });
    const ws = workspace();
    try {
      const user = await ws.changeOwnPassword(locals.user, current, next);
      // Every session ended with the change; this one continues with a new session.
      const r = await ws.signIn(user.username, next, getClientAddress());
      if (r.ok) cookies.set(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ws.config.secureCookies, expires: r.expires });
    } catch (e) {
      if (e instanceof DraftError) return fail(400, { feil: e.message, felt: 'naavaerende' });
      if (e instanceof UserError) return fail(400, { feil: e.message, felt: 'nytt' });
      throw e;
    }
    redirect(303, '/?passord=endret');
  },
};
