/**
 * Running the built editor and Debian's Chromium for the browser tests. Chromium is never
 * downloaded: .ci/run installs the Debian package when it is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(ROOT, '.artifacts', 'screenshots');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    t = Math.max(t, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the editor when build/ is missing or older than its sources. */
export function ensureBuilt(): void {
  const built = join(ROOT, 'build/index.js');
  const sources = Math.max(newestMtime(join(ROOT, 'editor')), newestMtime(join(ROOT, 'engine')), newestMtime(join(ROOT, 'schemas')));
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Editor {
  readonly url: string;
  readonly dirs: { rules: string; golden: string; data: string };
  readonly process: ChildProcess;
  stop(): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** What it wrote to stdout and stderr so far. */
  log(): string;
  /** Stops it, waits for it to exit and removes the temporary folder startEditor made for it. */
  close(): Promise<void>;
}

/** Starts the editor (bin/editor.js) on copies of the rules and golden corpus in a temporary folder. */
export async function startEditor(env: Record<string, string> = {}): Promise<Editor> {
  const root = mkdtempSync(join(tmpdir(), 'inkasso-e2e-'));
  const dirs = { rules: join(root, 'rules'), golden: join(root, 'golden'), data: join(root, 'data') };
  cpSync(join(ROOT, 'rules'), dirs.rules, { recursive: true });
  cpSync(join(ROOT, 'test/golden'), dirs.golden, { recursive: true });
  mkdirSync(dirs.data, { recursive: true });
  const editor = await startEditorOn(dirs, env);
  return {
    ...editor,
    async close() {
      await editor.close();
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Starts the editor as npm run editor does (bin/editor.js) on these folders; resolves once it answers. */
export async function startEditorOn(dirs: Editor['dirs'], env: Record<string, string> = {}): Promise<Editor> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'bin/editor.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, INKASSO_RULES_DIR: dirs.rules, INKASSO_GOLDEN_DIR: dirs.golden, INKASSO_DATA_DIR: dirs.data, INKASSO_INSECURE_COOKIES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const r = await fetch(`${url}/logg-inn`);
      if (r.ok) {
        return {
          url, dirs, process: child, stop: () => child.kill(), exited, log: () => log,
          close: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill();
            await exited;
          },
        };
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the editor did not start:\n${log}`);
}

/** Signs in over HTTP (the sign-in form, as a browser sends it); returns the session cookie. */
export async function signInHttp(url: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${url}/logg-inn`, {
    method: 'POST', redirect: 'manual',
    headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ brukernavn: username, passord: password }),
  });
  const cookie = r.headers.get('set-cookie')?.split(';')[0];
  if (r.status !== 303 || !cookie) throw new Error(`sign-in as ${username} failed: ${r.status} ${await r.text()}`);
  return cookie;
}

export async function browser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`Browser tests need Debian's chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (.ci/run does this).`);
  const profile = mkdtempSync(join(tmpdir(), 'inkasso-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 }, locale: 'nb-NO', args: FLAGS,
  });
  profiles.set(context, profile);
  return context;
}

const profiles = new WeakMap<BrowserContext, string>();

/** Closes a browser from browser() and removes its profile folder (each run left one behind). */
export async function closeBrowser(context: BrowserContext): Promise<void> {
  await context.close();
  const profile = profiles.get(context);
  // Chromium's helper processes may still be writing to it for a moment after it closed.
  if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
}

/**
 * Opens a page and waits until it is live (hydrated). Typed into before that, a field can be reset
 * by hydration (a form then validates an empty value: "Skriv verdien."), and a click on a button
 * that works by script can go nowhere. Every test that types or clicks on a page it opened uses this.
 */
export async function openLive(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-hydrated=true]');
}

export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  // Typed before hydration, a field can be reset by it; the required field is then empty and the
  // browser silently refuses to send the form (the sign-ins that "did not finish").
  await openLive(page, `${url}/logg-inn`);
  await page.fill('input[name=brukernavn]', username);
  await page.fill('input[name=passord]', password);
  // Signed in when the page with the sign-out button is shown; waiting for the page's load event
  // as well sometimes hung in CI with three browsers open, so the commit of the navigation is enough.
  try {
    await Promise.all([page.waitForURL(`${url}/`, { waitUntil: 'commit' }), page.click('button.primary')]);
    await page.waitForSelector('form[action="/logg-ut"]');
  } catch (e) {
    const shown = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`sign-in as ${username} did not finish: at ${page.url()}, showing: ${shown.slice(0, 300)}\n${(e as Error).message}`);
  }
}

/**
 * Whole pages, as JPEG: of the 66 s the officers' pages took to check one role after another,
 * chromium spent 23 s on its screenshots as PNG, and 16 s as JPEG.
 */
const JPEG = { fullPage: true, type: 'jpeg', quality: 85 } as const;

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.jpg`), ...JPEG });
}

/** A screenshot at a width (375 for a phone, 1280 for a desktop), kept as WIDTH/NAME.jpg. */
export async function shotAt(page: Page, name: string, width: number): Promise<void> {
  const before = page.viewportSize();
  if (before?.width !== width) await page.setViewportSize({ width, height: before?.height ?? 900 });
  mkdirSync(join(SHOTS, String(width)), { recursive: true });
  await page.screenshot({ path: join(SHOTS, String(width), `${name}.jpg`), ...JPEG });
  if (before && before.width !== width) await page.setViewportSize(before);
}
