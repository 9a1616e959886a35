import { describe, expect, it } from 'vitest';
import { printable, terminalSafe } from './terminal.ts';

describe('text for a terminal', () => {
  it('writes C0, DEL, C1 and the line and paragraph separators as escapes', () => {
    expect(printable('a\u001b[2Jb\u009b31m\u007f\u0000\u2028\u2029\n\t')).toBe('a\\u001b[2Jb\\u009b31m\\u007f\\u0000\\u2028\\u2029\\u000a\\u0009');
  });

  it('keeps the line breaks and tabs of a message of several lines, and only those', () => {
    expect(terminalSafe('line 1:\n\tK\u009b2J\r\u0007')).toBe('line 1:\n\tK\\u009b2J\\u000d\\u0007');
  });

  it('leaves Norwegian and other text as it is', () => {
    expect(terminalSafe('Beløp for «Ås» — 1 000,00 kr; Σοφία 王小明 🙂')).toBe('Beløp for «Ås» — 1 000,00 kr; Σοφία 王小明 🙂');
  });
});
