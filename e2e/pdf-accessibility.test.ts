import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, runAxe } from './e2e.test-utils.js';
import { createJourneyApp, signIn, startJourney } from './pages.test-utils.js';
import { createTaggedPdf } from '../src/modules/documents/documents.test-utils.js';
import { ingestDocument } from '../src/modules/documents/documents.usecases.js';

// Issue #16 end to end: an editor uploads a PDF with accessibility problems, sees the summary,
// opens the details, confirms publishing, and a reader sees the notice; axe-core on every page.

const NEW_YEAR = '2030';

describe.skipIf(!hasChromium)('a PDF with accessibility problems, from upload to the reader (Chromium)', () => {
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

  it('upload, summary, details, confirm publishing, reader\'s notice; axe finds nothing on the way', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK' }); // bypassCSP only to inject axe-core
    const page = await context.newPage();
    await signIn({ app, baseUrl, page });
    await page.goto(`${baseUrl}/admin/beretninger/ny`);
    await page.getByLabel('År').fill(NEW_YEAR);
    await page.getByLabel('Titel').fill(`Beretning ${NEW_YEAR}`);
    await Promise.all([page.waitForURL(/gemt=1/), page.getByRole('button', { name: 'Gem' }).click()]);
    await page.setInputFiles('#beretning-pdf', { name: 'beretning-2030.pdf', mimeType: 'application/pdf', buffer: createTaggedPdf({ skipHeadingLevel: true, embedFonts: true }) });
    await Promise.all([page.waitForURL(/uploadet=1/), page.getByRole('button', { name: 'Upload' }).click()]);
    const editUrl = page.url().replace(/\?.*$/, '');

    // The test plays the worker: the uploaded PDF is read (and checked) now.
    const report = await app.deps.db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', Number(NEW_YEAR)).executeTakeFirstOrThrow();
    await ingestDocument({ documentId: report.currentDocumentId ?? '' }, app.deps);

    await page.goto(editUrl);
    const summary = page.getByRole('link', { name: /Tilgængelighed: 4 problemer/ });
    await expect.poll(() => summary.count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);

    await Promise.all([page.waitForURL(/tilgaengelighed$/), summary.click()]);
    expect(await page.locator('h1').textContent()).toBe('Tilgængelighed: beretning-2030.pdf');
    expect(await page.getByRole('heading', { name: 'Overskrifternes niveauer' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Første spring: H1 til H3');
    expect(await runAxe(page)).toEqual([]);

    await page.goto(editUrl);
    await Promise.all([page.waitForURL(/\/udgiv$/), page.getByRole('button', { name: 'Udgiv nu' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Udgiv med tilgængelighedsproblemer?');
    expect(await runAxe(page)).toEqual([]);
    await Promise.all([page.waitForURL(/besked=udgivet/), page.getByRole('button', { name: 'Udgiv alligevel' }).click()]);
    expect(await page.locator('[data-status]').textContent()).toBe('Udgivet');

    const reader = await browser.newContext({ bypassCSP: true, locale: 'da-DK' });
    const readerPage = await reader.newPage();
    await readerPage.goto(`${baseUrl}/beretninger/${NEW_YEAR}`);
    expect(await readerPage.locator('[data-accessibility-notice]').textContent()).toBe('PDF’en er ikke fuldt tilgængelig. Læs den tilgængelige webudgave');
    await Promise.all([readerPage.waitForURL(/\/laes$/), readerPage.locator('[data-accessibility-notice] a').click()]);
    expect(await readerPage.locator('main').textContent()).toContain('Figur uden beskrivelse i PDF’en');
    expect(await runAxe(readerPage)).toEqual([]);
    await reader.close();
    await context.close();
  }, 300_000);
});
