import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, runAxe } from './e2e.test-utils.js';
import { LONG_PAGES, LONG_YEAR, startJourney } from './pages.test-utils.js';

describe.skipIf(!hasChromium)('a reader reads a long report chapter by chapter (Chromium)', () => {
  let journey: Awaited<ReturnType<typeof startJourney>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney();
    browser = journey.browser;
    page = await (await browser.newContext({ locale: 'da-DK' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await journey?.app.close();
  });

  it('follows "Næste" from the first chapter to the last, each page holding its own PDF pages, every page exactly once, none over 150 KB', async () => {
    const seen: number[] = [];
    let response = await page.goto(`${journey.baseUrl}/beretninger/${LONG_YEAR}/laes`);
    const titles: string[] = [];
    for (;;) {
      expect(response?.status()).toBe(200);
      expect(Buffer.byteLength(await page.content())).toBeLessThan(150_000);
      titles.push(await page.title());
      const sections = await page.locator('section.reading-page').evaluateAll((nodes) => nodes.map((node) => Number(node.id.replace('side-', ''))));
      seen.push(...sections);
      const next = page.getByRole('link', { name: /^Næste:/ }).first();
      if ((await next.count()) === 0) break;
      [response] = await Promise.all([page.waitForNavigation(), next.click()]);
    }
    expect(seen).toEqual(Array.from({ length: LONG_PAGES }, (_, i) => i + 1));
    expect(titles).toHaveLength(3);
    expect(titles[1]).toContain('Økonomi');
    // And back again.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^Forrige:/ }).first().click()]);
    expect(await page.locator('#side-15').count()).toBe(1);
  });

  it('lands on the right chapter and page from an old #side-N link (script) and from /laes/side/N (no script)', async () => {
    await page.goto(`${journey.baseUrl}/beretninger/${LONG_YEAR}/laes#side-33`);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe(`/beretninger/${LONG_YEAR}/laes/kapitel/3`);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).hash).toBe('#side-33');
    expect(await page.locator('#side-33').isVisible()).toBe(true);
    // A link within a chapter page to a page of another chapter changes only the fragment: followed too.
    await page.evaluate(() => { window.location.hash = '#side-5'; });
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe(`/beretninger/${LONG_YEAR}/laes`); // chapter 1
    await page.waitForLoadState('load');
    expect(await page.locator('#side-5').isVisible()).toBe(true);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'da-DK' });
    const noScript = await context.newPage();
    await noScript.goto(`${journey.baseUrl}/beretninger/${LONG_YEAR}/laes/side/20`);
    expect(new URL(noScript.url()).pathname).toBe(`/beretninger/${LONG_YEAR}/laes/kapitel/2`);
    expect(await noScript.locator('#side-20').count()).toBe(1);
    // Without script the chapter list says which pages each chapter holds.
    await noScript.goto(`${journey.baseUrl}/beretninger/${LONG_YEAR}/laes`);
    expect(await noScript.getByRole('navigation', { name: 'Kapitler' }).textContent()).toContain('Side 15–29');
    await context.close();
  });

  it('follows a search hit to the chapter page that holds the page (issue #15.4)', async () => {
    const report = await journey.app.deps.db.selectFrom('reports').select(['id', 'currentDocumentId']).where('year', '=', LONG_YEAR).executeTakeFirstOrThrow();
    await journey.app.deps.events.emit('document.ingested', { documentId: report.currentDocumentId!, reportId: report.id });
    await page.goto(`${journey.baseUrl}/soeg?q=${encodeURIComponent('"velfærd på side 33"')}`);
    const hit = page.getByRole('link', { name: 'Læs side 33' });
    expect(await hit.count()).toBe(1);
    await Promise.all([page.waitForNavigation(), hit.click()]);
    expect(new URL(page.url()).pathname).toBe(`/beretninger/${LONG_YEAR}/laes/kapitel/3`);
    expect(new URL(page.url()).hash).toBe('#side-33');
    expect(await page.locator('#side-33').textContent()).toContain('Kommunerne arbejdede med velfærd på side 33.');
  });

  it('shows the tagged structure: nested list, table headers, figures with and without a description, the English span', async () => {
    await page.goto(`${journey.baseUrl}/beretninger/${LONG_YEAR}/laes#side-3`);
    expect(await page.getByRole('table', { name: 'Tabel 1. Økonomi' }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Post' }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: 'Indtægter' }).count()).toBe(1);
    expect(await page.locator('li li').first().textContent()).toBe('vindmøller');
    expect(await page.getByText('Figur uden beskrivelse i PDF’en').count()).toBe(1);
    expect(await page.locator('span[lang="en"]').textContent()).toBe('annual report');
    const violations = await runAxe(page);
    expect(violations).toEqual([]);
  });
});
