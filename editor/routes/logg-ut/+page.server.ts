import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (a link someone else made must not sign you out); GET shows the button. */
export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/logg-inn');
  return {};
};

export const actions: Actions = {
  default: async ({ cookies, locals }) => {
    await workspace().sessions.destroy(locals.sessionToken);
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/logg-inn');
  },
};
