import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';

const setup = useTestApp();
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example`);

describe('the page cache and the Host header', () => {
  it('with PUBLIC_URL, keeps one copy of a page whatever Host a request names, with the links of PUBLIC_URL', async () => {
    const t = await setup({ reports: [{ year: 2024 }], config: { publicUrl: 'https://beretning.kl.dk' } });
    for (const host of hosts(20)) {
      const res = await t.app.inject({ url: '/beretninger/2024', headers: { host } });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(host);
    }
    expect(t.app.pageCache.size()).toBe(1);
    const page = await t.app.inject({ url: '/beretninger/2024' });
    expect(page.body).toContain('https://beretning.kl.dk/beretninger/2024');
    expect(page.headers.vary).toBe('Accept-Encoding, Accept-Language, Cookie');
  });

  it('without PUBLIC_URL, keeps copies for a few hosts only: a flood of made-up Host values renders pages but does not fill the cache', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    for (const host of hosts(40)) expect((await t.app.inject({ url: '/beretninger/2024', headers: { host } })).statusCode).toBe(200);
    expect(t.app.pageCache.size()).toBe(8);
    // A shared cache in front must keep a copy per forwarded host and protocol, since the links follow them.
    const page = await t.app.inject({ url: '/beretninger/2024', headers: { host: 'h1.example' } });
    expect(page.headers.vary).toBe('Accept-Encoding, Accept-Language, Cookie, X-Forwarded-Host, X-Forwarded-Proto');
  });

  it('ALLOWED_HOSTS refuses any other Host or forwarded host with 400 in the reader language, before a page is made or served from the cache', async () => {
    const t = await setup({ reports: [{ year: 2024 }], config: { allowedHosts: ['beretning.kl.dk'] } });
    expect((await t.app.inject({ url: '/', headers: { host: 'beretning.kl.dk' } })).statusCode).toBe(200);
    const other = await t.app.inject({ url: '/', headers: { host: 'evil.example' } });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('Dette websted svarer ikke på den adresse.');
    const forwarded = await t.app.inject({ url: '/', headers: { host: 'beretning.kl.dk', 'x-forwarded-host': 'evil.example' } });
    expect(forwarded.statusCode).toBe(400);
    const english = await t.app.inject({ url: '/', headers: { host: 'evil.example', 'accept-language': 'en' } });
    expect(english.body).toContain('This site does not answer at that address.');
    const api = await t.app.inject({ url: '/api/v1/organisation', headers: { host: 'evil.example' } });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(t.app.pageCache.size()).toBe(1);
  });
});

describe('cache headers of open data', () => {
  it('feed, sitemap, robots.txt and the read API say how long shared caches may keep them, and vary on the forwarded host without PUBLIC_URL', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    for (const url of ['/feed.xml', '/sitemap.xml', '/robots.txt', '/api/v1/reports', '/api/v1/reports/2024', '/api/v1/organisation', '/api/v1/openapi.json', '/api/v1/search?q=beretning']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=300');
      expect(res.headers.vary, url).toBe('X-Forwarded-Host, X-Forwarded-Proto');
    }
  });

  it('with PUBLIC_URL the same answers do not vary on the host', async () => {
    const t = await setup({ reports: [{ year: 2024 }], config: { publicUrl: 'https://beretning.kl.dk' } });
    const res = await t.app.inject({ url: '/feed.xml' });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.vary).toBeUndefined();
  });

  it('/api/v1/search sends the read API CORS header, on errors too', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    expect((await t.app.inject({ url: '/api/v1/search?q=beretning' })).headers['access-control-allow-origin']).toBe('*');
    const bad = await t.app.inject({ url: '/api/v1/search?q=x&fra=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('the workspace and caches', () => {
  it('every /admin answer is no-store: pages, JSON, redirects to the login and errors', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    const anonymous = await t.app.inject({ url: '/admin' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    const { cookie } = await loginAs({ app: t.app, deps: t.deps, role: 'admin' });
    for (const url of ['/admin', '/admin/beretninger', '/admin/brugere', '/admin/log', '/admin/indstillinger', '/admin/dokumenter.json', '/admin/findes-ikke', '/admin/beretninger/findes-ikke']) {
      const res = await t.app.inject({ url, headers: { cookie } });
      expect(res.headers['cache-control'], `${url} (${res.statusCode})`).toBe('no-store');
    }
  });
});
