import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { flushStatistics } from './statistics.usecases.js';

const setup = useTestApp();
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const reader = { 'user-agent': firefox };

async function rows(t: TestApp) {
  return t.deps.db.selectFrom('statisticsDaily').select(['day', 'metric', 'item', 'detail', 'count']).orderBy('metric').orderBy('item').orderBy('detail').execute();
}
const flush = (t: TestApp) => flushStatistics({ counter: t.deps.statistics }, t.deps);
const count = async (t: TestApp, metric: string, item?: string, detail?: string) =>
  (await rows(t)).filter((r) => r.metric === metric && (item === undefined || r.item === item) && (detail === undefined || r.detail === detail)).reduce((sum, r) => sum + Number(r.count), 0);

async function pdfUrl(t: TestApp, year: number): Promise<string> {
  const page = await t.app.inject({ url: `/beretninger/${year}`, headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
  const href = /href="(\/filer\/[a-f0-9]{64}\/[^"?]+)"/.exec(page.body)?.[1];
  if (!href) throw new Error('no PDF link on the report page');
  return href;
}

describe('counting readers on the server', () => {
  it('page views of the report page, the archive, a report and its reading version are counted in memory and written only by the flush, with device and referrer domain', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    expect((await t.app.inject({ url: '/', headers: reader })).statusCode).toBe(200);
    // The second time the report page comes from the page cache; it counts all the same.
    expect((await t.app.inject({ url: '/', headers: { 'user-agent': iphone, referer: 'https://www.kl.dk/nyheder/artikel?id=7' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/beretninger', headers: reader })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/beretninger/2024', headers: { ...reader, referer: 'http://localhost/beretninger' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/beretninger/2024/laes', headers: reader })).statusCode).toBe(200);
    // A missing report is not content: not counted.
    expect((await t.app.inject({ url: '/beretninger/1999', headers: reader })).statusCode).toBe(404);
    // No write on the request path: nothing is in the database until the flush.
    expect(await rows(t)).toEqual([]);
    expect(t.deps.statistics.held().counts).toBeGreaterThan(0);
    await flush(t);
    expect(t.deps.statistics.held().counts).toBe(0);
    expect(await count(t, 'view', 'site', 'front')).toBe(2);
    expect(await count(t, 'view', 'site', 'archive')).toBe(1);
    expect(await count(t, 'view', '2024', 'report')).toBe(1);
    expect(await count(t, 'view', '2024', 'chapter:1')).toBe(1);
    expect(await count(t, 'view', '1999')).toBe(0);
    expect(await count(t, 'device', undefined, 'mobile')).toBe(1);
    expect(await count(t, 'device', undefined, 'desktop')).toBe(4);
    // The referrer by domain only; the site's own pages are no referrer.
    expect((await rows(t)).filter((r) => r.metric === 'referrer').map((r) => r.detail)).toEqual(['kl.dk']);
    expect((await rows(t)).every((r) => r.day === '2026-06-01')).toBe(true);
  });

  it('bots and crawlers are left out', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    for (const agent of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'curl/8.5.0', 'python-requests/2.31', '']) {
      expect((await t.app.inject({ url: '/beretninger/2024', headers: { 'user-agent': agent } })).statusCode).toBe(200);
    }
    const file = await pdfUrl(t, 2024);
    expect((await t.app.inject({ url: file, headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } })).statusCode).toBe(200);
    await flush(t);
    expect(await rows(t)).toEqual([]);
  });

  it('readers who send Do-Not-Track or Sec-GPC are not counted, for pages, PDFs and searches', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    const file = await pdfUrl(t, 2024);
    for (const optOut of [{ dnt: '1' }, { 'sec-gpc': '1' }]) {
      expect((await t.app.inject({ url: '/beretninger/2024', headers: { ...reader, ...optOut } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: file, headers: { ...reader, ...optOut } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/soeg?q=budget', headers: { ...reader, ...optOut } })).statusCode).toBe(200);
    }
    await flush(t);
    expect(await rows(t)).toEqual([]);
  });

  it('the workspace\'s own users are not counted, on pages, PDFs or searches', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    const { cookie } = await loginAs({ app: t.app, deps: t.deps });
    const file = await pdfUrl(t, 2024);
    expect((await t.app.inject({ url: '/beretninger/2024', headers: { ...reader, cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/', headers: { ...reader, cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: file, headers: { ...reader, cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/soeg?q=budget', headers: { ...reader, cookie } })).statusCode).toBe(200);
    await flush(t);
    expect(await rows(t)).toEqual([]);
  });

  it('a PDF viewer\'s Range requests are one download per reader, file and day; another reader or the next day counts again', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    const file = await pdfUrl(t, 2024);
    const viewer = { ...reader, 'x-forwarded-for': '' };
    expect((await t.app.inject({ url: file, headers: { ...viewer, range: 'bytes=0-99' } })).statusCode).toBe(206);
    expect((await t.app.inject({ url: file, headers: { ...viewer, range: 'bytes=100-199' } })).statusCode).toBe(206);
    expect((await t.app.inject({ url: file, headers: { ...viewer, range: 'bytes=200-' } })).statusCode).toBe(206);
    expect((await t.app.inject({ url: file, headers: viewer })).statusCode).toBe(200);
    // The same address with another browser is another reader.
    expect((await t.app.inject({ url: file, headers: { 'user-agent': iphone, range: 'bytes=0-99' } })).statusCode).toBe(206);
    // A revalidation (304) is no download.
    const etag = (await t.app.inject({ url: file, headers: { 'user-agent': 'Googlebot/2.1' } })).headers.etag as string;
    expect((await t.app.inject({ url: file, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/120.0', 'if-none-match': etag } })).statusCode).toBe(304);
    await flush(t);
    expect(await count(t, 'download')).toBe(2);
    // The next Copenhagen day (midnight is 22:00 UTC in summer): the same reader counts once more.
    t.deps.clock.set('2026-06-01T22:30:00.000Z');
    expect((await t.app.inject({ url: file, headers: { ...viewer, range: 'bytes=0-99' } })).statusCode).toBe(206);
    expect((await t.app.inject({ url: file, headers: { ...viewer, range: 'bytes=100-199' } })).statusCode).toBe(206);
    await flush(t);
    expect((await rows(t)).filter((r) => r.metric === 'download').map((r) => [r.day, Number(r.count)])).toEqual([['2026-06-01', 2], ['2026-06-02', 1]]);
  });

  it('searches are counted with their result count, a cached result page too; zero-result searches are listed apart', async () => {
    const t = await setup({ reports: [{ year: 2024, foreword: 'Året handlede om velfærd og klima.' }] });
    for (let i = 0; i < 2; i++) expect((await t.app.inject({ url: '/soeg?q=Finnesikke', headers: reader })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/soeg?q=velf%C3%A6rd', headers: reader })).statusCode).toBe(200);
    // Paging through results is not another search.
    expect((await t.app.inject({ url: '/soeg?q=velf%C3%A6rd&side=2', headers: reader })).statusCode).toBeLessThan(500);
    await flush(t);
    expect(await count(t, 'search', 'finnesikke', 'zero')).toBe(2);
    expect(await count(t, 'search', 'velfærd', 'found')).toBe(1);
    expect(await count(t, 'search')).toBe(3);
  });

  it('STATISTICS=false counts nothing', async () => {
    const t = await setup({ reports: [{ year: 2024 }], config: { statistics: false } });
    expect((await t.app.inject({ url: '/beretninger/2024', headers: reader })).statusCode).toBe(200);
    expect((await t.app.inject({ url: await pdfUrl(t, 2024), headers: reader })).statusCode).toBe(200);
    await flush(t);
    expect(await rows(t)).toEqual([]);
    expect(t.deps.statistics.held()).toMatchObject({ counts: 0, digests: 0 });
  });
});

describe('the statistics in the workspace', () => {
  async function withReadership() {
    const t = await setup({ reports: [{ year: 2024, title: 'Årsberetning 2024' }, { year: 2023 }] });
    const file = await pdfUrl(t, 2024);
    for (const agent of [firefox, iphone]) {
      await t.app.inject({ url: '/beretninger/2024', headers: { 'user-agent': agent, referer: 'https://www.kl.dk/' } });
      await t.app.inject({ url: '/beretninger/2024/laes', headers: { 'user-agent': agent } });
      await t.app.inject({ url: file, headers: { 'user-agent': agent } });
    }
    await t.app.inject({ url: '/soeg?q=%3DHYPERLINK(%22x%22)', headers: reader });
    await t.app.inject({ url: '/soeg?q=ukendtord', headers: reader });
    await flush(t);
    return t;
  }

  it('an editor sees views, downloads, web versus PDF, chapters, searches, zero-result searches, referrers and devices, each chart with its table', async () => {
    const t = await withReadership();
    const editor = await loginAs({ app: t.app, deps: t.deps, role: 'editor' });
    const page = await t.app.inject({ url: '/admin/statistik', headers: { cookie: editor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('href="/admin/statistik" aria-current="page"');
    expect(page.body).toContain('De sidste 30 dage');
    for (const table of ['daily', 'reports', 'chapters', 'searches', 'zero', 'referrers', 'devices']) {
      expect(page.body).toContain(`data-stat-table="${table}"`);
      expect(page.body).toContain(`/admin/statistik/csv?tabel=${table}&amp;periode=30`);
    }
    const reports = /data-stat-table="reports"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    expect(reports).toMatch(/2024: Årsberetning 2024<\/a><\/th><td class="stat-number">4<\/td><td class="stat-number">2<\/td><td class="stat-number">2<\/td>/);
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('<title id="graf-visninger-titel">Sidevisninger pr. dag</title>');
    expect(/data-stat-table="zero"[\s\S]*?<\/table>/.exec(page.body)?.[0]).toContain('ukendtord');
    expect(/data-stat-table="referrers"[\s\S]*?<\/table>/.exec(page.body)?.[0]).toContain('kl.dk');
    expect(/data-stat-table="devices"[\s\S]*?<\/table>/.exec(page.body)?.[0]).toContain('Mobil');
    // One report, last 7 days.
    const one = await t.app.inject({ url: '/admin/statistik?periode=7&aar=2023', headers: { cookie: editor.cookie } });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('De sidste 7 dage');
    expect(/data-period[^>]*>([^<]*)</.exec(one.body)?.[1]).toContain('26. maj 2026 til 1. juni 2026');
  });

  it('a custom period with the dates the wrong way round is refused with the field named, in the reader\'s language', async () => {
    const t = await withReadership();
    const editor = await loginAs({ app: t.app, deps: t.deps, role: 'editor' });
    const da = await t.app.inject({ url: '/admin/statistik?periode=custom&fra=2026-06-01&til=2026-05-01', headers: { cookie: editor.cookie } });
    expect(da.statusCode).toBe(422);
    expect(da.body).toContain('Til-datoen må ikke ligge før fra-datoen.');
    expect(da.body).toContain('href="#periode-til"');
    const en = await t.app.inject({ url: '/admin/statistik?periode=custom&fra=2026-02-30&til=2026-05-01', headers: { cookie: `${editor.cookie}; sprog=en` } });
    expect(en.statusCode).toBe(422);
    expect(en.body).toContain('Write the date as yyyy-mm-dd');
    const custom = await t.app.inject({ url: '/admin/statistik?periode=custom&fra=2026-05-01&til=2026-06-01', headers: { cookie: editor.cookie } });
    expect(custom.statusCode).toBe(200);
    expect(/data-stat-table="daily"[\s\S]*?<\/table>/.exec(custom.body)?.[0]?.match(/<tr>/g)?.length).toBe(33);
  });

  it('every table exports as CSV, a search typed as a spreadsheet formula made harmless', async () => {
    const t = await withReadership();
    const editor = await loginAs({ app: t.app, deps: t.deps, role: 'editor' });
    const csv = await t.app.inject({ url: '/admin/statistik/csv?tabel=searches&periode=30', headers: { cookie: editor.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="statistik-searches-2026-05-03-2026-06-01.csv"');
    expect(csv.body).toContain('Søgning,Antal\r\n');
    expect(csv.body).toContain(`"'=hyperlink(""x"")",1`);
    const reports = await t.app.inject({ url: '/admin/statistik/csv?tabel=reports&periode=365', headers: { cookie: editor.cookie } });
    expect(reports.body).toContain('2024,Årsberetning 2024,4,2,2');
    expect((await t.app.inject({ url: '/admin/statistik/csv?tabel=nope', headers: { cookie: editor.cookie } })).statusCode).toBe(400);
    // Readers never see it.
    expect((await t.app.inject({ url: '/admin/statistik/csv?tabel=searches' })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/admin/statistik' })).statusCode).toBe(303);
  });

  it('a report\'s edit page shows its numbers for the last 30 days', async () => {
    const t = await withReadership();
    const editor = await loginAs({ app: t.app, deps: t.deps, role: 'editor' });
    const report = await t.deps.db.selectFrom('reports').select('id').where('year', '=', 2024).executeTakeFirstOrThrow();
    const page = await t.app.inject({ url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Læsere de sidste 30 dage');
    expect(page.body).toContain('4 sidevisninger (heraf 2 i læseversionen) og 2 PDF-downloads.');
    expect(page.body).toContain('href="/admin/statistik?periode=30&amp;aar=2024"');
  });
});

describe('/api/v1/statistics', () => {
  async function token(t: TestApp, scope: string) {
    const editor = await loginAs({ app: t.app, deps: t.deps, role: 'editor', email: `${scope}@example.dk` });
    const response = await t.app.inject({ method: 'POST', url: '/admin/api-noegler', headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, name: scope, scope, days: '30' } });
    expect(response.statusCode).toBe(201);
    return /value="(brt_[A-Za-z0-9_-]{43})"/.exec(response.body)?.[1] as string;
  }

  it('a token with the statistics scope reads the aggregates; other tokens and no token are refused, and a statistics token reads nothing else', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    await t.app.inject({ url: '/beretninger/2024', headers: reader });
    await t.app.inject({ url: '/soeg?q=ukendtord', headers: reader });
    await flush(t);
    const statistics = await token(t, 'statistics');
    const ok = await t.app.inject({ url: '/api/v1/statistics?from=2026-06-01&to=2026-06-01', headers: { authorization: `Bearer ${statistics}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
    const body = ok.json();
    expect(body.period).toEqual({ from: '2026-06-01', to: '2026-06-01' });
    expect(body.daily).toEqual([{ day: '2026-06-01', views: 1, downloads: 0 }]);
    expect(body.zeroResultSearches).toEqual([{ query: 'ukendtord', count: 1 }]);
    expect(body.reports[0]).toMatchObject({ year: 2024, views: 1 });

    const read = await token(t, 'read');
    const refused = await t.app.inject({ url: '/api/v1/statistics', headers: { authorization: `Bearer ${read}` } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('tokens.scope');
    expect((await t.app.inject({ url: '/api/v1/statistics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/reports', headers: { authorization: `Bearer ${statistics}` } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/statistics?from=2026-06-02&to=2026-06-01', headers: { authorization: `Bearer ${statistics}` } })).statusCode).toBe(400);
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/statistics'].get.security).toEqual([{ bearerAuth: [] }]);
  });
});
