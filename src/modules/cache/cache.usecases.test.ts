import { describe, expect, it } from 'vitest';
import { chooseEncoding, createPageCache, matchesEtag, pageCacheBudget, preparePage, STRICT_TRANSPORT_SECURITY } from './cache.usecases.js';

describe('the page cache', () => {
  it('does not keep a page whose render began before an invalidation (a publish during the render)', async () => {
    const cache = createPageCache();
    const renderedIn = cache.generation();
    cache.invalidate(); // the report is published while the old page is being rendered
    const page = await cache.put({ key: { url: '/', scope: 'da' }, body: '<p>før udgivelsen</p>', contentType: 'text/html', renderedIn });
    expect(page!.identity.toString()).toBe('<p>før udgivelsen</p>'); // this reader still gets it
    expect(cache.get({ url: '/', scope: 'da' })).toBeUndefined(); // the next reader gets a fresh render
    await cache.put({ key: { url: '/', scope: 'da' }, body: '<p>efter</p>', contentType: 'text/html', renderedIn: cache.generation() });
    expect(cache.get({ url: '/', scope: 'da' })?.identity.toString()).toBe('<p>efter</p>');
  });

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const cache = createPageCache({ maxEntries: 2 });
    for (const url of ['a', 'b', 'c']) await cache.put({ key: { url, scope: 'da' }, body: url, contentType: 'text/html' });
    expect([cache.get({ url: 'a', scope: 'da' }), cache.get({ url: 'b', scope: 'da' })?.identity.toString(), cache.get({ url: 'c', scope: 'da' })?.identity.toString()]).toEqual([undefined, 'b', 'c']);
  });
  it('tells pages apart by URL and by scope (locale, origin): each is its own page, and dropping one leaves the others', async () => {
    const cache = createPageCache({ maxEntries: 3 });
    const keys = [{ url: '/', scope: 'da' }, { url: '/', scope: 'en' }, { url: '/beretninger', scope: 'da' }];
    for (const key of keys) await cache.put({ key, body: `${key.scope} ${key.url}`, contentType: 'text/html' });
    expect(keys.map((key) => cache.get({ ...key })?.identity.toString())).toEqual(['da /', 'en /', 'da /beretninger']);
    expect(cache.get({ url: '/', scope: 'da|http||example.org' })).toBeUndefined();
    // A fourth page pushes out the oldest (da /); the same URL in English stays.
    await cache.put({ key: { url: '/beretninger', scope: 'en' }, body: 'en /beretninger', contentType: 'text/html' });
    expect([cache.get({ url: '/', scope: 'da' }), cache.get({ url: '/', scope: 'en' })?.identity.toString()]).toEqual([undefined, 'en /']);
    // Replacing a page keeps one entry for it.
    await cache.put({ key: { url: '/', scope: 'en' }, body: 'en / again', contentType: 'text/html' });
    expect([cache.size(), cache.get({ url: '/', scope: 'en' })?.identity.toString()]).toEqual([3, 'en / again']);
  });
});

describe('the page cache under pressure', () => {
  // Incompressible text, so each page's bodies cost about three times its size (identity, br, gzip).
  const noise = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 2654435761 + seed * 97) >>> 0).toString(36)).join(' ');

  it('is bounded in bytes, not by count: large pages push the oldest out, and the count of bytes stays within the bound', async () => {
    const cache = createPageCache({ maxEntries: 2000, maxBytes: 2 * 1024 * 1024 });
    const body = (i: number) => noise(20_000, i); // about 160 KB, about 0.33 MB kept (br and gzip barely shrink it)
    for (let i = 0; i < 10; i += 1) await cache.put({ key: { url: '/beretninger/2024/laes', scope: `da|http||host-${i}` }, body: body(i), contentType: 'text/html' });
    expect(cache.bytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(cache.size()).toBeLessThan(10);
    expect(cache.size()).toBeGreaterThan(0);
    expect(cache.get({ url: '/beretninger/2024/laes', scope: 'da|http||host-0' })).toBeUndefined();
    expect(cache.get({ url: '/beretninger/2024/laes', scope: 'da|http||host-9' })?.identity.toString()).toBe(body(9));
    cache.invalidate();
    expect(cache.bytes()).toBe(0);
  });

  it('compresses off the event loop and keeps no more than maxPendingFills compressing at once: past that a page is served but not kept', async () => {
    const cache = createPageCache({ maxPendingFills: 2 });
    const puts = [0, 1, 2, 3].map((i) => cache.put({ key: { url: `/k${i}`, scope: 'da' }, body: noise(5000, i), contentType: 'text/html' }));
    const kept = await Promise.all(puts);
    expect(kept.map((page) => page !== undefined)).toEqual([true, true, false, false]);
    expect(cache.size()).toBe(2);
  });
});

describe('headers of a cached page for the early hit path', () => {
  it('as flat arrays carry exactly the header objects, in the same order, and over TLS end with Strict-Transport-Security', async () => {
    const cache = createPageCache();
    const page = (await cache.put({ key: { url: '/', scope: 'da' }, body: '<p>forside</p>', contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "default-src 'self'", 'x-frame-options': 'SAMEORIGIN' } }))!;
    for (const variant of ['br', 'gzip', 'identity', 'notModified'] as const) {
      const entries = Object.entries(page.headers[variant]);
      expect(page.rawHeaders[variant]).toEqual(entries.flat());
      expect(page.rawHeadersOverTls[variant]).toEqual([...entries, ['strict-transport-security', STRICT_TRANSPORT_SECURITY]].flat());
    }
    expect(page.rawHeaders.identity).toEqual(expect.arrayContaining(['content-length', String(page.identity.length)]));
    expect(page.rawHeaders.notModified).not.toContain('content-length');
  });
});

describe('choosing the encoding', () => {
  it('answers every Accept-Encoding by its own content, also when one is asked again and after many different ones', () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'identity'],
      ['', 'identity'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
      ['*', 'br'],
      ['*;q=0, identity', 'identity'],
    ];
    for (let round = 0; round < 2; round++) for (const [acceptEncoding, expected] of cases) expect(chooseEncoding({ acceptEncoding }), String(acceptEncoding)).toBe(expected);
    for (let i = 0; i < 1000; i++) expect(chooseEncoding({ acceptEncoding: `x-${i}, gzip;q=0.${(i % 9) + 1}` })).toBe('gzip');
    for (const [acceptEncoding, expected] of cases) expect(chooseEncoding({ acceptEncoding })).toBe(expected);
  });
});

describe('pageCacheBudget', () => {
  it('gives search result pages an eighth of PAGE_CACHE_MB and the public pages the rest, nothing more', () => {
    const { pages, search } = pageCacheBudget({ pageCacheMb: 64 });
    expect(search).toBe(8 * 1024 * 1024);
    expect(pages + search).toBe(64 * 1024 * 1024);
  });
});

describe('If-None-Match', () => {
  it('names the page by its tag alone, in a list, weak or not (weak comparison) or as *; any other tag or none is no match', () => {
    for (const etag of ['"a1b2c3"', 'W/"a1b2c3"']) {
      for (const header of ['"a1b2c3"', '"old", "a1b2c3"', 'W/"a1b2c3"', ' W/"a1b2c3" ', '"old",W/"a1b2c3"', '*']) expect(matchesEtag({ ifNoneMatch: header, etag }), `${etag} ${header}`).toBe(true);
      for (const header of [undefined, '', '"a1b2c"', '"old"', '"a1b2c3"x', 'W/"other"', 'W/W/"a1b2c3"']) expect(matchesEtag({ ifNoneMatch: header, etag }), `${etag} ${String(header)}`).toBe(false);
    }
  });

  it('gives a page one weak ETag for its three encodings (a strong one must differ between encodings)', async () => {
    const page = await preparePage({ body: '<p>Beretning</p>'.repeat(50), contentType: 'text/html; charset=utf-8', headers: {}, renderedIn: 1 });
    expect(page.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    for (const variant of ['br', 'gzip', 'identity', 'notModified'] as const) expect(page.headers[variant].etag).toBe(page.etag);
  });
});
