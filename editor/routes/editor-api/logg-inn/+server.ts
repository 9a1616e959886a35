/**
 * POST { brukernavn, passord }: signs in again without leaving the page (when a session has ended
 * in the middle of an edit), with the same throttling and audit as the sign-in page.
 */
import { json } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { handle, readJsonBody } from '$lib/server/http.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, cookies, getClientAddress }) => handle(async () => {
  const body = await readJsonBody(request, 10_000);
  const ws = workspace();
  const r = await ws.signIn(String(body.brukernavn ?? ''), String(body.passord ?? ''), getClientAddress());
  if (!r.ok) return json({ error: r.message }, { status: r.waitSeconds ? 429 : 401 });
  cookies.set(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: ws.config.secureCookies, expires: r.expires });
  return json({ ok: true, bruker: r.user.username, byttPassord: !!r.user.mustChangePassword });
});
