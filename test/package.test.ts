/**
 * The package as an integrator installs it: `npm pack`, the tarball installed into an empty
 * project, then the README's library example run from plain Node (no tsx, no TypeScript), the
 * `inkasso` bin run from node_modules/.bin (evaluate, validate, a replay on worker threads, the
 * HTTP API), the library required from CommonJS, and the declarations type-checked against
 * consumers of each module resolution.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
// A folder whose path has a space and a letter outside ASCII, as a home folder may
// (/home/Bjørn Ås, C:\Users\Bjørn Ås): files the package finds beside itself are found by path, not
// by a URL's percent-encoded pathname.
const work = mkdtempSync(join(tmpdir(), 'inkasso pakke ø-'));
const app = join(work, 'app');
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** The README example through the checkout's CLI (exit 1: the example has violations). */
const checkoutResult = () => JSON.parse(spawnSync(process.execPath, [join(root, 'bin/inkasso.cjs'), 'evaluate', join(root, 'examples/claim-egeninkasso.json'), '--as-of', '2024-07-01', '--no-trace'], { encoding: 'utf8' }).stdout) as { rulesVersion: string; interest: { total: string }; violations: { code: string }[] };

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  // dist/ was built, declarations included, by the suite's global setup; packing must not rebuild
  // it under the other tests' feet.
  npm(['pack', '--ignore-scripts', '--pack-destination', work], root);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'integrator-app', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--ignore-scripts', join(work, tarball)], app);
}, 300_000);

describe('the packed package', () => {
  it('ships compiled JavaScript with declarations, and no TypeScript to run', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/inkassomotor/package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/types/index.d.ts', default: './dist/index.js' });
    const files = readdirSync(join(app, 'node_modules/inkassomotor/dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'node.js', 'cli.cjs', 'launch.cjs', 'worker-entry.js', 'rule-cache', 'validators', 'types']));
    expect(readdirSync(join(app, 'node_modules/inkassomotor'))).not.toContain('engine');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('tsx');
  });

  it('is built without writing to stdout, so that npm pack --json stays JSON', () => {
    // npm runs the build (prepack, prepare) with its stdout going where npm's own output goes.
    expect(inject('buildStdout')).toBe('');
  });

  it('runs the README example from plain Node', () => {
    writeFileSync(join(app, 'example.js'), `
import { readFileSync } from 'node:fs';
import { loadRules } from 'inkassomotor/node';
import { evaluate, checkClaim } from 'inkassomotor';
const claim = JSON.parse(readFileSync(new URL('./node_modules/inkassomotor/examples/claim-egeninkasso.json', import.meta.url), 'utf8'));
const rules = loadRules();
if (!checkClaim(claim).ok) throw new Error('claim');
const result = evaluate(rules, claim, { asOf: '2024-07-01' });
console.log(JSON.stringify({ version: rules.version, interest: result.interest.total, violations: result.violations.map((v) => v.code) }));
`);
    const out = JSON.parse(execFileSync(process.execPath, ['example.js'], { cwd: app, encoding: 'utf8' }));
    const expected = checkoutResult();
    expect(out.interest).toMatch(/^\d+\.\d\d$/);
    expect(out).toEqual({ version: expected.rulesVersion, interest: expected.interest.total, violations: expected.violations.map((v) => v.code) });
  });

  it('runs the inkasso bin from node_modules/.bin', () => {
    const r = spawnSync(join(app, 'node_modules/.bin/inkasso'), ['evaluate', 'node_modules/inkassomotor/examples/claim-egeninkasso.json', '--as-of', '2024-07-01', '--format', 'text'], { cwd: app, encoding: 'utf8' });
    expect(r.status, r.stderr).toBeLessThan(2);
    expect(r.stdout).toContain('Forsinkelsesrente');
    const v = spawnSync(join(app, 'node_modules/.bin/inkasso'), ['validate'], { cwd: app, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    // The installed package says its own version (its package.json, beside its rules).
    const version = spawnSync(join(app, 'node_modules/.bin/inkasso'), ['--version'], { cwd: app, encoding: 'utf8' });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^inkasso ${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version.replace(/\./g, '\\.')}, rules [0-9a-f]{12} `));
    // The bin's former file name, which scripts may run by its path, says the same (both run by this Node).
    const byPath = (file: string) => spawnSync(process.execPath, [`node_modules/inkassomotor/bin/${file}`, '--version'], { cwd: app, encoding: 'utf8' });
    const former = byPath('inkasso.js');
    expect(former.stdout, former.stderr).toBe(byPath('inkasso.cjs').stdout);
    expect(former.stdout).toContain(`Node ${process.version}`);
    // The samlesak example: three claims handed over together, 262.50 kr of salær too much.
    const s = spawnSync(join(app, 'node_modules/.bin/inkasso'), ['samlesak', 'node_modules/inkassomotor/examples/samlesak.ndjson', '--format', 'json'], { cwd: app, encoding: 'utf8' });
    expect(s.status, s.stderr).toBe(1);
    expect(JSON.parse(s.stdout)).toMatchObject({ kind: 'inkassomotor.samlesak', overcharged: '262.50' });
    // Its first reading on a worker thread of the installed package (dist/samlesak-worker-entry.js): the same report.
    const threaded = spawnSync(join(app, 'node_modules/.bin/inkasso'), ['samlesak', 'node_modules/inkassomotor/examples/samlesak.ndjson', '--format', 'json', '--workers', '1'], { cwd: app, encoding: 'utf8' });
    expect(threaded.status, threaded.stderr).toBe(1);
    expect(threaded.stdout).toBe(s.stdout);
  });

  it('replays on worker threads and serves the API from the installed package', async () => {
    const bin = join(app, 'node_modules/.bin/inkasso');
    expect(spawnSync(bin, ['generate', '--count', '300', '--seed', '7', '--out', 'claims.ndjson'], { cwd: app, encoding: 'utf8' }).status).toBe(0);
    const replay = spawnSync(bin, ['replay', 'claims.ndjson', '--workers', '2', '--out', 'findings.ndjson', '--summary', 'summary.json', '--quiet'], { cwd: app, encoding: 'utf8' });
    expect(replay.status, replay.stderr).toBeLessThan(2);
    const summary = JSON.parse(readFileSync(join(app, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: true, workers: 2, claims: { read: 300, malformed: 0, failed: 0 } });

    const serve = spawn(bin, ['serve', '--port', '0', '--workers', '1', '--log-level', 'notice'], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        serve.stderr!.on('data', (d) => {
          err += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(err);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`inkasso serve exited ${code}: ${err}`)));
      });
      const claim = JSON.parse(readFileSync(join(app, 'node_modules/inkassomotor/examples/claim-egeninkasso.json'), 'utf8'));
      const r = await fetch(`${url}/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claim, asOf: '2024-07-01' }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { interest: { total: string } }).interest.total).toBe(checkoutResult().interest.total);
    } finally {
      serve.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('is required from CommonJS code as it is imported (require of an ES module: Node 20.19+, 22.12+, 24)', () => {
    writeFileSync(join(app, 'example.cjs'), `
const { readFileSync } = require('node:fs');
const { loadRules } = require('inkassomotor/node');
const { evaluate } = require('inkassomotor');
const claim = JSON.parse(readFileSync(require.resolve('inkassomotor/package.json').replace('package.json', 'examples/claim-egeninkasso.json'), 'utf8'));
const result = evaluate(loadRules(), claim, { asOf: '2024-07-01', trace: false });
console.log(JSON.stringify({ interest: result.interest.total, violations: result.violations.map((v) => v.code) }));
`);
    const r = spawnSync(process.execPath, ['example.cjs'], { cwd: app, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const expected = checkoutResult();
    expect(JSON.parse(r.stdout)).toEqual({ interest: expected.interest.total, violations: expected.violations.map((v) => v.code) });
  });

  // Each way a TypeScript project resolves packages finds the declarations of both exports: by
  // `exports` (NodeNext, from an ES module and from a CommonJS file, in one program: a check of the
  // declarations and of Node's own takes 10 s of CPU a program here; bundler reads `exports` the same
  // way), or by `types` and `typesVersions` (node10, the former "node", still the setting of many
  // CommonJS projects).
  it.each([
    ['NodeNext', 'NodeNext', ['consumer.ts', 'consumer.cts']],
    ['CommonJS', 'node10', ['consumer.ts']],
  ])('has declarations a strict TypeScript consumer type-checks against (module %s, moduleResolution %s, %j)', (module, moduleResolution, files) => {
    const dir = mkdtempSync(join(app, 'ts-'));
    for (const file of files) writeFileSync(join(dir, file), `
import { loadRules } from 'inkassomotor/node';
import { evaluate, type Claim, type Result } from 'inkassomotor';
export function interestOf(claim: Claim): string {
  const result: Result = evaluate(loadRules(), claim, { asOf: '2024-07-01', trace: false });
  return result.interest.total;
}
`);
    // node10 is deprecated in TypeScript 6, and said so unless acknowledged.
    const deprecated = moduleResolution === 'node10' ? { ignoreDeprecations: '6.0' } : {};
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution, target: 'ES2022', skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules/@types')], ...deprecated }, files }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
