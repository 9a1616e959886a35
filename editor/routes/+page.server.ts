import { day, isoDate, osloToday } from '$engine/node.ts';
import { hasRole, workspace } from '$lib/server/workspace.ts';
import { topicsView } from '$lib/server/views.ts';
import { seriesEndingBefore } from '$engine/rules/horizon-coverage.ts';
import { TASKS } from '$lib/server/tasks.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const ws = workspace();
  const rules = ws.rules.ruleSet();
  const drafts = ws.drafts.list();
  return {
    canEdit: hasRole(locals.user, 'editor'),
    canApprove: hasRole(locals.user, 'approver'),
    passwordChanged: url.searchParams.get('passord') === 'endret',
    topics: topicsView(rules),
    horizon: rules.review ? isoDate(rules.review.reviewedThrough) : null,
    // Days from today in Norway to the horizon: the overview reminds the officers before it runs out.
    horizonDaysLeft: rules.review ? rules.review.reviewedThrough - day(osloToday(new Date())) : null,
    // The values that have nothing after the horizon: what to look for before moving it.
    endingAtHorizon: rules.review ? seriesEndingBefore(rules, rules.review.reviewedThrough + 1).map((s) => ({ id: s.id, title: s.title, coveredThrough: s.coveredThrough, task: Object.values(TASKS).find((t) => t.parameter === s.id)?.id ?? null })) : [],
    regimes: [...rules.regimes.values()].map((r) => ({ id: r.id, title: r.title, validFrom: r.validFrom !== undefined ? isoDate(r.validFrom) : null, validTo: Number.isFinite(r.validTo) ? isoDate(r.validTo) : null })),
    steps: rules.steps.length,
    version: rules.version,
    golden: ws.golden.cases().length,
    waiting: drafts.filter((d) => d.status === 'til_godkjenning').map((d) => ({ id: d.id, title: d.title, author: d.author, updatedAt: d.updatedAt })),
    mine: drafts.filter((d) => d.status === 'utkast' && d.author === locals.user!.username).map((d) => ({ id: d.id, title: d.title, updatedAt: d.updatedAt })),
    recent: ws.history.list().slice(-5).reverse().map((e) => ({ id: e.id, title: e.title, publishedAt: e.publishedAt, author: e.author, approver: e.approver })),
  };
};
