import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestPdf } from '../../../app.test-utils.js';
import { createEncryptedPdf, createTaggedPdf, type TaggedPdfOptions } from '../documents.test-utils.js';
import { buildTaggedBlocks, collectMarkedContentText, type StructNode } from '../documents-structure.models.js';
import { groupRunsIntoLines } from '../documents.models.js';
import { openPdfiumDocument, readPdfiumInfo } from './pdf-engine-pdfium.js';
import { readPdfiumPage } from './pdf-engine-pdfium-page.js';
import { readXmpProperty, scanXmpPacket } from './pdf-metadata-scan.js';
import { markedContentId, parsePdf, readStructureTree } from './pdf-structure-tree.js';
import { readAccessibilityFacts } from './pdf-accessibility.js';
import { runPdfChild } from './pdf-process.js';
import type { PdfChildMessage } from './pdf-process.types.js';

const openPdfjs = (bytes: Uint8Array) => getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;

/** pdf.js's content ids (`p3R_mc0`) as page index and MCID, so its trees compare with ours. */
function normaliseIds(node: StructNode, pageObjects: Map<string, number>): StructNode {
  const id = node.type === 'content' && node.id ? node.id.replace(/^p(\d+R)_mc(\d+)$/, (_, ref: string, mcid: string) => markedContentId({ pageIndex: pageObjects.get(ref) ?? -1, mcid: Number(mcid) })) : node.id;
  return { ...node, ...(id !== undefined ? { id } : {}), ...(node.children ? { children: node.children.map((child) => normaliseIds(child, pageObjects)) } : {}) };
}

async function ingestInChild(bytes: Buffer, engine: 'pdfium' | 'pdfjs' = 'pdfium'): Promise<PdfChildMessage[]> {
  const messages: PdfChildMessage[] = [];
  const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 100, maxTextChars: 1e7, coverWidths: [], engine }, input: Readable.from([bytes]), onMessage: (message) => messages.push(message) });
  return [...messages, result];
}

describe('reading a PDF with PDFium', () => {
  const variants: TaggedPdfOptions[] = [{}, { untaggedText: true, bulletParagraph: true, privateUseGlyph: true, scannedPage: true }, { embedFonts: true, title: 'Årsberetning', displayDocTitle: true, pdfUa: true, lang: null }];

  it.each(variants)('cuts a tagged PDF\'s structure tree into the page trees pdf.js gives, and builds the same blocks from its text (%o)', async (options) => {
    const bytes = createTaggedPdf(options);
    const pdfjs = await openPdfjs(bytes);
    const tree = readStructureTree({ pdf: await parsePdf({ data: bytes }) });
    const doc = await openPdfiumDocument({ data: bytes });
    try {
      expect(tree).not.toBeNull();
      const pageObjects = new Map<string, number>();
      for (let index = 0; index < pdfjs.numPages; index += 1) {
        const ref = (await pdfjs.getPage(index + 1)).ref;
        if (ref) pageObjects.set(`${ref.num}R`, index);
      }
      for (let index = 0; index < pdfjs.numPages; index += 1) {
        const page = await pdfjs.getPage(index + 1);
        // A page without any structure: pdf.js gives an empty root, we give none (both read as untagged).
        const tree0 = (await page.getStructTree()) as StructNode | null;
        const expected = tree0?.children?.length ? tree0 : null;
        const ours = tree!.forPage(index);
        expect(ours).toEqual(expected ? normaliseIds(expected, pageObjects) : null);
        if (!expected) continue;
        const content = await page.getTextContent({ includeMarkedContent: true });
        const pdfjsBlocks = buildTaggedBlocks({ tree: expected, contentText: collectMarkedContentText({ items: content.items as Parameters<typeof collectMarkedContentText>[0]['items'] }), documentLang: 'da-DK', pageNumber: index + 1 });
        const { runs } = readPdfiumPage({ doc, index });
        const items = runs.flatMap((run) => [...run.marks.map((mark) => ({ type: 'beginMarkedContentProps', tag: mark.tag, id: mark.mcid === null ? null : markedContentId({ pageIndex: index, mcid: mark.mcid }) })), { str: run.text, hasEOL: run.hasEOL }, ...run.marks.map(() => ({ type: 'endMarkedContent' }))]);
        expect(buildTaggedBlocks({ tree: ours!, contentText: collectMarkedContentText({ items }), documentLang: 'da-DK', pageNumber: index + 1 })).toEqual(pdfjsBlocks);
      }
    } finally {
      doc.close();
      await pdfjs.destroy();
    }
  });

  it.each(variants)('gives the accessibility checks the facts pdf.js gave (%o)', async (options) => {
    const bytes = createTaggedPdf(options);
    const pdfjs = await openPdfjs(bytes);
    // Fonts are known to pdf.js once its pages are drawn, as ingestion with pdf.js did before its facts.
    for (let pageNumber = 1; pageNumber <= pdfjs.numPages; pageNumber += 1) await (await pdfjs.getPage(pageNumber)).getOperatorList();
    const expected = await readAccessibilityFacts({ doc: pdfjs, maxPages: 100 });
    await pdfjs.destroy();
    const messages = await ingestInChild(bytes);
    expect(messages.at(-1)).toMatchObject({ type: 'ingested', accessibility: expected });
  });

  it('stores what INGEST_ENGINE=pdfjs stores: metadata, page texts, tagged blocks, untagged blocks by the reading rules', async () => {
    for (const bytes of [createTaggedPdf({ title: 'Årsberetning', untaggedText: true, scannedPage: true }), await createTestPdf({ pages: 3 })]) {
      const keep = (messages: PdfChildMessage[]) => messages.map((message) => (message.type === 'page' ? { ...message, lines: message.lines.map((line) => line.text) } : message));
      expect(keep(await ingestInChild(bytes, 'pdfium'))).toEqual(keep(await ingestInChild(bytes, 'pdfjs')));
    }
  });

  it('gives each page only its own marked content of an element that runs over several pages, in the order of the tree, and a link its annotation on every page it spans', async () => {
    const { PDFDocument, PDFName, PDFString } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const pages = [doc.addPage(), doc.addPage(), doc.addPage()];
    const { context } = doc;
    const mcr = (page: number, mcid: number) => context.obj({ Type: 'MCR', Pg: pages[page]!.ref, MCID: mcid });
    const annotation = context.register(context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 200, 712], A: { S: 'URI', URI: PDFString.of('https://www.kl.dk/') } }));
    const link = context.register(context.obj({ S: 'Link', K: [context.obj({ Type: 'OBJR', Pg: pages[0]!.ref, Obj: annotation }), mcr(0, 2), mcr(1, 2)] }));
    const paragraph = context.register(context.obj({ S: 'P', K: [mcr(0, 0), mcr(1, 0), link, mcr(1, 1), mcr(2, 0)] }));
    const heading = context.register(context.obj({ S: 'H1', K: [mcr(0, 1)] }));
    const document = context.register(context.obj({ S: 'Document', K: [heading, paragraph] }));
    doc.catalog.set(PDFName.of('StructTreeRoot'), context.register(context.obj({ Type: 'StructTreeRoot', K: document })));
    const tree = readStructureTree({ pdf: await parsePdf({ data: await doc.save() }) });
    const content = (pageIndex: number, mcid: number) => ({ type: 'content', id: markedContentId({ pageIndex, mcid }) });
    const linkOn = (page: number) => ({ role: 'Link', children: [{ type: 'annotation', id: `annot_${annotation.objectNumber}` }, content(page, 2)] });
    expect(tree!.forPage(0)).toEqual({ role: 'Root', children: [{ role: 'Document', children: [{ role: 'H1', children: [content(0, 1)] }, { role: 'P', children: [content(0, 0), linkOn(0)] }] }] });
    expect(tree!.forPage(1)).toEqual({ role: 'Root', children: [{ role: 'Document', children: [{ role: 'P', children: [content(1, 0), linkOn(1), content(1, 1)] }] }] });
    expect(tree!.forPage(2)).toEqual({ role: 'Root', children: [{ role: 'Document', children: [{ role: 'P', children: [content(2, 0)] }] }] });
    expect(tree!.links.get(`annot_${annotation.objectNumber}`)).toBe('https://www.kl.dk/');
  });

  it('gives every element of a page tree the same fields, alt and lang undefined where the file has none, and every leaf the same two', async () => {
    // One object shape for the walkers (issue #15): elements that had alt or lang only when present
    // came in four shapes, and each new one made V8 throw away the walkers' compiled code.
    const { PDFDocument, PDFName, PDFString } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const { context } = doc;
    const kids = [
      context.obj({ S: 'P', Pg: page.ref, K: 0 }),
      context.obj({ S: 'Figure', Pg: page.ref, Alt: PDFString.of('Et kort'), K: 1 }),
      context.obj({ S: 'P', Pg: page.ref, Lang: PDFString.of('en-GB'), K: 2 }),
      context.obj({ S: 'Span', Pg: page.ref, Alt: PDFString.of('KL'), Lang: PDFString.of('en'), K: 3 }),
    ].map((kid) => context.register(kid));
    const document = context.register(context.obj({ S: 'Document', K: kids }));
    doc.catalog.set(PDFName.of('StructTreeRoot'), context.register(context.obj({ Type: 'StructTreeRoot', K: document })));
    const root = readStructureTree({ pdf: await parsePdf({ data: await doc.save() }) })!.forPage(0)!;
    const shapes = new Set<string>();
    const collect = (node: StructNode) => {
      shapes.add(Object.keys(node).join(','));
      for (const child of node.children ?? []) collect(child);
    };
    collect(root);
    expect([...shapes].sort()).toEqual(['role,children,alt,lang', 'type,id']);
    expect(root.children![0]!.children!.map((node) => [node.role, node.alt, node.lang])).toEqual([
      ['P', undefined, undefined],
      ['Figure', 'Et kort', undefined],
      ['P', undefined, 'en-GB'],
      ['Span', 'KL', 'en'],
    ]);
  });

  it('reads runs with their size, boldness and position from the top-left corner, as pdf.js does', async () => {
    const bytes = await createTestPdf({ pages: 1 });
    const doc = await openPdfiumDocument({ data: bytes });
    try {
      const lines = groupRunsIntoLines({ runs: readPdfiumPage({ doc, index: 0 }).runs });
      const pdfjs = await openPdfjs(bytes);
      const page = await pdfjs.getPage(1);
      const viewport = page.getViewport({ scale: 1 });
      const first = (await page.getTextContent()).items.find((item) => 'str' in item && item.str.trim() !== '') as { str: string; transform: number[] };
      const [x, y] = viewport.convertToViewportPoint(first.transform[4]!, first.transform[5]!) as [number, number];
      await pdfjs.destroy();
      expect(lines[0]!.text.startsWith(first.str.trim())).toBe(true);
      expect(lines[0]!.x).toBeCloseTo(x, 1);
      expect(lines[0]!.y).toBeCloseTo(y, 1);
    } finally {
      doc.close();
    }
  });

  it('reads the title from the XMP packet and the language from the catalog', async () => {
    const bytes = createTaggedPdf({ title: 'Årsberetning &amp; regnskab' });
    const doc = await openPdfiumDocument({ data: bytes });
    try {
      expect(readPdfiumInfo({ doc })).toMatchObject({ lang: 'da-DK', marked: true });
    } finally {
      doc.close();
    }
    expect(readXmpProperty({ xmp: scanXmpPacket({ data: bytes }), name: 'dc:title' })).toBe('Årsberetning & regnskab');
  });

  it('classifies an encrypted file and a damaged one, and leaves the encrypted one to pdf.js, which reads it with its restrictions', async () => {
    await expect(openPdfiumDocument({ data: createEncryptedPdf({ allowAccessibility: false }) })).rejects.toMatchObject({ problem: 'encrypted' });
    const damaged = await createTestPdf({ pages: 2 });
    await expect(openPdfiumDocument({ data: damaged.subarray(0, 400) })).rejects.toMatchObject({ problem: 'malformed' });
    const messages = await ingestInChild(createEncryptedPdf({ allowAccessibility: false }));
    expect(messages.find((message) => message.type === 'metadata')).toMatchObject({ metadata: { restricted: true } });
    expect(messages.find((message) => message.type === 'page')).toMatchObject({ text: 'Beskyttet beretning' });
    expect((await ingestInChild(damaged.subarray(0, 400))).at(-1)).toMatchObject({ type: 'failed', problem: 'malformed' });
  });
});
