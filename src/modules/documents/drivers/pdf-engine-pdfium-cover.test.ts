import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { createColouredShapePdf } from '../documents.test-utils.js';
import { runPdfChild } from './pdf-process.js';
import { readDataBytes } from './pdf-data-segment.js';
import { createPdfChildPool } from './pdf-pool.js';
import type { PdfChildMessage } from './pdf-process.types.js';

/** The cover messages of one ingestion, decoded to RGBA, with the pool's idle children afterwards. */
async function coversOf({ pdf, engine }: { pdf: Buffer; engine: 'pdfium' | 'pdfjs' }) {
  const pool = createPdfChildPool({ maxIdle: 2, recycling: { maxDocuments: 10, memoryHighWaterBytes: 1024 * 2 ** 20, idleMs: 60_000 } });
  try {
    const messages: PdfChildMessage[] = [];
    const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 10, maxTextChars: 1e7, coverWidths: [320, 640], engine }, input: Readable.from([pdf]), children: pool, onMessage: (m) => messages.push(m) });
    expect(result.type).toBe('ingested');
    const covers = [];
    for (const message of messages) {
      if (message.type !== 'cover') continue;
      const image = await loadImage(Buffer.from(message.data, 'base64'));
      const canvas = createCanvas(image.width, image.height);
      canvas.getContext('2d').drawImage(image, 0, 0);
      covers.push({ ...message, pixels: canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data });
    }
    // The child that drew them, while it is still idle: what it holds.
    return { covers, dataBytes: pool.idlePids().map((pid) => readDataBytes(pid)) };
  } finally {
    await pool.close();
  }
}

/** Share of the cover's pixels that are red (the square), and whether the pixel at (x, y), as fractions of the size, is. */
function redShare({ pixels, width, height }: { pixels: Uint8ClampedArray; width: number; height: number }) {
  const isRed = (i: number) => pixels[i]! > 200 && pixels[i + 1]! < 60 && pixels[i + 2]! < 60;
  let red = 0;
  for (let i = 0; i < pixels.length; i += 4) if (isRed(i)) red += 1;
  return { share: red / (width * height), at: (x: number, y: number) => isRed((Math.floor(y * height) * width + Math.floor(x * width)) * 4) };
}

describe('covers drawn by PDFium (no pdf.js in the child)', () => {
  it('show the page as pdf.js drew it: same sizes, the red square where it is on the page, white around it', async () => {
    const pdf = createColouredShapePdf();
    const ours = await coversOf({ pdf, engine: 'pdfium' });
    const pdfjs = await coversOf({ pdf, engine: 'pdfjs' });
    // One child drew them, and it never loaded pdf.js: it holds well under the ~430 MB a child with pdf.js does.
    expect(ours.dataBytes).toHaveLength(1);
    if (existsSync('/proc/self/status')) expect(ours.dataBytes[0]!).toBeLessThan(300 * 2 ** 20);
    expect(ours.covers.map(({ width, height, format }) => ({ width, height, format }))).toEqual(pdfjs.covers.map(({ width, height, format }) => ({ width, height, format })));
    expect(ours.covers.map((c) => [c.width, c.height])).toEqual([[320, 453], [640, 906]]);
    for (const [index, cover] of ours.covers.entries()) {
      const red = redShare(cover);
      const theirs = redShare(pdfjs.covers[index]!);
      // The square is a quarter of the width on each side: 1/16 of the width squared, of an A4 page's area.
      expect(red.share).toBeGreaterThan(0.04);
      expect(Math.abs(red.share - theirs.share)).toBeLessThan(0.005);
      expect(red.at(0.375, (0.375 * 595) / 842)).toBe(true);
      expect(red.at(0.1, 0.1)).toBe(false);
      expect([...cover.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // on white
    }
  }, 60_000);

  it('turn a page with /Rotate 90 as the reader sees it (landscape)', async () => {
    const { covers } = await coversOf({ pdf: createColouredShapePdf({ rotate: 90 }), engine: 'pdfium' });
    expect(covers.map((c) => [c.width, c.height])).toEqual([[320, 226], [640, 452]]);
    expect(redShare(covers[1]!).share).toBeGreaterThan(0.04);
  }, 60_000);
});
