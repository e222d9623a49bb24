import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from '../documents/documents.usecases.js';
import { createOcrHandler, ocrJobType, reindexAllOcr } from './ocr.usecases.js';
import { createScannedPdf, shiftLetters } from './ocr.test-utils.js';
import { measureWordAccuracy } from './ocr.models.js';

// Two short scanned pages (kept small so Tesseract is quick): page 1 only an image, page 2 an image
// under an invisible text layer whose letters are garbage (a scanner's bad OCR).
const page1 = 'Årsberetningen viser at økonomien i kommunen er sund. Børn og ældre får mere støtte, og de grønne områder på rådhuspladsen blev færdige i løbet af året.';
const page2 = 'Udvalget for trafik besluttede at bygge nye cykelstier langs vejene. Færgeforbindelsen til øen blev forbedret, og borgernes tilfredshed steg til et højere niveau end før. Det er et godt resultat for alle.';
const pageSize = { width: 420, height: 260 };

async function setUp({ config = {} }: { config?: Parameters<typeof createTestApp>[0] extends infer O ? (O extends { config?: infer C } ? C : never) : never } = {}) {
  const t = await createTestApp({ reports: [{ year: 2009, title: 'Beretning 2009' }], config });
  const pdf = await createScannedPdf({ pages: [page1, { text: page2, hiddenText: shiftLetters({ text: page2 }) }], pageSize });
  const document = await t.deps.db.selectFrom('documents').select(['id', 'storageKey']).executeTakeFirstOrThrow();
  t.deps.storage.objects.set(document.storageKey, pdf);
  await t.deps.db.updateTable('documents').set({ size: pdf.length, pageCount: 2 }).where('id', '=', document.id).execute();
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps), [ocrJobType]: createOcrHandler(t.deps) } }, t.deps);
  const runAll = async () => { while (await runner.runOnce()); };
  return { t, documentId: document.id, runAll };
}

const pagesOf = (t: TestApp) => t.deps.db.selectFrom('documentPages').select(['pageNumber', 'text', 'ocr', 'ocrConfidence']).orderBy('pageNumber').execute();
const documentOf = (t: TestApp) => t.deps.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();

describe('a scanned report (OCR)', () => {
  let t: TestApp;
  let documentId: string;
  let runAll: () => Promise<void>;
  let editor: { cookie: string; csrfToken: string };
  beforeAll(async () => {
    ({ t, documentId, runAll } = await setUp({ config: { ocrMaxPages: 1 } }));
    editor = await loginAs({ app: t.app, deps: t.deps });
    await runAll();
  }, 120_000);
  afterAll(async () => t.close());

  it('recognises no more pages than OCR_MAX_PAGES, and tells the editor the rest were left', async () => {
    const pages = await pagesOf(t);
    expect(pages.map((page) => page.ocr)).toEqual([1, 0]);
    expect(await documentOf(t)).toMatchObject({ ocrStatus: 'færdig', ocrPagesTotal: 1, ocrPagesDone: 1, ocrPagesCapped: 1 });
    const html = (await t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie } })).body;
    expect(html).toContain('Kun de første 1 skannede sider er genkendt');
  });

  it('stores the recognised words as the page\'s text with their confidence, æ, ø and å included', async () => {
    const [first] = await pagesOf(t);
    expect(measureWordAccuracy({ expected: page1, actual: first!.text })).toBeGreaterThanOrEqual(0.9);
    expect(first!.text).toMatch(/økonomien/);
    expect(first!.ocrConfidence).toBeGreaterThan(60);
    expect((await documentOf(t)).ocrConfidence).toBe(first!.ocrConfidence);
  });

  it('"Genkend tekst igen" re-runs OCR for the document (CSRF, audited), now reading the page with a garbage text layer too', async () => {
    const refused = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${documentId}/genkend-igen`, headers: { cookie: editor.cookie }, payload: { tilbage: '/admin/dokumenter' } });
    expect(refused.statusCode).toBe(403);
    t.deps.config.ocrMaxPages = 10;
    const html = (await t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie } })).body;
    expect(html).toContain(`action="/admin/dokumenter/${documentId}/genkend-igen"`);
    const res = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${documentId}/genkend-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, tilbage: '/admin/dokumenter' } });
    expect(res.statusCode).toBe(303);
    expect((await documentOf(t)).ocrStatus).toBe('venter');
    const audit = await t.deps.db.selectFrom('auditLog').select(['action', 'targetId']).where('action', '=', 'document.ocr_rerun').execute();
    expect(audit).toEqual([{ action: 'document.ocr_rerun', targetId: documentId }]);
    await runAll();
    const pages = await pagesOf(t);
    expect(pages.map((page) => page.ocr)).toEqual([1, 1]);
    expect(pages[1]!.text).not.toContain(shiftLetters({ text: 'cykelstier' }));
    expect(measureWordAccuracy({ expected: page2, actual: pages[1]!.text })).toBeGreaterThanOrEqual(0.9);
    expect(await documentOf(t)).toMatchObject({ ocrStatus: 'færdig', ocrPagesTotal: 2, ocrPagesCapped: 0, pagesWithoutText: 0 });
    const after = (await t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie } })).body;
    expect(after).toMatch(/Tekst genkendt automatisk på 2 sider, gennemsnitlig sikkerhed \d+ %/);
  }, 120_000);

  it('finds the recognised words in search, like any other page', async () => {
    const res = await t.app.inject({ url: '/soeg?q=cykelstier' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/beretninger/2009/laes/side/2"');
    const danish = await t.app.inject({ url: '/soeg?q=økonomien' });
    expect(danish.body).toContain('href="/beretninger/2009/laes/side/1"');
  });

  it('shows the recognised text in the reading version with the reader\'s notice and a link to the page in the PDF', async () => {
    const res = await t.app.inject({ url: '/beretninger/2009/laes' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('rådhuspladsen');
    expect(res.body).toContain('Teksten er genkendt automatisk fra en skannet side og kan indeholde fejl.');
    expect(res.body).toMatch(/href="\/filer\/[a-f0-9]{64}\/[^"]+#page=2"[^>]*>Se side 2 i PDF’en/);
  });

  it('reindex --ocr queues every read document for OCR again, below ingestion in priority', async () => {
    expect(await reindexAllOcr(t.deps)).toBe(1);
    expect(await t.deps.db.selectFrom('jobs').select(['type', 'priority']).where('status', '=', 'queued').execute()).toEqual([{ type: ocrJobType, priority: -10 }]);
    expect((await documentOf(t)).ocrStatus).toBe('venter');
  });
});

describe('without Tesseract', () => {
  let t: TestApp;
  let runAll: () => Promise<void>;
  beforeAll(async () => {
    ({ t, runAll } = await setUp({ config: { ocrTesseract: '/nonexistent/tesseract' } }));
    await runAll();
  }, 60_000);
  afterAll(async () => t.close());

  it('reads the PDF as today: done, pages without text, nothing recognised', async () => {
    expect(await documentOf(t)).toMatchObject({ ingestStatus: 'færdig', ocrStatus: 'utilgængelig', pagesWithoutText: 1 });
    expect((await pagesOf(t)).map((page) => page.ocr)).toEqual([0, 0]);
  });

  it('the workspace says once that OCR is unavailable and how to install it', async () => {
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const html = (await t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie } })).body;
    expect(html.match(/data-notice="ocr-unavailable"/g)).toHaveLength(1);
    expect(html).toContain('apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng');
    expect(html).toContain('Tekstgenkendelse (OCR) er ikke installeret');
  });
});
