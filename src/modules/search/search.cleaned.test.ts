import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../app.test-utils.js';
import type { StructureBlock } from '../documents/documents.types.js';
import { setReportPages } from './search.test-utils.js';
import type { SearchApiResponse } from './search.types.js';

// Issue #15.4: search reads the same cleaned text as the reading version, shows a passage once,
// lets a reader see all of a report's hits, keeps the reader's operators in "did you mean" and
// ranks prose above tables of codes.

const api = async (t: TestApp, query: string) => (await t.app.inject({ url: `/api/v1/search?${query}` })).json() as SearchApiResponse;
const page = async (t: TestApp, query: string) => (await t.app.inject({ url: `/soeg?${query}` })).body;
const plain = (hit: { snippet: { text: string }[] }) => hit.snippet.map((p) => p.text).join('');

/** Stores reading-version blocks for pages of a report's PDF (as ingestion does) and re-indexes it. */
async function setStructure({ year, pages }: { year: number; pages: Record<number, StructureBlock[]> }, t: TestApp) {
  const report = await t.deps.db.selectFrom('reports').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
  for (const [pageNumber, blocks] of Object.entries(pages)) {
    await t.deps.db.updateTable('documentPages').set({ structureJson: JSON.stringify(blocks) }).where('documentId', '=', report.currentDocumentId!).where('pageNumber', '=', Number(pageNumber)).execute();
  }
  await t.deps.events.emit('document.ingested', { documentId: report.currentDocumentId!, reportId: report.id });
}

describe('search from the cleaned text (issue #15.4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      reports: [
        { year: 2022, title: 'Beretning 2022', foreword: '# Forord\n\n- Kommunerne løftede **velfærden** i hele landet sammen med regionerne.\n- Et andet punkt om økonomi.' },
        { year: 2023, title: 'KL’s beretning', pages: 3 },
        { year: 2024, title: 'Beretning 2024', pages: 25 },
      ],
    });
    // 2022: page 2 carries the foreword's passage, with a running header and a page number around it.
    await setReportPages({ year: 2022, texts: ['Forside', 'KL Beretning 2022 Side 4-17 Kommunerne løftede velfærden i hele landet sammen med regionerne. - 4 -'] }, t);
    await setStructure({ year: 2022, pages: { 2: [{ kind: 'paragraph', text: 'Kommunerne løftede velfærden i hele landet sammen med regionerne.' }] } }, t);
    // 2023: a page that is a table of codes naming kommunerne once, and a page of prose about them.
    // The codes are short terms, so BM25 alone (which favours short pages) ranks the table first.
    const codes = Array.from({ length: 12 }, (_, i) => `${101 + i} 4.${i}`).join(' ');
    await setReportPages({ year: 2023, texts: ['Forside', `Kommunerne ${codes} kommunerne`, 'Kommunerne har i år arbejdet med skolen, ældreplejen og klimaet, og kommunerne har samarbejdet tæt med staten om en lang række opgaver, der gør en forskel for borgerne i hele landet hver eneste dag.'] }, t);
    // 2024: 25 pages about the folkeskole (every page with "skole" also has "folkeskole").
    await setReportPages({ year: 2024, texts: Array.from({ length: 25 }, (_, i) => `Side ${i + 1}: skole og folkeskole i kommunerne, trivsel i skolen.`) }, t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('indexes a page by its reading-version blocks: no running header, page number or "Side 4-17" in index or snippet', async () => {
    expect((await api(t, 'q=regionerne&fra=2022&til=2022')).groups[0]!.hits.every((hit) => !/Side 4|- 4 -|KL Beretning/.test(plain(hit)))).toBe(true);
    // The running header's words are not on the page any more.
    expect((await api(t, 'q="Side 4-17"')).total).toBe(0);
  });

  it('shows no Markdown syntax from the foreword: no list dashes, no emphasis marks, no #', async () => {
    const body = await api(t, 'q=økonomi');
    const hit = body.groups[0]!.hits[0]!;
    expect(hit.pageNumber).toBeNull();
    expect(plain(hit)).not.toMatch(/(^|\s)[-*#](\s|$)|\*\*/);
    expect(plain(hit)).toContain('Et andet punkt om økonomi');
  });

  it('shows a passage that is in the foreword and on a page once, saying both places', async () => {
    const body = await api(t, 'q=regionerne');
    const group = body.groups.find((g) => g.report.year === 2022)!;
    expect(group.hitCount).toBe(2);
    expect(group.hits).toHaveLength(1);
    const html = await page(t, 'q=regionerne');
    expect(html.match(/løftede velfærden i hele landet sammen med <mark>regionerne<\/mark>/g)).toHaveLength(1);
    expect(html).toMatch(/Forord \(også side 2\)|Side 2 \(også i forordet\)/);
  });

  it('lets a reader see all N hits of a report: "Vis alle 25 fra 2024" narrows the search to that report', async () => {
    const body = await api(t, 'q=trivsel');
    const group = body.groups.find((g) => g.report.year === 2024)!;
    expect(group.hitCount).toBe(25);
    expect(group.hits.length).toBeLessThan(25);
    expect(group.allHitsUrl).toBe('/soeg?q=trivsel&fra=2024&til=2024');
    const html = await page(t, 'q=trivsel');
    expect(html).toContain('<a href="/soeg?q=trivsel&amp;fra=2024&amp;til=2024">Vis alle 25 fra 2024</a>');
    // Narrowed, every one of them can be paged through, and there is no further "Vis alle".
    const narrowed = await api(t, 'q=trivsel&fra=2024&til=2024');
    expect(narrowed.total).toBe(25);
    expect(narrowed.groups[0]!.allHitsUrl).toBeNull();
    const second = await api(t, 'q=trivsel&fra=2024&til=2024&side=2');
    expect(second.groups[0]!.hits).toHaveLength(5);
  });

  it('does not repeat the year after a title that names it, and gives it after one that does not', async () => {
    expect(await page(t, 'q=regionerne')).not.toContain('(2022)');
    expect(await page(t, 'q=staten')).toContain('KL’s beretning</bdi></a> <span class="search-group__year">(2023)</span>');
  });

  it('"Mente du" replaces only a misspelt word and keeps the operators as typed', async () => {
    // "skole" is a known word: the exclusion is why nothing was found, so there is nothing to suggest.
    const known = await api(t, 'q=skole+-folkeskole&fra=2024&til=2024');
    expect(known.total).toBe(0);
    expect(known.suggestions).toEqual([]);
    // A misspelt word is replaced; the excluded word, the quotes and OR stay as typed.
    const misspelt = await api(t, 'q=' + encodeURIComponent('trivsl -"ny folkeskole"'));
    expect(misspelt.suggestions).toEqual(['trivsel -"ny folkeskole"']);
    const html = await page(t, 'q=' + encodeURIComponent('trivsl -"ny folkeskole"'));
    expect(html).toContain('href="/soeg?q=trivsel+-%22ny+folkeskole%22"');
    // An excluded misspelling is never "corrected".
    expect((await api(t, 'q=zebra+-trivsl')).suggestions).toEqual([]);
  });

  it('ranks prose about kommunerne above a short table of codes that names them too', async () => {
    const body = await api(t, 'q=kommunerne&fra=2023&til=2023');
    expect(body.groups[0]!.hits.map((h) => h.pageNumber)).toEqual([3, 2]);
  });
});
