import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium } from './e2e.test-utils.js';
import { createJourneyApp, pageTypes, pathOf, signIn, startJourney, YEAR } from './pages.test-utils.js';
import { navItems } from '../src/ui/admin-layout.js';

// Issue #18 in Chromium at desktop (1280 px) and phone (375 px) width: the workspace menu, the users
// page, choosing versions on the history page, the foreword toolbar, and no sideways scrolling.

const widths = [1280, 375] as const;

describe.skipIf(!hasChromium)('the workspace looks finished (Chromium, 1280 and 375 px)', () => {
  let app: Awaited<ReturnType<typeof createJourneyApp>>;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ app, baseUrl, browser } = await startJourney());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedIn(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn({ app, baseUrl, page });
    return { context, page };
  }
  const reportPath = async (suffix = '') => `${baseUrl}${await pathOf({ name: 'report', path: `/admin/beretninger/{report}${suffix}`, status: 200 }, app)}`;

  it.each(widths)('at %i px the menu is one clean line on desktop and a "Menu" button on a phone', async (width) => {
    const { context, page } = await signedIn(width);
    await page.goto(`${baseUrl}/admin/indstillinger`);
    const links = page.locator('.workspace-nav__list a');
    expect(await links.count()).toBe(navItems.length);
    // No list bullets on the dark bar.
    expect(await page.locator('.workspace-nav__list li').first().evaluate((li) => [getComputedStyle(li).listStyleType, getComputedStyle(li, '::before').content])).toEqual(['none', 'none']);
    const toggle = page.getByRole('button', { name: 'Menu' });
    if (width >= 1280) {
      expect(await toggle.isVisible()).toBe(false);
      const tops = await links.evaluateAll((all) => all.map((a) => Math.round(a.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1); // "Log" stays on the line
    } else {
      expect(await toggle.isVisible()).toBe(true);
      expect(await links.first().isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await page.getByRole('link', { name: 'Log', exact: true }).isVisible()).toBe(true);
      await page.getByRole('link', { name: 'Brugere' }).click();
      await page.waitForURL(/\/admin\/brugere$/);
    }
    await context.close();
  }, 60_000);

  it.each(widths)('at %i px the users page has design-system selects with their label above, and the only active admin is not offered "Deaktivér"', async (width) => {
    const { context, page } = await signedIn(width);
    // Every journey sign-in makes an admin; leave only the newest active, as on a fresh installation.
    const name = (await page.locator('.site-header__tools bdi').textContent()) ?? '';
    const newest = { userId: (await app.deps.db.selectFrom('users').select(['id']).where('name', '=', name).executeTakeFirstOrThrow()).id };
    await app.deps.db.updateTable('users').set({ disabledAt: new Date().toISOString() }).where('role', '=', 'admin').where('id', '!=', newest.userId).execute();
    await page.goto(`${baseUrl}/admin/brugere`);
    const select = page.locator('#ny-bruger-rolle');
    const style = await select.evaluate((el) => ({ appearance: getComputedStyle(el).appearance, image: getComputedStyle(el).backgroundImage, display: getComputedStyle(el).display }));
    expect(style).toMatchObject({ appearance: 'none', display: 'block' });
    expect(style.image).toContain('data:image/svg+xml');
    const label = await page.locator('label[for="ny-bruger-rolle"]').boundingBox();
    const box = await select.boundingBox();
    expect(label!.y + label!.height).toBeLessThanOrEqual(box!.y); // "Rolle" above "Redaktør", not run together
    const me = page.locator(`tr#bruger-${newest.userId}`);
    expect(await me.textContent()).toContain('Eneste aktive administrator');
    expect(await me.getByRole('button').count()).toBe(0);
    // One spacing rule: the button stands apart from the field above it.
    const password = await page.locator('#ny-bruger-adgangskode').boundingBox();
    const add = await page.getByRole('button', { name: 'Tilføj bruger' }).boundingBox();
    expect(add!.y - (password!.y + password!.height)).toBeGreaterThanOrEqual(16);
    await app.deps.db.updateTable('users').set({ disabledAt: null }).where('role', '=', 'admin').execute();
    await context.close();
  }, 60_000);

  it.each(widths)('at %i px the history lets you choose two versions by radio buttons and says what each changed', async (width) => {
    const { context, page } = await signedIn(width);
    await page.goto(await reportPath());
    await page.getByLabel('Titel').fill(`Testberetning ${YEAR} (${width})`);
    await Promise.all([page.waitForURL(/gemt=1/), page.getByRole('button', { name: 'Gem', exact: true }).click()]);
    await page.goto(await reportPath('/historik'));
    expect(await page.locator('input[type="number"]').count()).toBe(0);
    const rows = page.locator('tr[data-revision]');
    const newest = Number(await rows.first().getAttribute('data-revision'));
    expect(await rows.first().locator('[data-changes]').textContent()).toBe('Titel ændret');
    expect(await page.locator('#fra-' + (newest - 1)).isChecked()).toBe(true);
    // Visible controls, not just present: DKFDS resets inputs to appearance: none.
    expect(await page.locator('#fra-1').evaluate((el) => getComputedStyle(el).appearance)).toBe('auto');
    expect((await page.locator('#fra-1').boundingBox())!.width).toBeGreaterThanOrEqual(20);
    await page.locator('#fra-1').check();
    await page.locator(`#til-${newest}`).check();
    await Promise.all([page.waitForURL(/historik\/forskel\?/), page.getByRole('button', { name: 'Sammenlign' }).click()]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ fra: '1', til: String(newest) });
    expect(await page.locator('h1').textContent()).toBe(`Forskelle mellem version 1 og ${newest}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await context.close();
  }, 60_000);

  it.each(widths)('at %i px the foreword toolbar writes Markdown into the box, and a paste from Word keeps paragraphs and lists but no HTML', async (width) => {
    const { context, page } = await signedIn(width);
    await page.goto(`${baseUrl}${await pathOf({ name: 'draft', path: '/admin/beretninger/{draft}', status: 200 }, app)}`);
    const field = page.getByLabel('Forord (Markdown)');
    await field.fill('Et godt år');
    await field.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 7));
    await page.getByRole('button', { name: 'Fed' }).click();
    expect(await field.inputValue()).toBe('Et **godt** år');
    await field.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
    await page.getByRole('button', { name: 'Link' }).click();
    expect(await field.inputValue()).toBe('Et **godt** år[linktekst](https://)');
    await field.fill('');
    await field.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'ignored');
      data.setData('text/html', '<html><body><!--StartFragment--><p class=MsoNormal>Første <b>afsnit</b>.</p><p class=MsoListParagraphCxSpFirst><span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>Punkt et</p><p class=MsoListParagraphCxSpLast><span style="mso-list:Ignore">·<span>&nbsp;</span></span>Punkt to</p><p class=MsoNormal>Sidste afsnit<script>alert(1)</script><img src=x onerror="alert(2)"></p><!--EndFragment--></body></html>');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    expect(await field.inputValue()).toBe('Første **afsnit**.\n\n- Punkt et\n- Punkt to\n\nSidste afsnit');
    await page.getByRole('button', { name: 'Vis forhåndsvisning' }).click();
    await expect.poll(() => page.locator('.workspace-preview li').count()).toBe(2);
    expect(await page.locator('.workspace-preview strong').textContent()).toBe('afsnit');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await context.close();
  }, 60_000);

  it('without JavaScript the foreword box stays a plain box and the toolbar is not shown', async () => {
    const context = await browser.newContext({ locale: 'da-DK', javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn({ app, baseUrl, page });
    await page.goto(`${baseUrl}${await pathOf({ name: 'draft', path: '/admin/beretninger/{draft}', status: 200 }, app)}`);
    expect(await page.getByLabel('Forord (Markdown)').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Fed' }).count()).toBe(0);
    expect(await page.locator('.workspace-nav__list a').first().isVisible()).toBe(true);
    await context.close();
  }, 60_000);

  const workspacePages = pageTypes.filter((type) => type.login);
  it('no workspace page has a horizontal scrollbar at 375 px', async () => {
    const { context, page } = await signedIn(375);
    const overflowing: string[] = [];
    for (const type of workspacePages) {
      await page.goto(`${baseUrl}${await pathOf(type, app)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) overflowing.push(`${type.name}: ${overflow}px`);
    }
    expect(overflowing).toEqual([]);
    await context.close();
  }, 180_000);
});
