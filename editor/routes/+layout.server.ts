import { workspace } from '$lib/server/workspace.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const ws = workspace();
  const user = locals.user;
  if (!user) return { user: undefined, waiting: 0, version: '', driftDraft: null };
  const drift = ws.driftDraft ? ws.drafts.get(ws.driftDraft) : undefined;
  return {
    user: { username: user.username, name: user.name, roles: [...user.roles] },
    waiting: ws.drafts.list().filter((d) => d.status === 'til_godkjenning').length,
    version: ws.rules.ruleSet().version.slice(0, 12),
    driftDraft: drift && (drift.status === 'utkast' || drift.status === 'til_godkjenning') ? drift.id : null,
  };
};
