/**
 * Progress of a long command on stderr (replay, samlesak): claims done, rate, share of the file
 * read and time left.
 * On a terminal, one line redrawn at most five times a second. Off a terminal (a Kubernetes job's
 * log, CI), a plain line every 30 seconds, so that a run of millions of claims shows that it is
 * alive and when it will end; a run shorter than that prints none. `quiet` turns the plain lines off.
 */
export interface ProgressLine {
  update(p: { claims: number; bytes: number; seconds: number }): void;
  done(): void;
}

export interface ProgressOptions {
  /** Off a terminal: no lines at all. */
  readonly quiet?: boolean;
  /** Off a terminal: milliseconds between lines (default 30 000). */
  readonly everyMs?: number;
  /** The clock (ms), for tests. */
  readonly now?: () => number;
  /** The command the line is about (default replay). */
  readonly label?: string;
}

const group = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

function duration(s: number): string {
  if (!Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "replay: 1 200 000 claims · 41 000/s · 20 % · about 2 min 3 s left". */
function describe(label: string, p: { claims: number; bytes: number; seconds: number }, totalBytes: number | undefined): string {
  const rate = p.seconds > 0 ? p.claims / p.seconds : 0;
  let text = `${label}: ${group(p.claims)} claims · ${group(rate)}/s`;
  if (totalBytes && p.bytes > 0) {
    const share = Math.min(1, p.bytes / totalBytes);
    text += ` · ${(share * 100).toFixed(0)} % · about ${duration((p.seconds / share) * (1 - share))} left`;
  }
  return text;
}

export function progressLine(stream: NodeJS.WriteStream, totalBytes: number | undefined, o: ProgressOptions = {}): ProgressLine {
  const now = o.now ?? Date.now;
  const label = o.label ?? 'replay';
  if (!stream.isTTY) {
    if (o.quiet) return { update() {}, done() {} };
    const every = o.everyMs ?? 30_000;
    let next = now() + every;
    return {
      update(p) {
        const t = now();
        if (t < next) return;
        next = t + every;
        stream.write(`inkasso ${describe(label, p, totalBytes)}\n`);
      },
      done() {},
    };
  }
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - last < 200) return;
      last = t;
      const text = describe(label, p, totalBytes);
      stream.write(`\r${text.slice(0, (stream.columns || 80) - 1).padEnd(Math.min(79, (stream.columns || 80) - 1))}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
