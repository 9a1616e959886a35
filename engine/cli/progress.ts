/**
 * A progress line on a terminal (stderr): claims done, rate, share of the file read and time
 * left. Off a terminal it prints nothing. Redrawn at most five times a second.
 */
export interface ProgressLine {
  update(p: { claims: number; bytes: number; seconds: number }): void;
  done(): void;
}

const group = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

function duration(s: number): string {
  if (!Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function progressLine(stream: NodeJS.WriteStream, totalBytes: number | undefined): ProgressLine {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const rate = p.seconds > 0 ? p.claims / p.seconds : 0;
      let text = `replay: ${group(p.claims)} claims · ${group(rate)}/s`;
      if (totalBytes && p.bytes > 0) {
        const share = Math.min(1, p.bytes / totalBytes);
        text += ` · ${(share * 100).toFixed(0)} % · about ${duration((p.seconds / share) * (1 - share))} left`;
      }
      stream.write(`\r${text.slice(0, (stream.columns || 80) - 1).padEnd(Math.min(79, (stream.columns || 80) - 1))}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
