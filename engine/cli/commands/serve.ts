/**
 * inkasso serve [--port N] [--host H] [--rules DIR] [--data DIR] [--workers N]
 *
 * With more than one worker (the default is one per core), a primary process forks the workers
 * (node:cluster), which share the port; a worker that dies is replaced.
 * Serves the HTTP API (/api/v1) until Ctrl-C or SIGTERM. --data names the editor's data folder:
 * its journal of published changes makes every published version available by hash, and a change
 * published in the editor is served without a restart. The token (INKASSO_API_TOKEN) is read from
 * the environment only, so that it never shows in a process list. INKASSO_API_CHECK_RESPONSES=1
 * checks every response against its schema before it is sent.
 */
import cluster from 'node:cluster';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
  workers?: string | undefined;
}

const stopSignal = () => new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

export async function serveCommand(o: ServeOptions, env: Record<string, string | undefined> = process.env): Promise<number> {
  const portText = o.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new CliError(`--port ${portText}: must be a port number from 0 to 65535`);
  const host = o.host ?? '127.0.0.1';
  const dataDir = o.data ?? env.INKASSO_DATA_DIR;
  if (dataDir !== undefined && (!existsSync(dataDir) || !statSync(dataDir).isDirectory())) throw new CliError(`--data ${dataDir}: no such folder`);
  const workersText = o.workers ?? String(Math.min(availableParallelism(), 16));
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1 || workers > 64) throw new CliError(`--workers ${workersText}: must be a whole number from 1 to 64`);
  if (cluster.isPrimary) loadRulesOrExit(o.rules); // reports every problem with its position, once
  if (workers > 1 && cluster.isPrimary) return primary(workers, host);

  const versions = folderVersions({ rulesDir: rulesDirOf(o.rules).dir, dataDir, onReloadError: (e) => err(`inkasso serve: the rules could not be read again; still serving the last good version:\n${e.message}`) });
  const started = performance.now();
  const token = env.INKASSO_API_TOKEN || undefined;
  const validateResponses = env.INKASSO_API_CHECK_RESPONSES === '1';
  const app = createApi({ versions, token, validateResponses, today: () => osloToday(), uptime: () => (performance.now() - started) / 1000, log: err });
  let server;
  try {
    server = await listen(app, { port, host });
  } catch (e) {
    cluster.worker?.disconnect(); // let the worker end, so that the primary sees why
    throw new CliError(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const v = versions();
  const about = `rules ${v.latest.version.slice(0, 12)}, ${v.list.length} version${v.list.length === 1 ? '' : 's'}${token ? ', token required' : ''}${validateResponses ? ', responses checked' : ''}`;
  if (cluster.isWorker) {
    process.send?.({ type: 'listening', port: server.port, about });
    // The primary stops the workers with SIGTERM; Ctrl-C reaches them with the primary.
    await stopSignal();
    await server.close();
    cluster.worker?.disconnect(); // the channel to the primary would keep the process alive
    return EXIT.ok;
  }
  err(`inkasso serve: http://${host}:${server.port}/api/v1 (${about}); Ctrl-C stops`);
  await stopSignal();
  await server.close();
  err('inkasso serve: stopped');
  return EXIT.ok;
}

/** Forks the workers, prints the address when all listen, replaces a worker that dies, stops them all on a signal. */
async function primary(count: number, host: string): Promise<number> {
  let stopping = false;
  let listening = 0;
  const started = (w: ReturnType<typeof cluster.fork>) => w.on('message', (m: { type?: string; port?: number; about?: string }) => {
    if (m.type !== 'listening') return;
    listening++;
    if (listening === count) err(`inkasso serve: http://${host}:${m.port}/api/v1 (${m.about}, ${count} workers); Ctrl-C stops`);
  });
  const failed = new Promise<number>((resolve) => {
    cluster.on('exit', (w, code, signal) => {
      if (stopping) return;
      if (listening === 0) {
        // No worker came up (the port is taken, say): what it printed says why.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        resolve(code || EXIT.internal);
        return;
      }
      err(`inkasso serve: worker ${w.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
      started(cluster.fork());
    });
  });
  for (let i = 0; i < count; i++) started(cluster.fork());
  const result = await Promise.race([stopSignal().then(() => EXIT.ok), failed]);
  stopping = true;
  const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(all.map((w) => new Promise<void>((resolve) => {
    if (w.isDead()) return resolve();
    w.once('exit', () => resolve());
    w.process.kill('SIGTERM');
  })));
  if (result === EXIT.ok) err('inkasso serve: stopped');
  return result;
}
