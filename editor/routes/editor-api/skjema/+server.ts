/** POST { oppgave, felter, utkast? }: checks a form as it is filled in; returns field errors, the YAML diff and the rule set's problems. */
import { json } from '@sveltejs/kit';
import { diagnosticText } from '$lib/diagnostics-nb.ts';
import { handle, readJsonBody, BadRequest } from '$lib/server/http.ts';
import { applyTask, taskOf, type TaskFields } from '$lib/server/tasks.ts';
import { requireRole, workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handle(async () => {
  requireRole(locals.user, 'editor');
  const body = await readJsonBody(request, 100_000);
  const task = taskOf(body.oppgave)?.id;
  if (!task) throw new BadRequest('Ukjent oppgave.');
  const f = (body.felter ?? {}) as Record<string, unknown>;
  const fields: TaskFields = {
    valid_from: String(f.valid_from ?? ''), value: String(f.value ?? ''), hjemmel: String(f.hjemmel ?? ''), source: String(f.source ?? ''), status: String(f.status ?? 'P'),
    ...(f.parameter ? { parameter: String(f.parameter) } : {}), ...(f.note ? { note: String(f.note) } : {}),
  };
  const ws = workspace();
  const draft = typeof body.utkast === 'string' && body.utkast ? ws.draft(body.utkast) : undefined;
  const r = applyTask(ws, draft, task, fields);
  return json({ fieldErrors: r.fieldErrors, warnings: r.warnings, diff: r.diff ?? [], path: r.path, diagnostics: r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ file: d.file, line: d.line, col: d.col, message: diagnosticText(d.code, d.message), code: d.code })) });
});
