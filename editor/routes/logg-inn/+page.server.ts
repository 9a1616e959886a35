import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
  return { hasAdmin: workspace().users.hasAdmin() };
};

/** Only local paths: a sign-in link must never send the user to another site. */
function safeTarget(t: string | null): string {
  return t && t.startsWith('/') && !t.startsWith('//') ? t : '/';
}

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const username = String(form.get('brukernavn') ?? '').trim().toLowerCase();
    const password = String(form.get('passord') ?? '');
    const ws = workspace();
    const user = await ws.users.authenticate(username, password);
    if (!user) return fail(400, { brukernavn: username, feil: 'Feil brukernavn eller passord.' });
    const { token, expires } = await ws.sessions.create(user.username);
    cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ws.config.secureCookies, expires });
    redirect(303, safeTarget(url.searchParams.get('til')));
  },
};
