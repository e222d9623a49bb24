import { createPdfChildPool, defaultPdfChildRecycling, type PdfChildPool, type PdfChildRecycling } from './pdf-pool.js';
import type { PdfiumWasm } from './pdfium-wasm.js';

/**
 * How many PDF child processes run at once in this process, across uploads and ingestion jobs: each
 * may take up to INGEST_MEMORY_MB, so the cap is what bounds the machine's memory. `acquire` resolves
 * with a release function when a slot is free; `maxWaiting` bounds the queue for callers that would
 * rather be refused (an upload answers 503 with Retry-After) than wait behind a long line.
 * `children` keeps the long-lived children between documents, at most `max` of them idle: a slot
 * holder takes an idle one or starts one, so there are never more than `max` children in all.
 */
export type PdfSlots = {
  acquire: (options?: { maxWaiting?: number }) => Promise<(() => void) | undefined>;
  running: () => number;
  waiting: () => number;
  children: PdfChildPool;
  /** Ends the idle children, and a build of the optimised PDFium binary in progress (at shutdown). */
  close: () => Promise<void>;
};

/** When children are replaced, from PDF_CHILD_MAX_DOCUMENTS, PDF_CHILD_RECYCLE_MB and PDF_CHILD_IDLE_SECONDS. */
export function pdfChildRecyclingOf({ config }: { config: { pdfChildMaxDocuments: number; pdfChildRecycleMb: number; pdfChildIdleSeconds: number } }): PdfChildRecycling {
  return { maxDocuments: config.pdfChildMaxDocuments, memoryHighWaterBytes: config.pdfChildRecycleMb * 1024 * 1024, idleMs: config.pdfChildIdleSeconds * 1000 };
}

/** `pdfiumWasm`: which PDFium binary new children load (pdfium-wasm.ts); without it, the package's. */
export function createPdfSlots({ max, recycling = defaultPdfChildRecycling, pdfiumWasm }: { max: number; recycling?: PdfChildRecycling; pdfiumWasm?: PdfiumWasm }): PdfSlots {
  const children = createPdfChildPool({ maxIdle: max, recycling, pdfiumWasm });
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };
  const releaseOnce = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    async acquire({ maxWaiting = Number.POSITIVE_INFINITY } = {}) {
      if (running < max) {
        running += 1;
        return releaseOnce();
      }
      if (queue.length >= maxWaiting) return undefined;
      // A released slot passes straight to the first in line (running stays the same).
      await new Promise<void>((resolve) => queue.push(resolve));
      return releaseOnce();
    },
    running: () => running,
    waiting: () => queue.length,
    children,
    close: () => children.close(),
  };
}
