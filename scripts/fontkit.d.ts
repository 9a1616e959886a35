// The part of fontkit 2 scripts/generate-pdf-glyphs.ts and its test use (the package ships no
// types): the characters a font has.
declare module 'fontkit' {
  export interface Font {
    readonly characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
