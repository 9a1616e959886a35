/**
 * The editor as the people who use it every day meet it, in Debian's chromium:
 *
 * - every page, signed in as each role, passes axe-core with no serious or critical violation, is
 *   usable at 375 px without horizontal scrolling, and is kept as a screenshot at 375 and 1280 px;
 * - the Content-Security-Policy holds and Monaco works under it;
 * - each role is offered what it may do and nothing else (an editor-only user can try a claim and
 *   gets the live check; a reader sees no action; the approve button only for another approver);
 * - no work is lost: leaving with unsaved edits warns, the edits are kept locally and offered back,
 *   an ended session asks for the password in place and saves the edit, a form sent twice makes
 *   one draft;
 * - the officers' friction is gone: dd.mm.åååå dates, a plausibility check that needs a
 *   confirmation, a missing source flagged while typing;
 * - refused requests are 4xx, never 500.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '../../editor/lib/server/sessions.ts';
import { UserStore } from '../../editor/lib/server/users.ts';
import { browser, closeBrowser, ensureBuilt, openLive, shotAt, signIn, startEditor, type Editor } from './support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let ed: Editor;
const contexts: BrowserContext[] = [];
const USERS = {
  lise: { roles: ['reader'], password: 'lese-passord-123' },
  erik: { roles: ['editor'], password: 'redaktor-passord-1' },
  kari: { roles: ['approver'], password: 'godkjenner-pass-1' },
  ada: { roles: ['admin'], password: 'admin-passord-12' },
} as const;
type Who = keyof typeof USERS;
const pages: Partial<Record<Who, Page>> = {};
let draftPath = '';

async function pageFor(who: Who): Promise<Page> {
  if (pages[who]) return pages[who]!;
  const ctx = await browser();
  contexts.push(ctx);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await signIn(page, ed.url, who, USERS[who].password);
  pages[who] = page;
  return page;
}

/** Runs axe on the page; returns the serious and critical violations as readable lines. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // evaluated through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(' | ')})`);
}

/** How much wider than the viewport the page is (0 when there is no horizontal scrolling), and the widest elements. */
const overflow = (page: Page) => page.evaluate(() => {
  const w = document.documentElement.clientWidth;
  const wider = document.documentElement.scrollWidth - w;
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`;
  const culprits = wider > 0
    ? [...document.querySelectorAll('body *')]
      .filter((e) => (e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).display !== 'none') || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0))
      .slice(0, 4).map((e) => `${name(e)} (${e.textContent?.slice(0, 40)})`)
    : [];
  return { wider, culprits };
});

beforeAll(async () => {
  ensureBuilt();
  ed = await startEditor();
  const users = new UserStore(ed.dirs.data);
  await users.create({ username: 'ola', name: 'Ola Normann', roles: ['editor'], password: 'korrekt-hest-batteri' });
  for (const [username, u] of Object.entries(USERS)) await users.create({ username, name: `${username[0]!.toUpperCase()}${username.slice(1)}`, roles: [...u.roles], password: u.password });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await closeBrowser(c);
  await ed?.close();
});

describe('an editor-only user', () => {
  it('gets a draft with a Norwegian date, a plausibility check that must be confirmed, and a missing source flagged while typing', async () => {
    const erik = await pageFor('erik');
    await openLive(erik, `${ed.url}/utkast/ny/forsinkelsesrente`);
    await erik.fill('[data-testid=valid_from]', '01.01.2027');
    await erik.fill('[data-testid=value]', '125');
    // The source is empty and the officer has not been in the field: it is flagged once the value is written.
    await erik.waitForSelector('[data-testid=source-error]');
    await expect(erik.textContent('[data-testid=source-error]')).resolves.toContain('Oppgi kilden');
    await expect(erik.getAttribute('#source', 'aria-describedby')).resolves.toContain('source-feil');
    await erik.waitForSelector('[data-testid=plausibility]');
    await expect(erik.textContent('[data-testid=plausibility]')).resolves.toMatch(/125,00 % er utenfor det vanlige området.*112,75 prosentpoeng høyere enn satsen før \(12,25 % fra 01\.07\.2026\)/s);
    await erik.fill('[data-testid=value]', '11,75');
    await erik.fill('[data-testid=source]', 'FOR-2026-12-17-2301, Norsk Lovtidend');
    await erik.waitForFunction(() => !document.querySelector('[data-testid=plausibility]') && !(document.querySelector('[data-testid=create]') as HTMLButtonElement).disabled);
    await erik.waitForSelector('[data-testid=task-diff]');
    await expect(erik.textContent('[data-testid=task-diff]')).resolves.toContain('valid_from: 2027-01-01');
    await Promise.all([erik.waitForURL(/\/utkast\/[a-z0-9]{12}$/), erik.click('[data-testid=create]')]);
    draftPath = new URL(erik.url()).pathname;
    // Back, and the same form sent again: the same draft, not a second one.
    await erik.goBack();
    await erik.waitForSelector('[data-testid=create]');
    await expect(erik.inputValue('[data-testid=value]')).resolves.toBe('11,75'); // the form as it was sent
    await erik.waitForFunction(() => !(document.querySelector('[data-testid=create]') as HTMLButtonElement).disabled);
    await Promise.all([erik.waitForURL(/\/utkast\/[a-z0-9]{12}$/), erik.click('[data-testid=create]')]);
    expect(new URL(erik.url()).pathname).toBe(draftPath);
    const titles = readdirSync(join(ed.dirs.data, 'drafts')).map((f) => (JSON.parse(readFileSync(join(ed.dirs.data, 'drafts', f), 'utf8')) as { title: string }).title);
    expect(titles.filter((t) => t === 'Ny forsinkelsesrente: 11,75 % fra 01.01.2027')).toHaveLength(1);
  }, 90_000);

  it('is warned before leaving unsaved YAML, finds it kept after a reload, and saves it after signing in again in place', async () => {
    const erik = await pageFor('erik');
    await openLive(erik, `${ed.url}${draftPath}`);
    await Promise.all([erik.waitForURL(/\/fil\?sti=/), erik.click('[data-testid="edit-parameters/rente/forsinkelsesrente.yaml"]')]);
    await erik.waitForSelector('[data-testid=yaml-editor][data-ready=true]', { timeout: 30_000 });
    const fileUrl = erik.url();
    await erik.evaluate(() => {
      const m = (window as unknown as { __inkassoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } }).__inkassoEditor.getModel();
      m.setValue(m.getValue().replace('Forsinkelsesrenten, fastsatt', 'Forsinkelsesrenten (endret), fastsatt'));
    });
    // The page counts the edit as unsaved (on a loaded machine this can come after setValue returns).
    await erik.waitForFunction(() => /ikke lagret/.test(document.querySelector('[data-testid=rev]')?.textContent ?? ''));
    // A link away: the browser asks; staying keeps the edit. The question is awaited as an event:
    // the click can return before the dialog reaches the test.
    const question = erik.waitForEvent('dialog');
    const clicked = erik.click('a[href="/historikk"]');
    const dialog = await question;
    const asked = dialog.message();
    await dialog.dismiss();
    await clicked;
    expect(asked).toContain('endringer som ikke er lagret');
    expect(erik.url()).toBe(fileUrl);
    // A reload (the browser's own unload prompt is accepted): the edit comes back from local storage.
    erik.once('dialog', (d) => void d.accept());
    await erik.reload();
    await erik.waitForSelector('[data-testid=restored]');
    // When the edit was made, as a Norwegian clock showed it (engine/calendar/oslo-time.ts).
    await expect(erik.textContent('[data-testid=restored]')).resolves.toMatch(/endringer du gjorde \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d som ikke ble lagret/);
    await erik.waitForSelector('[data-testid=yaml-editor][data-ready=true]');
    // Live check of an overlapping date for an editor-only user: a real problem, never "Ingen feil".
    await erik.evaluate(() => {
      const m = (window as unknown as { __inkassoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } }).__inkassoEditor.getModel();
      m.setValue(m.getValue().replace('- valid_from: 2004-07-01', '- valid_from: 2004-06-01'));
    });
    await erik.waitForFunction(() => /overlapper/.test(document.querySelector('[data-testid=editor-problems]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await expect(erik.textContent('[data-testid=editor-problems]')).resolves.toMatch(/verdien fra 01\.06\.2004 overlapper verdien på linje \d+, som gjelder fra 01\.01\.2004 til 30\.06\.2004/);
    await erik.evaluate(() => {
      const m = (window as unknown as { __inkassoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } }).__inkassoEditor.getModel();
      m.setValue(m.getValue().replace('- valid_from: 2004-06-01', '- valid_from: 2004-07-01'));
    });
    // The live check of that text is awaited before the session ends: had it been sent after, its
    // refusal would open the sign-in dialog before the save below is clicked (CI's run of 2cbb47a).
    await erik.waitForFunction(() => !/overlapper/.test(document.querySelector('[data-testid=editor-problems]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    // The session ends on the server; saving asks for the password in place and then saves.
    await new SessionStore(ed.dirs.data).destroyAllFor('erik');
    await erik.click('[data-testid=save]');
    await erik.waitForSelector('[data-testid=reauth][open]');
    await shotAt(erik, 'o-reauth', 1280);
    await erik.fill('#reauth-password', USERS.erik.password);
    await erik.click('[data-testid=reauth-submit]');
    await erik.waitForSelector('[data-testid=save-message]:text("Lagret")');
    expect(readFileSync(`${ed.dirs.data}/drafts/${draftPath.split('/').pop()}.json`, 'utf8')).toContain('Forsinkelsesrenten (endret), fastsatt');
  }, 120_000);

  it('can try a claim, and is offered no approval', async () => {
    const erik = await pageFor('erik');
    await openLive(erik, `${ed.url}/prov-krav`);
    await erik.fill('[data-testid=as-of]', '2024-07-01');
    await erik.click('[data-testid=evaluate]');
    await erik.waitForSelector('[data-testid=result]');
    await expect(erik.textContent('main')).resolves.not.toContain('krever rollen');
    // Every kind of event can be added in the form, the legal steps with what they need.
    await erik.click('text=Legg til hendelse');
    await erik.selectOption('#type-4', 'utleggsbegjaering');
    await erik.check('[data-testid=tvangsgrunnlag-4]');
    await expect(erik.locator('#type-4 option').allTextContents()).resolves.toEqual(expect.arrayContaining(['Forliksklage', 'Dom', 'Begjæring om utlegg', 'Avskrevet som tap']));
    expect(JSON.parse(await erik.inputValue('[data-testid=claim-json]')).events[4]).toEqual({ type: 'utleggsbegjaering', date: '2024-03-15', tvangsgrunnlag: true });
    // And a claim without a due date agreed in advance: påkrav, delivery, no agreed forfall.
    await erik.fill('#forfall', '');
    await erik.fill('[data-testid=demand-date]', '2024-03-10');
    await erik.fill('[data-testid=delivery-date]', '2024-02-20');
    await erik.uncheck('[data-testid=due-agreed]');
    const own = JSON.parse(await erik.inputValue('[data-testid=claim-json]'));
    expect([own.dueDate, own.demandDate, own.deliveryDate, own.dueDateAgreedInAdvance]).toEqual([undefined, '2024-03-10', '2024-02-20', false]);
    // Its timeline says from which day interest runs, as the rules give it: påkrav 10.3.2024 + 30 days
    // (frister.rente-etter-pakrav) = 9.4., from the day after (dagberegning.forste-rentedag) = 10.4.2024.
    await erik.click('[data-testid=evaluate]');
    await erik.waitForFunction(() => /Påkrav sendt/.test(document.querySelector('[data-testid=timeline]')?.textContent ?? ''));
    await expect(erik.textContent('[data-testid=timeline]')).resolves.toContain('ingen avtalt forfallsdato; renten løper fra 10.04.2024');
    // With a forliksklage pending, no foreldelse deadline runs: the timeline says the one it
    // interrupted would have run out, not that it runs out (it said "Foreldelsesfristen går ut").
    await erik.selectOption('#type-4', 'forliksklage');
    await erik.click('[data-testid=evaluate]');
    await erik.waitForFunction(() => /Foreldelsesfristen ville gått ut/.test(document.querySelector('[data-testid=timeline]')?.textContent ?? ''));
    await expect(erik.textContent('[data-testid=timeline]')).resolves.toContain('avbrutt: fristen løper ikke mens saken verserer (foreldelsesloven § 15)');
    await expect(erik.textContent('[data-testid=timeline]')).resolves.not.toContain('Foreldelsesfristen går ut');
    await erik.goto(`${ed.url}${draftPath}`);
    await expect(erik.locator('[data-testid=approve]').count()).resolves.toBe(0);
  }, 60_000);
});

describe('refused requests', () => {
  it('are 4xx, never 500', async () => {
    const erik = await pageFor('erik');
    const origin = { origin: ed.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    expect((await erik.request.get(`${ed.url}/logg-ut`)).status()).toBe(200);
    const create = await erik.request.post(`${ed.url}/brukere?/opprett`, { headers: origin, data: 'brukernavn=ny&navn=Ny&passord=passord-1234&rolle-approver=on', maxRedirects: 0 });
    expect(create.status()).toBe(403);
    expect((await erik.request.get(`${ed.url}/utkast/..%2F..%2Fusers`)).status()).toBe(404);
    expect((await erik.request.get(`${ed.url}/utkast/abcdefabcdef/fil?sti=../../x`)).status()).toBe(404);
    expect((await erik.request.get(`${ed.url}/historikk/e99999`)).status()).toBe(404);
    expect((await erik.request.get(`${ed.url}/regler/finnes/ikke`)).status()).toBe(404);
    expect((await erik.request.get(`${ed.url}/utkast/ny/finnesikke`)).status()).toBe(404);
    const approve = await erik.request.post(`${ed.url}${draftPath}?/godkjenn`, { headers: origin, data: 'kommentar=x', maxRedirects: 0 });
    expect(approve.status()).toBe(403);
  }, 30_000);
});

describe('every page, as every role', () => {
  const PAGES = (who: Who) => [
    ['oversikt', '/'],
    ['regler', '/regler/parameters/rente'],
    ['regler-gebyrer', '/regler/parameters/gebyrer'],
    ['trapp', '/trapp'],
    ['endringer', '/utkast'],
    ['utkast', draftPath],
    ['historikk', '/historikk'],
    ['prov-krav', '/prov-krav'],
    ['passord', '/passord'],
    ...(who === 'erik' ? [['skjema', '/utkast/ny/forsinkelsesrente'], ['skjema-rettsgebyr', '/utkast/ny/rettsgebyr'], ['fil', `${draftPath}/fil?sti=parameters%2Frente%2Fforsinkelsesrente.yaml`]] : []),
    ...(who === 'ada' ? [['brukere', '/brukere']] : []),
  ] as const;

  // Two roles at a time (the browser project's maxConcurrency), each in a browser of its own: one
  // role's pages took 15 s, mostly chromium's work, and two at a time kept both cores busy.
  it.concurrent.for(Object.keys(USERS) as Who[])('as %s: no serious or critical axe violation, no horizontal scrolling at 375 px, Monaco under the CSP', { timeout: 240_000 }, async (who, { expect }) => {
    const page = await pageFor(who);
    const csp: string[] = [];
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text()); });
    const problems: string[] = [];
    await page.setViewportSize({ width: 375, height: 900 });
    for (const [name, path] of PAGES(who)) {
      // Loaded once on a phone's width and checked there; the desktop screenshot is the same page
      // with the window widened (the layout answers to the width alone, as a resized window shows).
      await openLive(page, `${ed.url}${path}`);
      if (name === 'fil') await page.waitForSelector('[data-testid=yaml-editor][data-ready=true]', { timeout: 30_000 });
      if (name === 'prov-krav') {
        await page.fill('[data-testid=as-of]', '2024-07-01');
        await page.click('[data-testid=evaluate]');
        await page.waitForSelector('[data-testid=result]');
      }
      const { wider, culprits } = await overflow(page);
      if (wider > 0) problems.push(`${name} at 375 px is ${wider} px too wide: ${culprits.join(', ')}`);
      for (const v of await axe(page)) problems.push(`${name}: ${v}`);
      await shotAt(page, `${who}-${name}`, 375);
      await shotAt(page, `${who}-${name}`, 1280);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    if (who === 'lise') {
      // A reader is offered no action card and no approval.
      await page.goto(`${ed.url}/`);
      await expect(page.locator('a.task').count()).resolves.toBe(0);
      await page.goto(`${ed.url}${draftPath}`);
      await expect(page.locator('[data-testid=approve], [data-testid=submit-form]').count()).resolves.toBe(0);
    }
    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
  });
});
