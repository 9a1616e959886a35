/**
 * inkasso serve [--port N] [--host H] [--rules DIR] [--data DIR] [--workers N] [--log-level L]
 *   [--drain-seconds S] [--cors-origin ORIGIN,...] [--headers-timeout S] [--request-timeout S]
 *   [--keep-alive-timeout S] [--idle-timeout S] [--max-connections N]
 *
 * With more than one worker (the default is one per core), a primary process forks the workers
 * (node:cluster), which share the port; a worker that dies is replaced.
 * Serves the HTTP API (/api/v1) until Ctrl-C or SIGTERM. --data names the editor's data folder:
 * its journal of published changes makes every published version available by hash, and a change
 * published in the editor is served without a restart. The token (INKASSO_API_TOKEN) is read from
 * the environment only, so that it never shows in a process list. INKASSO_API_CHECK_RESPONSES=1
 * checks every response against its schema before it is sent.
 *
 * The log is JSON, one object per line on stderr (engine/api/log.ts): start and stop at level
 * notice, one line per request at info, failures at error; --log-level notice leaves out requests. On SIGTERM, SIGINT or SIGHUP the server stops taking
 * connections and open requests finish — responses of any size — for at most --drain-seconds
 * (default 30); what is still open then is cut. The limits against slow and greedy clients
 * (engine/api/serve.ts) are the defaults of the timeout options and of --max-connections, per
 * worker process.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createApi } from '../../api/app.ts';
import { checkDataFolder, folderVersions } from '../../api/folder-versions.ts';
import { JournalError } from '../../rules/index.ts';
import { jsonLogger, LOG_LEVELS, type Logger, type LogLevel } from '../../api/log.ts';
import { listen, SERVER_LIMITS, type ListenOptions } from '../../api/serve.ts';
import { osloToday } from '../../calendar/index.ts';
import { CliError, EXIT, requireFolder } from '../io.ts';
import { loadRulesOrExit, rulesDirOf } from '../rules-option.ts';
import { packageVersion } from '../../node.ts';

export interface ServeOptions {
  port?: string | undefined;
  host?: string | undefined;
  rules?: string | undefined;
  data?: string | undefined;
  workers?: string | undefined;
  'log-level'?: string | undefined;
  'drain-seconds'?: string | undefined;
  'cors-origin'?: string | undefined;
  'headers-timeout'?: string | undefined;
  'request-timeout'?: string | undefined;
  'keep-alive-timeout'?: string | undefined;
  'idle-timeout'?: string | undefined;
  'max-connections'?: string | undefined;
}

/** A number of seconds from `min` to 3600 given to an option (its default when not given), in ms. */
function secondsOption(name: string, text: string | undefined, defaultMs: number, min: number): number {
  const t = text ?? String(defaultMs / 1000);
  const s = Number(t);
  if (!/^\d+(\.\d+)?$/.test(t) || s < min || s > 3600) throw new CliError(`--${name} ${t}: must be a number of seconds from ${min} to 3600`);
  return Math.round(s * 1000);
}

/**
 * The server's limits as the options set them. Node refuses a headers timeout longer than the
 * request's (the headers are part of the request), so that is said here, in the options' terms.
 */
function serverLimits(o: ServeOptions): NonNullable<ListenOptions['limits']> {
  const headersTimeoutMs = secondsOption('headers-timeout', o['headers-timeout'], SERVER_LIMITS.headersTimeoutMs, 1);
  const requestTimeoutMs = secondsOption('request-timeout', o['request-timeout'], SERVER_LIMITS.requestTimeoutMs, 1);
  if (headersTimeoutMs > requestTimeoutMs) {
    const headers = o['headers-timeout'];
    throw new CliError(headers !== undefined
      ? `--headers-timeout ${headers}: must not be longer than the request timeout (${requestTimeoutMs / 1000} s): the headers are part of the request`
      : `--request-timeout ${o['request-timeout']}: must not be shorter than the headers timeout (${headersTimeoutMs / 1000} s; --headers-timeout sets it)`);
  }
  const keepAliveTimeoutMs = secondsOption('keep-alive-timeout', o['keep-alive-timeout'], SERVER_LIMITS.keepAliveTimeoutMs, 1);
  const socketIdleTimeoutMs = secondsOption('idle-timeout', o['idle-timeout'], SERVER_LIMITS.socketIdleTimeoutMs, 1);
  const maxText = o['max-connections'] ?? String(SERVER_LIMITS.maxConnections);
  const maxConnections = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxConnections < 1 || maxConnections > 1_000_000) throw new CliError(`--max-connections ${maxText}: must be a whole number from 1 to 1000000`);
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, socketIdleTimeoutMs, maxConnections };
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const stopSignal = () => new Promise<NodeJS.Signals>((resolve) => {
  const on = (signal: NodeJS.Signals) => {
    for (const s of STOP_SIGNALS) process.removeListener(s, on);
    resolve(signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, on);
});

export async function serveCommand(o: ServeOptions, env: Record<string, string | undefined> = process.env): Promise<number> {
  const portText = o.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new CliError(`--port ${portText}: must be a port number from 0 to 65535`);
  const host = o.host ?? '127.0.0.1';
  const dataDir = o.data ?? env.INKASSO_DATA_DIR;
  if (dataDir !== undefined) requireFolder('--data', dataDir);
  const workersText = o.workers ?? String(Math.min(availableParallelism(), 16));
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1 || workers > 64) throw new CliError(`--workers ${workersText}: must be a whole number from 1 to 64`);
  const level = (o['log-level'] ?? env.INKASSO_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new CliError(`--log-level ${level}: must be one of ${LOG_LEVELS.join(', ')}`);
  const drainSeconds = secondsOption('drain-seconds', o['drain-seconds'], SERVER_LIMITS.drainMs, 0) / 1000;
  const limits = serverLimits(o);
  const corsOrigins = (o['cors-origin'] ?? env.INKASSO_CORS_ORIGINS ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  for (const origin of corsOrigins) if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) throw new CliError(`--cors-origin ${origin}: must be an origin such as https://example.no (scheme, host and port, no path), or *`);
  const log = jsonLogger((line) => process.stderr.write(line), level);
  const token = env.INKASSO_API_TOKEN || undefined;
  const validateResponses = env.INKASSO_API_CHECK_RESPONSES === '1';
  const rulesDir = rulesDirOf(o.rules).dir;
  if (cluster.isPrimary) {
    loadRulesOrExit(o.rules); // reports every problem with its position, once
    if (workers > 1) {
      // The data folder checked once here, not by each worker as it starts.
      if (dataDir !== undefined) fromDataFolder(dataDir, () => checkDataFolder(dataDir));
      return primary(workers, host, log);
    }
  }

  let server;
  let versions;
  try {
    const onReloadError = (e: Error) => log({ level: 'error', msg: 'the rules could not be read again; still serving the last good version', error: e.message });
    versions = fromDataFolder(dataDir, () => folderVersions({ rulesDir, dataDir, onReloadError }));
    const started = performance.now();
    const app = createApi({ versions, token, validateResponses, today: () => osloToday(new Date()), uptime: () => (performance.now() - started) / 1000, log, corsOrigins, engineVersion: packageVersion() });
    try {
      server = await listen(app, { port, host, limits });
    } catch (e) {
      throw new CliError(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
    }
  } catch (e) {
    // Let a worker end, so that the primary sees why: its channel to the primary would keep it
    // alive, and the primary waiting for it to listen.
    cluster.worker?.disconnect();
    throw e;
  }
  const v = versions();
  const about = `rules ${v.latest.version.slice(0, 12)}, ${v.list.length} version${v.list.length === 1 ? '' : 's'}${token ? ', token required' : ''}${validateResponses ? ', responses checked' : ''}`;
  const drain = async (signal: NodeJS.Signals) => {
    log({ level: 'notice', msg: 'stopping: open requests may finish', signal, drainSeconds });
    const whole = await server.close(drainSeconds * 1000);
    if (!whole) log({ level: 'warn', msg: `requests still open after ${drainSeconds} s were cut` });
  };
  if (cluster.isWorker) {
    process.send?.({ type: 'listening', port: server.port, about });
    // The primary stops the workers with SIGTERM; Ctrl-C reaches them with the primary.
    await drain(await stopSignal());
    cluster.worker?.disconnect(); // the channel to the primary would keep the process alive
    return EXIT.ok;
  }
  log({ level: 'notice', msg: `listening on ${apiUrl(host, server.port)} (${about}); Ctrl-C stops`, url: apiUrl(host, server.port), workers: 1 });
  await drain(await stopSignal());
  log({ level: 'notice', msg: 'stopped' });
  return EXIT.ok;
}

/**
 * Runs `read` on the data folder. A genesis or journal that cannot be read, or does not follow from
 * itself (checkJournal), is bad input: exit 2 with what is wrong, before anything is served.
 */
function fromDataFolder<T>(dataDir: string | undefined, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof JournalError) throw new CliError(`--data ${dataDir}: ${e.message}`);
    throw e;
  }
}

/** Forks the workers, prints the address when all listen, replaces a worker that dies, stops them all on a signal. */
async function primary(count: number, host: string, log: Logger): Promise<number> {
  let stopping = false;
  let listening = 0;
  const started = (w: ReturnType<typeof cluster.fork>) => w.on('message', (m: { type?: string; port?: number; about?: string }) => {
    if (m.type !== 'listening') return;
    listening++;
    if (listening === count) log({ level: 'notice', msg: `listening on ${apiUrl(host, m.port)} (${m.about}, ${count} workers); Ctrl-C stops`, url: apiUrl(host, m.port), workers: count });
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
      log({ level: 'error', msg: `worker ${w.process.pid} ended (${signal ?? `exit ${code}`}); starting another` });
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
  if (result === EXIT.ok) log({ level: 'notice', msg: 'stopped' });
  return result;
}

/** The API's address as a URL: an IPv6 host goes in brackets (http://[::1]:8080/api/v1). */
export function apiUrl(host: string, port: number | undefined): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/api/v1`;
}
