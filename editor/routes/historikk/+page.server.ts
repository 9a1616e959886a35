import { hasRole, workspace } from '$lib/server/workspace.ts';
import { AUDIT_TEXT } from '$lib/server/audit.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const ws = workspace();
  const isAdmin = hasRole(locals.user, 'admin');
  return {
    entries: ws.history.list().reverse().map((e) => ({
      id: e.id, title: e.title, publishedAt: e.publishedAt, author: e.author, approver: e.approver, reason: e.reason,
      files: e.files.map((f) => f.path), golden: e.golden.length, version: e.version.slice(0, 12), restoredFrom: e.restoredFrom ?? null,
    })),
    // Who created users and changed roles, passwords and access: for everyone. Sign-ins: for administrators.
    audit: ws.audit.list()
      .filter((a) => isAdmin || !a.action.startsWith('innlogging'))
      .filter((a) => a.action !== 'innlogging')
      .reverse()
      .slice(0, 200)
      .map((a) => ({ ...a, text: AUDIT_TEXT[a.action] })),
  };
};
