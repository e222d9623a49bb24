import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../app.test-utils.js';

let current: Awaited<ReturnType<typeof createTestApp>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('the layout every page shares', () => {
  it('links "Tilgængelighedserklæring" in the footer to the address in the site settings', async () => {
    current = await createTestApp({ site: { accessibilityUrl: 'https://www.was.digst.dk/testforeningen' }, reports: [{ year: 2024 }] });
    for (const url of ['/', '/beretninger', '/beretninger/2024', '/beretninger/2024/laes', '/log-ind', '/findes-ikke']) {
      const res = await current.app.inject({ url });
      expect(res.body, url).toMatch(/<footer[\s\S]*<a href="https:\/\/www\.was\.digst\.dk\/testforeningen">Tilgængelighedserklæring<\/a>/);
    }
    const english = await current.app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('>Accessibility statement</a>');
  });

  it('has no footer link when no address is set', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    expect((await current.app.inject({ url: '/' })).body).not.toContain('Tilgængelighedserklæring');
  });

  it("shows the organisation's logo with its name as the text alternative", async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    // The logo is a site setting (set in the workspace); import folders carry none.
    await current.deps.db.updateTable('site').set({ logoUrl: '/assets/logo.svg' }).execute();
    const res = await current.app.inject({ url: '/' });
    expect(res.body).toContain('<img class="site-header__logo" src="/assets/logo.svg" alt="Testforeningen"/>');
  });

  it('loads the design system stylesheet before the site stylesheet, both fingerprinted', async () => {
    current = await createTestApp();
    const res = await current.app.inject({ url: '/' });
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/assets\/css\/beretning\.[a-f0-9]{12}\.css"\/><link rel="stylesheet" href="\/assets\/css\/site\.[a-f0-9]{12}\.css"\/>/);
  });
});
