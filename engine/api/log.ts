/**
 * The server's log: one JSON object per line, so that a log collector can read it without
 * patterns. Every line about a request carries its request id (the client's X-Request-Id when it
 * sends a sane one, else a new UUID), which the response returns in X-Request-Id.
 *
 * {"time":"2026-12-02T09:14:03.120Z","level":"info","msg":"request","requestId":"…","method":"POST","path":"/api/v1/evaluate","status":200,"ms":3.1}
 */

/** notice: the server's own life (listening, stopping, stopped); info: one line per request. */
export type LogLevel = 'error' | 'warn' | 'notice' | 'info' | 'debug';

export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly requestId?: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly ms?: number;
  /** The failure, with its stack for an internal error (kept on one line by JSON). */
  readonly error?: string;
  readonly [extra: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, notice: 2, info: 3, debug: 4 };
export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

/** A logger that writes entries at `level` or more severe as JSON lines. */
export function jsonLogger(write: (line: string) => void, level: LogLevel = 'info', now: () => Date = () => new Date()): Logger {
  const max = RANK[level];
  return (entry) => {
    if (RANK[entry.level] > max) return;
    write(`${JSON.stringify({ time: now().toISOString(), ...entry })}\n`);
  };
}
