#!/usr/bin/env node
// The inkasso command. Runs the built package (dist/cli.cjs through dist/launch.cjs, made by
// `npm run build:package`, which `npm ci` and `npm pack` run); in a checkout whose engine sources
// are newer than the build, it runs the TypeScript through tsx instead, so an edit is never run stale.
import module from 'node:module';

// Node's modules and the launcher are required, not imported: an ES module that imports node:fs
// makes Node build fs's ES module face, which loads the file streams: over a millisecond of every start.
const require = module.createRequire(import.meta.url);
const { existsSync, mkdirSync, readdirSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { fileURLToPath } = require('node:url');

// Node 22+ keeps compiled code between runs (Node 20 has no compile cache), by default in
// TMPDIR/node-compile-cache. Node makes that folder with its own recursive mkdir, which never
// returns where the system allows no folder (under /proc, see engine/make-folder.ts): with TMPDIR
// there, every command hung before it started. So the folder is made here first, one level, and
// the cache is left off where that fails. NODE_COMPILE_CACHE is Node's own: it acted on it at start.
if (module.enableCompileCache) {
  const dir = process.env.NODE_COMPILE_CACHE ? undefined : join(tmpdir(), 'node-compile-cache');
  if (dir === undefined) module.enableCompileCache();
  else if (folderThere(dir)) module.enableCompileCache(dir);
}

function folderThere(dir) {
  try {
    mkdirSync(dir);
    return true;
  } catch (e) {
    try {
      return e.code === 'EEXIST' && statSync(dir).isDirectory();
    } catch {
      return false;
    }
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/cli.cjs`;

/** Whether any engine source or schema is newer than the build (only in a checkout). */
function stale() {
  if (!existsSync(`${root}engine`)) return false; // the installed package ships no sources
  const since = statSync(built).mtimeMs;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) => {
    const p = `${dir}/${e.name}`;
    return e.isDirectory() ? newer(p) : (e.name.endsWith('.ts') || e.name.endsWith('.json')) && statSync(p).mtimeMs > since;
  });
  return newer(`${root}engine`) || newer(`${root}schemas`);
}

if (existsSync(built) && !stale()) {
  const { launch } = require('../dist/launch.cjs');
  process.exitCode = await launch(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../engine/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
