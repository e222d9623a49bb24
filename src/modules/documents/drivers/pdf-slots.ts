/**
 * How many PDF child processes run at once in this process, across uploads and ingestion jobs: each
 * may take up to INGEST_MEMORY_MB, so the cap is what bounds the machine's memory. `acquire` resolves
 * with a release function when a slot is free; `maxWaiting` bounds the queue for callers that would
 * rather be refused (an upload answers 503 with Retry-After) than wait behind a long line.
 */
export type PdfSlots = {
  acquire: (options?: { maxWaiting?: number }) => Promise<(() => void) | undefined>;
  running: () => number;
  waiting: () => number;
};

export function createPdfSlots({ max }: { max: number }): PdfSlots {
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
  };
}
