import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeReportPdf } from '../../demo/drivers/pdf-writer.js';
import { createColouredShapePdf, createTaggedPdf } from '../documents.test-utils.js';
import { defaultPdfLimits, endPdfChild, runPdfChild } from './pdf-process.js';
import { createPdfChildPool, defaultPdfChildRecycling } from './pdf-pool.js';
import type { PdfChildMessage, PdfChildRequest, PdfiumBinary } from './pdf-process.types.js';
import { createPdfiumWasm, optimiseWasm, shippedPdfiumWasm, type PdfiumWasm } from './pdfium-wasm.js';

/**
 * A WebAssembly module written byte by byte: `add(a, b)` exported, calling an unexported helper
 * that adds. wasm-opt inlines the helper and drops it.
 */
function createAddModule(): Buffer {
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // types: (i32, i32) -> i32
    0x03, 0x03, 0x02, 0x00, 0x00, // functions: two of that type
    0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, // export "add" = function 1
    0x0a, 0x12, 0x02, // code: two bodies
    0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // helper: local.get 0, local.get 1, i32.add
    0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b, // add: local.get 0, local.get 1, call helper
  ]);
}

const addOptions = ['-O3', '--inline-functions-with-loops', '--flexible-inline-max-function-size', '100'];

function compile(bytes: Buffer): WebAssembly.Module {
  return new WebAssembly.Module(new Uint8Array(bytes));
}

function callAdd(bytes: Buffer, a: number, b: number): number {
  const instance = new WebAssembly.Instance(compile(bytes));
  return (instance.exports.add as (a: number, b: number) => number)(a, b);
}

describe('optimising a WebAssembly binary with Binaryen', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beretning-wasm-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a smaller binary that does the same, with the same exports, and leaves no temporary file', async () => {
    const source = join(dir, 'add.wasm');
    writeFileSync(source, createAddModule());
    const target = join(dir, 'cache', 'add-opt.wasm');
    expect(await optimiseWasm({ source, target, options: addOptions })).toEqual({ ok: true });
    const optimised = readFileSync(target);
    expect(optimised.length).toBeLessThan(createAddModule().length);
    expect(WebAssembly.Module.exports(compile(optimised))).toEqual([{ name: 'add', kind: 'function' }]);
    expect(callAdd(optimised, 2, 40)).toBe(42);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['add-opt.wasm']);
  });

  it('says why in one line when the input is not WebAssembly, and writes nothing', async () => {
    const source = join(dir, 'not.wasm');
    writeFileSync(source, '%PDF-1.7 not a module');
    const target = join(dir, 'broken', 'not-opt.wasm');
    const result = await optimiseWasm({ source, target, options: addOptions });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^wasm-opt failed \(exit \d+\)/);
    expect(result.ok ? '' : result.reason).not.toContain('\n');
    expect(readdirSync(join(dir, 'broken'))).toEqual([]);
  });

  it('finds the binary in the cache, makes it only where allowed, and not at all when switched off', async () => {
    const source = join(dir, 'add-for-cache.wasm');
    writeFileSync(source, createAddModule());
    const cacheDir = join(dir, 'choice');
    const settledWith: string[] = [];
    const make = ({ enabled, build }: { enabled: boolean; build: boolean }) => createPdfiumWasm({ enabled, build, cacheDir, source, options: addOptions, onSettled: (result) => settledWith.push(result.state) });

    const off = make({ enabled: false, build: true });
    expect(off.current()).toBeUndefined();
    expect(await off.settled()).toEqual({ state: 'off' });

    const user = make({ enabled: true, build: false });
    expect(await user.settled()).toEqual({ state: 'absent' });
    expect(user.current()).toBeUndefined();
    expect(existsSync(cacheDir)).toBe(false);

    const maker = make({ enabled: true, build: true });
    // The first call starts the build and answers at once: children start from the package's binary meanwhile.
    expect(maker.current()).toBeUndefined();
    const made = await maker.settled();
    expect(made).toMatchObject({ state: 'ready', built: true, path: expect.stringMatching(/pdfium-[0-9a-f]{16}\.wasm$/) });
    expect(maker.current()).toBe(made.state === 'ready' ? made.path : '');
    expect(callAdd(readFileSync(maker.current()!), 1, 2)).toBe(3);

    // Another process (a command) finds it; other options make another file.
    expect(await make({ enabled: true, build: false }).settled()).toEqual({ ...made, built: false });
    const other = await createPdfiumWasm({ enabled: true, build: false, cacheDir, source, options: ['-O2'] }).settled();
    expect(other).toEqual({ state: 'absent' });
    expect(settledWith).toEqual(['off', 'absent', 'ready', 'ready']);
  });

  it('stops a build in progress when closed, leaving nothing behind', async () => {
    const cacheDir = join(dir, 'stopped');
    // PDFium itself: a build of about a minute, stopped well before it ends.
    const wasm = createPdfiumWasm({ enabled: true, build: true, cacheDir });
    expect(wasm.current()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await wasm.close();
    expect(await wasm.settled()).toEqual({ state: 'stopped' });
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});

/** Every message a new pooled PDFium child sends for one request, and its answer; and which PDFium binary it said it runs. */
async function readAll({ bytes, request, pdfiumWasm }: { bytes: Uint8Array; request: PdfChildRequest; pdfiumWasm: PdfiumWasm | undefined }): Promise<{ messages: string; binary: PdfiumBinary | undefined }> {
  const pool = createPdfChildPool({ maxIdle: 1, recycling: defaultPdfChildRecycling, pdfiumWasm });
  try {
    const messages: PdfChildMessage[] = [];
    const result = await runPdfChild({ request, input: Readable.from([Buffer.from(bytes)]), children: pool, onMessage: (message) => messages.push(message) });
    const child = pool.take({ memoryBytes: defaultPdfLimits.memoryBytes, kind: 'pdfium' });
    if (child) await endPdfChild(child);
    return { messages: JSON.stringify([...messages, result]), binary: child?.pdfium };
  } finally {
    await pool.close();
  }
}

const fixed = (path: string): PdfiumWasm => ({ current: () => path, settled: async () => ({ state: 'ready', path, built: false }), close: async () => undefined });

describe('PDFium children reading with the optimised binary', () => {
  let optimised: string;
  let documents: { name: string; bytes: Uint8Array }[];
  beforeAll(async () => {
    // The real build, into the real cache: about a CPU-minute the first time on a machine, then found.
    const result = await createPdfiumWasm({ enabled: true, build: true }).settled();
    if (result.state !== 'ready') throw new Error(`the optimised PDFium binary could not be made: ${JSON.stringify(result)}`);
    optimised = result.path;
    documents = [
      { name: 'a tagged PDF (headings, nested list, table, figures, artifacts, a language span)', bytes: createTaggedPdf({ untaggedText: true, bulletParagraph: true, privateUseGlyph: true, scannedPage: true }) },
      { name: 'an untagged report of several pages, hyphenated, with an outline', bytes: await writeReportPdf({ title: 'Beretning 2025', sections: Array.from({ length: 6 }, (_, index) => ({ heading: `Kapitel ${index + 1}`, paragraphs: ['Kommunerne har i året arbejdet med velfærd, sundhed og beskæftigelse. '.repeat(12)] })), hyphenate: true }) },
      { name: 'a coloured shape (the cover)', bytes: createColouredShapePdf() },
    ];
  }, 600_000);

  it('is a different binary from the package\'s', () => {
    expect(readFileSync(optimised).equals(readFileSync(shippedPdfiumWasm()))).toBe(false);
  });

  it('sends the same messages, byte for byte, as the package\'s binary: text, structure, facts, outline and covers', async () => {
    for (const { name, bytes } of documents) {
      for (const request of [{ mode: 'inspect', maxBytes: 1e8 }, { mode: 'ingest', maxBytes: 1e8, maxPages: 1000, maxTextChars: 1e8, coverWidths: [320, 640] }] satisfies PdfChildRequest[]) {
        const shipped = await readAll({ bytes, request, pdfiumWasm: undefined });
        expect(shipped.binary).toBe('shipped');
        expect(shipped.messages, name).toContain(request.mode === 'ingest' ? '"type":"ingested"' : '"type":"inspected"');
        expect(await readAll({ bytes, request, pdfiumWasm: fixed(optimised) }), `${name}, ${request.mode}`).toEqual({ messages: shipped.messages, binary: 'optimised' });
      }
    }
  }, 120_000);

  it('falls back to the package\'s binary when the one it is given will not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beretning-wasm-bad-'));
    try {
      const broken = join(dir, 'pdfium-broken.wasm');
      writeFileSync(broken, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff]));
      const request: PdfChildRequest = { mode: 'ingest', maxBytes: 1e8, maxPages: 1000, maxTextChars: 1e8, coverWidths: [] };
      const { bytes } = documents[0]!;
      const shipped = await readAll({ bytes, request, pdfiumWasm: undefined });
      expect(await readAll({ bytes, request, pdfiumWasm: fixed(broken) })).toEqual(shipped);
      expect(await readAll({ bytes, request, pdfiumWasm: fixed(join(dir, 'absent.wasm')) })).toEqual(shipped);
      expect(shipped.binary).toBe('shipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
