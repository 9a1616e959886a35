import { error } from '@sveltejs/kit';
import { diagnosticsFor } from '$lib/server/diagnostics.ts';
import { PathError, ruleFilePath } from '$lib/server/paths.ts';
import { hasRole, workspace } from '$lib/server/workspace.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
  const ws = workspace();
  const d = ws.drafts.get(params.id);
  if (!d) error(404, 'Utkastet finnes ikke');
  let path: string;
  try {
    path = ruleFilePath(url.searchParams.get('sti'));
  } catch (e) {
    if (e instanceof PathError) error(400, e.message);
    throw e;
  }
  const inDraft = d.files[path];
  const rules = ws.rules.ruleSet();
  const name = [...rules.series.values()].find((s) => s.file === path)?.title ?? rules.steps.find((s) => s.file === path)?.title ?? '';
  const text = inDraft ? inDraft.text : ws.rules.text(path);
  return {
    draft: { id: d.id, title: d.title, status: d.status },
    path,
    name,
    text: text ?? '',
    rev: inDraft?.rev ?? 0,
    editable: d.status === 'utkast' && hasRole(locals.user, 'editor'),
    problems: diagnosticsFor(ws.check(d).diagnostics, path),
  };
};
