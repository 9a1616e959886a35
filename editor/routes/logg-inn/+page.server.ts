import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, '/');
  return { hasAdmin: workspace().users.hasAdmin(), expired: url.searchParams.get('utlopt') === '1' };
};

/** Only local paths: a sign-in link must never send the user to another site. */
function safeTarget(t: string | null): string {
  return t && t.startsWith('/') && !t.startsWith('//') && !t.startsWith('/\\') ? t : '/';
}

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const username = String(form.get('brukernavn') ?? '').trim().toLowerCase();
    const password = String(form.get('passord') ?? '');
    const ws = workspace();
    const r = await ws.signIn(username, password, getClientAddress());
    if (!r.ok) return fail(r.waitSeconds ? 429 : 400, { brukernavn: username, feil: r.message });
    cookies.set(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ws.config.secureCookies, expires: r.expires });
    redirect(303, r.user.mustChangePassword ? '/passord' : safeTarget(url.searchParams.get('til')));
  },
};
