import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { chooseLocale, safeReturnPath } from './locale.js';

describe('choosing the interface language', () => {
  it('uses the cookie first, then the best of da/en in Accept-Language, then Danish', () => {
    expect(chooseLocale({ cookie: 'en', acceptLanguage: 'da' })).toBe('en');
    expect(chooseLocale({ cookie: 'xx', acceptLanguage: 'en-GB,en;q=0.9' })).toBe('en');
    expect(chooseLocale({ cookie: undefined, acceptLanguage: 'de-DE,de;q=0.9,en;q=0.8,da;q=0.7' })).toBe('en');
    expect(chooseLocale({ cookie: undefined, acceptLanguage: 'en;q=0.5,da-DK' })).toBe('da');
    expect(chooseLocale({ cookie: undefined, acceptLanguage: 'fr, de' })).toBe('da');
    expect(chooseLocale({ cookie: undefined, acceptLanguage: 'en;q=0' })).toBe('da');
    expect(chooseLocale({ cookie: undefined, acceptLanguage: undefined })).toBe('da');
  });

  it('gives the same answer when an Accept-Language is asked again, also after many different ones', () => {
    const cases: [string, string][] = [
      ['en-GB,en;q=0.9', 'en'],
      ['da-DK,da;q=0.9,en;q=0.8', 'da'],
      ['de-DE,de;q=0.9,en;q=0.8,da;q=0.7', 'en'],
      ['en;q=0', 'da'],
      ['', 'da'],
    ];
    for (let round = 0; round < 2; round++) for (const [acceptLanguage, expected] of cases) expect(chooseLocale({ cookie: undefined, acceptLanguage }), acceptLanguage).toBe(expected);
    for (let i = 0; i < 1000; i++) expect(chooseLocale({ cookie: undefined, acceptLanguage: `x-${i}, en;q=0.${(i % 9) + 1}` })).toBe('en');
    for (const [acceptLanguage] of cases) expect(chooseLocale({ cookie: 'da', acceptLanguage })).toBe('da');
    for (const [acceptLanguage, expected] of cases) expect(chooseLocale({ cookie: undefined, acceptLanguage })).toBe(expected);
  });

  it('only returns to paths on this site', () => {
    expect(safeReturnPath('/beretninger/2024')).toBe('/beretninger/2024');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'beretninger', undefined, ['/'], '/a\nb']) expect(safeReturnPath(bad)).toBe('/');
  });
});

describe('the language switch', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp({ reports: [{ year: 2024 }] });
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows Danish with lang="da" by default and a visible link to English', async () => {
    const res = await app.app.inject({ url: '/beretninger/2024' });
    expect(res.body).toContain('<html lang="da"');
    expect(res.body).toMatch(/<a class="language-switch" href="\/sprog\/en\?tilbage=%2Fberetninger%2F2024" lang="en" hreflang="en">English<\/a>/);
    expect(res.headers['content-language']).toBe('da');
    expect(String(res.headers.vary)).toMatch(/Accept-Language/);
  });

  it('follows Accept-Language when there is no cookie', async () => {
    const res = await app.app.inject({ url: '/', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Skip to content');
    expect(res.body).toContain('>Dansk</a>');
  });

  it('goes back to a page whose address has letters beyond Latin-1 (€), instead of failing with 500', async () => {
    const res = await app.app.inject({ url: `/sprog/en?tilbage=${encodeURIComponent('/soeg?q=€ øre')}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/soeg?q=%E2%82%AC%20%C3%B8re');
  });

  it('remembers the choice in a cookie and goes back to the page', async () => {
    const res = await app.app.inject({ url: '/sprog/en?tilbage=%2Fberetninger%2F2024' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/beretninger/2024');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^sprog=en;/);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await app.app.inject({ url: '/beretninger/2024', headers: { cookie: 'sprog=en', 'accept-language': 'da' } });
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('Published');
  });

  it('switching language on a search keeps the search: the link and the way back carry the query', async () => {
    const res = await app.app.inject({ url: '/soeg?q=b%C3%B8rn&fra=2020' });
    const href = /<a class="language-switch" href="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBe(`/sprog/en?tilbage=${encodeURIComponent('/soeg?q=b%C3%B8rn&fra=2020')}`);
    const back = await app.app.inject({ url: href! });
    expect(back.headers.location).toBe('/soeg?q=b%C3%B8rn&fra=2020');
  });

  it('ignores unknown languages and foreign return addresses', async () => {
    const res = await app.app.inject({ url: '/sprog/de?tilbage=https://evil.example' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
