/**
 * Run by server-hardening.test.ts as its own Node process (inside vitest's workers, Node's HTTP
 * server never fires its header and request timeouts): a server with short limits, and two slow
 * clients. Prints how long each connection stayed open, as JSON.
 */
import { connect } from 'node:net';
import { createApi } from '../../engine/api/app.ts';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import { listen } from '../../engine/api/serve.ts';
import { fileURLToPath } from 'node:url';

const api = createApi({ versions: folderVersions({ rulesDir: fileURLToPath(new URL('../../rules/', import.meta.url)) }), today: () => '2024-07-01', uptime: () => 1, log: () => {} });
const server = await listen(api, { port: 0, host: '127.0.0.1', limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, checkEveryMs: 250 } });

function openFor(send: string): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = connect(server.port, '127.0.0.1', () => s.write(send));
    s.on('error', () => {});
    s.resume(); // read, so that the server's close is seen
    s.on('close', () => resolve(Math.round(performance.now() - t0)));
    setTimeout(() => resolve(-1), 15_000).unref();
  });
}

const [headersMs, bodyMs] = await Promise.all([
  openFor('POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\n'),
  openFor('POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"claim":'),
]);
process.stdout.write(`${JSON.stringify({ headersMs, bodyMs })}\n`);
await server.close(100);
