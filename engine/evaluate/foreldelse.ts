/**
 * Foreldelse: three years (frister.foreldelsesfrist) from forfall, started again by each part
 * payment or acknowledgment (foreldelsesloven § 14) and by legal steps (§§ 15-17); a deadline that
 * ends on a Saturday, Sunday or holiday moves to the next working day (policy
 * fristforskyvning.foreldelse, § 29). Accrued interest that is time-barred on its own is not modelled.
 */
import { addYears, type Day } from '../calendar/index.ts';
import { RULE_IDS } from '../rules/index.ts';
import { count, mark, usedSince, type Context, type RuleUse } from './context.ts';
import { rollForward } from './timeline.ts';

export interface Foreldelse {
  /** The last day before the claim is time-barred. */
  date: Day;
  interruptedBy?: number;
  /** The rule values used for the date (for the trace). */
  uses: RuleUse[];
}

function deadlineFrom(ctx: Context, start: Day): { date: Day; uses: RuleUse[] } {
  const m = mark(ctx);
  const years = count(ctx, RULE_IDS.foreldelsesfrist, start);
  const date = rollForward(ctx, RULE_IDS.foreldelseForskyvning, addYears(start, years), start);
  return { date, uses: usedSince(ctx, m) };
}

export function startForeldelse(ctx: Context): Foreldelse {
  return deadlineFrom(ctx, ctx.claim.due);
}

/** An acknowledgment, part payment or legal step on a day starts a new period, if the claim is not already time-barred. */
export function interruptForeldelse(ctx: Context, f: Foreldelse, on: Day, eventIndex: number): void {
  if (on > f.date) return;
  const next = deadlineFrom(ctx, on);
  f.date = next.date;
  f.uses = next.uses;
  f.interruptedBy = eventIndex;
}
