/**
 * Runs the API app on Node's HTTP server (@hono/node-server), and closes it cleanly: open
 * requests finish, then the process may exit.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export function listen(app: Hono, o: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (e: Error) => reject(e);
    server = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
      server.off('error', onError);
      resolve({
        port: info.port,
        host: o.host,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Idle keep-alive connections would hold the close open.
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        }),
      });
    });
    server.on('error', onError);
  });
}

/** Today's date in Norway (YYYY-MM-DD), whatever the machine's time zone. */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
