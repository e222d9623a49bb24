import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './app.test-utils.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => { await close?.(); close = undefined; });

describe('the application', () => {
  it('serves the report page in Danish with security headers', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, foreword: 'Et forord.' }] });
    close = t.close;
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="da">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeDefined();
  });

  it('answers an address it cannot decode (a link cut off inside %C3%A8) with a page in the reader\'s language and the same CSP, not English JSON', async () => {
    const t = await createTestApp({ reports: [{ year: 2020 }] });
    close = t.close;
    const page = await t.app.inject({ url: '/beretninger/s%C3%A' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="da">');
    expect(page.body).toContain('Adressen kan ikke læses.');
    expect(page.headers['content-security-policy']).toBe((await t.app.inject({ url: '/' })).headers['content-security-policy']);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const english = await t.app.inject({ url: '/%ZZ', headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('The address cannot be read.');
    const api = await t.app.inject({ url: '/api/v1/reports/%ZZ' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'request.bad_url' });
  });
});
