#!/usr/bin/env node
// npm run editor — starts the rule editor (built with `npm run build`, built here if missing).
// Environment: PORT (default 5173), HOST (default 127.0.0.1), INKASSO_RULES_DIR, INKASSO_GOLDEN_DIR,
// INKASSO_DATA_DIR; ORIGIN when the editor is reached through another address than http://HOST:PORT.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
if (!existsSync('build/index.js')) {
  console.log('Bygger editoren (npm run build) …');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.PORT ??= '5173';
process.env.HOST ??= '127.0.0.1';
process.env.ORIGIN ??= `http://${process.env.HOST}:${process.env.PORT}`;
// Plain http on a local address cannot carry Secure cookies.
if (process.env.ORIGIN.startsWith('http://')) process.env.INKASSO_INSECURE_COOKIES ??= '1';
console.log(`Editoren kjører på ${process.env.ORIGIN}  (regler: ${process.env.INKASSO_RULES_DIR ?? 'rules/'}, data: ${process.env.INKASSO_DATA_DIR ?? '.inkasso-data/'})`);
await import(new URL('../build/index.js', import.meta.url).href);
