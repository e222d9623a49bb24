import { z } from 'zod';
import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const ocrConfig = {
  ocrMaxPages: defineSetting({ env: 'OCR_MAX_PAGES', schema: integerFromEnv({ min: 0, max: 100000 }), default: '300', doc: 'Scanned pages recognised (OCR) per PDF; the rest stay without text and the editor is told. 0 turns OCR off.' }),
  ocrDpi: defineSetting({ env: 'OCR_DPI', schema: integerFromEnv({ min: 100, max: 600 }), default: '300', doc: 'Resolution a scanned page is rendered at for OCR (a page is rendered smaller when it would pass 40 megapixels).' }),
  ocrPageTimeoutSeconds: defineSetting({ env: 'OCR_PAGE_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 5, max: 3600 }), default: '120', doc: 'Longest Tesseract may take over one page; it is killed when it passes and the page stays without text. Rendering runs under INGEST_TIMEOUT_SECONDS and INGEST_MEMORY_MB like ingestion.' }),
  ocrTesseract: defineSetting({ env: 'OCR_TESSERACT', schema: z.string().trim().min(1), default: 'tesseract', doc: 'The Tesseract command (a name on PATH or a path). Not installed: PDFs are read as before and the workspace says how to install it (apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng).' }),
};
