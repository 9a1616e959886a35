/**
 * What a PDF letter can print: the standard Helvetica (named, not embedded) for text its WinAnsi
 * encoding has (æ ø å, §, the rest of Western European text), DejaVu Sans embedded for the rest
 * it has (Sámi, Polish, Greek, Cyrillic, Vietnamese), and nothing else. A Chinese name or an emoji
 * would be an empty box, and pdfkit lays out a line left to right, unjoined, so Arabic or Hebrew
 * would be printed backwards. Shared by the PDF (engine/letters/pdf.ts) and the check of the
 * letter rules' own texts (engine/rules/checks/letter-texts.ts). Which characters the font has
 * is a table made from it (scripts/generate-pdf-glyphs.ts): no font file is read here.
 */
import { DEJAVU_SANS_RANGES } from './pdf-glyphs.generated.ts';

/** The few characters the standard fonts' WinAnsi encoding lacks, written with those it has. */
export const pdfText = (s: string) => s.replace(/→/g, '->').replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/−/g, '-').replace(/[\u2009\u202f]/g, ' ');

/** The characters beyond Latin-1 that WinAnsi has (pdfkit's standard fonts write them). */
const WIN_ANSI_EXTRA = new Set([...'ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜']);

/** Whether the standard fonts can write every character of a text. */
export function standardFontsCan(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || c === 0x0a || WIN_ANSI_EXTRA.has(ch)) continue;
    return false;
  }
  return true;
}

/** Scripts written right to left. */
const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** Whether DejaVu Sans, regular and bold, has a glyph for a code point from U+007F on (a binary search). */
function dejaVuHas(c: number): boolean {
  let lo = 0;
  let hi = DEJAVU_SANS_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < DEJAVU_SANS_RANGES[2 * mid]!) hi = mid - 1;
    else if (c > DEJAVU_SANS_RANGES[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The first character of a text (as pdfText writes it) that the PDF cannot print, if any. */
export function unprintable(text: string): string | undefined {
  const written = pdfText(text);
  if (standardFontsCan(written)) return undefined;
  for (const ch of written) {
    const c = ch.codePointAt(0)!;
    if (c < 0x7f) continue;
    if (RIGHT_TO_LEFT.test(ch) || !dejaVuHas(c)) return ch;
  }
  return undefined;
}

/** That the PDF cannot print a character unprintable() returned, in a text named in words, and why. */
export function cannotPrint(character: string, inText: string): string {
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const why = RIGHT_TO_LEFT.test(character) ? 'it is written right to left, which the PDF cannot lay out' : 'the fonts the PDF can embed do not have it';
  return `the PDF cannot print "${character}" (${code}) in ${inText}: ${why}`;
}
