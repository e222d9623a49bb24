import { spawn, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import type { PdfChildMessage, PdfChildRequest, PdfProcessLimits } from './pdf-process.types.js';
import { preparePdfChild } from './pdf-child-command.js';

let prlimitAvailable: boolean | undefined;
function hasPrlimit(): boolean {
  prlimitAvailable ??= spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
  return prlimitAvailable;
}

/** The child's data segment (what RLIMIT_DATA counts) in bytes, or 0 once it is gone. */
function readDataBytes(pid: number): number {
  try {
    return Number(/VmData:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export const defaultPdfLimits: PdfProcessLimits = { timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 };

/**
 * Runs one PDF through pdf-child.ts in a process of its own and returns its final message.
 * Memory: RLIMIT_DATA via prlimit caps every private writable mapping (JS heap, ArrayBuffers,
 * decoded streams, canvas) but not V8's PROT_NONE address-space reservations, which is why
 * `--as` cannot be used (Node will not start under 2 GiB of address space). The JS heap gets
 * half of it. Time: the child is killed with SIGKILL when `timeoutMs` passes. Anything else that
 * ends the child without an answer (OOM abort, signal) is reported as a failure, never thrown.
 * At the memory limit the child rarely dies politely: V8's own garbage collector and pdf.js's
 * native helpers get a refused allocation and abort or segfault with nothing on stderr. So the
 * child's data segment is sampled while it runs, and a death by signal after it reached half the
 * limit counts as the PDF being too large (a decoded stream or image), not as a crash to retry.
 */
export async function runPdfChild({ request, input, limits = defaultPdfLimits, onMessage, signal }: { request: PdfChildRequest; input: Readable; limits?: PdfProcessLimits; onMessage?: (message: PdfChildMessage) => void; signal?: AbortSignal }): Promise<PdfChildMessage> {
  const heapMb = Math.max(64, Math.floor(limits.memoryBytes / 1024 / 1024 / 2));
  const nodeArgs = [`--max-old-space-size=${heapMb}`, ...(await preparePdfChild()).nodeArgs, JSON.stringify(request)];
  const [command, args] = hasPrlimit() ? ['prlimit', [`--data=${limits.memoryBytes}`, '--', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(command as string, args as string[], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });

  let final: PdfChildMessage | undefined;
  let timedOut = false;
  let stderr = '';
  let peakDataBytes = 0;
  const pid = child.pid;
  const sampler = pid === undefined ? undefined : setInterval(() => {
    peakDataBytes = Math.max(peakDataBytes, readDataBytes(pid));
  }, 50);
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limits.timeoutMs);
  const abort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', abort, { once: true });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let message: PdfChildMessage;
    try {
      message = JSON.parse(line) as PdfChildMessage;
    } catch {
      return;
    }
    if (message.type === 'inspected' || message.type === 'ingested' || message.type === 'rendered' || message.type === 'failed') final = message;
    onMessage?.(message);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  // The child may stop reading early (it failed, or was killed): that is not an error here.
  await pipeline(input, child.stdin).catch(() => input.destroy());
  const { code, signal: exitSignal } = await exited;
  clearTimeout(timer);
  clearInterval(sampler);
  signal?.removeEventListener('abort', abort);
  if (timedOut) return { type: 'failed', problem: 'timeout', detail: `killed after ${limits.timeoutMs} ms` };
  // pdf.js catches a refused allocation while it inflates an object stream and reports a broken file
  // ("Invalid Root reference"): a child that said malformed after using half its memory ran out of it.
  if (final?.type === 'failed' && final.problem === 'malformed' && peakDataBytes >= limits.memoryBytes / 2) {
    return { type: 'failed', problem: 'too_large', detail: `${final.detail} (data segment up to ${Math.round(peakDataBytes / 2 ** 20)} MiB of ${Math.round(limits.memoryBytes / 2 ** 20)} MiB)` };
  }
  if (final) return final;
  // V8 (heap limit, failed ArrayBuffer) and native code (std::bad_alloc from pdf.js's decoders or
  // the canvas) die differently when the memory limit is reached; all of it is the PDF being too large.
  const oom = /out of memory|allocation failed|heap limit|bad_alloc|cannot allocate memory/i.test(stderr) || (exitSignal !== null && !signal?.aborted && peakDataBytes >= limits.memoryBytes / 2);
  return { type: 'failed', problem: oom ? 'too_large' : 'crashed', detail: `child ended (code ${code}, signal ${exitSignal}, data segment up to ${Math.round(peakDataBytes / 2 ** 20)} MiB) ${stderr.slice(-300)}`.trim() };
}
