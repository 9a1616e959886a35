/**
 * What a PDF letter can print: the standard Helvetica (named, not embedded) for text its WinAnsi
 * encoding has (æ ø å, §, the rest of Western European text), DejaVu Sans embedded for the rest
 * it has (Sámi, Polish, Greek, Cyrillic, Vietnamese), and nothing else. A Chinese name or an emoji
 * would be an empty box, and pdfkit lays out a line left to right, unjoined, so Arabic or Hebrew
 * would be printed backwards. Shared by the PDF (engine/letters/pdf.ts) and the check of the
 * letter rules' own texts (engine/rules/checks/letter-texts.ts).
 */
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';

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

const require = createRequire(import.meta.url);

/**
 * The files of DejaVu Sans regular and bold. Found, like fontkit loaded, only for a text the
 * standard fonts cannot write: the rule checks run at every start without a rule cache.
 */
export function dejaVuSansFiles(): { regular: string; bold: string } {
  return { regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') };
}

/** Scripts written right to left. */
const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** DejaVu Sans regular and bold, read once for their tables of characters. */
let dejaVu: readonly Font[] | undefined;

function openDejaVu(): readonly Font[] {
  const { openSync } = require('fontkit') as typeof import('fontkit');
  const files = dejaVuSansFiles();
  return [openSync(files.regular), openSync(files.bold)];
}

/** The first character of a text (as pdfText writes it) that the PDF cannot print, if any. */
export function unprintable(text: string): string | undefined {
  const written = pdfText(text);
  if (standardFontsCan(written)) return undefined;
  const fonts = (dejaVu ??= openDejaVu());
  for (const ch of written) {
    const c = ch.codePointAt(0)!;
    if (c < 0x7f) continue;
    if (RIGHT_TO_LEFT.test(ch) || !fonts.every((f) => f.hasGlyphForCodePoint(c))) return ch;
  }
  return undefined;
}

/** That the PDF cannot print a character unprintable() returned, in a text named in words, and why. */
export function cannotPrint(character: string, inText: string): string {
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const why = RIGHT_TO_LEFT.test(character) ? 'it is written right to left, which the PDF cannot lay out' : 'the fonts the PDF can embed do not have it';
  return `the PDF cannot print "${character}" (${code}) in ${inText}: ${why}`;
}
