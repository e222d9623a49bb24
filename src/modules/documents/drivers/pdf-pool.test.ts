import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTestPdf } from '../../../app.test-utils.js';
import { createFlateBombPdf, createUtf8CMapPdf } from '../documents.test-utils.js';
import { runPdfChild } from './pdf-process.js';
import { readDataBytes } from './pdf-data-segment.js';
import { createPdfChildPool, type PdfChildPool, type PdfChildRecycling } from './pdf-pool.js';
import type { PdfChildMessage, PdfChildRequest, PdfProcessLimits } from './pdf-process.types.js';

const MiB = 1024 * 1024;
const limits: PdfProcessLimits = { timeoutMs: 60_000, memoryBytes: 1024 * MiB };
const ingest: PdfChildRequest = { mode: 'ingest', maxBytes: 1e8, maxPages: 1000, maxTextChars: 1e7, coverWidths: [] };
const roomy: PdfChildRecycling = { maxDocuments: 100, memoryHighWaterBytes: 1024 * MiB, idleMs: 60_000 };

let pool: PdfChildPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function isAlive(pid: number): boolean {
  try {
    return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
const hasProc = existsSync('/proc/self/status');

/** Reads a PDF on the pool; returns the result, the page texts and which child read it. */
async function read({ pdf, request = ingest, limitsOf = limits }: { pdf: Buffer; request?: PdfChildRequest; limitsOf?: PdfProcessLimits }) {
  const texts: string[] = [];
  const result = await runPdfChild({ request, input: Readable.from([pdf]), limits: limitsOf, children: pool, onMessage: (m: PdfChildMessage) => { if (m.type === 'page') texts.push(m.text); } });
  return { result, texts, idle: pool!.idlePids() };
}

/** After a failure: no child is idle, the one that failed is gone, and a fresh one reads the next document; returns its pid. */
async function expectReplacedAfter({ failed, problem, previous, pdf }: { failed: Awaited<ReturnType<typeof read>>; problem: string; previous: number; pdf: Buffer }): Promise<number> {
  expect(failed.result).toMatchObject({ type: 'failed', problem });
  expect(failed.idle).toEqual([]);
  if (hasProc) expect(isAlive(previous)).toBe(false);
  const next = await read({ pdf });
  expect(next.result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
  expect(next.idle).toHaveLength(1);
  expect(next.idle[0]).not.toBe(previous);
  return next.idle[0]!;
}

let bomb: Buffer;
beforeAll(async () => {
  // 64 MiB of blanks once inflated: several seconds of parsing, so it can pass a short time limit.
  bomb = await createFlateBombPdf({ decodedBytes: 64 * MiB });
});

describe('long-lived PDF children', () => {
  it('read many documents in one process, each with the same result as a child of its own', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    const pdfs = [await createTestPdf({ pages: 3, words: 'kommunerne velfærd' }), await createTestPdf({ pages: 2, words: 'læsø ærø' }), await createTestPdf({ pages: 4, words: 'klima budget' })];
    const pids = new Set<number>();
    for (const pdf of pdfs) {
      const pooled = await read({ pdf });
      const alone: string[] = [];
      const single = await runPdfChild({ request: ingest, input: Readable.from([pdf]), limits, onMessage: (m) => { if (m.type === 'page') alone.push(m.text); } });
      expect(pooled.result).toEqual(single);
      expect(pooled.texts).toEqual(alone);
      expect(pooled.idle).toHaveLength(1);
      pids.add(pooled.idle[0]!);
    }
    expect(pids.size).toBe(1);
    // An upload's check and an ingestion share the child too.
    expect((await read({ pdf: pdfs[0]!, request: { mode: 'inspect', maxBytes: 1e8 } })).result).toEqual({ type: 'inspected', pageCount: 3 });
    expect(pool.idlePids()).toEqual([...pids]);
  }, 60_000);

  it('replace the child after any failure; the next document is read by a fresh one', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    const pdf = await createTestPdf({ pages: 2 });
    const [first] = (await read({ pdf })).idle;
    const second = await expectReplacedAfter({ failed: await read({ pdf: pdf.subarray(0, 400) }), problem: 'malformed', previous: first!, pdf });
    // Even a polite refusal (not a PDF at all) replaces it.
    await expectReplacedAfter({ failed: await read({ pdf: Buffer.from('dette er ikke en PDF') }), problem: 'not_pdf', previous: second, pdf });
  }, 60_000);

  it('replace the child after N documents', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: { ...roomy, maxDocuments: 2 } });
    const pdf = await createTestPdf({ pages: 2 });
    const first = await read({ pdf });
    expect(first.idle).toHaveLength(1);
    const second = await read({ pdf });
    expect(second.result).toMatchObject({ type: 'ingested' });
    expect(second.idle).toEqual([]); // its second document was its last
    if (hasProc) expect(isAlive(first.idle[0]!)).toBe(false);
    const third = await read({ pdf });
    expect(third.result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
    expect(third.idle).toHaveLength(1);
    expect(third.idle[0]).not.toBe(first.idle[0]);
    expect(pool.ended()).toMatchObject({ documents: 1 });
  }, 60_000);

  it('replace a child that holds more memory than the high-water mark after a document', async () => {
    // Any Node process holds more than 1 MiB: every child is over the mark after its first document.
    pool = createPdfChildPool({ maxIdle: 1, recycling: { ...roomy, memoryHighWaterBytes: MiB } });
    const pdf = await createTestPdf({ pages: 2 });
    for (let i = 0; i < 2; i += 1) {
      const { result, idle } = await read({ pdf });
      expect(result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
      expect(idle).toEqual([]);
    }
    expect(pool.ended()).toMatchObject({ memory: 2 });
    // Under a roomy mark the same child stays.
    await pool.close();
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    expect((await read({ pdf })).idle).toHaveLength(1);
  }, 60_000);

  it('kill a child past its time limit and replace it; the next document succeeds', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    const pdf = await createTestPdf({ pages: 2 });
    const [warm] = (await read({ pdf })).idle;
    await expectReplacedAfter({ failed: await read({ pdf: bomb, limitsOf: { ...limits, timeoutMs: 300 } }), problem: 'timeout', previous: warm!, pdf });
  }, 60_000);

  it('keep at most maxIdle children, end an idle one after idleMs, and end them all on close', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    const pdf = await createTestPdf({ pages: 2 });
    const reads = await Promise.all([read({ pdf }), read({ pdf })]);
    expect(reads.map((r) => r.result.type)).toEqual(['ingested', 'ingested']);
    expect(pool.idlePids()).toHaveLength(1);
    expect(pool.ended()).toMatchObject({ full: 1 });
    await pool.close();
    pool = createPdfChildPool({ maxIdle: 1, recycling: { ...roomy, idleMs: 300 } });
    const [idle] = (await read({ pdf })).idle;
    expect(idle).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(pool.idlePids()).toEqual([]);
    if (hasProc) expect(isAlive(idle!)).toBe(false);
    const [again] = (await read({ pdf })).idle;
    await pool.close();
    expect(pool.idlePids()).toEqual([]);
    if (hasProc) expect(isAlive(again!)).toBe(false);
  }, 60_000);
});

describe('a document PDFium hands over to pdf.js', () => {
  it('is read by a pdf.js child of its own: the PDFium child is still idle afterwards, never loaded pdf.js, and reads the next document', async () => {
    pool = createPdfChildPool({ maxIdle: 2, recycling: roomy });
    const plain = await createTestPdf({ pages: 2, words: 'kommunerne velfærd' });
    const [pdfium] = (await read({ pdf: plain })).idle;
    const pdfiumBytes = readDataBytes(pdfium!);
    const messages: PdfChildMessage[] = [];
    const result = await runPdfChild({ request: ingest, input: Readable.from([createUtf8CMapPdf({ text: 'масса', pageBefore: 'Forord' })]), limits, children: pool, onMessage: (m) => messages.push(m) });
    expect(result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
    const kept = messages.slice(messages.findIndex((m) => m.type === 'restart') + 1);
    expect(kept.flatMap((m) => (m.type === 'page' ? [m.text] : []))).toEqual(['Forord', 'масса']);
    // The PDFium child is idle again, the same process, and never loaded pdf.js (which takes a
    // child reading this file past 500 MB of data segment): it stayed at its own size.
    expect(pool.idlePids()).toContain(pdfium);
    if (hasProc) {
      expect(isAlive(pdfium!)).toBe(true);
      expect(readDataBytes(pdfium!)).toBeLessThan(pdfiumBytes + 64 * MiB);
    }
    const next = await read({ pdf: plain });
    expect(next.result).toMatchObject({ type: 'ingested', pagesIndexed: 2 });
    expect(next.idle).toContain(pdfium);
  }, 60_000);

  it('never has more children alive than maxIdle: with room for one, the idle PDFium child is ended to start the pdf.js child', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: roomy });
    const [pdfium] = (await read({ pdf: await createTestPdf({ pages: 2 }) })).idle;
    const handedOver = await read({ pdf: createUtf8CMapPdf({ text: 'масса' }) });
    expect(handedOver.texts.at(-1)).toBe('масса');
    expect(handedOver.idle.length).toBeLessThanOrEqual(1);
    expect(handedOver.idle).not.toContain(pdfium);
    if (hasProc) expect(isAlive(pdfium!)).toBe(false);
    expect(pool.ended().full).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('the memory high-water mark', () => {
  it('is measured from what the child held once its engine was loaded, not from zero (a PDFium child alone holds more than this mark)', async () => {
    pool = createPdfChildPool({ maxIdle: 1, recycling: { ...roomy, memoryHighWaterBytes: 64 * MiB } });
    const pdf = await createTestPdf({ pages: 2 });
    const first = await read({ pdf });
    if (hasProc) expect(readDataBytes(first.idle[0]!)).toBeGreaterThan(64 * MiB);
    const second = await read({ pdf });
    expect(second.idle).toEqual(first.idle);
    expect(pool.ended()).toMatchObject({ memory: 0 });
  }, 60_000);
});

describe('a process with an idle PDF child', () => {
  it('is not kept alive by it, and waits for it to end when the pool closes (a CLI command ends cleanly)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beretning-pool-'));
    try {
      const script = join(dir, 'close.mts');
      const module = (name: string) => JSON.stringify(new URL(name, import.meta.url).href);
      const pdf = join(dir, 'beretning.pdf');
      writeFileSync(pdf, await createTestPdf({ pages: 2 }));
      writeFileSync(script, [
        `import { createReadStream } from 'node:fs';`,
        `import { runPdfChild } from ${module('./pdf-process.ts')};`,
        `import { createPdfChildPool, defaultPdfChildRecycling } from ${module('./pdf-pool.ts')};`,
        `const pool = createPdfChildPool({ maxIdle: 1, recycling: defaultPdfChildRecycling });`,
        `const result = await runPdfChild({ request: { mode: 'inspect', maxBytes: 1e8 }, input: createReadStream(${JSON.stringify(pdf)}), children: pool });`,
        `console.log(result.type, pool.idlePids().join(','));`,
        `if (process.argv[2] === 'close') { await pool.close(); console.log('closed'); }`,
      ].join('\n'));
      for (const mode of ['close', 'leave']) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 240_000 });
        // Exit code 13 is Node's "unsettled top-level await": close() waited for a child the event loop no longer watched.
        expect(run.status, run.stderr).toBe(0);
        const [type, pid] = run.stdout.split('\n')[0]!.split(' ');
        expect(type).toBe('inspected');
        expect(run.stdout.includes('closed')).toBe(mode === 'close');
        if (hasProc && mode === 'close') expect(isAlive(Number(pid))).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
