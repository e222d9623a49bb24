// PDFium's WebAssembly as @embedpdf/pdfium ships it was linked without Binaryen's optimiser: its
// build passes no -O to emscripten's link step, which is where emscripten runs wasm-opt. So LLVM
// optimised each of PDFium's source files on its own and nothing was inlined across them. Binaryen's
// wasm-opt at -O3, inlining small functions (those with loops too), makes PDFium's own loading of a
// page and its text about 15–20 % less CPU (bench:ingest; README, *Benchmarks*).
//
// So the server makes that copy once per installation: on its first PDF child, in a process of its
// own at the lowest priority (about a CPU-minute and 300 MB, once), kept in
// node_modules/.cache/beretning under a name made from the package's binary, Binaryen's version and
// the options, and written atomically. PDFium children started after that load it (the parent names
// it in PDFIUM_WASM_ENV; pdf-engine-pdfium.ts falls back to the package's binary if it will not
// load). Until it is there, if it cannot be made (a read-only node_modules) or with
// PDFIUM_OPTIMIZE=false, children load the package's binary: the same results, more CPU.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getPdfChildCacheDir } from './pdf-child-command.js';
import { runProgram } from '../../../shared/run-program.js';

/** The environment variable in which the parent names the optimised binary to a PDFium child. */
export const PDFIUM_WASM_ENV = 'BERETNING_PDFIUM_WASM';

/**
 * wasm-opt's options: -O3, inlining functions of up to 100 instructions, loops or not (Binaryen's
 * defaults leave those with loops alone); and the WebAssembly features the package's binary uses,
 * which wasm-opt must be told (it refuses a binary with others, so a new package build that needs
 * more fails here and is read as shipped).
 */
export const WASM_OPT_OPTIONS = ['-O3', '--inline-functions-with-loops', '--flexible-inline-max-function-size', '100', '--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int'];

/** Longest a build may take (it takes about a minute of CPU at the lowest priority; a busy machine stretches it). */
const BUILD_TIMEOUT_MS = 30 * 60_000;

export type WasmBuild =
  /** The optimised binary: found in the cache, or `built` by this process. */
  | { state: 'ready'; path: string; built: boolean }
  /** Not in the cache, and this process does not make it. */
  | { state: 'absent' }
  /** Making it failed: `reason` in one line. */
  | { state: 'failed'; reason: string }
  /** Making it was stopped (close, at shutdown): the next process that may make it starts again. */
  | { state: 'stopped' }
  /** PDFIUM_OPTIMIZE=false. */
  | { state: 'off' };

const requireHere = createRequire(import.meta.url);

/** The package's own binary. */
export function shippedPdfiumWasm(): string {
  return requireHere.resolve('@embedpdf/pdfium/pdfium.wasm');
}

function wasmOptScript(): { path: string; version: string } {
  const { version } = requireHere('binaryen/package.json') as { version: string };
  return { path: requireHere.resolve('binaryen/bin/wasm-opt'), version };
}

/** The cache file for `source` optimised with `options` by this Binaryen: a new package, Binaryen or option list gets a new name. */
async function optimisedPdfiumPath({ source, options, cacheDir }: { source: string; options: string[]; cacheDir: string }): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
  hash.update(`\0binaryen ${wasmOptScript().version}\0${options.join(' ')}`);
  return join(cacheDir, `pdfium-${hash.digest('hex').slice(0, 16)}.wasm`);
}

/**
 * Runs Binaryen's wasm-opt (a Node script) on `source`, writing `target` atomically: into a
 * temporary file beside it, renamed once wasm-opt succeeded (it validates what it writes), the
 * result starts with WebAssembly's magic bytes and is on disk. Several processes making it at once
 * (instances started together) each write their own temporary file; the last rename wins, with the
 * same bytes. At the lowest CPU priority; killed after `timeoutMs` or when `signal` aborts.
 * Resolves with why not, never rejects.
 */
export async function optimiseWasm({ source, target, options, timeoutMs = BUILD_TIMEOUT_MS, signal }: { source: string; target: string; options: string[]; timeoutMs?: number; signal?: AbortSignal }): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (signal?.aborted) return { ok: false, reason: 'stopped' };
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(join(target, '..'), { recursive: true });
    const { stderr, error: failure } = await runProgram({ file: process.execPath, args: [wasmOptScript().path, ...options, source, '-o', temporary], timeoutMs, env: { ...process.env, NODE_OPTIONS: '' }, priority: 19, signal });
    if (signal?.aborted) return { ok: false, reason: 'stopped' };
    if (failure) {
      const said = stderr.trim().split('\n')[0]?.slice(0, 200);
      if (failure.killed && failure.signal === 'SIGKILL') return { ok: false, reason: `wasm-opt was stopped after ${Math.round(timeoutMs / 1000)} s` };
      return { ok: false, reason: typeof failure.code === 'number' ? `wasm-opt failed (exit ${failure.code})${said ? `: ${said}` : ''}` : `wasm-opt did not run: ${failure.message.split('\n')[0]}` };
    }
    // On disk before it gets its name: a copy cut short by a power cut would keep its name and never be made again.
    const file = await open(temporary, 'r+');
    try {
      const head = Buffer.alloc(4);
      await file.read(head, 0, 4, 0);
      if (!head.equals(Buffer.from([0x00, 0x61, 0x73, 0x6d]))) return { ok: false, reason: 'wasm-opt wrote something that is not WebAssembly' };
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Which PDFium binary new PDFium children load (see the top of this file). */
export type PdfiumWasm = {
  /** The optimised binary once there is one, else undefined (the package's). The first call starts looking for it, and making it where allowed. */
  current: () => string | undefined;
  /** Starts looking (and making) if not yet started; resolves when that is done. */
  settled: () => Promise<WasmBuild>;
  /** Stops a build in progress (its temporary file goes; the next process starts it again). */
  close: () => Promise<void>;
};

/**
 * `enabled`: PDFIUM_OPTIMIZE. `build`: whether this process makes the binary when the cache has
 * none (the server does; a CLI command, which only uses one already made, does not).
 * `onSettled`: told once what happened (the server logs it).
 */
export function createPdfiumWasm({ enabled, build, cacheDir = getPdfChildCacheDir(), source = shippedPdfiumWasm(), options = WASM_OPT_OPTIONS, onSettled }: { enabled: boolean; build: boolean; cacheDir?: string; source?: string; options?: string[]; onSettled?: (result: WasmBuild) => void }): PdfiumWasm {
  let ready: string | undefined;
  let result: Promise<WasmBuild> | undefined;
  const stopper = new AbortController();
  const settle = async (): Promise<WasmBuild> => {
    if (!enabled) return { state: 'off' };
    try {
      const target = await optimisedPdfiumPath({ source, options, cacheDir });
      if (existsSync(target)) return { state: 'ready', path: target, built: false };
      if (!build) return { state: 'absent' };
      const made = await optimiseWasm({ source, target, options, signal: stopper.signal });
      if (made.ok) return { state: 'ready', path: target, built: true };
      return stopper.signal.aborted ? { state: 'stopped' } : { state: 'failed', reason: made.reason };
    } catch (error) {
      return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  };
  const settled = () => {
    result ??= settle().then((outcome) => {
      if (outcome.state === 'ready') ready = outcome.path;
      onSettled?.(outcome);
      return outcome;
    });
    return result;
  };
  return {
    current() {
      void settled();
      return ready;
    },
    settled,
    async close() {
      stopper.abort();
      await result;
    },
  };
}
