import { endPdfChild, holdPdfChild, isPdfChildAlive, type PdfChild } from './pdf-process.js';
import { readDataBytes } from './pdf-data-segment.js';
import type { PdfChildKind } from './pdf-process.types.js';
import type { PdfiumWasm } from './pdfium-wasm.js';

export type PdfChildRecycling = {
  /** A child is replaced after reading this many documents (PDF_CHILD_MAX_DOCUMENTS). */
  maxDocuments: number;
  /**
   * A child whose data segment (or resident memory, where /proc is absent) has grown by this much
   * since it loaded its engine is replaced after a document (PDF_CHILD_RECYCLE_MB); so is one that
   * holds half its memory limit, however it got there. Measured from the engine's own size, not from
   * zero: pdf.js alone takes a child to ~430 MB and PDFium to ~180 MB; what the mark is for is growth
   * (caches, fragmentation, a WASM heap that never shrinks), and replacing a child for the size of its
   * engine only buys the next document a cold start. The half-limit cap keeps the safety: every
   * document starts with at least half the memory limit free.
   */
  memoryHighWaterBytes: number;
  /** An idle child is ended after this long without work (PDF_CHILD_IDLE_SECONDS). */
  idleMs: number;
};

/** As the settings' defaults in documents.config.ts, for callers without a config (tests, scripts). */
export const defaultPdfChildRecycling: PdfChildRecycling = { maxDocuments: 200, memoryHighWaterBytes: 384 * 1024 * 1024, idleMs: 300_000 };

export type PdfChildEnd = 'documents' | 'memory' | 'full';

/**
 * The long-lived PDF children of this process, of both kinds (PdfChildKind): at most `maxIdle` of
 * them alive in all, idle or at work (with the slots in pdf-slots.ts, never more children than
 * PDF_MAX_CHILDREN). runPdfChild takes an idle one of the kind it needs, or makes room and starts
 * one, and gives it back after a document it answered; any failure ends the child instead.
 */
export type PdfChildPool = {
  /** The idle child of this kind that worked last, if one with this memory limit is idle. */
  take: (args: { memoryBytes: number; kind: PdfChildKind }) => PdfChild | undefined;
  /** Before a child is started: ends the idle child that waited longest if otherwise there would be more than `maxIdle` children. */
  makeRoom: () => Promise<void>;
  /** A child started for the pool: counted until it is given back or ends. */
  adopt: (args: { child: PdfChild }) => void;
  /** Back to idle, or ended when it read its share of documents, holds too much memory or idle is full; says which. */
  give: (args: { child: PdfChild }) => Promise<PdfChildEnd | undefined>;
  /** Process ids of the idle children. */
  idlePids: () => number[];
  /** How many children were ended after a document they answered, by reason (the benchmark reports it). */
  ended: () => Record<PdfChildEnd, number>;
  /** The PDFium binary a new PDFium child loads: the optimised one once there is one (pdfium-wasm.ts), else undefined (the package's). */
  pdfiumWasm: () => string | undefined;
  /** Ends every idle child, and stops making the optimised PDFium binary if it is being made. */
  close: () => Promise<void>;
};

export function createPdfChildPool({ maxIdle, recycling, pdfiumWasm }: { maxIdle: number; recycling: PdfChildRecycling; pdfiumWasm?: PdfiumWasm }): PdfChildPool {
  const idle: { child: PdfChild; timer: NodeJS.Timeout }[] = [];
  /** Children taken or started and not yet given back: they count against maxIdle too. */
  const working = new Set<PdfChild>();
  const work = (child: PdfChild) => {
    working.add(child);
    void child.exited.then(() => working.delete(child));
  };
  const ended: Record<PdfChildEnd, number> = { documents: 0, memory: 0, full: 0 };
  const remove = (child: PdfChild) => {
    const index = idle.findIndex((entry) => entry.child === child);
    if (index === -1) return false;
    clearTimeout(idle[index]!.timer);
    idle.splice(index, 1);
    return true;
  };
  return {
    take({ memoryBytes, kind }) {
      for (let index = idle.length - 1; index >= 0; index -= 1) {
        const entry = idle[index]!;
        // Started under another memory limit (the setting changed, or a test asks for less), or died while idle.
        if (entry.child.memoryBytes !== memoryBytes || !isPdfChildAlive(entry.child)) {
          remove(entry.child);
          void endPdfChild(entry.child);
          continue;
        }
        if (entry.child.kind !== kind) continue; // kept for its own kind's next document
        remove(entry.child);
        holdPdfChild({ child: entry.child, held: true });
        work(entry.child);
        return entry.child;
      }
      return undefined;
    },
    async makeRoom() {
      while (idle.length > 0 && idle.length + working.size >= maxIdle) {
        const [oldest] = idle;
        remove(oldest!.child);
        ended.full += 1; // as when idle is full: no room for it
        await endPdfChild(oldest!.child);
      }
    },
    adopt({ child }) {
      work(child);
    },
    async give({ child }) {
      working.delete(child);
      const memory = readDataBytes(child.pid) || child.rssBytes;
      const reason: PdfChildEnd | undefined =
        child.documents >= recycling.maxDocuments ? 'documents'
        : memory - child.engineBytes >= recycling.memoryHighWaterBytes || memory >= child.memoryBytes / 2 ? 'memory'
        : idle.length >= maxIdle ? 'full'
        : undefined;
      if (reason) {
        ended[reason] += 1;
        await endPdfChild(child);
        return reason;
      }
      const timer = setTimeout(() => {
        if (remove(child)) void endPdfChild(child);
      }, recycling.idleMs);
      timer.unref();
      idle.push({ child, timer });
      void child.exited.then(() => remove(child));
      holdPdfChild({ child, held: false });
      return undefined;
    },
    idlePids: () => idle.map((entry) => entry.child.pid),
    ended: () => ({ ...ended }),
    pdfiumWasm: () => pdfiumWasm?.current(),
    async close() {
      const children = idle.splice(0).map((entry) => {
        clearTimeout(entry.timer);
        return entry.child;
      });
      await Promise.all([...children.map((child) => endPdfChild(child)), pdfiumWasm?.close()]);
    },
  };
}
