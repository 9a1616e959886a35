import { describe, expect, it } from 'vitest';
import { parseYamlFile } from './parse.ts';

describe('parseYamlFile', () => {
  it('reads a file again from the recently read ones, frozen, and a changed text anew', () => {
    const text = 'title: Inkassosats\nvalues:\n  - valid_from: 2026-01-01\n    value: "750"\n';
    const first = parseYamlFile('parameters/x.yaml', text);
    const again = parseYamlFile('parameters/x.yaml', text);
    expect(again).toBe(first);
    const data = first.parsed!.data as { values: { value: string }[] };
    expect(Object.isFrozen(data) && Object.isFrozen(data.values[0])).toBe(true);
    expect(() => { data.values[0]!.value = '800'; }).toThrow(TypeError);
    const changed = parseYamlFile('parameters/x.yaml', text.replace('750', '800'));
    expect((changed.parsed!.data as typeof data).values[0]!.value).toBe('800');
    // Same text under another name: its own diagnostics name its own file.
    expect(parseYamlFile('parameters/y.yaml', 'a: [').diagnostics[0]!.file).toBe('parameters/y.yaml');
  });
});
