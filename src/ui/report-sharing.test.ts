import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../app.test-utils.js';
import { serializeJsonLd } from './report-sharing.js';
import { renderPage } from './render.js';
import { createTranslator } from './i18n/i18n.js';
import type { ViewContext } from './view-context.js';
import { getSite } from '../modules/site/site.usecases.js';
import { MediaItemPage } from '../modules/media/media.views.js';
import type { PublicMedia } from '../modules/media/media.types.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2020, title: 'Beretning 2020', foreword: 'Året bød på </script><script>alert(1)</script> og "citater".\n\nAndet afsnit.' }] });
});
afterAll(async () => t.close());

function jsonLdOf(html: string): Record<string, unknown> {
  const match = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  if (!match?.[1]) throw new Error('no JSON-LD block');
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe('a report page shared or cited', () => {
  it('carries Open Graph and Twitter card tags with the title and a description from the foreword', async () => {
    const res = await t.app.inject({ url: '/beretninger/2020', headers: { host: 'beretning.example' } });
    expect(res.body).toContain('<meta property="og:title" content="Beretning 2020"/>');
    expect(res.body).toContain('<meta property="og:url" content="http://beretning.example/beretninger/2020"/>');
    expect(res.body).toMatch(/<meta property="og:description" content="Året bød på/);
    expect(res.body).toMatch(/<meta name="twitter:card" content="summary(_large_image)?"\/>/);
    expect(res.body).toContain('<link rel="canonical" href="http://beretning.example/beretninger/2020"/>');
  });

  it('carries schema.org Report JSON-LD with publisher, date, period and the PDF, and no way to end the block early', async () => {
    const res = await t.app.inject({ url: '/beretninger/2020', headers: { host: 'beretning.example' } });
    const inlineScripts = res.body.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
    const blocks = res.body.match(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g) ?? [];
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).not.toMatch(/<\/script>[\s\S]*<\/script>/);
    // Only the data block is inline: the foreword's script tag stays text.
    expect(inlineScripts).toEqual(['<script type="application/ld+json">']);
    const ld = jsonLdOf(res.body);
    expect(ld['@type']).toBe('Report');
    expect((ld.publisher as { name: string }).name).toBe('Testforeningen');
    expect(ld.datePublished).toBeTruthy();
    expect(ld.temporalCoverage).toBeTruthy();
    expect((ld.encoding as { encodingFormat: string; contentUrl: string }).encodingFormat).toBe('application/pdf');
    expect((ld.encoding as { contentUrl: string }).contentUrl).toMatch(/^http:\/\/beretning\.example\/filer\/[0-9a-f]{64}\//);
    expect(ld.description).toContain('</script');
  });

  it('escapes </script>, <!-- and line separators in JSON-LD', () => {
    const out = serializeJsonLd({ a: '</script><!-- \u2028 & >' });
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual({ a: '</script><!-- \u2028 & >' });
  });

  it('offers a Citér block with a ready citation, a permanent link and, in a reader’s words, the way to a page’s own link in the reading version', async () => {
    const res = await t.app.inject({ url: '/beretninger/2020', headers: { host: 'beretning.example' } });
    expect(res.body).toContain('<h2 id="citer">Citér</h2>');
    expect(res.body).toContain('Testforeningen (2021). <cite><bdi>Beretning 2020</bdi></cite>.');
    expect(res.body).toContain('<a href="http://beretning.example/beretninger/2020">http://beretning.example/beretninger/2020</a>');
    expect(res.body).toContain('Vil du henvise til en bestemt side? Hver side i læseversionen har sit eget link, »Link til siden«. <a href="/beretninger/2020/laes">Åbn læseversionen</a>');
    expect(res.body).not.toContain('#side-N');
  });

  it('the report page’s breadcrumb is short and repeats no level: the site’s own trail, the report page, the year', async () => {
    const res = await t.app.inject({ url: '/beretninger/2020' });
    const nav = res.body.split('<nav class="breadcrumb')[1]?.split('</nav>')[0] ?? '';
    const trail = [...nav.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]);
    expect(trail.at(-1)).toBe('2020');
    expect(nav).toMatch(/<a href="\/"[^>]*><bdi>[^<]+<\/bdi><\/a><\/li><li><span aria-hidden="true" class="breadcrumb__sep"> › <\/span><span aria-current="page"[^>]*><bdi>2020<\/bdi>|<a href="\/"[^>]*><bdi>[^<]+<\/bdi><\/a><\/li><li><span class="breadcrumb__sep" aria-hidden="true"> › <\/span><span aria-current="page"[^>]*><bdi>2020<\/bdi>/);
    expect(trail).not.toContain('Beretninger');
    expect(new Set(trail).size).toBe(trail.length);
    const reading = await t.app.inject({ url: '/beretninger/2020/laes' });
    const readingTrail = [...(reading.body.split('<nav class="breadcrumb')[1]?.split('</nav>')[0] ?? '').matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]);
    expect(readingTrail.slice(-2)).toEqual(['2020', 'Læseversion']);
  });
});

const breadcrumbOf = (html: string) => html.split('<nav class="breadcrumb')[1]?.split('</nav>')[0] ?? '';

describe('the breadcrumb', () => {
  it('marks the site’s Danish title as Danish in the English interface, on every page that links to it (WCAG 3.1.2)', async () => {
    for (const url of ['/soeg', '/soeg?q=forord', '/beretninger', '/beretninger/2020', '/beretninger/2020/laes', '/api/docs']) {
      const english = await t.app.inject({ url, headers: { cookie: 'sprog=en' } });
      expect(english.body, url).toMatch(/^<!DOCTYPE html><html lang="en">/);
      expect(breadcrumbOf(english.body), url).toContain('<a href="/" lang="da"><bdi>Testforeningens beretninger</bdi></a>');
      // In Danish the page's own lang applies.
      const danish = await t.app.inject({ url });
      expect(breadcrumbOf(danish.body), url).toContain('<a href="/"><bdi>Testforeningens beretninger</bdi></a>');
    }
  });

  it('marks the site’s title, the report’s and the film’s as Danish on a film’s page in the English interface', async () => {
    const site = await getSite({ db: t.deps.db });
    const ctx: ViewContext = { t: createTranslator({ locale: 'en' }), locale: 'en', site, assetUrl: (name) => `/assets/${name}`, path: '/beretninger/2020/film/aaret', returnUrl: '/beretninger/2020/film/aaret', csrfToken: '', user: undefined, demo: false };
    const media: PublicMedia = { slug: 'aaret', kind: 'video', title: 'Året der gik', description: '', durationSeconds: 60, width: null, height: null, mimeType: 'video/mp4', size: 1, fileName: 'aaret.mp4', transcriptMd: null, pageUrl: '/beretninger/2020/film/aaret', urls: { file: '/f', download: '/d', captions: null, poster: null }, posterType: null, updatedAt: '2026-01-01T00:00:00.000Z' };
    const nav = breadcrumbOf(renderPage(MediaItemPage({ ctx, report: { year: 2020, title: 'Beretning 2020' }, media })));
    expect(nav).toContain('<a href="/" lang="da"><bdi>Testforeningens beretninger</bdi></a>');
    expect(nav).toContain('<a href="/beretninger/2020" lang="da"><bdi>Beretning 2020</bdi></a>');
    expect(nav).toContain('<span aria-current="page" lang="da"><bdi>Året der gik</bdi></span>');
  });

  it('on the front page ends with the site’s own page as the current page, not with the organisation’s last level', async () => {
    const nav = breadcrumbOf((await t.app.inject({ url: '/' })).body);
    expect([...nav.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1])).toEqual(['Politik', 'Organisation', 'Testforeningens beretninger']);
    expect(nav).toContain('<span aria-current="page"><bdi>Testforeningens beretninger</bdi></span>');
    expect(nav.match(/aria-current/g)).toHaveLength(1);
    expect(nav).not.toContain('<a ');
    const english = breadcrumbOf((await t.app.inject({ url: '/', headers: { cookie: 'sprog=en' } })).body);
    expect(english).toContain('<span aria-current="page" lang="da"><bdi>Testforeningens beretninger</bdi></span>');
  });

  it('shows a level once when the organisation’s own trail already ends with the site’s title', async () => {
    const app = await createTestApp({ site: { title: 'Vores beretninger', breadcrumb: ['Politik', 'Vores beretninger'] }, reports: [{ year: 2020 }] });
    try {
      const res = await app.app.inject({ url: '/beretninger/2020' });
      const nav = res.body.split('<nav class="breadcrumb')[1]?.split('</nav>')[0] ?? '';
      expect([...nav.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1])).toEqual(['Politik', 'Vores beretninger', '2020']);
      expect(nav).toContain('<a href="/"><bdi>Vores beretninger</bdi></a>');
      // On the front page that level is the current page, once.
      const front = breadcrumbOf((await app.app.inject({ url: '/' })).body);
      expect([...front.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1])).toEqual(['Politik', 'Vores beretninger']);
      expect(front).toContain('<span aria-current="page"><bdi>Vores beretninger</bdi></span>');
    } finally {
      await app.close();
    }
  });
});
