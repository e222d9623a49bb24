// Runs in its own process (see pdf-process.ts), never in the web server: reads one PDF from stdin,
// answers with newline-delimited JSON on stdout. The parent caps its memory and time and kills it.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfChildMessage, PdfChildRequest, PdfProblem } from './pdf-process.types.js';

function send(message: PdfChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

async function readStdin({ maxBytes }: { maxBytes: number }): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw Object.assign(new Error('input too large'), { problem: 'too_large' as PdfProblem });
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function classify(error: unknown): { problem: PdfProblem; detail: string } {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (error && typeof error === 'object' && 'problem' in error) return { problem: (error as { problem: PdfProblem }).problem, detail };
  if (name === 'PasswordException') return { problem: 'encrypted', detail };
  if (error instanceof RangeError || /allocation failed|out of memory/i.test(detail)) return { problem: 'too_large', detail };
  return { problem: 'malformed', detail };
}

async function inspect({ data }: { data: Uint8Array }): Promise<void> {
  let doc: PDFDocumentProxy | undefined;
  try {
    doc = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
    if (doc.numPages < 1) {
      await send({ type: 'failed', problem: 'no_pages', detail: 'has no pages' });
      return;
    }
    await doc.getPage(1);
    await send({ type: 'inspected', pageCount: doc.numPages });
  } finally {
    await doc?.destroy();
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as PdfChildRequest;
  try {
    const data = await readStdin({ maxBytes: request.maxBytes });
    if (Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') {
      await send({ type: 'failed', problem: 'not_pdf', detail: 'does not start with %PDF-' });
      return;
    }
    if (request.mode === 'inspect') await inspect({ data });
  } catch (error) {
    await send({ type: 'failed', ...classify(error) });
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
