import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, runAxe, startServer, type RunningServer } from './e2e.test-utils.js';

const seedDir = resolve(process.cwd(), '../shared/seed/kl');
const hasSeed = existsSync(resolve(seedDir, 'site.json'));

describe.skipIf(!hasChromium)('a reader on the report page (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The model page when ../shared is here; otherwise the demo content that npm start loads.
    server = await startServer({ before: hasSeed ? [['import', seedDir]] : [] });
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'da-DK', bypassCSP: false });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens / and sees the headings', async () => {
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    const h1 = await page.locator('h1').textContent();
    expect(h1).toBe(hasSeed ? "KL's beretninger" : 'Eksempelforeningens beretninger');
    expect(await page.getByRole('heading', { level: 2, name: 'Forord fra seneste beretning' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 2, name: 'Tidligere beretninger' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
  });

  it('opens the login dialog from "Log ind", moves focus into it, and closes it with ×, focus back on "Log ind"', async () => {
    const dialog = page.locator('#log-ind-dialog');
    await page.getByRole('link', { name: 'Log ind' }).click();
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe('log-ind-dialog');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await page.getByRole('button', { name: 'Luk' }).click();
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('log-ind-knap');
  });

  it('closes the dialog with Escape too', async () => {
    const dialog = page.locator('#log-ind-dialog');
    await page.keyboard.press('Enter'); // focus is on "Log ind"
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('log-ind-knap');
  });

  it('has no axe-core violations (WCAG 2.1 A/AA) with the dialog closed and open', async () => {
    const context = await browser.newContext({ locale: 'da-DK', bypassCSP: true });
    const axePage = await context.newPage();
    await axePage.goto(`${server.url}/`);
    expect(await runAxe(axePage)).toEqual([]);
    await axePage.getByRole('link', { name: 'Log ind' }).click();
    expect(await runAxe(axePage)).toEqual([]);
    await context.close();
  });

  it('follows the newest report’s PDF link and receives a PDF', async () => {
    const link = page.locator('.pdf-download a.pdf-link').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/filer\/[a-f0-9]{64}\//);
    const responsePromise = page.waitForResponse((r) => r.url().includes('/filer/'));
    await link.click().catch(() => undefined); // Chromium may turn the navigation into a download
    const response = await responsePromise;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const body = await page.request.get(`${server.url}${href}`);
    expect((await body.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
