import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, runAxe, startServer, type RunningServer } from './e2e.test-utils.js';

describe.skipIf(!hasChromium)('open data in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const cspMessages: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The real CSP: the JSON-LD block must not trip it.
    const context = await browser.newContext({ locale: 'da-DK', bypassCSP: false });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspMessages.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a report page with JSON-LD raises no CSP violation, and the data block parses', async () => {
    const list = (await (await fetch(`${server.url}/api/v1/reports`)).json()) as { items: { year: number }[] };
    const year = list.items[0]?.year;
    expect(year).toBeDefined();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const response = await page.goto(`${server.url}/beretninger/${year}`);
    expect(response?.status()).toBe(200);
    const ld = await page.locator('script[type="application/ld+json"]').textContent();
    expect(JSON.parse(ld ?? '')['@type']).toBe('Report');
    const violations = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
    expect(violations).toEqual([]);
    expect(cspMessages).toEqual([]);
    expect(await page.getByRole('heading', { level: 2, name: 'Citér' }).isVisible()).toBe(true);
  });

  it('the API documentation page passes axe', async () => {
    await page.goto(`${server.url}/api/docs`);
    expect(await runAxe(page)).toEqual([]);
  });
});
