import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType, reindexAllDocuments } from './documents.usecases.js';
import { createTaggedPdf } from './documents.test-utils.js';
import type { StructureBlock } from './documents.types.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2024, title: 'Beretning 2024', pages: 2 }] });
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  const [document] = await t.deps.db.selectFrom('documents').selectAll().execute();
  // The report's PDF replaced by the tagged one, then read as `reindex` would.
  const bytes = createTaggedPdf();
  t.deps.storage.objects.set(document!.storageKey, bytes);
  await t.deps.db.updateTable('documents').set({ size: bytes.length }).where('id', '=', document!.id).execute();
  await reindexAllDocuments(t.deps);
  while (await runner.runOnce());
});
afterAll(async () => t.close());

describe('a tagged PDF', () => {
  it('is read from its structure tree at ingestion: blocks stored per page, the document marked tagged, one figure without alt counted', async () => {
    const document = await t.deps.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
    expect(document).toMatchObject({ ingestStatus: 'færdig', isTagged: 1, figuresWithoutAlt: 1 });
    const pages = await t.deps.db.selectFrom('documentPages').selectAll().orderBy('pageNumber').execute();
    const blocks = JSON.parse(pages[0]!.structureJson!) as StructureBlock[];
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'paragraph', 'list', 'table', 'figure', 'figure', 'paragraph']);
    // Search gets the page's text without the running header and page number.
    expect(pages[0]!.text).not.toContain('Årsberetning');
    expect(pages[0]!.text).toContain('Venstre spalte begynder her. Højre spalte fortsætter.');
  });

  it('reads as a web page with headings, tree reading order, nested lists, table headers with scope, figures, a language span and no artifacts', async () => {
    const res = await t.app.inject({ url: '/beretninger/2024/laes' });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/<h2 id="side-1-1-oekonomi">Økonomi<\/h2>/);
    expect(html.indexOf('Venstre spalte begynder her.')).toBeLessThan(html.indexOf('Højre spalte fortsætter.'));
    expect(html).toContain('<ul><li>grøn omstilling<ul><li>vindmøller</li></ul></li><li>digitalisering</li></ul>');
    expect(html).toContain('<th scope="col">Post</th><th scope="col">Mio. kr.</th>');
    expect(html).toContain('<th scope="row">Indtægter</th><td>952</td>');
    expect(html).toContain('Figur: Søjlediagram over udgifterne');
    expect(html).toContain('Figur uden beskrivelse i PDF’en');
    expect(html).toContain('<span lang="en-GB">annual report</span>');
    expect(html).not.toContain('Årsberetning 2024');
    expect(html).not.toContain('- 1 -');
    // Page anchors stay where the pages are.
    expect(html.indexOf('id="side-2"')).toBeLessThan(html.indexOf('>Nøgletal</h3>'));
    expect(html.indexOf('id="side-2"')).toBeGreaterThan(html.indexOf('annual report'));
  });

  it('tells the editor on the documents page that a figure has no alt text', async () => {
    const { cookie } = await loginAs({ app: t.app, deps: t.deps });
    const list = await t.app.inject({ url: '/admin/dokumenter', headers: { cookie } });
    expect(list.body).toContain('1 figur uden alternativ tekst i PDF’en');
    const report = await t.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    const edit = await t.app.inject({ url: `/admin/beretninger/${report.id}`, headers: { cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('1 figur uden alternativ tekst i PDF’en');
  });
});
