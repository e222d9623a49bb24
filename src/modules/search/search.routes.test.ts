import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import type { SearchApiResponse } from './search.types.js';
import { setReportPages } from './search.test-utils.js';
import { MAX_QUERY_LENGTH } from './search-query.models.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function changeReport({ year, values }: { year: number; values: { status?: 'draft' | 'published'; deletedAt?: string | null; currentDocumentId?: string | null } }, t: TestApp) {
  const report = await t.deps.db.selectFrom('reports').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
  await t.deps.db.updateTable('reports').set(values).where('id', '=', report.id).execute();
  await t.deps.events.emit('report.changed', { reportId: report.id });
}

const search = async (t: TestApp, query: string) => t.app.inject({ url: `/soeg?${query}` });
const api = async (t: TestApp, query: string) => t.app.inject({ url: `/api/v1/search?${query}` });

describe('search page and API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      reports: [
        { year: 2019, title: 'Beretning 2019', foreword: 'Et år hvor kommunerne samarbejdede om **velfærd**.' },
        { year: 2020, title: 'Beretning 2020', pages: 4 },
        { year: 2021, title: 'Kladde 2021', published: null },
      ],
    });
    await setReportPages({ year: 2019, texts: ['Forside', 'Kommunernes økonomi og budgetter.', 'Klimaindsatsen i byerne.'] }, t);
    await setReportPages({ year: 2020, texts: ['Forside', 'En kommune med ny borgmester.', 'Kommunen og klimaet <script>alert(1)</script>.', 'Ældreplejen og sundhed.'] }, t);
    await setReportPages({ year: 2021, texts: ['Hemmelig kladde om kommunerne og zebraer.'] }, t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows each hit with report title, page, highlighted snippet and links to the reading version and PDF page', async () => {
    const res = await search(t, 'q=borgmester');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Beretning 2020');
    // The title names the year already: it is not repeated as "(2020)".
    expect(res.body).not.toContain('(2020)');
    expect(res.body).toContain('Side 2');
    expect(res.body).toMatch(/ny <mark>borgmester<\/mark>/);
    // /laes/side/N: the reading-version page that holds PDF page N (a long report's chapter), at its anchor.
    expect(res.body).toContain('href="/beretninger/2020/laes/side/2"');
    expect(res.body).toMatch(/href="\/filer\/[a-f0-9]{64}\/beretning-2020\.pdf#page=2"/);
  });

  it('groups the hits per report with a count', async () => {
    const res = await api(t, 'q=kommunernes');
    const body = res.json() as SearchApiResponse;
    expect(res.statusCode).toBe(200);
    expect(body.groups.map((g) => g.report.year).sort()).toEqual([2019, 2020]);
    expect(body.groups.find((g) => g.report.year === 2020)!.hitCount).toBe(2);
    expect(body.groups.find((g) => g.report.year === 2019)!.hits.map((h) => h.pageNumber)).toEqual(expect.arrayContaining([null, 2]));
    expect(body.total).toBe(4);
  });

  it('finds the foreword and links to the report page', async () => {
    const body = (await api(t, 'q=velfærd')).json() as SearchApiResponse;
    expect(body.groups[0]!.hits[0]).toMatchObject({ pageNumber: null, readingUrl: '/beretninger/2019', pdfUrl: null });
  });

  it('escapes page text in snippets: only <mark> is markup', async () => {
    const res = await search(t, 'q=klimaet');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&lt;script');
    const body = (await api(t, 'q=klimaet')).json() as SearchApiResponse;
    expect(body.groups[0]!.hits[0]!.snippetHtml).toContain('&lt;script&gt;alert(1)&lt;/script');
    expect(body.groups[0]!.hits[0]!.snippetHtml).toContain('<mark>klimaet</mark>');
  });

  it('filters by year and range of years', async () => {
    expect(((await api(t, 'q=kommune&fra=2019&til=2019')).json() as SearchApiResponse).groups.map((g) => g.report.year)).toEqual([2019]);
    expect(((await api(t, 'q=kommune&fra=2020')).json() as SearchApiResponse).groups.map((g) => g.report.year)).toEqual([2020]);
  });

  it('never finds a draft report', async () => {
    const res = await search(t, 'q=zebraer');
    expect(res.body).toContain('Ingen resultater');
    expect(res.body).not.toContain('Hemmelig');
  });

  it('says "Ingen resultater" with a did-you-mean from the index vocabulary', async () => {
    const res = await search(t, 'q=borgmestr');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ingen resultater');
    expect(res.body).toContain('Mente du:');
    expect(res.body).toContain('href="/soeg?q=borgmester"');
  });

  it('paginates the results', async () => {
    const t2 = await createTestApp({ reports: [{ year: 2018, pages: 30 }] });
    try {
      await setReportPages({ year: 2018, texts: Array.from({ length: 30 }, (_, i) => `Side ${i + 1} om kommunerne.`) }, t2);
      const first = (await t2.app.inject({ url: '/api/v1/search?q=kommunernes' })).json() as SearchApiResponse;
      expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2 });
      expect(first.groups[0]!.hits).toHaveLength(20);
      expect(first.groups[0]!.hitCount).toBe(30);
      const second = (await t2.app.inject({ url: '/api/v1/search?q=kommunernes&side=2' })).json() as SearchApiResponse;
      expect(second.groups[0]!.hits).toHaveLength(10);
      const html = await t2.app.inject({ url: '/soeg?q=kommunernes' });
      expect(html.body).toContain('href="/soeg?q=kommunernes&amp;side=2"');
      // Past the last page: not found, said in words, with the way back to the last page.
      const past = await t2.app.inject({ url: '/soeg?q=kommunernes&side=3' });
      expect(past.statusCode).toBe(404);
      expect(past.body).toContain('Side 3 findes ikke: søgningen har kun 2 sider med resultater.');
      expect(past.body).toContain('<a href="/soeg?q=kommunernes&amp;side=2">Se resultaterne på side 2</a>');
    } finally {
      await t2.close();
    }
  });

  it('updates the index at once on unpublish, trash, PDF replaced and publish', async () => {
    const t2 = await createTestApp({ reports: [{ year: 2017 }] });
    try {
      const report = await setReportPages({ year: 2017, texts: ['Pelikaner på forsiden.'] }, t2);
      const found = async (q: string) => ((await t2.app.inject({ url: `/api/v1/search?q=${q}` })).json() as SearchApiResponse).total;
      expect(await found('pelikaner')).toBe(1);
      await changeReport({ year: 2017, values: { status: 'draft' } }, t2);
      expect(await found('pelikaner')).toBe(0);
      await changeReport({ year: 2017, values: { status: 'published' } }, t2);
      expect(await found('pelikaner')).toBe(1);
      await changeReport({ year: 2017, values: { deletedAt: '2026-06-01T10:00:00.000Z' } }, t2);
      expect(await found('pelikaner')).toBe(0);
      await changeReport({ year: 2017, values: { deletedAt: null } }, t2);
      expect(await found('pelikaner')).toBe(1);
      // A new PDF becomes current: the old one's pages are gone from the index at once.
      await t2.deps.db.insertInto('documents').values({ id: 'doc-new', reportId: report.id, sha256: 'a'.repeat(64), storageKey: 'k', fileName: 'ny.pdf', size: 1, pageCount: 1, createdAt: '2026-06-01T10:00:00.000Z', createdBy: null }).execute();
      await t2.deps.db.insertInto('documentPages').values({ documentId: 'doc-new', pageNumber: 1, text: 'Flamingoer i stedet.', blocksJson: '[]' }).execute();
      await changeReport({ year: 2017, values: { currentDocumentId: 'doc-new' } }, t2);
      expect(await found('pelikaner')).toBe(0);
      expect(await found('flamingoer')).toBe(1);
    } finally {
      await t2.close();
    }
  });

  it.each([
    ['unbalanced quotes', '"kommune'],
    ['FTS operators and syntax characters', 'NEAR(kommune) AND ^* : {terms} ( ) <-> & | ! :*'],
    ['a 10,000-character query', 'kommune '.repeat(1250)],
    ['SQL fragments', "'; DROP TABLE search_entries; -- OR 1=1"],
    ['only stop words', 'og i at det'],
    ['control characters', 'kom\u0001mune\u001b[31m\u202e'],
    ['only symbols', '*** ### ---'],
  ])('a hostile query (%s) gets a normal page, never a 500', async (_name, q) => {
    const res = await t.app.inject({ url: `/soeg?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Søg i beretningerne');
    const json = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
    expect(json.statusCode).toBe(200);
  });

  it('lets no search box take more characters than the server searches', async () => {
    const res = await search(t, 'q=kommune');
    // The page's own search box and the header's.
    expect(res.body).toMatch(new RegExp(`<input[^>]*id="soeg-q"[^>]*maxlength="${MAX_QUERY_LENGTH}"`));
    expect(res.body).toMatch(new RegExp(`<input[^>]*id="site-search-q"[^>]*maxlength="${MAX_QUERY_LENGTH}"`));
    expect(res.body.match(/<input[^>]*type="search"[^>]*>/g)).toHaveLength(2);
    // Every other page has the header's.
    expect((await t.app.inject({ url: '/' })).body).toMatch(new RegExp(`<input[^>]*id="site-search-q"[^>]*maxlength="${MAX_QUERY_LENGTH}"`));
  });

  it('explains a query that cannot be run', async () => {
    expect((await search(t, `q=${'a'.repeat(10000)}`)).body).toContain('Søgningen er for lang');
    expect((await search(t, 'q=og+i+at')).body).toContain('kun af meget almindelige ord');
    expect((await search(t, 'q=-kommune')).body).toContain('ikke kun ord med minus');
    expect((await search(t, 'q=a*')).body).toContain('Skriv mindst to bogstaver før *, fx klima*.');
    expect(((await api(t, 'q=og')).json() as SearchApiResponse).problem).toBe('only_stop_words');
  });

  it('answers a bad year or page with 400 and a Danish message (problem+json in the API)', async () => {
    const page = await search(t, 'q=kommune&fra=abc');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Årstal skal være et helt tal');
    const res = await api(t, 'q=kommune&fra=2021&til=2019');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'search.bad_year' });
    expect((await api(t, 'q=kommune&side=999')).json()).toMatchObject({ code: 'search.bad_page' });
  });

  it('keeps the years as typed after a bad year and links the error summary to the field', async () => {
    const page = await search(t, 'q=kommune&fra=20l9&til=2020');
    expect(page.statusCode).toBe(400);
    expect(page.body).toMatch(/class="alert alert--error error-summary"[^>]*>.*<a href="#soeg-fra">Årstal skal være et helt tal/);
    expect(page.body).toMatch(/<input[^>]*id="soeg-fra"[^>]*name="fra" value="20l9"[^>]*aria-invalid="true" aria-describedby="soeg-fra-fejl"/);
    expect(page.body).toMatch(/<input[^>]*id="soeg-til"[^>]*name="til" value="2020"/);
    expect(page.body).toContain('value="kommune"');
    const reversed = await search(t, 'q=kommune&fra=2021&til=2019');
    expect(reversed.body).toMatch(/<input[^>]*name="fra" value="2021"[^>]*aria-invalid="true"/);
    expect(reversed.body).toMatch(/<input[^>]*name="til" value="2019"/);
    const badTo = await search(t, 'q=kommune&til=tyve');
    expect(badTo.body).toContain('<a href="#soeg-til">');
    expect(badTo.body).toMatch(/<input[^>]*name="til" value="tyve"[^>]*aria-invalid="true"/);
  });

  it('answers a result page past the last with 404, a Danish message and a link to the last page', async () => {
    const res = await search(t, 'q=borgmester&side=2');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Side 2 findes ikke: søgningen har kun én side med resultater.');
    expect(res.body).toContain('<a href="/soeg?q=borgmester">Se resultaterne på side 1</a>');
    expect(res.body).not.toContain('<ol class="search-groups">');
    // Not kept in the page cache: the next reader is answered the same, not with a cached 200.
    expect((await search(t, 'q=borgmester&side=2')).statusCode).toBe(404);
    const english = await t.app.inject({ url: '/soeg?q=borgmester&side=2', headers: { cookie: 'sprog=en' } });
    expect(english.body).toContain('There is no page 2: the search has only one page of results.');
  });

  it('shows the empty search page for an empty query', async () => {
    const res = await search(t, 'q=');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Ingen resultater');
  });
});
