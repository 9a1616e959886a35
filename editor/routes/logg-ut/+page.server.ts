import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ cookies, locals }) => {
    await workspace().sessions.destroy(locals.sessionToken);
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/logg-inn');
  },
};
