import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { PAGE_CACHE_CONTROL } from './cache.routes.js';
import { startListeningApp } from './cache.test-utils.js';

describe('cached public pages', () => {
  it('a repeat visit is served from the cache with a strong ETag and CDN Cache-Control, and If-None-Match gives 304', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const first = await app.inject({ url: '/beretninger/2024', headers: { 'accept-encoding': 'identity' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const second = await app.inject({ url: '/beretninger/2024', headers: { 'accept-encoding': 'identity' } });
    expect(second.statusCode).toBe(200);
    expect(second.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(second.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(second.headers.vary).toContain('Accept-Encoding');
    expect(second.body).toContain('Beretning 2024');
    const notModified = await app.inject({ url: '/beretninger/2024', headers: { 'if-none-match': String(second.headers.etag) } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    await close();
  });

  it('readers who ask for a page while it is being rendered get that render, one render for all of them', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.inject({ url: '/beretninger/2024', headers: { 'accept-encoding': 'identity' } })));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(answers.filter((answer) => answer.headers['cache-control'] === 'private, no-cache')).toHaveLength(1);
    const kept = answers.filter((answer) => answer.headers['cache-control'] === PAGE_CACHE_CONTROL);
    expect(kept).toHaveLength(11);
    for (const answer of kept) expect(answer.body).toBe(kept[0]!.body);
    expect(kept[0]!.body).toContain('Beretning 2024');
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/beretning_page_cache_misses_total 1\n/);
    expect(metrics).toMatch(/beretning_page_cache_hits_total 11\n/);
    await close();
  });

  it('the cached page is precompressed with brotli and gzip, each decoding to the same HTML', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    await app.inject('/');
    const plain = await app.inject({ url: '/', headers: { 'accept-encoding': 'identity' } });
    const br = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gzip = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    await close();
  });

  it('a cached page never carries another reader\'s CSRF token', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const first = await app.inject('/');
    const token = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1];
    expect(token).toBeTruthy();
    const second = await app.inject({ url: '/', headers: { 'accept-encoding': 'identity' } });
    expect(second.body).not.toContain(String(token));
    expect(second.body).toContain('name="_csrf" value=""');
    const fetched = await app.inject({ url: '/csrf-token', headers: { cookie: second.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(fetched.headers['cache-control']).toBe('no-store');
    expect(fetched.json().token).toEqual(expect.any(String));
    await close();
  });

  it('a request with a forged Host or X-Forwarded-Host does not put its address into the page other readers get', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const forged = await app.inject({ url: '/beretninger/2024', headers: { 'x-forwarded-host': 'evil.example' } });
    expect(forged.body).toContain('http://evil.example/beretninger/2024'); // its own answer, made from what it sent
    await app.inject({ url: '/beretninger/2024', headers: { host: 'evil.example' } });
    const reader = await app.inject({ url: '/beretninger/2024', headers: { host: 'beretning.example' } });
    expect(reader.body).not.toContain('evil.example');
    expect(reader.body).toContain('http://beretning.example/beretninger/2024');
    const again = await app.inject({ url: '/beretninger/2024', headers: { host: 'beretning.example' } });
    expect(again.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(again.body).not.toContain('evil.example');
    await close();
  });

  it('signed-in readers are never served from or stored in the cache', async () => {
    const { app, deps, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const { cookie } = await loginAs({ app, deps });
    await app.inject({ url: '/', headers: { cookie } });
    const again = await app.inject({ url: '/', headers: { cookie } });
    expect(again.headers.etag).toBeUndefined();
    expect(again.headers['cache-control']).not.toBe(PAGE_CACHE_CONTROL);
    expect(app.pageCache.size()).toBe(0);
    await close();
  });

  it('a publish or a settings change empties the cache at once', async () => {
    const { app, deps, close } = await createTestApp({ reports: [{ year: 2024 }] });
    await app.inject('/');
    expect(app.pageCache.size()).toBe(1);
    await deps.events.emit('report.changed', { reportId: 'x' });
    expect(app.pageCache.size()).toBe(0);
    await app.inject('/');
    await deps.events.emit('site.changed', {});
    expect(app.pageCache.size()).toBe(0);
    const fresh = await app.inject('/');
    expect(fresh.headers['cache-control']).toBe('private, no-cache');
    await close();
  });

  it('a URL with a query string or outside the public pages is not cached', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    await app.inject('/?x=1');
    await app.inject('/log-ind');
    expect(app.pageCache.size()).toBe(0);
    await close();
  });
});

describe('cached search pages', () => {
  it('a repeated search is served from its own small cache, per query and language, and a publish empties it', async () => {
    const { app, deps, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const first = await app.inject({ url: '/soeg?q=beretning', headers: { 'accept-encoding': 'identity' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await app.inject({ url: '/soeg?q=beretning', headers: { 'accept-encoding': 'identity' } });
    expect(again.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(again.body).toBe(first.body.split(/name="_csrf" value="[^"]+"/).join('name="_csrf" value=""'));
    const other = await app.inject({ url: '/soeg?q=klima', headers: { 'accept-encoding': 'identity' } });
    expect(other.headers['cache-control']).toBe('private, no-cache');
    const english = await app.inject({ url: '/soeg?q=beretning', headers: { 'accept-language': 'en' } });
    expect(english.headers['cache-control']).toBe('private, no-cache');
    expect(app.pageCache.size()).toBe(0); // the public pages' cache is not used for searches
    await deps.events.emit('report.changed', { reportId: 'x' });
    const afterPublish = await app.inject({ url: '/soeg?q=beretning' });
    expect(afterPublish.headers['cache-control']).toBe('private, no-cache');
    const signedIn = await loginAs({ app, deps });
    const mine = await app.inject({ url: '/soeg?q=beretning', headers: { cookie: signedIn.cookie } });
    expect(mine.headers['cache-control']).not.toBe(PAGE_CACHE_CONTROL);
    await close();
  });
});

describe('cache hits over a real connection (answered before Fastify)', () => {
  it('carry the same bytes and every header of the render (CSP and the other security headers included), 304 and HSTS behind TLS, are counted in /metrics, and write no info log line', async () => {
    const { base, lines, close } = await startListeningApp({ reports: [{ year: 2024 }] });
    try {
      const miss = await fetch(`${base}/beretninger/2024`, { headers: { 'accept-encoding': 'identity' } });
      const rendered = await miss.text();
      expect(miss.headers.get('cache-control')).toBe('private, no-cache');
      const logged = lines.length;
      expect(lines.filter((l) => l.includes('"request completed"') && l.includes('"reqId"'))).toHaveLength(1);

      const hit = await fetch(`${base}/beretninger/2024`, { headers: { 'accept-encoding': 'identity' } });
      expect(hit.status).toBe(200);
      expect(hit.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL);
      const body = await hit.text();
      expect(body).toBe(rendered.split(/name="_csrf" value="[^"]+"/).join('name="_csrf" value=""'));
      for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'content-type']) {
        expect(hit.headers.get(name), name).toBe(miss.headers.get(name));
      }
      expect(hit.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(hit.headers.get('set-cookie')).toBeNull();
      expect(hit.headers.get('strict-transport-security')).toBeNull();

      const br = await fetch(`${base}/beretninger/2024`, { headers: { 'accept-encoding': 'br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(await br.text()).toBe(body); // fetch decodes it
      // Over TLS the page's absolute links are https ones: a copy of its own, rendered once, then hit.
      await (await fetch(`${base}/beretninger/2024`, { headers: { 'x-forwarded-proto': 'https' } })).arrayBuffer();
      const tls = await fetch(`${base}/beretninger/2024`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL);
      expect(tls.headers.get('strict-transport-security')).toContain('max-age=');
      await tls.arrayBuffer();
      const notModified = await fetch(`${base}/beretninger/2024`, { headers: { 'if-none-match': String(hit.headers.get('etag')) } });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('content-security-policy')).toBe(miss.headers.get('content-security-policy'));
      // A signed-in looking reader (any other cookie) is not served from the cache.
      const withSession = await fetch(`${base}/beretninger/2024`, { headers: { cookie: 'beretning_session=x' } });
      expect(withSession.headers.get('cache-control')).not.toBe(PAGE_CACHE_CONTROL);
      await withSession.arrayBuffer();

      expect(lines.slice(logged).filter((l) => l.includes('"request completed"'))).toHaveLength(2); // the first over TLS and the session-cookie request
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/beretning_page_cache_hits_total 4/);
      expect(metrics).toMatch(/http_requests_total\{route="\/beretninger\/:year",method="GET",status="200"\} 6/);
      expect(metrics).toMatch(/http_requests_total\{route="\/beretninger\/:year",method="GET",status="304"\} 1/);
    } finally {
      await close();
    }
  });
});
