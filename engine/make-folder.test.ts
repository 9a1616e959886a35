import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolder } from './make-folder.ts';

const root = mkdtempSync(join(tmpdir(), 'inkasso-make-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const code = (f: () => void) => {
  try {
    f();
    return 'made';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
};

describe('makeFolder', () => {
  it('makes every missing folder of the path, and leaves one that exists', () => {
    makeFolder(join(root, 'a/b/c'));
    expect(statSync(join(root, 'a/b/c')).isDirectory()).toBe(true);
    expect(code(() => makeFolder(join(root, 'a/b')))).toBe('made');
  });

  it('refuses at once where the system refuses, instead of trying again for ever', () => {
    writeFileSync(join(root, 'file'), 'x');
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    expect(code(() => makeFolder(join(root, 'file/x')))).toBe('ENOTDIR');
    expect(code(() => makeFolder(join(root, 'file')))).toBe('EEXIST');
    expect(code(() => makeFolder(join(root, 'dangling/x')))).toBe('ENOENT');
    // Node's own recursive mkdir never returns for these (the kernel says ENOENT with the parent there).
    if (process.platform === 'linux') {
      expect(code(() => makeFolder('/proc/self/inkasso-x/y'))).toBe('ENOENT');
      expect(code(() => makeFolder('/proc/inkasso-x'))).toBe('ENOENT');
    }
  });
});
