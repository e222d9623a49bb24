import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestPdf } from '../../app.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType, reindexAllDocuments } from './documents.usecases.js';
import type { PageLine } from './documents.types.js';
import { createUtf8CMapPdf } from './documents.test-utils.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
const ingested: string[] = [];
let runAll: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2021, pages: 3 }] });
  t.deps.events.on('document.ingested', ({ documentId }) => void ingested.push(documentId));
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  runAll = async () => { while (await runner.runOnce()); };
});
afterAll(async () => t.close());

const documents = () => t.deps.db.selectFrom('documents').selectAll().execute();

describe('ingesting an imported PDF', () => {
  it('queues the imported document as waiting', async () => {
    const [document] = await documents();
    expect(document?.ingestStatus).toBe('venter');
    expect(await t.deps.db.selectFrom('jobs').select('status').execute()).toEqual([{ status: 'queued' }]);
  });

  it('stores each page\'s text and lines, the covers and the progress, then announces it', async () => {
    await runAll();
    const [document] = await documents();
    expect(document).toMatchObject({ ingestStatus: 'færdig', ingestPagesDone: 3, ingestPagesTotal: 3, pageCount: 3, ingestError: null, pagesWithoutText: 0, pagesCapped: 0 });
    const pages = await t.deps.db.selectFrom('documentPages').selectAll().orderBy('pageNumber').execute();
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(pages[1]!.text).toContain('kommunerne velfærd klima');
    const lines = JSON.parse(pages[1]!.blocksJson) as PageLine[];
    expect(lines[0]).toMatchObject({ text: 'Afsnit 1', bold: true });
    // An untagged PDF: the reading rules ran once at ingestion and their blocks are stored with each page.
    expect(document).toMatchObject({ isTagged: 0, figuresWithoutAlt: 0 });
    const blocks = JSON.parse(pages[1]!.structureJson ?? 'null') as { kind: string; text?: string }[];
    expect(blocks.some((block) => block.kind === 'heading' && block.text === 'Afsnit 1')).toBe(true);
    expect(t.deps.storage.objects.get(document!.coverSmallKey!)?.subarray(8, 12).toString()).toBe('WEBP');
    expect(document!.coverLargeKey).toContain('-640.webp');
    expect(ingested).toEqual([document!.id]);
  });

  it('reindex runs ingestion again for every document', async () => {
    expect(await reindexAllDocuments(t.deps)).toBe(1);
    expect((await documents())[0]?.ingestStatus).toBe('venter');
    await runAll();
    expect((await documents())[0]?.ingestStatus).toBe('færdig');
    expect(ingested).toHaveLength(2);
  });

  it('fails a damaged stored PDF with a reason and leaves it downloadable', async () => {
    const [document] = await documents();
    const bytes = await createTestPdf({ pages: 2 });
    t.deps.storage.objects.set(document!.storageKey, Buffer.concat([bytes.subarray(0, 200)]));
    await reindexAllDocuments(t.deps);
    await runAll();
    expect((await documents())[0]).toMatchObject({ ingestStatus: 'fejlet', ingestError: 'malformed' });
    const res = await t.app.inject({ url: `/filer/${document!.sha256}/x.pdf` });
    expect(res.statusCode).toBe(200);
  });
});

describe('ingesting with PDFium (INGEST_ENGINE=pdfium) a PDF it would read letters of wrongly', () => {
  it('stores each page once, with the text pdf.js reads, after the child starts over with pdf.js on page 2', async () => {
    const app = await createTestApp({ reports: [{ year: 2021, pages: 1 }], config: { ingestEngine: 'pdfium' } });
    try {
      const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(app.deps) } }, app.deps);
      const [document] = await app.deps.db.selectFrom('documents').selectAll().execute();
      const bytes = createUtf8CMapPdf({ text: 'масса', pageBefore: 'Forord' });
      app.deps.storage.objects.set(document!.storageKey, bytes);
      await app.deps.db.updateTable('documents').set({ size: bytes.length }).where('id', '=', document!.id).execute();
      while (await runner.runOnce());
      const pages = await app.deps.db.selectFrom('documentPages').select(['pageNumber', 'text']).where('documentId', '=', document!.id).orderBy('pageNumber').execute();
      expect(pages).toEqual([{ pageNumber: 1, text: 'Forord' }, { pageNumber: 2, text: 'масса' }]);
      expect((await app.deps.db.selectFrom('documents').selectAll().execute())[0]).toMatchObject({ ingestStatus: 'færdig', ingestPagesDone: 2, pageCount: 2 });
    } finally {
      await app.close();
    }
  });
});
