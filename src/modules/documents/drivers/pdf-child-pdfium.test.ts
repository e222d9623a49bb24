import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createTextOutsidePagePdf, createUnencodedSymbolicFontPdf, createUtf8CMapPdf } from '../documents.test-utils.js';
import { openPdfiumDocument } from './pdf-engine-pdfium.js';
import { readPdfiumPage } from './pdf-engine-pdfium-page.js';
import { runPdfChild } from './pdf-process.js';
import type { PdfChildMessage } from './pdf-process.types.js';

async function ingestInChild(bytes: Buffer, engine: 'pdfium' | 'pdfjs'): Promise<PdfChildMessage[]> {
  const messages: PdfChildMessage[] = [];
  const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 1000, maxTextChars: 1e8, coverWidths: [], engine }, input: Readable.from([bytes]), onMessage: (message) => messages.push(message) });
  return [...messages, result];
}

/** What the parent keeps: every message after the last `restart`. */
const kept = (messages: PdfChildMessage[]) => messages.slice(messages.map((message) => message.type).lastIndexOf('restart') + 1);
const pageTexts = (messages: PdfChildMessage[]) => kept(messages).flatMap((message) => (message.type === 'page' ? [message.text] : []));

async function readWithPdfiumAlone(bytes: Buffer) {
  const doc = await openPdfiumDocument({ data: bytes });
  try {
    return readPdfiumPage({ doc, index: 0 });
  } finally {
    doc.close();
  }
}

describe('ingesting with PDFium where it would read letters wrongly', () => {
  it('stores Cyrillic text right from a font whose ToUnicode map PDFium drops (UTF-8 codes, as Haru writes them), reading it with pdf.js', async () => {
    const bytes = createUtf8CMapPdf({ text: 'масса' });
    const alone = await readWithPdfiumAlone(bytes);
    expect(alone.runs.map((run) => run.text).join('')).not.toContain('масса');
    expect(alone.unmapped).toBeGreaterThan(0);
    const messages = await ingestInChild(bytes, 'pdfium');
    expect(messages.some((message) => message.type === 'restart')).toBe(true);
    expect(pageTexts(messages)).toEqual(['масса']);
    expect(kept(messages)).toEqual(await ingestInChild(bytes, 'pdfjs'));
  });

  it('stores what pdf.js stores for a symbolic TrueType font with neither /Encoding nor /ToUnicode (PDFium guesses Mac Roman: "ä" as "‰")', async () => {
    const bytes = createUnencodedSymbolicFontPdf();
    expect((await readWithPdfiumAlone(bytes)).runs[0]!.text).toContain('‰');
    const messages = await ingestInChild(bytes, 'pdfium');
    expect(messages.find((message) => message.type === 'restart')).toMatchObject({ reason: expect.stringContaining('Arial') });
    expect(kept(messages)).toEqual(await ingestInChild(bytes, 'pdfjs'));
  });

  it('keeps reading with PDFium when the symbolic font maps its letters with a ToUnicode map', async () => {
    const messages = await ingestInChild(createUnencodedSymbolicFontPdf({ toUnicode: true }), 'pdfium');
    expect(messages.some((message) => message.type === 'restart')).toBe(false);
    expect(pageTexts(messages)).toEqual(['Allgäu Käferhofen']);
  });

  it('leaves out text drawn wholly outside the page, which no reader sees', async () => {
    expect(pageTexts(await ingestInChild(createTextOutsidePagePdf(), 'pdfium'))).toEqual(['Auf der Seite']);
  });
});

const fixtures = resolve(import.meta.dirname, '../../../../../shared/fixtures/pdfs');
const fixture = (id: string) => readdirSync(fixtures).find((name) => name.startsWith(`${id}_`));

describe.skipIf(!existsSync(fixtures))('the test files where PDFium alone read text differently from pdf.js and pdftotext (../shared/fixtures/pdfs)', () => {
  it.each([
    ['C086', 'Allgäu'],
    ['C098', 'Масса'],
    // A table cell drawn a character per text object, where PDFium joins the lines with a space: the hyphen joins the word (pdf.js reads it so).
    ['C053', 'Transaktionskodestatistik Brugerstatistik'],
  ])('%s is stored with "%s"', async (id, word) => {
    const name = fixture(id);
    if (!name) return;
    const messages = await ingestInChild(readFileSync(join(fixtures, name)), 'pdfium');
    expect(pageTexts(messages).join('\n')).toContain(word);
  });

  it('C102 (Japanese with tracking, and set vertically a character per object) is stored as whole phrases, not a character per word', async () => {
    const name = fixture('C102');
    if (!name) return;
    const text = pageTexts(await ingestInChild(readFileSync(join(fixtures, name)), 'pdfium')).join('\n');
    expect(text.split('あのイーハトーヴォのすきとおった風').length - 1).toBe(9);
    expect(text).not.toMatch(/あ の|の イ/);
  });

  it('C095 (a horizontal Japanese paragraph) keeps its lines apart: only single characters stacked in a column are joined', async () => {
    const name = fixture('C095');
    if (!name) return;
    const text = pageTexts(await ingestInChild(readFileSync(join(fixtures, name)), 'pdfium')).join('\n');
    expect(text).toContain('デュプ');
    expect(text).not.toContain('デュプレックス');
  });
});

if (!existsSync(fixtures)) console.log(`skipped the fixture checks: no ${fixtures}`);
