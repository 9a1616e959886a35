/**
 * Every request: find the signed-in user from the session cookie, and refuse pages that need one.
 * Write endpoints check the user's role themselves (lib/server/workspace.ts).
 *
 * Without a live session: a JSON endpoint answers 401; a form sent by the page's script gets a
 * 401 it can answer by asking for the password in place (and sending the form again), so no edit
 * is lost; anything else goes to the sign-in page, which says that the session has ended.
 * A user whose password was set by an administrator must choose a new one before anything else.
 */
import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/sessions.ts';
import { workspace } from '$lib/server/workspace.ts';

const PUBLIC = ['/logg-inn', '/favicon.svg', '/api/v1/', '/editor-api/logg-inn', '/robots.txt'];
const WHILE_CHANGING_PASSWORD = ['/passord', '/logg-ut', '/editor-api/logg-inn'];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * At start, before the first request: the workspace is opened (the data folder made, a publish a
 * crash interrupted finished or undone). A folder it cannot use stops the editor here with its
 * reason (exit 2), instead of every request failing with it.
 */
export const init: ServerInit = () => {
  try {
    workspace();
  } catch (e) {
    console.error(`editor: kan ikke starte: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
};

export const handle: Handle = async ({ event, resolve }) => {
  const ws = workspace();
  const token = event.cookies.get(SESSION_COOKIE);
  const user = ws.sessionUser(token);
  event.locals.user = user;
  event.locals.sessionToken = token;
  const path = event.url.pathname;
  const isPublic = PUBLIC.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`) || path === p);
  if (!user && !isPublic) {
    const expired = token !== undefined;
    const message = expired ? 'Økten din er utløpt. Logg inn igjen.' : 'Du må logge inn.';
    if (path.startsWith('/editor-api/')) return json(401, { error: message, code: 'SESSION_EXPIRED' });
    if (event.request.method === 'POST' && event.request.headers.get('x-sveltekit-action') === 'true') {
      // A form sent by the page's script (use:enhance): it asks for the password in place and resends.
      return json(401, { type: 'error', status: 401, error: { message, code: 'SESSION_EXPIRED' } });
    }
    redirect(303, `/logg-inn?${expired ? 'utlopt=1&' : ''}til=${encodeURIComponent(path + event.url.search)}`);
  }
  if (user?.mustChangePassword && !WHILE_CHANGING_PASSWORD.some((p) => path.startsWith(p)) && !path.startsWith('/api/v1/')) {
    if (path.startsWith('/editor-api/')) return json(403, { error: 'Du må velge et nytt passord før du kan fortsette.', code: 'PASSWORD_CHANGE_REQUIRED' });
    redirect(303, '/passord');
  }
  const response = await resolve(event);
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};

/** Unexpected failures: logged with their stack on the server, a plain Norwegian message to the user. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) console.error(`editor: ${event.request.method} ${event.url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { message: status === 404 ? 'Siden finnes ikke.' : 'Noe gikk galt på serveren. Feilen er logget.' };
};
