// The part of fontkit 2 the PDF letter uses (the package ships no types): whether a font has a
// glyph for a character.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
