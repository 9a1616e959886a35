/** POST { sti, tekst, rev }: saves a file in a draft; 409 with the difference if someone saved first. */
import { json } from '@sveltejs/kit';
import { diagnosticsFor } from '$lib/server/diagnostics.ts';
import { handle, readJsonBody, BadRequest } from '$lib/server/http.ts';
import { workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, params, locals }) => handle(async () => {
  const body = await readJsonBody(request);
  if (typeof body.tekst !== 'string' && body.tekst !== null) throw new BadRequest('tekst mangler.');
  if (typeof body.rev !== 'number') throw new BadRequest('rev mangler.');
  const ws = workspace();
  const draft = await ws.saveFile(locals.user, params.id, String(body.sti), body.tekst as string | null, body.rev);
  const path = String(body.sti);
  return json({ rev: draft.files[path]!.rev, diagnostics: diagnosticsFor(ws.check(draft).diagnostics, path) });
});
