import { describe, expect, it } from 'vitest';
import { closestName, optionsIn } from './suggest.ts';

describe('the name likely meant', () => {
  const options = ['--as-of', '--as-of-event', '--format', '--out', '--summary', '--workers'];
  it('is the one a slip of the keyboard away, or the only one begun', async () => {
    expect(await closestName('--as-off', options)).toBe('--as-of');
    expect(await closestName('--fromat', options)).toBe('--format');
    expect(await closestName('--work', options)).toBe('--workers');
    expect(await closestName('evalute', ['evaluate', 'validate', 'letter'])).toBe('evaluate');
  });

  it('is none when no name is near enough, or two are as near', async () => {
    expect(await closestName('--zzz', options)).toBeUndefined();
    expect(await closestName('--as', options)).toBeUndefined(); // begins two
    expect(await closestName('--ab', ['--aa', '--bb'])).toBeUndefined(); // one edit from each
    expect(await closestName('-x', ['-y'])).toBeUndefined(); // one edit is more than half of one letter
  });

  it('reads the options from a usage text', () => {
    expect(optionsIn('  evaluate FILE --as-of DATE [--rules DIR]\n  [--format json|text] [--no-trace] --as-of')).toEqual(['--as-of', '--rules', '--format', '--no-trace']);
  });
});
