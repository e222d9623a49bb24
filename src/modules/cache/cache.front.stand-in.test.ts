import { describe, expect, it } from 'vitest';
import { createFrontPageCache, SENT_PAGE_MS, SENT_PAGES_MAX_BYTES } from './cache.front.js';
import type { ToFront } from './cache.front.protocol.js';

describe('the app\'s stand-in for the front\'s page cache', () => {
  const key = (url: string) => ({ url, scope: 'da' });
  const stand = () => {
    const posted: ToFront[] = [];
    let time = 1_000_000;
    const cache = createFrontPageCache({ name: 'pages', post: (message) => posted.push(message), vary: 'Accept-Encoding', now: () => time });
    return { cache, posted, later: (ms: number) => (time += ms) };
  };

  it('sends a page to the front and finds it for SENT_PAGE_MS, until the next invalidation', async () => {
    const { cache, posted, later } = stand();
    expect(cache.get(key('/'))).toBeUndefined();
    const page = await cache.put({ key: key('/'), body: '<p>forside</p>', contentType: 'text/html; charset=utf-8' });
    expect(posted.map((m) => m.type)).toEqual(['keep']);
    expect(cache.get(key('/'))).toBe(page);
    expect(cache.get({ url: '/', scope: 'en' })).toBeUndefined();
    later(SENT_PAGE_MS - 1);
    expect(cache.get(key('/'))).toBe(page);
    later(1);
    expect(cache.get(key('/'))).toBeUndefined(); // the front has it by now

    await cache.put({ key: key('/'), body: '<p>forside</p>', contentType: 'text/html; charset=utf-8' });
    cache.invalidate();
    expect(cache.get(key('/'))).toBeUndefined();
    expect(posted.map((m) => m.type)).toEqual(['keep', 'keep', 'invalidate']);
  });

  it('keeps at most SENT_PAGES_MAX_BYTES of them, the newest', async () => {
    const { cache } = stand();
    // Pages of random text, so their compressed bodies are as large as the page: three over the bound.
    const body = () => `<p>${Array.from({ length: 1_000_000 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join('')}</p>`;
    const count = Math.ceil(SENT_PAGES_MAX_BYTES / 3_000_000) + 3;
    for (let i = 0; i < count; i++) await cache.put({ key: key(`/beretninger/${2000 + i}`), body: body(), contentType: 'text/html; charset=utf-8' });
    const kept = Array.from({ length: count }, (_, i) => cache.get(key(`/beretninger/${2000 + i}`)) !== undefined);
    expect(kept.at(-1)).toBe(true);
    expect(kept[0]).toBe(false);
    expect(kept.indexOf(true)).toBeGreaterThan(0);
    expect(kept.slice(kept.indexOf(true)).every(Boolean)).toBe(true);
  });
});
