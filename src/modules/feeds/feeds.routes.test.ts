import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp } from '../../app.test-utils.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

beforeAll(async () => {
  t = await createTestApp({
    site: { title: 'Beretninger & <rapporter>' },
    reports: [
      { year: 2019, foreword: 'Forord 2019 med </script> & "citat"' },
      { year: 2020, foreword: 'Forord 2020' },
      { year: 2021, published: null },
    ],
  });
});
afterAll(async () => t.close());

describe('the Atom feed', () => {
  it('parses as XML with one entry per published report, newest first', async () => {
    const res = await t.app.inject({ url: '/feed.xml', headers: { host: 'beretning.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = parser.parse(res.body).feed;
    expect(feed.title).toContain('Beretninger & <rapporter>');
    const entries = [feed.entry].flat();
    expect(entries.map((e: { id: string }) => e.id)).toEqual(['http://beretning.example/beretninger/2020', 'http://beretning.example/beretninger/2019']);
    expect(entries[1].summary).toContain('</script');
    expect(entries[1].summary).toContain('& "citat"');
    expect(entries[0].updated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('uses PUBLIC_URL for its links when set', async () => {
    const app = await createTestApp({ reports: [{ year: 2020 }], config: { publicUrl: 'https://beretning.kl.dk' } });
    try {
      const res = await app.app.inject({ url: '/feed.xml' });
      expect(res.body).toContain('<id>https://beretning.kl.dk/beretninger/2020</id>');
    } finally {
      await app.close();
    }
  });

  it('is linked from the head of every page', async () => {
    for (const url of ['/', '/beretninger', '/beretninger/2020', '/api/docs']) {
      const res = await t.app.inject({ url });
      expect(res.body, url).toMatch(/<link rel="alternate" type="application\/atom\+xml" href="\/feed\.xml"/);
    }
  });
});

describe('the sitemap and robots.txt', () => {
  it('sitemap.xml parses as XML and lists every public URL with lastmod, never a draft', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml', headers: { host: 'beretning.example' } });
    expect(res.statusCode).toBe(200);
    expect(XMLValidator.validate(res.body)).toBe(true);
    const urls = [parser.parse(res.body).urlset.url].flat() as { loc: string; lastmod: string }[];
    const locs = urls.map((u) => u.loc);
    expect(locs).toEqual(expect.arrayContaining(['http://beretning.example/', 'http://beretning.example/beretninger', 'http://beretning.example/beretninger/2020', 'http://beretning.example/beretninger/2020/laes', 'http://beretning.example/beretninger/2019']));
    expect(locs.some((l) => /\/filer\/[0-9a-f]{64}\//.test(l))).toBe(true);
    expect(locs.some((l) => l.includes('2021'))).toBe(false);
    for (const u of urls) expect(u.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    for (const loc of locs) {
      const path = new URL(loc).pathname;
      if (path.startsWith('/filer/')) continue;
      expect((await t.app.inject({ url: path })).statusCode, path).toBe(200);
    }
  });

  it('robots.txt keeps crawlers out of the workspace and points to the sitemap', async () => {
    const res = await t.app.inject({ url: '/robots.txt', headers: { host: 'beretning.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Disallow: /admin');
    expect(res.body).toContain('Sitemap: http://beretning.example/sitemap.xml');
  });
});
