#!/usr/bin/env node
// The inkasso command. Runs the built package (dist/cli.cjs through dist/launch.cjs, made by
// `npm run build:package`, which `npm ci` and `npm pack` run); in a checkout whose engine sources
// are newer than the build, it runs the TypeScript through tsx instead, so an edit is never run stale.
//
// A CommonJS file, as the launcher is: an ES module as the entry makes Node start its ES module
// loader first (measured side by side: 5 ms of every start on Node 20, 2 ms on Node 22, half a
// millisecond on Node 24).
// For the same reason Node's modules are required, not imported: an ES module that imports node:fs
// makes Node build fs's ES module face, which loads the file streams.
'use strict';
const nodeModule = require('node:module');
const { existsSync, mkdirSync, readdirSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// Node 22+ keeps compiled code between runs (Node 20 has no compile cache), by default in
// TMPDIR/node-compile-cache. Node makes that folder with its own recursive mkdir, which never
// returns where the system allows no folder (under /proc, see engine/make-folder.ts): with TMPDIR
// there, every command hung before it started. So the folder is made here first, one level, and
// the cache is left off where that fails. NODE_COMPILE_CACHE is Node's own: it acted on it at start.
if (nodeModule.enableCompileCache) {
  const dir = process.env.NODE_COMPILE_CACHE ? undefined : join(tmpdir(), 'node-compile-cache');
  if (dir === undefined) nodeModule.enableCompileCache();
  else if (folderThere(dir)) nodeModule.enableCompileCache(dir);
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

const root = join(__dirname, '..');
const built = `${root}/dist/cli.cjs`;

/** Whether any engine source or schema is newer than the build (only in a checkout). */
function stale() {
  if (!existsSync(`${root}/engine`)) return false; // the installed package ships no sources
  const since = statSync(built).mtimeMs;
  // Paths joined as strings: path.join normalises each of some 190 paths, a millisecond in all.
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) => {
    const p = `${dir}/${e.name}`;
    return e.isDirectory() ? newer(p) : (e.name.endsWith('.ts') || e.name.endsWith('.json')) && statSync(p).mtimeMs > since;
  });
  return newer(`${root}/engine`) || newer(`${root}/schemas`);
}

/** The command's exit code: from the build, or from the sources through tsx. */
async function run(argv) {
  if (existsSync(built) && !stale()) return require('../dist/launch.cjs').launch(argv);
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../engine/cli/main.ts');
  return main(argv);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // What a top-level await would have done with an error the command did not handle.
    process.exitCode = 1;
    console.error(e);
  },
);
