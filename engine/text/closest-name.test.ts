import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.ts';

describe('the name likely meant', () => {
  const options = ['--as-of', '--as-of-event', '--format', '--out', '--summary', '--workers'];
  it('is the one a slip of the keyboard away, or the only one begun, case ignored', () => {
    expect(closestName('--as-off', options)).toBe('--as-of');
    expect(closestName('--fromat', options)).toBe('--format');
    expect(closestName('--work', options)).toBe('--workers');
    expect(closestName('evalute', ['evaluate', 'validate', 'letter'])).toBe('evaluate');
    expect(closestName('asof', ['asOf', 'claim', 'trace'])).toBe('asOf');
    expect(closestName('recievable', ['receivable', 'sales', 'fees', 'interest'])).toBe('receivable');
  });

  it('is none when no name is near enough, or two are as near', () => {
    expect(closestName('--zzz', options)).toBeUndefined();
    expect(closestName('--as', options)).toBeUndefined(); // begins two, and is near neither
    expect(closestName('--ab', ['--aa', '--bb'])).toBeUndefined(); // one edit from each
    expect(closestName('-x', ['-y'])).toBeUndefined(); // one edit is more than half of one letter
    expect(closestName('xyz', ['abc'])).toBeUndefined();
  });
});
