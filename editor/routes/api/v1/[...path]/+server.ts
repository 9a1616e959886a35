/**
 * The integrators' HTTP API (/api/v1, docs/openapi.json), served by the editor's process too: the
 * same Hono app as `inkasso serve`, on the published rules folder and the editor's journal, so a
 * change is served as soon as it is published. Public like `inkasso serve`; set
 * INKASSO_API_TOKEN to require a bearer token.
 */
import { createApi } from '$engine/api/app.ts';
import { folderVersions } from '$engine/api/folder-versions.ts';
import { jsonLogger, type LogLevel } from '$engine/api/log.ts';
import { osloToday } from '$engine/node.ts';
import { editorConfig } from '$lib/server/config.ts';
import type { RequestHandler } from './$types';
// The engine's version, said by health as inkasso serve says it (bundled into the build).
import { version } from '../../../../../package.json';

let app: ReturnType<typeof createApi> | undefined;
const started = performance.now();

function api() {
  if (!app) {
    const config = editorConfig();
    app = createApi({
      versions: folderVersions({ rulesDir: config.rulesDir, dataDir: config.dataDir, onReloadError: (e) => console.error(`api: ${e.message}`) }),
      token: process.env.INKASSO_API_TOKEN || undefined,
      validateResponses: process.env.INKASSO_API_CHECK_RESPONSES === '1',
      today: () => osloToday(new Date()),
      uptime: () => (performance.now() - started) / 1000,
      log: jsonLogger((line) => process.stderr.write(line), (process.env.INKASSO_LOG_LEVEL as LogLevel | undefined) ?? 'warn'),
      corsOrigins: (process.env.INKASSO_CORS_ORIGINS ?? '').split(',').map((x) => x.trim()).filter(Boolean),
      engineVersion: version,
    });
  }
  return app;
}

const forward: RequestHandler = ({ request }) => api().fetch(request);
export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const DELETE = forward;
export const PATCH = forward;
