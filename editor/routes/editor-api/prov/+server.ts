/** POST { krav, dato, utkast? }: evaluates a claim under the published rules or a draft's, for the playground. */
import { json } from '@sveltejs/kit';
import { checkClaim, datoText, evaluateClaim, EvaluationError, parseIsoDate } from '$engine/node.ts';
import { handle, readJsonBody, BadRequest } from '$lib/server/http.ts';
import { requireRole, workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handle(async () => {
  requireRole(locals.user, 'reader');
  const body = await readJsonBody(request, 1_000_000);
  const asOf = String(body.dato ?? '');
  if (parseIsoDate(asOf) === undefined) throw new BadRequest('Velg datoen kravet skal vurderes per.');
  const checked = checkClaim(body.krav);
  if (!checked.ok) return json({ error: 'Kravet har feil.', errors: checked.errors }, { status: 400 });
  const ws = workspace();
  let rules = ws.rules.ruleSet();
  let label = 'gjeldende regler';
  if (typeof body.utkast === 'string' && body.utkast) {
    const d = ws.draft(body.utkast);
    const { ruleSet } = ws.check(d);
    if (!ruleSet) throw new BadRequest('Utkastet har feil i regelfilene og kan ikke brukes.');
    rules = ruleSet;
    label = `utkastet «${d.title}»`;
  }
  try {
    return json({ result: evaluateClaim(rules, checked.claim, { asOf }), rules: label });
  } catch (e) {
    if (e instanceof EvaluationError) return json({ error: e.code === 'RULE_VALUE_MISSING' ? `Regelverket har ingen verdi for ${e.rule} på ${datoText(e.date)}; kravet kan ikke vurderes per denne datoen.` : `Det finnes ingen regel for ${e.rule} på ${datoText(e.date)}.`, code: e.code }, { status: 422 });
    throw e;
  }
});
