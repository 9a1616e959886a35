/**
 * inkasso serve [--port N] [--host H] [--rules DIR] [--data DIR]
 *
 * Serves the HTTP API (/api/v1) until Ctrl-C or SIGTERM. --data names the editor's data folder:
 * its journal of published changes makes every published version available by hash, and a change
 * published in the editor is served without a restart. The token (INKASSO_API_TOKEN) is read from
 * the environment only, so that it never shows in a process list. INKASSO_API_CHECK_RESPONSES=1
 * checks every response against its schema before it is sent.
 */
import { existsSync, statSync } from 'node:fs';
import { createApi } from '../../api/app.ts';
import { folderVersions } from '../../api/folder-versions.ts';
import { listen, osloToday } from '../../api/serve.ts';
import { CliError, EXIT, err } from '../io.ts';
import { loadRulesOrExit, rulesDirOf } from '../rules-option.ts';

export interface ServeOptions {
  port?: string | undefined;
  host?: string | undefined;
  rules?: string | undefined;
  data?: string | undefined;
}

export async function serveCommand(o: ServeOptions, env: Record<string, string | undefined> = process.env): Promise<number> {
  const portText = o.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new CliError(`--port ${portText}: must be a port number from 0 to 65535`);
  const host = o.host ?? '127.0.0.1';
  const dataDir = o.data ?? env.INKASSO_DATA_DIR;
  if (dataDir !== undefined && (!existsSync(dataDir) || !statSync(dataDir).isDirectory())) throw new CliError(`--data ${dataDir}: no such folder`);
  loadRulesOrExit(o.rules); // reports every problem with its position
  const versions = folderVersions({ rulesDir: rulesDirOf(o.rules).dir, dataDir, onReloadError: (e) => err(`inkasso serve: the rules could not be read again; still serving the last good version:\n${e.message}`) });
  const started = performance.now();
  const token = env.INKASSO_API_TOKEN || undefined;
  const validateResponses = env.INKASSO_API_CHECK_RESPONSES === '1';
  const app = createApi({ versions, token, validateResponses, today: () => osloToday(), uptime: () => (performance.now() - started) / 1000, log: err });
  let server;
  try {
    server = await listen(app, { port, host });
  } catch (e) {
    throw new CliError(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const v = versions();
  err(`inkasso serve: http://${host}:${server.port}/api/v1 (rules ${v.latest.version.slice(0, 12)}, ${v.list.length} version${v.list.length === 1 ? '' : 's'}${token ? ', token required' : ''}${validateResponses ? ', responses checked' : ''}); Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  err('inkasso serve: stopped');
  return EXIT.ok;
}
