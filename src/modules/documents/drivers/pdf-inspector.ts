import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfProblem = 'not_pdf' | 'encrypted' | 'malformed' | 'no_pages';

export type PdfInspection = { ok: true; pageCount: number } | { ok: false; problem: PdfProblem; detail: string };

/**
 * Opens a PDF far enough to know it is one and how many pages it has. Used to judge uploads and
 * imports by content. Heavier work (text, covers) is the ingestion job's, outside this process.
 */
export async function inspectPdf({ data }: { data: Uint8Array }): Promise<PdfInspection> {
  if (!isPdfSignature(data)) return { ok: false, problem: 'not_pdf', detail: 'does not start with %PDF-' };
  let doc: PDFDocumentProxy | undefined;
  try {
    // Loaded on first use: pdfjs adds about 170 MB to the resident memory of a web process that
    // otherwise never needs it (uploads are judged here; the heavy work runs in a child process).
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const task = getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
    doc = await task.promise;
    if (doc.numPages < 1) return { ok: false, problem: 'no_pages', detail: 'has no pages' };
    await doc.getPage(1);
    return { ok: true, pageCount: doc.numPages };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') return { ok: false, problem: 'encrypted', detail: 'is protected by a password' };
    return { ok: false, problem: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await doc?.destroy();
  }
}

/** A PDF starts with `%PDF-`: judged by content, never by the file's name. */
export function isPdfSignature(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, 5)).toString('latin1') === '%PDF-';
}
