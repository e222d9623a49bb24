import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { PAGE_CACHE_CONTROL } from './cache.routes.js';

describe('cached public pages', () => {
  it('a repeat visit is served from the cache with a strong ETag and CDN Cache-Control, and If-None-Match gives 304', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    const first = await app.inject({ url: '/beretninger/2024', headers: { 'accept-encoding': 'identity' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const second = await app.inject({ url: '/beretninger/2024', headers: { 'accept-encoding': 'identity' } });
    expect(second.statusCode).toBe(200);
    expect(second.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(second.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(second.headers.vary).toContain('Accept-Encoding');
    expect(second.body).toContain('Beretning 2024');
    const notModified = await app.inject({ url: '/beretninger/2024', headers: { 'if-none-match': String(second.headers.etag) } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
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
