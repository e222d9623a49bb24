import { describe, expect, it } from 'vitest';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runPdfChild } from '../documents/drivers/pdf-process.js';
import { createPdfChildPool, defaultPdfChildRecycling, type PdfChildPool } from '../documents/drivers/pdf-pool.js';
import type { PageLine, StructureBlock } from '../documents/documents.types.js';
import { findRunningLines } from './reading-layout.models.js';
import { buildReadingPages, isHeadingLike } from './reading.models.js';
import { buildTableOfContents, splitIntoChapters } from './reading-chapters.models.js';
import type { ReadingPage } from './reading.types.js';

// The real-world PDFs in ../shared (outside the repository) through the new rules: tagged files
// from their structure tree, untagged ones from their lines. Prints per file what was found.
const fixtures = resolve(process.cwd(), '../shared/fixtures/pdfs');
const manifestPath = join(fixtures, 'manifest.tsv');
const hasFixtures = existsSync(manifestPath);
if (!hasFixtures) console.warn(`skipping the reading-rules fixture run: ${manifestPath} is absent (it lives in ../shared, outside the repository)`);

type Summary = { file: string; built: ReadingPage[]; tagged: boolean; pages: number; headings: number; lists: number; tables: number; figuresWithoutAlt: number; artifactLines: number };

async function readFixture(file: string, children: PdfChildPool): Promise<Summary | { file: string; failed: string }> {
  const pages: { pageNumber: number; lines: PageLine[]; structure?: StructureBlock[] }[] = [];
  const result = await runPdfChild({
    request: { mode: 'ingest', maxBytes: 1e9, maxPages: 2000, maxTextChars: 2e7, coverWidths: [] },
    input: createReadStream(join(fixtures, file)),
    limits: { timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 },
    children,
    onMessage: (message) => {
      if (message.type === 'restart') pages.length = 0;
      if (message.type === 'page') pages.push({ pageNumber: message.pageNumber, lines: message.lines, ...(message.structure ? { structure: message.structure } : {}) });
    },
  });
  if (result.type !== 'ingested') return { file, failed: result.type === 'failed' ? result.problem : result.type };
  const tagged = pages.some((page) => page.structure !== undefined);
  const built: ReadingPage[] = tagged ? pages.map((page) => ({ pageNumber: page.pageNumber, blocks: page.structure ?? [], hasText: (page.structure ?? []).length > 0 })) : buildReadingPages({ pages });
  const blocks = built.flatMap((page) => page.blocks);
  const artifactLines = tagged ? 0 : findRunningLines({ pages: pages.map((page) => page.lines) }).reduce((sum, set) => sum + set.size, 0);
  return {
    file,
    built,
    tagged,
    pages: pages.length,
    headings: blocks.filter((block) => block.kind === 'heading').length,
    lists: blocks.filter((block) => block.kind === 'list').length,
    tables: blocks.filter((block) => block.kind === 'table').length,
    figuresWithoutAlt: blocks.filter((block) => block.kind === 'figure' && block.alt === null).length,
    artifactLines,
  };
}

describe.skipIf(!hasFixtures)('the reading rules on ../shared/fixtures/pdfs', () => {
  it('reads every readable fixture; untagged headings are never long, sentences or numbers', async () => {
    const [header, ...lines] = readFileSync(manifestPath, 'utf8').trim().split('\n');
    const column = header!.split('\t').indexOf('corpus_file');
    const files = lines.map((line) => line.split('\t')[column]!).filter(Boolean);
    const results: Awaited<ReturnType<typeof readFixture>>[] = [];
    // One long-lived child reads them in turn, as in production (replaced after a failure).
    const children = createPdfChildPool({ maxIdle: 1, recycling: defaultPdfChildRecycling });
    try {
      for (const file of files) results.push(await readFixture(file, children));
    } finally {
      await children.close();
    }
    const table = results.map((r) => ('failed' in r ? `${r.file}\tfailed: ${r.failed}` : `${r.file}\t${r.tagged ? 'tagged' : 'untagged'}\t${r.pages} pages\t${r.headings} headings\t${r.lists} lists\t${r.tables} tables\t${r.figuresWithoutAlt} figures without alt\t${r.artifactLines} artifact lines`));
    console.log(`file\ttagged\tpages\theadings\tlists\ttables\tfigures without alt\tartifact lines removed\n${table.join('\n')}`);
    const read = results.filter((r): r is Summary => !('failed' in r));
    expect(read.length).toBeGreaterThan(files.length / 2);
    for (const r of read) {
      const blocks = r.built.flatMap((page) => page.blocks);
      // No Symbol/Wingdings bullet survives as a box, in lists or paragraphs.
      expect(/[\uE000-\uF8FF]/u.test(JSON.stringify(blocks)), `${r.file}: a private-use glyph is left`).toBe(false);
      if (!r.tagged) for (const block of blocks) if (block.kind === 'heading') expect(isHeadingLike(block.text), `${r.file}: ${block.text}`).toBe(true);
      // Long reports split into chapters, none over the page budget (READING_PAGE_MAX_KB default).
      const chapters = splitIntoChapters({ pages: r.built, toc: buildTableOfContents({ outline: [], pages: r.built }), minPages: 30, maxChars: 120_000 });
      if (r.pages > 30) expect(chapters.length, r.file).toBeGreaterThan(1);
    }
  }, 900_000);

});
