/**
 * Runs the API app on Node's HTTP server (@hono/node-server) with limits against slow and greedy
 * clients, and closes it cleanly: on close, no new connection is taken, open requests and
 * responses of any size finish within the drain time, and whatever is still open after it is cut.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** The server's limits; the README lists them. */
export const SERVER_LIMITS = {
  /** The request line and headers must arrive within this (slowloris). */
  headersTimeoutMs: 10_000,
  /** The whole request, body included, must arrive within this (slow bodies). */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** A connection with no traffic in either direction is closed after this. */
  socketIdleTimeoutMs: 60_000,
  /** Open connections per process; more are refused at once. */
  maxConnections: 1_000,
  /** After a stop signal, open requests may finish for this long. */
  drainMs: 30_000,
  /** How often the timeouts above are checked. */
  checkEveryMs: 1_000,
} as const;

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /**
   * Stops taking connections, lets open requests finish (at most `drainMs`), then closes what is
   * left. Resolves with whether everything finished in time.
   */
  close(drainMs?: number): Promise<boolean>;
}

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  readonly limits?: Partial<Record<keyof typeof SERVER_LIMITS, number>>;
}

export function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, o: ListenOptions): Promise<RunningServer> {
  const limits = { ...SERVER_LIMITS, ...o.limits };
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (e: Error) => reject(e);
    server = serve({
      fetch: app.fetch,
      port: o.port,
      hostname: o.host,
      serverOptions: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: limits.checkEveryMs },
    }, (info) => {
      server.off('error', onError);
      const http = server as Server;
      http.maxConnections = limits.maxConnections;
      http.setTimeout(limits.socketIdleTimeoutMs);
      // Which connections have a request or response in progress. Node's own close() would
      // destroy a connection whose response is ended but still being sent (a large answer to a
      // slow reader): the drain below waits for each response to be handed to the network first.
      const sockets = new Set<Socket>();
      const busy = new Map<Socket, number>();
      let stopping = false;
      const endSocket = (sock: Socket) => {
        sock.end();
        sock.once('finish', () => sock.destroy());
      };
      http.on('connection', (sock: Socket) => {
        sockets.add(sock);
        sock.once('close', () => { sockets.delete(sock); busy.delete(sock); });
      });
      http.on('request', (req: IncomingMessage, res: ServerResponse) => {
        const sock = req.socket;
        busy.set(sock, (busy.get(sock) ?? 0) + 1);
        if (stopping) res.setHeader('connection', 'close');
        res.once('close', () => {
          const left = (busy.get(sock) ?? 1) - 1;
          if (left > 0) busy.set(sock, left);
          else {
            busy.delete(sock);
            if (stopping) endSocket(sock);
          }
        });
      });
      resolve({
        port: info.port,
        host: o.host,
        close: (drainMs = limits.drainMs) => new Promise<boolean>((done) => {
          stopping = true;
          let cut = false;
          const timer = setTimeout(() => {
            cut = true;
            for (const sock of sockets) sock.destroy();
          }, drainMs);
          // Stop taking connections (net's close: http's would cut responses still being sent).
          NetServer.prototype.close.call(http, () => {
            clearTimeout(timer);
            done(!cut);
          });
          for (const sock of sockets) if (!busy.has(sock)) endSocket(sock);
        }),
      });
    });
    server.on('error', onError);
  });
}
