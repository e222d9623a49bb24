import { endPdfChild, holdPdfChild, isPdfChildAlive, readDataBytes, type PdfChild } from './pdf-process.js';

export type PdfChildRecycling = {
  /** A child is replaced after reading this many documents (PDF_CHILD_MAX_DOCUMENTS). */
  maxDocuments: number;
  /** A child whose data segment (or resident memory, where /proc is absent) is at or above this after a document is replaced (PDF_CHILD_RECYCLE_MB); never above half its memory limit. */
  memoryHighWaterBytes: number;
  /** An idle child is ended after this long without work (PDF_CHILD_IDLE_SECONDS). */
  idleMs: number;
};

/** As the settings' defaults in documents.config.ts, for callers without a config (tests, scripts). */
export const defaultPdfChildRecycling: PdfChildRecycling = { maxDocuments: 50, memoryHighWaterBytes: 384 * 1024 * 1024, idleMs: 300_000 };

export type PdfChildEnd = 'documents' | 'memory' | 'full';

/**
 * The idle long-lived PDF children of this process (at most `maxIdle`: with the slots in
 * pdf-slots.ts, never more children than PDF_MAX_CHILDREN in all). runPdfChild takes one, and gives
 * it back after a document it answered; any failure ends the child instead.
 */
export type PdfChildPool = {
  /** The idle child that worked last, if one with this memory limit is idle. */
  take: (args: { memoryBytes: number }) => PdfChild | undefined;
  /** Back to idle, or ended when it read its share of documents, holds too much memory or idle is full; says which. */
  give: (args: { child: PdfChild }) => Promise<PdfChildEnd | undefined>;
  /** Process ids of the idle children. */
  idlePids: () => number[];
  /** How many children were ended after a document they answered, by reason (the benchmark reports it). */
  ended: () => Record<PdfChildEnd, number>;
  /** Ends every idle child. */
  close: () => Promise<void>;
};

export function createPdfChildPool({ maxIdle, recycling }: { maxIdle: number; recycling: PdfChildRecycling }): PdfChildPool {
  const idle: { child: PdfChild; timer: NodeJS.Timeout }[] = [];
  const ended: Record<PdfChildEnd, number> = { documents: 0, memory: 0, full: 0 };
  const remove = (child: PdfChild) => {
    const index = idle.findIndex((entry) => entry.child === child);
    if (index === -1) return false;
    clearTimeout(idle[index]!.timer);
    idle.splice(index, 1);
    return true;
  };
  return {
    take({ memoryBytes }) {
      for (let entry = idle.pop(); entry; entry = idle.pop()) {
        clearTimeout(entry.timer);
        // Started under another memory limit (the setting changed, or a test asks for less), or died while idle.
        if (entry.child.memoryBytes !== memoryBytes || !isPdfChildAlive(entry.child)) {
          void endPdfChild(entry.child);
          continue;
        }
        holdPdfChild({ child: entry.child, held: true });
        return entry.child;
      }
      return undefined;
    },
    async give({ child }) {
      const memory = readDataBytes(child.pid) || child.rssBytes;
      const reason: PdfChildEnd | undefined =
        child.documents >= recycling.maxDocuments ? 'documents'
        : memory >= Math.min(recycling.memoryHighWaterBytes, child.memoryBytes / 2) ? 'memory'
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
    async close() {
      const children = idle.splice(0).map((entry) => {
        clearTimeout(entry.timer);
        return entry.child;
      });
      await Promise.all(children.map((child) => endPdfChild(child)));
    },
  };
}
