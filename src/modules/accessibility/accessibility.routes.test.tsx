import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType, reindexAllDocuments } from '../documents/documents.usecases.js';
import { createTaggedPdf } from '../documents/documents.test-utils.js';
import { reportSchema } from '../api/api.schemas.js';

// Through HTTP on the configured database: a PDF with four problems (no title, title not shown,
// figure without alt, skipped heading level) replaces 2024's, a clean one 2023's, and 2017's predates the exemption.

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let editor: { cookie: string; csrfToken: string };
let admin: { cookie: string; csrfToken: string };
const ids: Record<number, { documentId: string; reportId: string }> = {};

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2024, title: 'Beretning 2024', pages: 2 }, { year: 2023, title: 'Beretning 2023', pages: 2 }, { year: 2017, title: 'Beretning 2017', pages: 2 }] });
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  const rows = await t.deps.db.selectFrom('documents').innerJoin('reports', 'reports.id', 'documents.reportId').select(['documents.id', 'documents.storageKey', 'reports.year', 'reports.id as reportId']).execute();
  const pdfs: Record<number, Buffer> = {
    2024: createTaggedPdf({ skipHeadingLevel: true, embedFonts: true }),
    2023: createTaggedPdf({ title: 'Beretning 2023', displayDocTitle: true, figureWithoutAlt: false, embedFonts: true }),
    2017: createTaggedPdf({ embedFonts: true }),
  };
  for (const row of rows) {
    ids[row.year] = { documentId: row.id, reportId: row.reportId };
    t.deps.storage.objects.set(row.storageKey, pdfs[row.year]!);
    await t.deps.db.updateTable('documents').set({ size: pdfs[row.year]!.length }).where('id', '=', row.id).execute();
  }
  await reindexAllDocuments(t.deps);
  while (await runner.runOnce());
  // The test PDFs carry no creation date; 2017's is given one from before 23 September 2018.
  await t.deps.db.updateTable('documents').set({ pdfCreatedAt: '2018-03-01T10:00:00.000Z' }).where('id', '=', ids[2017]!.documentId).execute();
  editor = await loginAs({ app: t.app, deps: t.deps });
  admin = await loginAs({ app: t.app, deps: t.deps, role: 'admin', email: 'admin@example.dk' });
});
afterAll(async () => t.close());

const get = (url: string, who = editor, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { cookie: who.cookie, ...headers } });

describe('accessibility in the workspace', () => {
  it('/admin/dokumenter says "Tilgængelighed: 4 problemer" per PDF and links to its page', async () => {
    const res = await get('/admin/dokumenter');
    const row = new RegExp(`<tr data-document="${ids[2024]!.documentId}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row).toContain(`href="/admin/dokumenter/${ids[2024]!.documentId}/tilgaengelighed"`);
    expect(row).toContain('Tilgængelighed: 4 problemer');
    const clean = new RegExp(`<tr data-document="${ids[2023]!.documentId}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(clean).toContain('Tilgængelighed: ingen problemer fundet');
  });

  it('the report edit page shows the same summary', async () => {
    expect((await get(`/admin/beretninger/${ids[2024]!.reportId}`)).body).toContain('Tilgængelighed: 4 problemer');
  });

  it('a PDF\'s page lists every check, the problems in plain Danish with why, how to fix in Word, InDesign and Acrobat, pages and references', async () => {
    const res = await get(`/admin/dokumenter/${ids[2024]!.documentId}/tilgaengelighed`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('Tilgængelighed: 4 problemer');
    for (const code of ['title', 'title-shown', 'heading-levels', 'figure-alt']) expect(body).toContain(`<section class="accessibility-problem" aria-labelledby="tjek-${code}" data-check="${code}">`);
    expect(body).toContain('Overskrifterne springer et niveau over');
    expect(body).toContain('Første spring: H1 til H3');
    expect(body).toContain('Sider: 2');
    expect(body).toContain('Brug Overskrift 1 til hovedafsnit');
    expect(body).toContain('Matterhorn 14-003 · ISO 14289-1 §7.4.2 · WCAG 1.3.1');
    expect(body.match(/<tr data-check="/g)).toHaveLength(15);
    const english = await get(`/admin/dokumenter/${ids[2024]!.documentId}/tilgaengelighed`, editor, { 'accept-language': 'en' });
    expect(english.body).toContain('Accessibility: 4 problems');
    expect(english.body).toContain('Headings skip a level');
  });

  it('a PDF from before 23 September 2018 is marked as covered by the exemption', async () => {
    expect((await get(`/admin/dokumenter/${ids[2017]!.documentId}/tilgaengelighed`)).body).toContain('undtaget fra kravet om tilgængelighed');
  });

  it('an unknown document is a 404, and the pages are for signed-in users only', async () => {
    expect((await get('/admin/dokumenter/findes-ikke/tilgaengelighed')).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/admin/dokumenter/${ids[2024]!.documentId}/tilgaengelighed` })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/admin/tilgaengelighed.csv' })).statusCode).toBe(303);
  });
});

describe('publishing a PDF with problems', () => {
  it('asks for confirmation (a plain form), publishes only once confirmed, and never asks for a clean PDF', async () => {
    await t.deps.db.updateTable('reports').set({ status: 'draft' }).where('id', 'in', [ids[2024]!.reportId, ids[2023]!.reportId]).execute();
    const asked = await t.app.inject({ method: 'POST', url: `/admin/beretninger/${ids[2024]!.reportId}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Udgiv med tilgængelighedsproblemer?');
    expect(asked.body).toContain('<input type="hidden" name="bekraeft" value="ja"/>');
    expect(asked.body).toContain('Overskrifternes niveauer');
    expect((await t.deps.db.selectFrom('reports').select('status').where('id', '=', ids[2024]!.reportId).executeTakeFirstOrThrow()).status).toBe('draft');
    const confirmed = await t.app.inject({ method: 'POST', url: `/admin/beretninger/${ids[2024]!.reportId}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, bekraeft: 'ja' } });
    expect(confirmed.statusCode).toBe(303);
    expect((await t.deps.db.selectFrom('reports').select('status').where('id', '=', ids[2024]!.reportId).executeTakeFirstOrThrow()).status).toBe('published');
    const clean = await t.app.inject({ method: 'POST', url: `/admin/beretninger/${ids[2023]!.reportId}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect(clean.statusCode).toBe(303);
  });
});

describe('for readers', () => {
  it('the report page says the PDF is not fully accessible and points to the reading version; a clean PDF gets no notice', async () => {
    const page = await t.app.inject({ url: '/beretninger/2024' });
    expect(page.body).toContain('PDF’en er ikke fuldt tilgængelig. <a href="/beretninger/2024/laes">Læs den tilgængelige webudgave</a>');
    expect((await t.app.inject({ url: '/beretninger/2023' })).body).not.toContain('ikke fuldt tilgængelig');
    // The reading version uses the same findings: the figure without alt text is announced as such.
    expect((await t.app.inject({ url: '/beretninger/2024/laes' })).body).toContain('Figur uden beskrivelse');
  });

  it('the API gives the PDF\'s accessibility status and check codes, valid by its OpenAPI schema', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/2024' });
    const body = reportSchema.parse(res.json());
    expect(body.accessibility).toMatchObject({ status: 'problems', exempt: false, failures: 4 });
    expect(body.accessibility!.checks.filter((c) => c.status === 'fail' && !c.informational).map((c) => c.code).sort()).toEqual(['figure-alt', 'heading-levels', 'title', 'title-shown']);
    expect(((await t.app.inject({ url: '/api/v1/reports/2023' })).json() as { accessibility: { status: string } }).accessibility.status).toBe('no_problems_found');
    const openApi = (await t.app.inject({ url: '/api/v1/openapi.json' })).body;
    expect(openApi).toContain('"Accessibility"');
  });
});

describe('the accessibility statement page', () => {
  it('lists every published PDF with its status and failures, as a table and as CSV, and warns while no statement address is set', async () => {
    const res = await get('/admin/tilgaengelighed', admin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-warning="accessibility-statement"');
    expect(res.body).toContain('<a href="/admin/indstillinger">Gå til indstillinger</a>');
    const row2024 = new RegExp(`<tr data-document="${ids[2024]!.documentId}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row2024).toContain('4 problemer');
    expect(row2024).toContain('(heading-levels)');
    expect(res.body).toContain('Undtaget (før 23. september 2018)');
    const csv = await get('/admin/tilgaengelighed.csv', admin);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"År","PDF","Resultat","Problemer","codes"');
    expect(lines.find((line) => line.startsWith('"2024"'))).toContain('"title title-shown heading-levels figure-alt"');
    // Every workspace page warns while the address is empty; not once it is set.
    expect((await get('/admin', editor)).body).toContain('data-warning="accessibility-statement"');
    await t.deps.db.updateTable('site').set({ accessibilityUrl: 'https://www.was.digst.dk/eksempel' }).execute();
    const after = await get('/admin/tilgaengelighed', admin);
    expect(after.body).not.toContain('data-warning="accessibility-statement"');
    expect(after.body).toContain('<a href="https://www.was.digst.dk/eksempel">');
  });
});
