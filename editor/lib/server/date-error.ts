/**
 * What is wrong with a date an officer typed, in Norwegian: why it is none when it is written as
 * one (31.06.2027: juni 2027 har 30 dager), else how to write it.
 */
import { whyNotADate } from '$engine/node.ts';
import { isoForm } from '../dates.ts';
import { dateReasonText } from '../diagnostics-nb.ts';

export function dateError(typed: string, example: string): string {
  const iso = isoForm(typed);
  const why = iso === undefined ? undefined : whyNotADate(iso);
  return why ? `Ugyldig dato: ${dateReasonText(why)}.` : `Skriv datoen som dd.mm.åååå (for eksempel ${example}) eller ÅÅÅÅ-MM-DD.`;
}
