import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createTestPdf } from '../../../app.test-utils.js';
import { writeReportPdf } from '../../demo/drivers/pdf-writer.js';
import { existsSync, readFileSync } from 'node:fs';
import { endPdfChild, runPdfChild, startPdfChild } from './pdf-process.js';
import { getPdfChildCacheDir, preparePdfChild } from './pdf-child-command.js';
import type { PdfChildMessage } from './pdf-process.types.js';

const request = { mode: 'inspect' as const, maxBytes: 50 * 1024 * 1024 };

describe('opening a PDF in a child process', () => {
  it('counts the pages of a real PDF', async () => {
    const pdf = await createTestPdf({ pages: 3 });
    expect(await runPdfChild({ request, input: Readable.from([pdf]) })).toEqual({ type: 'inspected', pageCount: 3 });
  });

  it('says a truncated PDF is damaged, not that it has pages', async () => {
    const pdf = await createTestPdf({ pages: 3 });
    const result = await runPdfChild({ request, input: Readable.from([pdf.subarray(0, 400)]) });
    expect(result.type).toBe('failed');
  });

  it('runs the child as plain JavaScript compiled once (no TypeScript loader per PDF)', async () => {
    const command = await preparePdfChild();
    expect(command.kind).toBe('compiled');
    expect(command.nodeArgs).not.toContain('--import');
    const [file] = command.nodeArgs;
    expect(file!.startsWith(getPdfChildCacheDir())).toBe(true);
    expect(existsSync(file!)).toBe(true);
    const code = readFileSync(file!, 'utf8');
    expect(code).toContain('pdfjs-dist/legacy/build/pdf.mjs');
    // pdf-lib is bundled in, not loaded as ~200 CommonJS files by each new child; no project file is left outside.
    expect(code).not.toMatch(/(?:from |import\()["'](?:\.|pdf-lib)/);
    expect(code).toContain('PDFDocument');
    expect(await preparePdfChild()).toBe(command);
  });

  it('runs the child\'s V8 without helper threads (fewer CPU-seconds per document, bench:ingest)', async () => {
    const child = await startPdfChild({ memoryBytes: 512 * 1024 * 1024 });
    try {
      // The arguments handed to the OS (prlimit's, which it passes on to node). Not /proc/<pid>/cmdline:
      // while prlimit execs node it reads empty, which made this test fail now and then.
      expect(child.process.spawnargs).toContain('--single-threaded');
      expect(child.process.spawnargs.indexOf('--single-threaded')).toBeLessThan(child.process.spawnargs.findIndex((arg) => arg.endsWith('.mjs')));
    } finally {
      await endPdfChild(child);
    }
  });

  it('kills a child that passes its time limit', async () => {
    const pdf = await createTestPdf({ pages: 2 });
    const result = await runPdfChild({ request, input: Readable.from([pdf]), limits: { timeoutMs: 1, memoryBytes: 1024 * 1024 * 1024 } });
    expect(result).toMatchObject({ type: 'failed', problem: 'timeout' });
  });
});

describe('reading a PDF in a child process', () => {
  it('sends metadata, a cover in two widths and each page\'s lines with sizes and bold, Danish letters intact', async () => {
    const pdf = await createTestPdf({ pages: 3, title: 'Kommunernes år', words: 'kommunerne velfærd læsø ærø' });
    const messages: PdfChildMessage[] = [];
    const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 1000, maxTextChars: 1e7, coverWidths: [320, 640] }, input: Readable.from([pdf]), onMessage: (m) => messages.push(m) });
    expect(result).toMatchObject({ type: 'ingested', pagesIndexed: 3, pagesCapped: false, textCapped: false, pagesWithoutText: 0 });
    const metadata = messages.find((m) => m.type === 'metadata');
    expect(metadata).toMatchObject({ metadata: { pageCount: 3 } });
    const covers = messages.filter((m) => m.type === 'cover');
    expect(covers.map((c) => c.width)).toEqual([320, 640]);
    expect(Buffer.from(covers[0]!.data, 'base64').subarray(8, 12).toString()).toBe('WEBP');
    expect(covers[0]).toMatchObject({ format: 'webp', height: 453 }); // A4 portrait at 320 px
    const pages = messages.filter((m) => m.type === 'page');
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(pages[1]!.text).toContain('velfærd læsø ærø');
    expect(pages[1]!.lines.some((line) => line.bold && line.size > 12)).toBe(true);
  });

  it('joins words hyphenated at line ends, so every word reads and searches whole', async () => {
    const words = ['kommunalbestyrelsen', 'beskæftigelsesindsatsen', 'klimatilpasningsplanen', 'og', 'digitaliseringsstrategien'];
    const paragraph = Array.from({ length: 120 }, (_, i) => words[i % words.length]).join(' ');
    const pdf = Buffer.from(await writeReportPdf({ title: 'Orddeling', sections: [{ heading: 'Afsnit', paragraphs: [paragraph] }], hyphenate: true }));
    const pages: Extract<PdfChildMessage, { type: 'page' }>[] = [];
    const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 10, maxTextChars: 1e7, coverWidths: [] }, input: Readable.from([pdf]), onMessage: (m) => { if (m.type === 'page') pages.push(m); } });
    expect(result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
    // The PDF's lines do end mid-word…
    expect(pages[1]!.lines.filter((line) => line.text.endsWith('-')).length).toBeGreaterThan(3);
    // …and the page's text has each word whole.
    expect(pages[1]!.text).toBe(`Afsnit ${paragraph}`);
  });

  it('indexes at most the page cap and says it was capped', async () => {
    const pdf = await createTestPdf({ pages: 4 });
    const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 2, maxTextChars: 1e7, coverWidths: [320] }, input: Readable.from([pdf]) });
    expect(result, JSON.stringify(result)).toMatchObject({ type: 'ingested', pagesIndexed: 2, pagesCapped: true });
  });
});
