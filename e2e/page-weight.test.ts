import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './e2e.test-utils.js';
import { createJourneyApp, startJourney, YEAR } from './pages.test-utils.js';
import { createTestDependencies } from '../src/dependencies.test-utils.js';
import { createApp } from '../src/app.js';
import { importFolder } from '../src/modules/imports/imports.usecases.js';

const seedDir = resolve(process.cwd(), '../shared/seed/kl');
const hasSeed = existsSync(resolve(seedDir, 'site.json'));
if (!hasSeed) process.stderr.write('Page weight of the model page skipped: ../shared/seed/kl is not here.\n');

// The page budget (DESIGN.md §6): a public page transfers under 60 KB on a first visit (HTML, CSS and
// JavaScript, compressed) and under 15 KB on a repeat visit. Measured as Chromium reports it over the
// DevTools protocol: encodedDataLength is the bytes that came over the wire, headers included.

const FIRST_VISIT_BUDGET = 60 * 1024;
const REPEAT_VISIT_BUDGET = 15 * 1024;

type Transfer = { total: number; byType: Record<string, number> };

/** Loads `url` in `page` and sums the bytes transferred for the document, stylesheets and scripts. */
async function measure(page: Page, url: string): Promise<Transfer> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map<string, string>();
  const byType: Record<string, number> = {};
  cdp.on('Network.responseReceived', (event: { requestId: string; type: string }) => types.set(event.requestId, event.type));
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    const type = types.get(event.requestId) ?? 'Other';
    byType[type] = (byType[type] ?? 0) + event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load' });
  await cdp.detach();
  const total = ['Document', 'Stylesheet', 'Script'].reduce((sum, type) => sum + (byType[type] ?? 0), 0);
  return { total, byType };
}

describe.skipIf(!hasChromium)('page weight (Chromium, DevTools protocol)', () => {
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

  it.each(['/', '/beretninger', `/beretninger/${YEAR}`, `/beretninger/${YEAR}/laes`])('%s: under 60 KB on a first visit and under 15 KB on a repeat visit', async (path) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await measure(page, `${baseUrl}${path}`);
    const repeat = await measure(page, `${baseUrl}${path}`);
    process.stdout.write(`page weight ${path}: first visit ${first.total} B ${JSON.stringify(first.byType)}, repeat visit ${repeat.total} B ${JSON.stringify(repeat.byType)}\n`);
    expect(first.total).toBeGreaterThan(0);
    expect(first.total).toBeLessThan(FIRST_VISIT_BUDGET);
    expect(repeat.total).toBeLessThan(REPEAT_VISIT_BUDGET);
    // Fingerprinted CSS and JS come from the cache on the repeat visit.
    expect((repeat.byType.Stylesheet ?? 0) + (repeat.byType.Script ?? 0)).toBe(0);
    await context.close();
  });
});

describe.skipIf(!hasChromium || !hasSeed)('page weight of the model page, KL\'s beretninger (../shared/seed/kl)', () => {
  it('/ and a report page stay under 60 KB on a first visit and 15 KB on a repeat visit', async () => {
    const deps = await createTestDependencies();
    await importFolder({ dir: seedDir }, deps);
    const app = await createApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const browser = await launchBrowser();
    try {
      const newest = await deps.db.selectFrom('reports').select('year').orderBy('year', 'desc').executeTakeFirstOrThrow();
      for (const path of ['/', `/beretninger/${newest.year}`]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const first = await measure(page, `${baseUrl}${path}`);
        const repeat = await measure(page, `${baseUrl}${path}`);
        process.stdout.write(`page weight (KL seed) ${path}: first visit ${first.total} B, repeat visit ${repeat.total} B\n`);
        expect(first.total).toBeLessThan(FIRST_VISIT_BUDGET);
        expect(repeat.total).toBeLessThan(REPEAT_VISIT_BUDGET);
        await context.close();
      }
    } finally {
      await browser.close();
      await app.close();
      await deps.close();
    }
  });
});
