/**
 * The OpenAPI document as an integrator uses it: Redocly's linter finds no error in it,
 * openapi-typescript generates types from it, a client written against those types type-checks
 * (strict), and that client (openapi-fetch) calls a running server and gets what the types say.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../engine/api/app.ts';
import { folderVersions } from '../../engine/api/folder-versions.ts';
import { listen, type RunningServer } from '../../engine/api/serve.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docPath = join(root, 'docs/openapi.json');
const work = mkdtempSync(join(root, 'test/api/.client-'));
let server: RunningServer;

beforeAll(async () => {
  const api = createApi({ versions: folderVersions({ rulesDir: join(root, 'rules') }), today: () => '2024-07-01', uptime: () => 1, log: () => {}, validateResponses: true });
  server = await listen(api, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close(1000);
  rmSync(work, { recursive: true, force: true });
});

// A client as an integrator would write it, against the generated types only.
const CLIENT = `import createClient from 'openapi-fetch';
import type { components, paths } from './api.ts';

type Result = components['schemas']['Result'];

export async function run(baseUrl: string, claim: components['schemas']['Claim']): Promise<{ total: string; status: number; code: string; batch: number }> {
  const client = createClient<paths>({ baseUrl });
  const ok = await client.POST('/evaluate', { body: { claim, asOf: '2024-07-01' } });
  if (!ok.data) throw new Error('no result');
  const result: Result = ok.data;
  const bad = await client.POST('/evaluate', { body: { claim: { ...claim, principal: '-1' }, asOf: '2024-07-01' } });
  const batch = await client.POST('/evaluate/batch', { body: { claims: [claim, claim], asOf: '2024-07-01' } });
  return { total: result.interest.total, status: bad.response.status, code: bad.error?.code ?? '', batch: batch.data?.counts.ok ?? -1 };
}
`;

describe('docs/openapi.json', () => {
  it('passes Redocly lint with no errors', () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', docPath], {
      encoding: 'utf8', cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/valid/i);
  }, 150_000);

  it('gives openapi-typescript types that a strict client type-checks against, and that client calls the API', async () => {
    const ast = await openapiTS(JSON.parse(readFileSync(docPath, 'utf8')));
    writeFileSync(join(work, 'api.ts'), astToString(ast));
    writeFileSync(join(work, 'client.ts'), CLIENT);
    const program = ts.createProgram([join(work, 'client.ts')], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);

    const { run } = await import(join(work, 'client.ts')) as { run: (url: string, claim: unknown) => Promise<{ total: string; status: number; code: string; batch: number }> };
    const claim = JSON.parse(readFileSync(join(root, 'examples/claim-egeninkasso.json'), 'utf8'));
    const got = await run(`http://127.0.0.1:${server.port}/api/v1`, claim);
    expect(got).toEqual({ total: expect.stringMatching(/^\d+\.\d\d$/), status: 400, code: 'INVALID_FIELD', batch: 2 });
  }, 60_000);
});
