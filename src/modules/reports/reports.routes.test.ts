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
    expect(res.body).toContain('<h1><bdi>Beretning 2019</bdi></h1>');
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

describe('a published report whose year is changed keeps its old address', () => {
  const form = { intent: 'save', periodStart: '', periodEnd: '', forewordMd: 'Forord' };
  async function changeYear({ app, deps, cookie, csrfToken, id, year }: { app: TestApp['app']; deps: TestApp['deps']; cookie: string; csrfToken: string; id: string; year: number }) {
    const { version, title } = await deps.db.selectFrom('reports').select(['version', 'title']).where('id', '=', id).executeTakeFirstOrThrow();
    const response = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}`, headers: { cookie }, payload: { _csrf: csrfToken, ...form, title, year: String(year), version: String(version) } });
    expect(response.statusCode).toBe(303);
  }
  const idOf = async (deps: TestApp['deps'], year: number) => (await deps.db.selectFrom('reports').select('id').where('year', '=', year).executeTakeFirstOrThrow()).id;

  it('the old report, reading and API addresses answer 301 to the new ones, also after a cached visit; the feed and sitemap name only the new year', async () => {
    const test = await createTestApp({ reports: [{ year: 2024, title: 'Beretning', foreword: 'Forord', pages: 2 }] });
    try {
      const { app, deps } = test;
      const { loginAs } = await import('../auth/auth.test-utils.js');
      const editor = await loginAs({ app, deps });
      const id = await idOf(deps, 2024);
      // A reader's visit puts the page in the cache before the change.
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(200);
      await changeYear({ app, deps, ...editor, id, year: 2023 });
      for (const [from, to] of [['/beretninger/2024', '/beretninger/2023'], ['/beretninger/2024/laes', '/beretninger/2023/laes'], ['/api/v1/reports/2024', '/api/v1/reports/2023']]) {
        const moved = await app.inject({ url: from as string });
        expect(moved.statusCode, from).toBe(301);
        expect(moved.headers.location).toBe(to);
        expect(moved.headers['cache-control']).toBe('public, max-age=3600');
        expect((await app.inject({ url: to as string })).statusCode, to).toBe(200);
      }
      const feed = (await app.inject({ url: '/feed.xml' })).body;
      expect(feed).toContain('/beretninger/2023');
      expect(feed).not.toContain('/beretninger/2024');
      expect((await app.inject({ url: '/sitemap.xml' })).body).not.toContain('/beretninger/2024');
      // Moved again: every earlier year leads straight to the current one, no chain.
      await changeYear({ app, deps, ...editor, id, year: 2022 });
      for (const year of [2024, 2023]) expect((await app.inject({ url: `/beretninger/${year}` })).headers.location).toBe('/beretninger/2022');
      // Back to a year it had: that address is the report again, the others lead to it.
      await changeYear({ app, deps, ...editor, id, year: 2024 });
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/beretninger/2022' })).headers.location).toBe('/beretninger/2024');
      expect((await app.inject({ url: '/beretninger/2023/laes' })).headers.location).toBe('/beretninger/2024/laes');
    } finally {
      await test.close();
    }
  });

  it('restoring a revision with another year moves the address too', async () => {
    const test = await createTestApp({ reports: [{ year: 2024, title: 'Beretning', foreword: 'Forord' }] });
    try {
      const { app, deps } = test;
      const { loginAs } = await import('../auth/auth.test-utils.js');
      const editor = await loginAs({ app, deps });
      const id = await idOf(deps, 2024);
      await changeYear({ app, deps, ...editor, id, year: 2023 });
      const first = (await deps.db.selectFrom('reportRevisions').select(['number', 'snapshotJson']).where('reportId', '=', id).orderBy('number').execute()).find((r) => r.snapshotJson.includes('"year":2024'));
      expect(first).toBeDefined();
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/historik/${first?.number}/gendan`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/beretninger/2023' })).headers.location).toBe('/beretninger/2024');
    } finally {
      await test.close();
    }
  });

  it('no redirect when another report takes the old year, when the report is no longer public, or when it was never public under that year', async () => {
    const test = await createTestApp({ reports: [{ year: 2024, title: 'Beretning', foreword: 'Forord' }, { year: 2020, title: 'Kladde', published: null }] });
    try {
      const { app, deps } = test;
      const { loginAs } = await import('../auth/auth.test-utils.js');
      const editor = await loginAs({ app, deps });
      const id = await idOf(deps, 2024);
      const draftId = await idOf(deps, 2020);
      // A draft's year was never a public address.
      await changeYear({ app, deps, ...editor, id: draftId, year: 2019 });
      expect((await app.inject({ url: '/beretninger/2020' })).statusCode).toBe(404);
      await changeYear({ app, deps, ...editor, id, year: 2023 });
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(301);
      // Another report takes 2024 (even as a draft): the address is no longer this report's.
      await changeYear({ app, deps, ...editor, id: draftId, year: 2024 });
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${draftId}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/beretninger/2024' })).body).toContain('<h1><bdi>Kladde</bdi></h1>');
      // It gives the year up again: the report that was last public under 2024 is where the address leads.
      await changeYear({ app, deps, ...editor, id: draftId, year: 2019 });
      expect((await app.inject({ url: '/beretninger/2024' })).headers.location).toBe('/beretninger/2019');
      // Unpublished or in the trash: the old address is a 404 like the new one.
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${draftId}/traek-tilbage`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${draftId}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(301);
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${draftId}/papirkurv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(404);
      // Deleted for good: its earlier years go with it.
      const admin = await loginAs({ app, deps, role: 'admin' });
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${draftId}/slet`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } })).statusCode).toBe(303);
      expect(await deps.db.selectFrom('reportPreviousYears').selectAll().execute()).toEqual([]);
      expect((await app.inject({ url: '/beretninger/2023' })).statusCode).toBe(200);
    } finally {
      await test.close();
    }
  });
});
