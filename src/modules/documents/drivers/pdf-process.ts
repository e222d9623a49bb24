import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { PdfChildHandOver, PdfChildIdle, PdfChildKind, PdfChildMessage, PdfChildRequest, PdfiumBinary, PdfProcessLimits } from './pdf-process.types.js';
import { preparePdfChild } from './pdf-child-command.js';
import { encodeFrameHeader, frameKinds, maxFrameBytes } from './pdf-child-frames.js';
import type { PdfChildPool } from './pdf-pool.js';
import { readDataBytes } from './pdf-data-segment.js';
import { PDFIUM_WASM_ENV } from './pdfium-wasm.js';

let prlimitAvailable: boolean | undefined;
function hasPrlimit(): boolean {
  prlimitAvailable ??= spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
  return prlimitAvailable;
}

export const defaultPdfLimits: PdfProcessLimits = { timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 };

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** One running pdf-child.ts process; it reads documents one after the other. */
export type PdfChild = {
  pid: number;
  /** The engine it reads with (see PdfChildKind): it only takes requests for that engine. */
  kind: PdfChildKind;
  /** Its RLIMIT_DATA, fixed when it started: it only takes documents with the same limit. */
  memoryBytes: number;
  /** Documents it has been given. */
  documents: number;
  /** Its resident memory after its last document, as it said (where /proc cannot be read). */
  rssBytes: number;
  /** Its data segment right after it loaded its engine, as it said (0 until then). */
  engineBytes: number;
  /** The PDFium binary it runs, as it said once it loaded PDFium (undefined before, and in a pdf.js child). */
  pdfium: PdfiumBinary | undefined;
  process: ChildProcessWithoutNullStreams;
  exited: Promise<Exit>;
  exit: Exit | undefined;
  /** Where its stdout lines go while it reads a document. */
  onLine: ((line: string) => void) | undefined;
  stderr: string;
};

/**
 * V8 without its helper threads (no background compiling, no parallel or concurrent GC): the
 * child's work runs on its main thread. It costs fewer CPU-seconds per document (a warm reading of
 * the 300-page report 4 % less; bench:ingest 0.41–0.46× → 0.47× pdftotext on the report, 0.44–0.45×
 * → 0.47–0.50× on the fixtures), and takes 7–20 % longer by the clock. Ingestion runs in the
 * background beside the readers' requests, so CPU is what counts; and on a small machine the
 * helper threads competed with the server for its cores.
 */
const PDF_CHILD_V8_FLAGS = ['--single-threaded'];

/** Node's arguments for a PDF child under `memoryBytes`: the JS heap gets half, V8 runs without helper threads, then the child's script. */
export async function pdfChildNodeArgs({ memoryBytes }: { memoryBytes: number }): Promise<string[]> {
  const heapMb = Math.max(64, Math.floor(memoryBytes / 1024 / 1024 / 2));
  return [`--max-old-space-size=${heapMb}`, ...PDF_CHILD_V8_FLAGS, ...(await preparePdfChild()).nodeArgs];
}

/** A PDF child's environment: the server's, without NODE_OPTIONS, and naming the optimised PDFium binary to a PDFium child when there is one (pdfium-wasm.ts). */
export function pdfChildEnv({ kind, pdfiumWasm }: { kind: PdfChildKind; pdfiumWasm: string | undefined }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env[PDFIUM_WASM_ENV];
  if (pdfiumWasm && kind === 'pdfium') env[PDFIUM_WASM_ENV] = pdfiumWasm;
  return env;
}

/**
 * Starts pdf-child.ts in a process of its own under the memory limit. Memory: RLIMIT_DATA via
 * prlimit caps every private writable mapping (JS heap, ArrayBuffers, decoded streams, canvas) but
 * not V8's PROT_NONE address-space reservations, which is why `--as` cannot be used (Node will not
 * start under 2 GiB of address space). The JS heap gets half of it. `pdfiumWasm`: the optimised
 * PDFium binary for a PDFium child to load (pdfium-wasm.ts), else it loads the package's.
 */
export async function startPdfChild({ memoryBytes, kind = 'pdfium', pdfiumWasm }: { memoryBytes: number; kind?: PdfChildKind; pdfiumWasm?: string }): Promise<PdfChild> {
  const nodeArgs = await pdfChildNodeArgs({ memoryBytes });
  const [command, args] = hasPrlimit() ? ['prlimit', [`--data=${memoryBytes}`, '--', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const spawned = spawn(command as string, args as string[], { stdio: ['pipe', 'pipe', 'pipe'], env: pdfChildEnv({ kind, pdfiumWasm }) });
  const child: PdfChild = { pid: spawned.pid ?? 0, kind, memoryBytes, documents: 0, rssBytes: 0, engineBytes: 0, pdfium: undefined, process: spawned, exited: undefined as unknown as Promise<Exit>, exit: undefined, onLine: undefined, stderr: '' };
  child.exited = new Promise<Exit>((resolve) =>
    spawned.on('close', (code, signal) => {
      child.exit = { code, signal };
      resolve(child.exit);
    }),
  );
  // A child that dies mid-write makes the pipe fail (EPIPE): its exit says what happened, not this.
  spawned.stdin.on('error', () => undefined);
  spawned.on('error', () => undefined);
  spawned.stderr.on('data', (chunk: Buffer) => {
    if (child.stderr.length < 4000) child.stderr += chunk.toString('utf8');
  });
  createInterface({ input: spawned.stdout }).on('line', (line) => child.onLine?.(line));
  return child;
}

export function isPdfChildAlive(child: PdfChild): boolean {
  return child.exit === undefined && child.process.exitCode === null && child.process.signalCode === null;
}

/** Whether the child keeps this process alive: not while it is idle (a CLI command ends when its work does). */
export function holdPdfChild({ child, held }: { child: PdfChild; held: boolean }): void {
  const handles = [child.process, child.process.stdin, child.process.stdout, child.process.stderr] as unknown as { ref?: () => void; unref?: () => void }[];
  for (const handle of handles) (held ? handle.ref : handle.unref)?.call(handle);
}

/** Ends a child (SIGKILL: it holds nothing worth saving) and waits until it is gone. */
export async function endPdfChild(child: PdfChild): Promise<void> {
  // Held while it ends: an unheld idle child's exit would not keep the event loop waiting for it.
  holdPdfChild({ child, held: true });
  if (isPdfChildAlive(child)) child.process.kill('SIGKILL');
  await child.exited;
}

/** Streams one document to the child: request, the bytes in frames, end. Rejects if the child dies meanwhile. */
async function writeDocument({ child, request, input, kept }: { child: PdfChild; request: PdfChildRequest; input: Readable; kept?: Buffer[] }): Promise<void> {
  const stdin = child.process.stdin;
  const gone = child.exited.then(() => {
    throw new Error('the PDF child ended while reading');
  });
  gone.catch(() => undefined);
  const write = async (bytes: Buffer) => {
    if (!isPdfChildAlive(child) || stdin.destroyed) throw new Error('the PDF child ended while reading');
    if (!stdin.write(bytes)) await Promise.race([once(stdin, 'drain'), gone]);
  };
  const requestBytes = Buffer.from(JSON.stringify(request), 'utf8');
  await write(Buffer.concat([encodeFrameHeader({ kind: frameKinds.request, length: requestBytes.length }), requestBytes]));
  let keptBytes = 0;
  for await (const chunk of input) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    // Past maxBytes the child refuses the document, so nothing beyond it is worth keeping.
    if (kept && keptBytes <= request.maxBytes) {
      kept.push(bytes);
      keptBytes += bytes.length;
    }
    for (let start = 0; start < bytes.length; start += maxFrameBytes) {
      const part = bytes.subarray(start, start + maxFrameBytes);
      await write(Buffer.concat([encodeFrameHeader({ kind: frameKinds.data, length: part.length }), part]));
    }
  }
  await write(encodeFrameHeader({ kind: frameKinds.end, length: 0 }));
}

/**
 * One document on one child. Time: the child is killed with SIGKILL when `timeoutMs` passes.
 * Anything else that ends the child without an answer (OOM abort, signal) is reported as a failure,
 * never thrown. At the memory limit the child rarely dies politely: V8's own garbage collector and
 * pdf.js's native helpers get a refused allocation and abort or segfault with nothing on stderr. So
 * the child's data segment is sampled while it reads, and a death by signal after it reached half
 * the limit counts as the PDF being too large (a decoded stream or image), not as a crash to retry.
 * `ready`: the child answered and said it is idle, so it may take another document.
 */
async function readOnChild({ child, request, input, kept, limits, onMessage, signal }: { child: PdfChild; request: PdfChildRequest; input: Readable; kept?: Buffer[]; limits: PdfProcessLimits; onMessage?: (message: PdfChildMessage) => void; signal?: AbortSignal }): Promise<{ result: PdfChildMessage | PdfChildHandOver; ready: boolean }> {
  child.documents += 1;
  child.stderr = '';
  let final: PdfChildMessage | PdfChildHandOver | undefined;
  let idle: PdfChildIdle | undefined;
  let timedOut = false;
  let peakDataBytes = 0;
  let answered: () => void = () => undefined;
  const idleReached = new Promise<void>((resolve) => {
    answered = resolve;
  });
  child.onLine = (line) => {
    let message: PdfChildMessage | PdfChildIdle | PdfChildHandOver;
    try {
      message = JSON.parse(line) as PdfChildMessage | PdfChildIdle | PdfChildHandOver;
    } catch {
      return;
    }
    if (message.type === 'idle') {
      idle = message;
      answered();
      return;
    }
    if (message.type === 'handOver') {
      final = message;
      return;
    }
    if (message.type === 'inspected' || message.type === 'ingested' || message.type === 'rendered' || message.type === 'failed') final = message;
    onMessage?.(message);
  };
  const sampler = setInterval(() => {
    peakDataBytes = Math.max(peakDataBytes, readDataBytes(child.pid));
  }, 50);
  const timer = setTimeout(() => {
    timedOut = true;
    child.process.kill('SIGKILL');
  }, limits.timeoutMs);
  const abort = () => child.process.kill('SIGKILL');
  signal?.addEventListener('abort', abort, { once: true });
  if (signal?.aborted) abort();
  // The child may stop reading early (it died, or was killed): that is not an error here.
  const writing = writeDocument({ child, request, input, kept }).catch(() => input.destroy());
  await Promise.race([idleReached, child.exited]);
  await writing;
  clearTimeout(timer);
  clearInterval(sampler);
  signal?.removeEventListener('abort', abort);
  child.onLine = undefined;
  if (idle) {
    child.rssBytes = idle.rssBytes;
    child.engineBytes = idle.engineBytes;
    child.pdfium = idle.pdfium ?? child.pdfium;
  }
  const ready = idle !== undefined && !timedOut && !signal?.aborted && isPdfChildAlive(child);
  if (timedOut) return { result: { type: 'failed', problem: 'timeout', detail: `killed after ${limits.timeoutMs} ms` }, ready: false };
  // pdf.js catches a refused allocation while it inflates an object stream and reports a broken file
  // ("Invalid Root reference"): a child that said malformed after using half its memory ran out of it.
  if (final?.type === 'failed' && final.problem === 'malformed' && peakDataBytes >= limits.memoryBytes / 2) {
    return { result: { type: 'failed', problem: 'too_large', detail: `${final.detail} (data segment up to ${Math.round(peakDataBytes / 2 ** 20)} MiB of ${Math.round(limits.memoryBytes / 2 ** 20)} MiB)` }, ready: false };
  }
  if (final) return { result: final, ready };
  const { code, signal: exitSignal } = await child.exited;
  // V8 (heap limit, failed ArrayBuffer) and native code (std::bad_alloc from pdf.js's decoders or
  // the canvas) die differently when the memory limit is reached; all of it is the PDF being too large.
  const oom = /out of memory|allocation failed|heap limit|bad_alloc|cannot allocate memory/i.test(child.stderr) || (exitSignal !== null && !signal?.aborted && peakDataBytes >= limits.memoryBytes / 2);
  return { result: { type: 'failed', problem: oom ? 'too_large' : 'crashed', detail: `child ended (code ${code}, signal ${exitSignal}, data segment up to ${Math.round(peakDataBytes / 2 ** 20)} MiB) ${child.stderr.slice(-300)}`.trim() }, ready: false };
}

/** The engine a request needs: OCR's page images, and what is asked of pdf.js, on a pdf.js child; the rest starts on PDFium. */
export function pdfChildKindOf({ request }: { request: PdfChildRequest }): PdfChildKind {
  return request.mode === 'render' || request.engine === 'pdfjs' ? 'pdfjs' : 'pdfium';
}

/** The document's bytes: a stream read once, or a way to open it again (storage), which a hand-over to pdf.js then uses. */
export type PdfInput = Readable | (() => Readable | Promise<Readable>);

/** One request on one child of its kind: an idle one from the pool, or one started for it; back to the pool after, or ended. */
async function readOnKind({ request, kind, input, kept, limits, onMessage, signal, children }: { request: PdfChildRequest; kind: PdfChildKind; input: Readable; kept?: Buffer[]; limits: PdfProcessLimits; onMessage?: (message: PdfChildMessage) => void; signal?: AbortSignal; children?: PdfChildPool }): Promise<PdfChildMessage | PdfChildHandOver> {
  let child = children?.take({ memoryBytes: limits.memoryBytes, kind });
  if (!child) {
    await children?.makeRoom();
    child = await startPdfChild({ memoryBytes: limits.memoryBytes, kind, pdfiumWasm: children?.pdfiumWasm() });
    children?.adopt({ child });
  }
  const { result, ready } = await readOnChild({ child, request, input, kept, limits, onMessage, signal });
  // Any failure, even a polite one, ends the child: whatever the file did to it stays with it.
  const answered = result.type === 'inspected' || result.type === 'ingested' || result.type === 'handOver';
  if (children && ready && answered) await children.give({ child });
  else await endPdfChild(child);
  return result;
}

/**
 * Reads one PDF in a separate process under the memory and time limits and returns its final
 * message. With `children` (the pool of long-lived children, see pdf-pool.ts) an idle child of the
 * engine the request needs reads it and goes back to the pool afterwards, unless it failed, was
 * killed, read its share of documents or holds too much memory: then it is ended, and the next
 * document gets a new one. Without, the child is started for this one document and ended after it.
 * When a PDFium child hands the document over, a pdf.js child reads it again (the input opened
 * again, or the bytes kept while they were written), within what is left of the time limit; covers
 * the PDFium child sent stay.
 */
export async function runPdfChild({ request, input, limits = defaultPdfLimits, onMessage, signal, children }: { request: PdfChildRequest; input: PdfInput; limits?: PdfProcessLimits; onMessage?: (message: PdfChildMessage) => void; signal?: AbortSignal; children?: PdfChildPool }): Promise<PdfChildMessage> {
  const deadline = Date.now() + limits.timeoutMs;
  const kind = pdfChildKindOf({ request });
  const open = async () => (typeof input === 'function' ? input() : input);
  const kept = kind === 'pdfium' && typeof input !== 'function' ? [] : undefined;
  let coverSent = false;
  const passOn = (message: PdfChildMessage) => {
    if (message.type === 'cover') coverSent = true;
    onMessage?.(message);
  };
  const first = await readOnKind({ request, kind, input: await open(), kept, limits, onMessage: passOn, signal, children });
  if (first.type !== 'handOver') return first;
  const again = kept ? Readable.from(kept) : await open();
  const remaining = { ...limits, timeoutMs: Math.max(1, deadline - Date.now()) };
  const pdfjsRequest: PdfChildRequest = request.mode === 'ingest' ? { ...request, engine: 'pdfjs', coverWidths: coverSent ? [] : request.coverWidths } : request.mode === 'inspect' ? { ...request, engine: 'pdfjs' } : request;
  const second = await readOnKind({ request: pdfjsRequest, kind: 'pdfjs', input: again, limits: remaining, onMessage: passOn, signal, children });
  // A pdf.js child never hands over; were one to, that is a broken child, not an answer.
  return second.type === 'handOver' ? { type: 'failed', problem: 'crashed', detail: `handed over twice: ${second.reason}` } : second;
}
