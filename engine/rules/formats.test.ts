import { describe, expect, it } from 'vitest';
import type { FormatDefinition } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isFullDate } from './formats.ts';

const reference = (fullFormats.date as FormatDefinition<string>).validate as (s: string) => boolean;

describe('the date format', () => {
  it('accepts and refuses exactly what ajv-formats does', () => {
    const samples = ['2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '0000-01-01', '9999-12-31', '2024-04-31', '2024-13-01', '2024-00-10',
      '2024-01-00', '2024-1-01', '2024-01-1', '20240101', '2024/01/01', ' 2024-01-01', '2024-01-01 ', '2024-01-01T00:00', '', '2024-0a-01', '２０２４-01-01', '-024-01-01'];
    for (let y = 1896; y <= 2104; y++) {
      for (let m = 0; m <= 13; m++) for (const d of [0, 1, 28, 29, 30, 31, 32]) samples.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
    for (const s of samples) expect(isFullDate(s), s).toBe(reference(s));
  });
});
