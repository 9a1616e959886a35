import { describe, expect, it } from 'vitest';
import { atLine, besideLine } from './problem-text.ts';

describe('a problem listed with its line', () => {
  it('names the line once: a CSV message that names it is listed as it is, any other gets it before', () => {
    expect(atLine(4, 'line 4: rows of claim "B" are not together')).toBe('line 4: rows of claim "B" are not together');
    expect(atLine(2, 'line 3, column principal: not an amount')).toBe('line 3, column principal: not an amount');
    expect(atLine(7, 'invalid JSON: unexpected token')).toBe('line 7: invalid JSON: unexpected token');
  });

  it('under a line already named, leaves out that line but keeps another (a later row of the claim)', () => {
    expect(besideLine(4, 'line 4: rows of claim "B" are not together')).toBe('rows of claim "B" are not together');
    expect(besideLine(6, 'line 6, column collection: must be one of …')).toBe('column collection: must be one of …');
    expect(besideLine(2, 'line 7, column Dato: not a date')).toBe('line 7, column Dato: not a date');
    // Line 4 is not line 40, nor a message that only starts with the same words.
    expect(besideLine(4, 'line 40: rows of claim "C" are not together')).toBe('line 40: rows of claim "C" are not together');
    expect(besideLine(4, 'invalid JSON at line 4')).toBe('invalid JSON at line 4');
  });
});
