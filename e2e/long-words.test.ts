import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestApp } from '../src/app.test-utils.js';
import { hasChromium, launchBrowser } from './e2e.test-utils.js';

// Danish makes long compound words, and an organisation's titles are full of them: at 320 px they
// must wrap, not push the page sideways (WCAG 1.4.10 Reflow).
const LONG = 'Kommunalbestyrelsesmedlemmernes';

describe.skipIf(!hasChromium)('long Danish words on a 320 px phone (Chromium)', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await createTestApp({
      reports: [
        { year: 2024, title: `${LONG} beretning 2024`, foreword: `Året for ${LONG.toLowerCase()} samarbejde.` },
        { year: 2023, title: `${LONG} beretning 2023` },
      ],
    });
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each(['/', '/beretninger', '/beretninger/2024', `/soeg?q=${LONG}`])('%s fits 320 px without sideways scrolling', async (path) => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    expect((await page.goto(`${baseUrl}${path}`))?.status()).toBe(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });
});
