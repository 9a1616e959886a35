#!/usr/bin/env node
// npm run editor — starts the rule editor (built with `npm run build`, built here if missing).
// Environment: PORT (default 5173), HOST (default 127.0.0.1), INKASSO_RULES_DIR, INKASSO_GOLDEN_DIR,
// INKASSO_DATA_DIR; ORIGIN when the editor is reached through another address than http://HOST:PORT.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
process.env.PORT ??= '5173';
process.env.HOST ??= '127.0.0.1';
// The Node adapter refuses a body over its limit (512 kB unless told) before the editor sees it, so
// a batch for /api/v1 of more than that failed with 500 where inkasso serve takes 16 MiB. The API
// refuses what is over its own limits (1 MiB, 16 MiB) with 413 PAYLOAD_TOO_LARGE; the adapter's
// is set just above the larger.
process.env.BODY_SIZE_LIMIT ??= '17M';

// Settings that would only fail later (a page that cannot load its rules, or the server's stack
// trace for a bad port) are refused now, in words, exit 2.
function refuse(message) {
  console.error(`npm run editor: ${message}`);
  process.exit(2);
}
if (!/^\d{1,5}$/.test(process.env.PORT) || Number(process.env.PORT) > 65535) refuse(`PORT=${process.env.PORT}: må være et portnummer fra 0 til 65535`);
const folders = [
  ['INKASSO_RULES_DIR', process.env.INKASSO_RULES_DIR ?? 'rules', 'regelmappen', true],
  ['INKASSO_GOLDEN_DIR', process.env.INKASSO_GOLDEN_DIR ?? 'test/golden', 'mappen med testkrav', true],
  ['INKASSO_DATA_DIR', process.env.INKASSO_DATA_DIR ?? '.inkasso-data', 'datamappen', false],
];
for (const [name, dir, what, required] of folders) {
  if (!existsSync(dir)) {
    if (required) refuse(`${name}=${dir}: ${what} finnes ikke`);
  } else if (!statSync(dir).isDirectory()) refuse(`${name}=${dir}: ${what} er en fil, ikke en mappe`);
}
if (!existsSync('build/index.js')) {
  console.log('Bygger editoren (npm run build) …');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// An IPv6 host goes in brackets, or the address is no URL (http://[::1]:5173).
process.env.ORIGIN ??= `http://${process.env.HOST.includes(':') ? `[${process.env.HOST}]` : process.env.HOST}:${process.env.PORT}`;
// Plain http on a local address cannot carry Secure cookies.
if (process.env.ORIGIN.startsWith('http://')) process.env.INKASSO_INSECURE_COOKIES ??= '1';
console.log(`Starter editoren på ${process.env.ORIGIN}  (regler: ${process.env.INKASSO_RULES_DIR ?? 'rules/'}, data: ${process.env.INKASSO_DATA_DIR ?? '.inkasso-data/'})`);
await import(new URL('../build/index.js', import.meta.url).href);
