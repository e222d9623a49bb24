import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    site: { name: 'Testforeningen', title: 'Testforeningens beretninger', breadcrumb: ['Politik', 'Organisation'], intro: 'Her finder du vores beretninger.', yearsShown: 3 },
    reports: [
      { year: 2016 },
      { year: 2017 },
      { year: 2018, foreword: 'Forord 2018' },
      { year: 2019, foreword: 'Forord 2019' },
      { year: 2020, title: 'Beretning 2020', foreword: 'Første afsnit med **fed** tekst.\n\nAndet afsnit <script>alert(1)</script> og <b>rå html</b>.\n\n[farligt link](javascript:alert(1))', pages: 3 },
      { year: 2021, published: null, foreword: 'Kladde, ikke udgivet' },
    ],
  });
});
afterAll(async () => t.close());

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('every public page', () => {
  for (const url of ['/', '/beretninger', '/beretninger/2019', '/log-ind', '/findes-ikke']) {
    it(`${url} is Danish with a title, a skip link, the breadcrumb and the organisation's name`, async () => {
      const res = await t.app.inject({ url });
      expect(res.body).toMatch(/^<!DOCTYPE html><html lang="da">/);
      expect(res.body).toMatch(/<title>[^<]+<\/title>/);
      expect(res.body).toContain('<a class="skip-link" href="#indhold">Gå til indhold</a>');
      expect(res.body).toContain('id="indhold"');
      expect(text(res.body)).toContain('Politik › Organisation');
      expect(res.body).toContain('Testforeningen');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    });
  }
});

describe('the report page /', () => {
  it('has the site title as H1, the intro, and the newest published report’s foreword', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Testforeningens beretninger</h1>');
    expect(res.body).toContain('Her finder du vores beretninger.');
    expect(res.body).toContain('<h2 id="forord-heading">Forord fra seneste beretning</h2>');
    expect(res.body).toContain('<p>Første afsnit med <strong>fed</strong> tekst.</p>');
  });

  it('does not pass raw HTML or javascript: links from Markdown through', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toContain('<b>rå html</b>');
    expect(res.body).not.toContain('href="javascript:');
  });

  it('links the newest report’s PDF, labelled with its title, "PDF", size and page count', async () => {
    const res = await t.app.inject({ url: '/' });
    const link = res.body.match(/<p class="pdf-download"><a class="pdf-link" href="([^"]+)"[^>]*>(.*?)<\/a>/);
    expect(link).not.toBeNull();
    expect(link![1]).toMatch(/^\/filer\/[a-f0-9]{64}\/beretning-2020\.pdf$/);
    expect(text(link![2]!).trim()).toMatch(/^Beretning 2020 \(PDF, \d+ kB, 3 sider\)$/);
  });

  it('lists the other reports of the newest yearsShown years under "Tidligere beretninger", newest first, each with its page and PDF', async () => {
    const res = await t.app.inject({ url: '/' });
    const section = res.body.split('<h2 id="tidligere-heading">Tidligere beretninger</h2>')[1]?.split('</section>')[0] ?? '';
    const years = [...section.matchAll(/href="\/beretninger\/(\d{4})"/g)].map((m) => m[1]);
    expect(years).toEqual(['2019', '2018']);
    expect(section.match(/href="\/filer\/[a-f0-9]{64}\/beretning-\d{4}\.pdf"/g)).toHaveLength(2);
  });

  it('never shows a draft, and links the archive', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.body).not.toContain('/beretninger/2021');
    expect(res.body).not.toContain('Kladde, ikke udgivet');
    expect(res.body).toContain('<a href="/beretninger">Se alle beretninger</a>');
  });

  it('has the "Log ind" link to /log-ind and a closed login dialog with a × button', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.body).toMatch(/<a id="log-ind-knap"[^>]*href="\/log-ind"[^>]*>Log ind<\/a>/);
    expect(res.body).toMatch(/<dialog id="log-ind-dialog"[^>]*>/);
    expect(res.body).not.toMatch(/<dialog[^>]* open/);
    expect(res.body).toMatch(/<button type="button" class="dialog__close" data-closes-dialog="true" aria-label="Luk"><span aria-hidden="true">×<\/span><\/button>/);
    expect(res.body).toMatch(/<form method="post" action="\/log-ind"/);
  });
});

describe('the archive and one report', () => {
  it('/beretninger lists every published year, newest first', async () => {
    const res = await t.app.inject({ url: '/beretninger' });
    expect(res.statusCode).toBe(200);
    const years = [...res.body.matchAll(/<h2 class="report-list__heading"><a href="\/beretninger\/(\d{4})">/g)].map((m) => m[1]);
    expect(years).toEqual(['2020', '2019', '2018', '2017', '2016']);
  });

  it('/beretninger/<year> shows the report with its foreword and PDF', async () => {
    const res = await t.app.inject({ url: '/beretninger/2019' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Beretning 2019</h1>');
    expect(res.body).toContain('<p>Forord 2019</p>');
    expect(res.body).toMatch(/href="\/filer\/[a-f0-9]{64}\/beretning-2019\.pdf"/);
  });
});

describe('not found', () => {
  for (const url of ['/findes-ikke', '/beretninger/1999', '/beretninger/2021', '/beretninger/abcd', '/beretninger/20200']) {
    it(`${url} answers 404 with a Danish page and a link home`, async () => {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Siden findes ikke');
      expect(res.body).toContain('<a href="/">Gå til forsiden</a>');
    });
  }
});

describe('the login page without JavaScript', () => {
  it('/log-ind shows the login form', async () => {
    const res = await t.app.inject({ url: '/log-ind' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Log ind</h1>');
    expect(res.body).toMatch(/<label class="form-label" for="login-email">E-mail<\/label>/);
  });
});
