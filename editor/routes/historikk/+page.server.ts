import { workspace } from '$lib/server/workspace.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
  entries: workspace().history.list().reverse().map((e) => ({
    id: e.id, title: e.title, publishedAt: e.publishedAt, author: e.author, approver: e.approver, reason: e.reason,
    files: e.files.map((f) => f.path), golden: e.golden.length, version: e.version.slice(0, 12), restoredFrom: e.restoredFrom ?? null,
  })),
});
