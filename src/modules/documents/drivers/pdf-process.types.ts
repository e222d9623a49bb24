// The contract between the server and the PDF child process (pdf-child.ts).

export type PdfProblem = 'not_pdf' | 'encrypted' | 'malformed' | 'no_pages' | 'too_large' | 'timeout' | 'crashed';

export type PdfChildRequest = { mode: 'inspect'; maxBytes: number };

export type PdfChildMessage =
  | { type: 'inspected'; pageCount: number }
  | { type: 'failed'; problem: PdfProblem; detail: string };

export type PdfProcessLimits = {
  /** Wall-clock limit for the whole child; it is killed when it passes. */
  timeoutMs: number;
  /** Memory limit for everything the child allocates (JS heap, buffers, decoded streams). */
  memoryBytes: number;
};
