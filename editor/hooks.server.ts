/**
 * Every request: find the signed-in user from the session cookie, and refuse pages that need one.
 * Write endpoints check the user's role themselves (lib/server/workspace.ts).
 */
import { redirect, type Handle } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';

const PUBLIC = ['/logg-inn', '/favicon.svg', '/api/v1/'];

export const handle: Handle = async ({ event, resolve }) => {
  const ws = workspace();
  const token = event.cookies.get(SESSION_COOKIE);
  const username = ws.sessions.lookup(token);
  const user = username ? ws.users.get(username) : undefined;
  event.locals.user = user && !user.disabled ? user : undefined;
  event.locals.sessionToken = token;
  const path = event.url.pathname;
  if (!event.locals.user && !PUBLIC.some((p) => path.startsWith(p))) {
    if (path.startsWith('/editor-api/')) return new Response(JSON.stringify({ error: 'Du må logge inn.' }), { status: 401, headers: { 'content-type': 'application/json' } });
    redirect(303, `/logg-inn?til=${encodeURIComponent(path + event.url.search)}`);
  }
  const response = await resolve(event);
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};
