#!/usr/bin/env node
// The inkasso command. Runs the built package (dist/cli.cjs through dist/launch.js, made by
// `npm run build:package`, which `npm ci` and `npm pack` run); in a checkout whose engine sources
// are newer than the build, it runs the TypeScript through tsx instead, so an edit is never run stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22+ keeps compiled code between runs (a no-op on Node 20).
module.enableCompileCache?.();

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
  const { launch } = await import('../dist/launch.js');
  process.exitCode = await launch(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../engine/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
