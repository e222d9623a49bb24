// The cover (page 1 as WebP images) drawn by PDFium (pdf-engine-pdfium.ts) in the ingestion child,
// so that a document PDFium reads never loads pdf.js (which more than doubles the child's memory,
// see pdf-pool.ts). Drawn as pdf.js drew it: the page as shown (crop box and /Rotate), on white,
// with its annotations and form fields, at the largest asked width, then scaled down with
// @napi-rs/canvas for the smaller ones and encoded as WebP at quality 80.
import type * as NapiCanvas from '@napi-rs/canvas';
import type { PdfiumDocument } from './pdf-engine-pdfium.js';

// fpdfview.h: render flags and the bitmap format without alpha (4 bytes per pixel, the 4th unused).
const FPDF_ANNOT = 0x01;
const FPDF_REVERSE_BYTE_ORDER = 0x10; // R, G, B in memory order, as ImageData wants them
const FPDFBitmap_BGRx = 3;
/** A page many times taller than wide (a receipt roll, a broken box) is drawn from its top down to this many widths: the bitmap stays bounded. */
const MAX_HEIGHT_PER_WIDTH = 8;

// Loaded on the first cover, not with the child: a child that draws no covers never loads Skia.
let canvasModule: Promise<typeof NapiCanvas> | undefined;
const loadCanvas = () => (canvasModule ??= import('@napi-rs/canvas'));

export type CoverImage = { width: number; height: number; data: Buffer };

/** Page 1 at each of `widths` (pixels), largest drawn once; none when the page cannot be loaded or drawn. */
export async function renderPdfiumCover({ doc, widths }: { doc: PdfiumDocument; widths: number[] }): Promise<CoverImage[]> {
  if (widths.length === 0 || doc.pageCount < 1) return [];
  const { W, heap } = doc.engine;
  const page = doc.loadedPages.get(0) ?? W.FPDF_LoadPage!(doc.handle, 0);
  if (!page) return [];
  doc.loadedPages.set(0, page); // read next as page 1, not loaded again (closed with the document otherwise)
  const pageWidth = W.FPDF_GetPageWidthF!(page);
  const pageHeight = W.FPDF_GetPageHeightF!(page);
  if (!(pageWidth > 0 && pageHeight > 0)) return [];
  const width = Math.max(...widths);
  const fullHeight = Math.max(1, Math.round((pageHeight * width) / pageWidth));
  const height = Math.min(fullHeight, width * MAX_HEIGHT_PER_WIDTH);
  const bitmap = W.FPDFBitmap_CreateEx!(width, height, FPDFBitmap_BGRx, 0, 0);
  if (!bitmap) return [];
  let pixels: Uint8ClampedArray;
  // Only a document with a form (FPDF_GetFormType: 0 is none) needs the form environment.
  const formInfo = W.FPDF_GetFormType!(doc.handle) !== 0 ? W.PDFiumExt_OpenFormFillInfo!() : 0;
  const form = formInfo ? W.PDFiumExt_InitFormFillEnvironment!(doc.handle, formInfo) : 0;
  try {
    W.FPDFBitmap_FillRect!(bitmap, 0, 0, width, height, 0xffffffff | 0);
    W.FPDF_RenderPageBitmap!(bitmap, page, 0, 0, width, fullHeight, 0, FPDF_ANNOT | FPDF_REVERSE_BYTE_ORDER);
    // Form fields are drawn by the form environment (FPDF_ANNOT leaves widgets out), as pdf.js draws their appearance.
    if (form) {
      W.FORM_OnAfterLoadPage!(page, form);
      W.FPDF_FFLDraw!(form, bitmap, page, 0, 0, width, fullHeight, 0, FPDF_ANNOT | FPDF_REVERSE_BYTE_ORDER);
      W.FORM_OnBeforeClosePage!(page, form);
    }
    const stride = W.FPDFBitmap_GetStride!(bitmap);
    const buffer = W.FPDFBitmap_GetBuffer!(bitmap);
    pixels = new Uint8ClampedArray(width * height * 4);
    const bytes = heap().HEAPU8;
    for (let row = 0; row < height; row += 1) pixels.set(bytes.subarray(buffer + row * stride, buffer + row * stride + width * 4), row * width * 4);
  } finally {
    if (form) W.PDFiumExt_ExitFormFillEnvironment!(form);
    if (formInfo) W.PDFiumExt_CloseFormFillInfo!(formInfo);
    W.FPDFBitmap_Destroy!(bitmap);
  }
  for (let alpha = 3; alpha < pixels.length; alpha += 4) pixels[alpha] = 255; // BGRx leaves the 4th byte undefined
  const { createCanvas, ImageData } = await loadCanvas();
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  const covers: CoverImage[] = [];
  for (const target of widths) {
    const targetHeight = Math.max(1, Math.round((height * target) / width));
    const scaled = target === width ? canvas : createCanvas(target, targetHeight);
    if (scaled !== canvas) scaled.getContext('2d').drawImage(canvas, 0, 0, target, targetHeight);
    covers.push({ width: target, height: scaled.height, data: await scaled.encode('webp', 80) });
  }
  return covers;
}
