// npx tsx bench/ingest-callgrind.ts — instructions per reading of the 300-page report (bench:ingest's
// generated report), ours against pdftotext, counted by valgrind's callgrind: a figure a busy machine
// does not move, where bench:ingest's CPU seconds move by 10–60 % between rounds (other work on the
// shared cores slows pdftotext and our child alike, but not at the same moments).
//
// Ours: the ingestion child as production starts it (its node flags, pdf-process.ts), reading
// the report from a framed stdin as the pool sends documents, once and three times; the difference
// over two is what one warm reading in a long-lived child costs, the child's start and first (cold)
// reading left out, as bench:ingest's pooled child leaves out its start. pdftotext: its whole process
// on the same file, its start included, as in bench:ingest. The child's two runs go side by side on
// the machine's two cores, then pdftotext's.
//
//   CALLGRIND_FILE=path.pdf   count another PDF instead of the generated report
//   PDFIUM_OPTIMIZE=false     the child runs the package's PDFium binary (default: the optimised one,
//                             as the server's children do; made first if the cache has none, pdfium-wasm.ts)
//   BENCH_REPORT_PAGES=300    pages of the generated report
//
// Needs valgrind and pdftotext (apt-get install valgrind poppler-utils); takes 3–5 minutes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encodeFrameHeader, frameKinds, maxFrameBytes } from '../src/modules/documents/drivers/pdf-child-frames.js';
import { pdfChildEnv, pdfChildNodeArgs } from '../src/modules/documents/drivers/pdf-process.js';
import { createPdfiumWasm } from '../src/modules/documents/drivers/pdfium-wasm.js';
import { loadConfigOrExit } from '../src/config/config.js';
import { fmt } from './bench.utils.js';
import { writeBenchReport } from './ingest-report.js';

for (const [tool, args, pkg] of [['valgrind', ['--version'], 'valgrind'], ['pdftotext', ['-v'], 'poppler-utils']] as const) {
  if (spawnSync(tool, args, { stdio: 'ignore' }).error) {
    console.error(`bench/ingest-callgrind.ts needs ${tool}, which is not installed here.\nInstall it with: apt-get install ${pkg}`);
    process.exit(1);
  }
}

/** The framed input the pool sends a child for `readings` ingestions of `pdf` (text only, as bench:ingest). */
function framedInput({ pdf, readings }: { pdf: Buffer; readings: number }): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < readings; i += 1) {
    const request = Buffer.from(JSON.stringify({ mode: 'ingest', maxBytes: 2e9, maxPages: 100_000, maxTextChars: 1e9, coverWidths: [], engine: 'pdfium' }));
    parts.push(encodeFrameHeader({ kind: frameKinds.request, length: request.length }), request);
    for (let at = 0; at < pdf.length; at += maxFrameBytes) {
      const piece = pdf.subarray(at, at + maxFrameBytes);
      parts.push(encodeFrameHeader({ kind: frameKinds.data, length: piece.length }), piece);
    }
    parts.push(encodeFrameHeader({ kind: frameKinds.end, length: 0 }));
  }
  return Buffer.concat(parts);
}

/** Instructions callgrind counted for a command (all its threads), its stdin from `input` and its output thrown away. */
function countInstructions({ command, args, input, out, env = process.env }: { command: string; args: string[]; input?: string; out: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, command, ...args], { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'], env });
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(readFileSync(input));
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => {
      const match = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !match) reject(new Error(`${basename(command)} under callgrind: exit ${code}\n${stderr.slice(-2000)}`));
      else resolve(Number(match[1]));
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'beretning-bench-ingest-callgrind-'));
try {
  const pages = Number(process.env.BENCH_REPORT_PAGES ?? 300);
  const file = process.env.CALLGRIND_FILE ?? join(work, `beretning-${pages}-sider.pdf`);
  if (!process.env.CALLGRIND_FILE) writeFileSync(file, await writeBenchReport({ pages }));
  const pdf = readFileSync(file);
  const pageCount = process.env.CALLGRIND_FILE ? Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 0) : pages;
  for (const readings of [1, 3]) writeFileSync(join(work, `input-${readings}.bin`), framedInput({ pdf, readings }));
  const nodeArgs = await pdfChildNodeArgs({ memoryBytes: 1024 * 1024 * 1024 });
  const binary = await createPdfiumWasm({ enabled: loadConfigOrExit({ env: process.env }).pdfiumOptimize, build: true }).settled();
  const env = pdfChildEnv({ kind: 'pdfium', pdfiumWasm: binary.state === 'ready' ? binary.path : undefined });
  console.log(`${basename(file)}: our child (node ${nodeArgs.slice(0, -1).join(' ')} <child>, PDFium's ${binary.state === 'ready' ? 'optimised' : 'package'} binary) reading it once and three times, and pdftotext once, under callgrind…`);
  // Two at a time (the machine's two cores): the child's two inputs, then pdftotext.
  const [once, thrice] = await Promise.all([1, 3].map((readings) => countInstructions({ command: process.execPath, args: nodeArgs, input: join(work, `input-${readings}.bin`), out: join(work, `ours-${readings}.out`), env })));
  const reference = await countInstructions({ command: 'pdftotext', args: ['-enc', 'UTF-8', file, '-'], out: join(work, 'pdftotext.out') });
  const ours = (thrice! - once!) / 2;
  console.log('\n| | instructions per reading | per page |');
  console.log('|---|---:|---:|');
  console.log(`| ours, one warm reading in a long-lived child | ${fmt(ours)} | ${pageCount ? fmt(ours / pageCount) : '—'} |`);
  console.log(`| ours, a new child's start and first reading | ${fmt(once!)} | |`);
  console.log(`| pdftotext, its whole process | ${fmt(reference)} | ${pageCount ? fmt(reference / pageCount) : '—'} |`);
  console.log(`\nRatio (pages per instruction, ours ÷ pdftotext; bench:ingest's goal in CPU seconds is ≥ 0.5×): ${fmt(reference / ours, 2)}×`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
