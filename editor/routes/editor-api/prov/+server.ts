/** POST { krav, dato, utkast? }: evaluates a claim under the published rules or a draft's, for the playground. */
import { json } from '@sveltejs/kit';
import { checkClaim, datoText, evaluateClaim, EvaluationError, parseIsoDate, type Claim, type Result, type RuleSet } from '$engine/node.ts';
import { dateError } from '$lib/server/date-error.ts';
import { buildLetter, LetterRefused, type Letter } from '$engine/letters/letter.ts';
import { claimErrorText } from '$lib/claim-errors-nb.ts';
import { handle, readJsonBody, BadRequest } from '$lib/server/http.ts';
import { requireRole, workspace } from '$lib/server/workspace.ts';
import type { RequestHandler } from './$types';

/** The creditor is not part of a claim; the playground's letters name a stand-in. */
const CREDITOR = { name: 'Kreditor AS (navnet hentes fra kundesystemet)' };

type LetterView = { title: string; date: string; lawful: boolean; refused?: string; fee?: string; deadline?: string; amountDue: string; fields: { id: string; title: string; level: string; text: string; hjemmel: string; label?: string }[]; statement?: { text: string; amount?: string; basis?: string }[]; warnings: { code: string; message: string }[] };

/** The letter the next step would send (on its earliest day) and the claim statement as of the date. */
function lettersFor(rules: RuleSet, claim: Claim, result: Result, asOf: string): { next?: LetterView; statement?: LetterView } {
  const view = (l: Letter, refused?: string): LetterView => ({
    title: l.title, date: l.date, lawful: l.lawful, ...(refused ? { refused } : {}), ...(l.fee ? { fee: l.fee.amount } : {}), ...(l.deadline ? { deadline: l.deadline } : {}),
    amountDue: l.amountDue, fields: l.fields.map((f) => ({ id: f.id, title: f.title, level: f.level, text: f.text, hjemmel: f.hjemmel, ...(f.label !== undefined ? { label: f.label } : {}) })),
    ...(l.statement ? { statement: l.statement.map((s) => ({ ...s })) } : {}),
    warnings: l.warnings.map((w) => ({ code: w.code, message: w.message })),
  });
  const out: { next?: LetterView; statement?: LetterView } = {};
  const next = result.nextSteps.find((n) => rules.letters.some((l) => l.letter === n.step));
  if (next) {
    try {
      out.next = view(buildLetter(rules, claim, { step: next.step, date: next.earliestDate, creditor: CREDITOR }));
    } catch (e) {
      if (!(e instanceof LetterRefused)) throw e;
      if (e.letter) out.next = view(e.letter, e.message);
    }
  }
  try {
    out.statement = view(buildLetter(rules, claim, { step: 'kravspesifikasjon', date: asOf, creditor: CREDITOR }));
  } catch (e) {
    if (!(e instanceof LetterRefused)) throw e;
  }
  return out;
}

export const POST: RequestHandler = ({ request, locals }) => handle(async () => {
  requireRole(locals.user, 'reader');
  const body = await readJsonBody(request, 1_000_000);
  const asOf = String(body.dato ?? '');
  if (parseIsoDate(asOf) === undefined) throw new BadRequest(asOf.trim() === '' ? 'Velg datoen kravet skal vurderes per.' : `Vurder per dato: ${dateError(asOf, '01.07.2026')}`);
  const checked = checkClaim(body.krav);
  if (!checked.ok) return json({ error: 'Kravet har feil.', errors: checked.errors.map((e) => ({ ...e, message: claimErrorText(e) })) }, { status: 400 });
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
    const result = evaluateClaim(rules, checked.claim, { asOf });
    return json({ result, rules: label, letters: lettersFor(rules, checked.claim, result, asOf) });
  } catch (e) {
    if (e instanceof EvaluationError) return json({ error: e.code === 'RULE_VALUE_MISSING' ? `Regelverket har ingen verdi for ${e.rule} på ${datoText(e.date)}; kravet kan ikke vurderes per denne datoen.` : `Det finnes ingen regel for ${e.rule} på ${datoText(e.date)}.`, code: e.code }, { status: 422 });
    throw e;
  }
});
