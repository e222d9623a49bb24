import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, runAxe } from './e2e.test-utils.js';
import { createJourneyApp, signIn, startJourney, YEAR } from './pages.test-utils.js';
import { flushStatistics } from '../src/modules/statistics/statistics.usecases.js';

// Headless Chromium names itself "HeadlessChrome", which the bot list rightly leaves out: the reader here is a desktop Chrome.
const desktopChrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe.skipIf(!hasChromium)('a reader\'s visit shows in the workspace statistics (Chromium)', () => {
  let app: Awaited<ReturnType<typeof createJourneyApp>>;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ app, baseUrl, browser } = await startJourney());
    // Only what this journey counts.
    await app.deps.db.deleteFrom('statisticsDaily').execute();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('reads a report, downloads its PDF (as a viewer does, in Range requests), searches for something absent; the editor then sees all three', async () => {
    const context = await browser.newContext({ locale: 'da-DK', userAgent: desktopChrome, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: `Testberetning ${YEAR}` }).first().click();
    await page.waitForURL(`${baseUrl}/beretninger/${YEAR}`);
    const pdf = await page.locator('a[href^="/filer/"]').first().getAttribute('href');
    expect(pdf).toBeTruthy();
    // A PDF viewer: the first bytes, then more, then the rest.
    const statuses = await page.evaluate(async (url) => Promise.all(['bytes=0-99', 'bytes=100-199', 'bytes=200-'].map(async (range) => (await fetch(url, { headers: { Range: range } })).status)), pdf as string);
    expect(statuses).toEqual([206, 206, 206]);
    await page.goto(`${baseUrl}/soeg`);
    await page.getByRole('searchbox').first().fill('flodhestebøf');
    await Promise.all([page.waitForURL(/\/soeg\?/), page.getByRole('searchbox').first().press('Enter')]);
    // The counts are written by the flush (every STATISTICS_FLUSH_SECONDS in production).
    await flushStatistics({ counter: app.deps.statistics }, app.deps);

    await signIn({ app, baseUrl, page });
    await page.getByRole('link', { name: 'Statistik' }).click();
    await page.waitForURL(`${baseUrl}/admin/statistik`);
    const reports = page.locator('[data-stat-table="reports"]');
    await expect.poll(() => reports.locator('tbody tr').first().textContent()).toContain(`${YEAR}: Testberetning ${YEAR}`);
    const cells = await reports.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual(['1', '0', '1']);
    expect(await page.locator('[data-stat-table="zero"]').textContent()).toContain('flodhestebøf');
    expect(await page.locator('[data-stat-table="devices"]').textContent()).toContain('Computer');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
    expect(await runAxe(page)).toEqual([]);
    // Nothing the reader sent was kept as an identifier: no cookie but the CSRF one made for forms.
    const readerCookies = (await context.cookies()).map((c) => c.name).filter((name) => name !== 'beretning_session');
    expect(readerCookies.every((name) => name === 'beretning_csrf')).toBe(true);
    await context.close();
  });
});
