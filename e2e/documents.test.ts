import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, runAxe } from './e2e.test-utils.js';
import { createJourneyApp, startJourney, signIn, YEAR } from './pages.test-utils.js';

// The editor watches PDFs being read on /admin/dokumenter: the table changes without a reload
// (assets/js/documents.js polls the JSON twin) and the live region says what changed.

describe.skipIf(!hasChromium)('the document page updates itself while PDFs are read (Chromium)', () => {
  let app: Awaited<ReturnType<typeof createJourneyApp>>;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ app, baseUrl, browser } = await startJourney());
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('readers see the cover of page 1 on the report page and in the archive, loaded, in the box reserved for it', async () => {
    const context = await browser.newContext({ locale: 'da-DK', deviceScaleFactor: 2 });
    const page = await context.newPage();
    const images: string[] = [];
    page.on('response', (response) => { if (response.url().includes('/omslag/')) images.push(`${response.status()} ${response.url().replace(/^.*\/omslag\/[0-9a-f]{64}/, '')}`); });
    await page.goto(`${baseUrl}/beretninger/${YEAR}`);
    const cover = page.getByRole('img', { name: `Forside af Testberetning ${YEAR}` });
    await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await cover.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/-640\.png$/); // a 2x screen gets the 640 px file
    const box = await cover.boundingBox();
    expect(Math.round(box!.width)).toBe(200);
    expect(Math.abs(box!.height - (200 * 453) / 320)).toBeLessThan(3); // the aspect ratio from width/height (the 1 px border aside)
    expect(images).toEqual(['200 -640.png']);
    await page.goto(`${baseUrl}/beretninger`);
    const archived = page.getByRole('img', { name: `Forside af Beretning ${YEAR - 1}` });
    await archived.scrollIntoViewIfNeeded();
    await expect.poll(() => archived.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByRole('img', { name: `Forside af Beretning ${YEAR - 2}` }).count()).toBe(0); // not read yet: no image at all
    await context.close();
  });

  it('signed in, the editor sees a waiting PDF become processing, then done, without reloading; axe finds nothing', async () => {
    const { db } = app.deps;
    const report = await db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', YEAR).executeTakeFirstOrThrow();
    const documentId = report.currentDocumentId ?? '';
    // The journey app's documents are queued and nobody reads them here: the test plays the worker.
    await db.updateTable('documents').set({ ingestStatus: 'venter', ingestPagesDone: 0, ingestPagesTotal: null }).execute();

    const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK' }); // bypassCSP only to inject axe-core
    const page = await context.newPage();
    expect(await signIn({ app, baseUrl, page })).toBe(true);
    await page.getByRole('navigation', { name: /Arbejdsområde|Workspace/ }).getByRole('link', { name: 'Dokumenter' }).click();
    await page.waitForURL(`${baseUrl}/admin/dokumenter`);
    const row = page.locator(`tr[data-document="${documentId}"]`);
    expect(await row.locator('[data-field="state"]').textContent()).toBe('Venter');
    // Marks this page load: it is gone if the page reloads.
    await page.evaluate(() => { (window as unknown as { loadedOnce: boolean }).loadedOnce = true; });
    let requests = 0;
    page.on('request', (request) => { if (request.isNavigationRequest()) requests += 1; });

    await db.updateTable('documents').set({ ingestStatus: 'behandles', ingestPagesDone: 1, ingestPagesTotal: 3 }).where('id', '=', documentId).execute();
    await expect.poll(() => row.locator('[data-field="progress"]').textContent(), { timeout: 10_000 }).toBe('sider 1 af 3');
    expect(await row.locator('[data-field="state"]').textContent()).toBe('Behandles');

    await db.updateTable('documents').set({ ingestStatus: 'færdig', ingestPagesDone: 3, pagesWithoutText: 1 }).where('id', '=', documentId).execute();
    await expect.poll(() => row.locator('[data-field="state"]').textContent(), { timeout: 10_000 }).toBe('Færdig');
    expect(await row.locator('[data-field="notes"]').textContent()).toContain('1 side uden tekst');
    await expect.poll(() => page.locator('[data-live-status]').textContent()).toContain('Færdig');

    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(requests).toBe(0);
    expect(await runAxe(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('a failed PDF shows its reason and "Prøv igen" appears without a reload; pressing it queues the PDF again', async () => {
    const { db } = app.deps;
    const report = await db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', YEAR - 1).executeTakeFirstOrThrow();
    const documentId = report.currentDocumentId ?? '';
    await db.updateTable('documents').set({ ingestStatus: 'behandles', ingestPagesDone: 0, ingestPagesTotal: 2 }).where('id', '=', documentId).execute();

    const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK' });
    const page = await context.newPage();
    await signIn({ app, baseUrl, page });
    await page.goto(`${baseUrl}/admin/dokumenter`);
    const row = page.locator(`tr[data-document="${documentId}"]`);
    expect(await row.getByRole('button', { name: /Prøv igen/ }).isVisible()).toBe(false);

    await db.updateTable('documents').set({ ingestStatus: 'fejlet', ingestError: 'encrypted' }).where('id', '=', documentId).execute();
    await expect.poll(() => row.locator('[data-field="reason"]').textContent(), { timeout: 10_000 }).toBe('PDF’en er beskyttet med adgangskode');
    const retry = row.getByRole('button', { name: /Prøv igen/ });
    expect(await retry.isVisible()).toBe(true);
    expect(await runAxe(page)).toEqual([]);

    await Promise.all([page.waitForURL(/proevet=/), retry.click()]);
    expect(await page.locator('[data-notice="success"]').textContent()).toContain('er sat i kø til at blive læst igen');
    expect(await page.locator(`tr[data-document="${documentId}"] [data-field="state"]`).textContent()).toBe('Venter');
    await context.close();
  }, 60_000);
});
