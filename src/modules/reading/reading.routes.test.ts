import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { PAGE_CACHE_CONTROL } from '../cache/cache.routes.js';
import type { PageLine } from '../documents/documents.types.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

function line(text: string, y: number, { size = 10, bold = false, x = 50 }: { size?: number; bold?: boolean; x?: number } = {}): PageLine {
  return { text, x, y, width: 400, size, fontName: bold ? 'Helvetica-Bold' : 'Helvetica', bold, italic: false };
}

/** Stores pages as ingestion would, for the current document of the report of `year`. */
async function storePages(app: TestApp, year: number, pages: PageLine[][]) {
  const report = await app.deps.db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', year).executeTakeFirstOrThrow();
  const documentId = report.currentDocumentId;
  if (!documentId) throw new Error('no document');
  await app.deps.db.deleteFrom('documentPages').where('documentId', '=', documentId).execute();
  for (const [index, lines] of pages.entries()) {
    await app.deps.db.insertInto('documentPages').values({ documentId, pageNumber: index + 1, text: lines.map((l) => l.text).join('\n'), blocksJson: JSON.stringify(lines) }).execute();
  }
  return documentId;
}

describe('the reading version /beretninger/<year>/laes', () => {
  it('shows one section per PDF page with its number, headings, joined paragraphs, lists and a link to the same page in the PDF', async () => {
    current = await createTestApp({ reports: [{ year: 2024, title: 'Beretning 2024', pages: 3 }] });
    await storePages(current, 2024, [
      [line('Forord', 50, { size: 20, bold: true }), line('Kommunerne har haft et travlt år med sam-', 90), line('arbejde om velfærd og økonomi.', 102), line('• grøn omstilling', 130), line('• digitalisering', 142)],
      [line('Økonomi', 50, { size: 14, bold: true }), line('Tekst om økonomien i kommunerne i året.', 80), line('4. Fjerde mål', 100), line('6. Sjette mål', 112)],
      [],
    ]);
    const res = await current.app.inject({ url: '/beretninger/2024/laes' });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<section id="side-1"');
    expect(html).toContain('<section id="side-2"');
    expect(html).toContain('<section id="side-3"');
    expect(html).toContain('Side 1');
    expect(html).toMatch(/<h2 id="side-1-1-forord">Forord<\/h2>/);
    expect(html).toMatch(/<h3 id="side-2-1-oekonomi">Økonomi<\/h3>/);
    expect(html).toContain('<p>Kommunerne har haft et travlt år med samarbejde om velfærd og økonomi.</p>');
    expect(html).toContain('<ul><li>grøn omstilling</li><li>digitalisering</li></ul>');
    // The numbers the PDF prints, not 1, 2.
    expect(html).toContain('<ol start="4"><li>Fjerde mål</li><li value="6">Sjette mål</li></ol>');
    expect(html).toMatch(/href="\/filer\/[a-f0-9]{64}\/[^"#]+\.pdf#page=2"/);
    // The page without text says so and still links to its page in the PDF.
    expect(html).toContain('Siden har ingen tekst');
    expect(html).toMatch(/#page=3"/);
    // No outline stored: the table of contents comes from the headings.
    expect(html).toMatch(/<nav class="reading-toc"[^>]*>[\s\S]*href="#side-1-1-forord"[\s\S]*href="#side-2-1-oekonomi"/);
  });

  it('builds the table of contents from the PDF outline when ingestion stored one', async () => {
    current = await createTestApp({ reports: [{ year: 2024, title: 'Beretning 2024', pages: 2 }] });
    const documentId = await storePages(current, 2024, [
      [line('Forord', 50, { size: 20, bold: true }), line('Tekst.', 90)],
      [line('Økonomi', 50, { size: 14, bold: true }), line('Mere tekst.', 80)],
    ]);
    const outline = [{ title: 'Bogmærke om forordet', pageNumber: 1, children: [{ title: 'Underpunkt på side 2', pageNumber: 2, children: [] }] }];
    await current.deps.db.updateTable('documents').set({ outlineJson: JSON.stringify(outline) }).where('id', '=', documentId).execute();
    const res = await current.app.inject({ url: '/beretninger/2024/laes' });
    const toc = res.body.match(/<nav class="reading-toc"[\s\S]*?<\/nav>/)?.[0] ?? '';
    expect(toc).toContain('Bogmærke om forordet');
    expect(toc).toContain('Underpunkt på side 2');
    expect(toc).not.toContain('>Økonomi<');
  });

  it('says the reading version is not ready while the PDF has not been read yet', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const report = await current.deps.db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', 2023).executeTakeFirstOrThrow();
    await current.deps.db.deleteFrom('documentPages').where('documentId', '=', report.currentDocumentId ?? '').execute();
    const res = await current.app.inject({ url: '/beretninger/2023/laes' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Læseversionen er ikke klar endnu');
  });

  it('is linked from the report page and from the front page', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    for (const url of ['/', '/beretninger/2024']) {
      const res = await current.app.inject({ url });
      expect(res.body).toContain('href="/beretninger/2024/laes"');
      expect(res.body).toContain('Læs beretningen som webside');
    }
  });

  it('answers 404 for an unknown year, a draft and nonsense', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }, { year: 2025, published: null }] });
    for (const url of ['/beretninger/1999/laes', '/beretninger/2025/laes', '/beretninger/abc/laes']) {
      const res = await current.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('keeps the report text marked as Danish when the interface is in English', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    await storePages(current, 2024, [[line('Kommunerne', 50)]]);
    const res = await current.app.inject({ url: '/beretninger/2024/laes', headers: { 'accept-language': 'en' } });
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('<div class="reading-content" lang="da">');
    expect(res.body).toContain('Page 1 in the PDF');
  });
});

describe('a long reading version in chapters', () => {
  it('splits a 40-page report into chapter pages with previous/next links, and /laes/side/N lands on the chapter holding page N', async () => {
    current = await createTestApp({ reports: [{ year: 2023, title: 'Beretning 2023', pages: 40 }] });
    const pages = Array.from({ length: 40 }, (_, i) => (i === 0 || i === 20 ? [line(i === 0 ? 'Forord' : 'Økonomi', 50, { size: 20, bold: true }), line(`Tekst på side ${i + 1}.`, 90)] : [line(`Tekst på side ${i + 1}.`, 90)]));
    await storePages(current, 2023, pages);
    const first = await current.app.inject({ url: '/beretninger/2023/laes' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<section id="side-1"');
    expect(first.body).not.toContain('<section id="side-21"');
    expect(first.body).toContain('Side 21–40');
    expect(first.body).toContain('href="/beretninger/2023/laes/kapitel/2"');
    const redirect = await current.app.inject({ url: '/beretninger/2023/laes/side/25' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/beretninger/2023/laes/kapitel/2#side-25');
    const second = await current.app.inject({ url: '/beretninger/2023/laes/kapitel/2' });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('<section id="side-25"');
    expect(second.body).toContain('rel="prev"');
    expect(Buffer.byteLength(second.body)).toBeLessThan(150_000);
    // A chapter page is a public page like the others: the next reader gets it from the page cache.
    const again = await current.app.inject({ url: '/beretninger/2023/laes/kapitel/2' });
    expect(second.headers['cache-control']).toBe('private, no-cache');
    expect(again.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(again.body).toContain('<section id="side-25"');
    expect((await current.app.inject({ url: '/beretninger/2023/laes/kapitel/3' })).statusCode).toBe(404);
  });
});
