/** POST { sti, tekst, utkast? }: every problem the rules would have with this text in place, for the editor's underlines. */
import { json } from '@sveltejs/kit';
import { parseRules } from '$engine/node.ts';
import { diagnosticsFor } from '$lib/server/diagnostics.ts';
import { handle, readJsonBody, BadRequest } from '$lib/server/http.ts';
import { ruleFilePath } from '$lib/server/paths.ts';
import { requireRole, workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handle(async () => {
  requireRole(locals.user, 'reader');
  const body = await readJsonBody(request);
  const path = ruleFilePath(body.sti);
  if (typeof body.tekst !== 'string') throw new BadRequest('tekst mangler.');
  const ws = workspace();
  const base = typeof body.utkast === 'string' && body.utkast ? ws.draftSources(ws.draft(body.utkast)) : ws.rules.sources();
  const sources = [...base.filter((s) => s.path !== path), { path, text: body.tekst }];
  const { ruleSet, diagnostics } = parseRules(sources);
  return json({ ok: !!ruleSet, diagnostics: diagnosticsFor(diagnostics, path) });
});
