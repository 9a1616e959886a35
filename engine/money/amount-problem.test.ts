import { describe, expect, it } from 'vitest';
import { whyNotAnAmount } from './amount-problem.ts';

describe('why a value is not an amount', () => {
  it('shows how to write an amount written the Norwegian way, or with kroner named', () => {
    expect(whyNotAnAmount('1250,50')).toBe('write "1250,50" as "1250.50"');
    expect(whyNotAnAmount('1 250,50')).toBe('write "1 250,50" as "1250.50"');
    expect(whyNotAnAmount('1.250,50')).toBe('write "1.250,50" as "1250.50"');
    expect(whyNotAnAmount('1 250.00')).toBe('write "1 250.00" as "1250.00"');
    expect(whyNotAnAmount('kr 100')).toBe('write "kr 100" as "100"');
    expect(whyNotAnAmount('100,-')).toBe('write "100,-" as "100"');
    expect(whyNotAnAmount('250 NOK')).toBe('write "250 NOK" as "250"');
    // The English way, where it cannot be the Norwegian one.
    expect(whyNotAnAmount('1,250.50')).toBe('write "1,250.50" as "1250.50"');
    expect(whyNotAnAmount('1,250,000')).toBe('write "1,250,000" as "1250000"');
  });

  it('asks for quotes around a number, which can lose øre', () => {
    expect(whyNotAnAmount(1250)).toBe('write it in quotes: "1250" (a number is read as a binary fraction, which can lose øre)');
    expect(whyNotAnAmount(1250.5)).toBe('write it in quotes: "1250.5" (a number is read as a binary fraction, which can lose øre)');
    expect(whyNotAnAmount(1e21)).toBe('write it in quotes, such as "1250.00" (a number is read as a binary fraction, which can lose øre)');
    expect(whyNotAnAmount(-5)).toBe('-5 is negative, and an amount is written in quotes (a number is read as a binary fraction, which can lose øre)');
    expect(whyNotAnAmount(-0.5)).toBe('-0.5 is negative, and an amount is written in quotes (a number is read as a binary fraction, which can lose øre)');
  });

  it('names what is too much: a sign, a decimal, a digit', () => {
    expect(whyNotAnAmount('-5.00')).toBe('"-5.00" is negative');
    expect(whyNotAnAmount('1250.505')).toBe('"1250.505" has 3 decimals');
    expect(whyNotAnAmount('12500000000.00')).toBe('"12500000000.00" is more than 9999999999.99');
    expect(whyNotAnAmount('0125.00')).toBe('"0125.00" has a zero before the kroner');
  });

  it('says nothing of an amount, of text nothing like one, or of what is not text or a number', () => {
    for (const ok of ['1250.00', '0', '0.5', '9999999999.99']) expect(whyNotAnAmount(ok)).toBeUndefined();
    for (const other of ['tusen', '', '1250.', '12,50,00', 'x'.repeat(41), true, null, {}]) expect(whyNotAnAmount(other)).toBeUndefined();
    // Commas that could be meant either way: no reason rather than a wrong one.
    for (const either of ['1,250', '1,250.505', '1250,505']) expect(whyNotAnAmount(either)).toBeUndefined();
  });
});
