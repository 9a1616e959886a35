/**
 * The letter rules' own texts that a PDF letter prints (the title, each field's heading or label
 * and text, the hjemmel at its foot), checked for a character the PDF cannot print, such as an
 * emoji: every PDF of that letter would be refused (engine/letters/pdf.ts). A warning, at that
 * text itself (the field's label or text, the letter's title or hjemmel): the rules still evaluate
 * claims, and the HTML letter has it.
 */
import { cannotPrint, unprintable } from '../../text/pdf-printable.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { Origin } from '../rule-set.ts';
import { printedKey } from '../build.ts';
import type { Check } from './context.ts';

function warnAt(origin: Origin, what: string, text: string | undefined): Diagnostic | undefined {
  if (text === undefined) return undefined;
  const ch = unprintable(text);
  if (ch === undefined) return undefined;
  const message = `${cannotPrint(ch, what)}; every PDF of this letter would be refused (the HTML letter has it)`;
  return { code: 'UNPRINTABLE_TEXT', severity: 'warning', file: origin.file, line: origin.line, col: origin.col, pointer: origin.pointer, message };
}

export const checkLetterTexts: Check = ({ letters }) => {
  const out: (Diagnostic | undefined)[] = [];
  for (const l of letters) {
    out.push(warnAt(l.origin, "the letter's title", l.title), warnAt(l.hjemmelOrigin, "the letter's hjemmel", l.hjemmel));
    for (const f of l.fields) {
      // A figure is printed with its label (the title when it has none); a statement is its text.
      const key = printedKey(f);
      out.push(warnAt(f.printedOrigin, key === 'text' ? "the field's text" : "the field's label", f[key]));
    }
  }
  return out.filter((d): d is Diagnostic => d !== undefined);
};
