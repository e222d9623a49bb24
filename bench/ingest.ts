// npm run bench:ingest — pages per CPU-second of our PDF text extraction (the ingestion child,
// src/modules/documents/drivers/pdf-child.ts, run as production runs it: long-lived children from a
// pool with the default recycling settings) against poppler's pdftotext on the same files in the
// same run, and how correct the text of each is. For comparison, also one fresh child per PDF (as
// before the pool).
//
// The reference is not a dependency: apt-get install poppler-utils
//
//   BENCH_ROUNDS=3            measured rounds (after one warm-up); each reads every file with both,
//                             alternating which goes first
//   BENCH_REPORT_PAGES=300    pages of the generated Danish report (hyphenated at line ends)
//   BENCH_COVERS=1            also render the two covers, as ingestion does (default: text only,
//                             which is what pdftotext does)
//   BENCH_ENGINE=pdfjs        our child reading with pdf.js (INGEST_ENGINE=pdfjs) instead of the default, PDFium
//   BENCH_OCR=0               leave out OCR (bench/ocr.ts: pages per CPU-second, word accuracy)
//   BENCH_PER_FILE=1          also a table per file (ours and pdftotext, CPU s per round), dearest first
//
// Files: every PDF in ../shared/fixtures/pdfs (manifest.tsv; those that need a password are left
// out, and so is any file either side cannot read) and the generated report.
// CPU: user+system time of the child processes (ours: the pooled children, their start-up included
// when one is started; fresh: the whole Node process per PDF; pdftotext: its process), from this
// process's cutime+cstime (/proc/self/stat), which count a child once it has been reaped, plus
// utime+stime (/proc/<pid>/stat) of the children still alive (the idle pooled child). Ticks are
// 10 ms, hence several rounds.
// Ceilings, in this process (warm; process.cpuUsage): pdf.js's getTextContent alone, and PDFium's
// own loading of each page and its text alone, which every reading by our PDFium child includes.
// Correctness: for the generated report every word of its source is known, so a word that is not
// one of them is broken (`kommu-` + `nerne` read as two words). For all files: hyphens left at a
// line end before a lowercase word (`kommu- nerne`), `og`/`eller` excepted ("social- og sundhed").
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { writeReportPdf } from '../src/modules/demo/drivers/pdf-writer.js';
import { runPdfChild } from '../src/modules/documents/drivers/pdf-process.js';
import { createPdfChildPool } from '../src/modules/documents/drivers/pdf-pool.js';
import { createPdfiumWasm, PDFIUM_WASM_ENV } from '../src/modules/documents/drivers/pdfium-wasm.js';
import { loadConfigOrExit } from '../src/config/config.js';
import { pdfChildRecyclingOf } from '../src/modules/documents/drivers/pdf-slots.js';
import { preparePdfChild } from '../src/modules/documents/drivers/pdf-child-command.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { openPdfiumDocument } from '../src/modules/documents/drivers/pdf-engine-pdfium.js';
import { fmt } from './bench.utils.js';
import { createReportSections, reportTitle, writeBenchReport } from './ingest-report.js';
import { runOcrBench } from './ocr.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const reportPages = Number(process.env.BENCH_REPORT_PAGES ?? 300);
const covers = process.env.BENCH_COVERS === '1';
const engine = process.env.BENCH_ENGINE === 'pdfjs' ? 'pdfjs' : 'pdfium';
const root = resolve(import.meta.dirname, '..');
const fixturesDir = resolve(root, '../shared/fixtures/pdfs');

if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error) {
  console.error('bench:ingest compares with poppler\'s pdftotext, which is not installed here.\nInstall it with: apt-get install poppler-utils');
  process.exit(1);
}

/** Fields after the command name of /proc/<pid>/stat (field 3, the state, is [0]). */
function readStat(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user+system) of every child of this process: those reaped so far and those alive now. */
function childrenCpuSeconds(): number {
  const self = readStat('self');
  let ticks = Number(self[13]) + Number(self[14]); // cutime, cstime; USER_HZ is 100
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try {
        const child = readStat(Number(pid));
        ticks += Number(child[11]) + Number(child[12]); // utime, stime
      } catch {
        // Reaped meanwhile: its time is in cutime from now on (a tick or two may be missed).
      }
    }
  }
  return ticks / 100;
}

type Engine = 'ours' | 'fresh' | 'pdftotext';
type Read = { ok: boolean; pages: number; text: string; cpu: number; detail: string };

// The pool as the server configures it (PDF_MAX_CHILDREN, PDF_CHILD_MAX_DOCUMENTS, PDF_CHILD_RECYCLE_MB,
// PDFIUM_OPTIMIZE: the defaults, or the environment's), except that idle children are not ended mid-run.
const config = loadConfigOrExit({ env: process.env });
// PDFium's binary as the server's children load it: the optimised one (made first if the cache has none), or with PDFIUM_OPTIMIZE=false the package's.
const pdfiumWasm = createPdfiumWasm({ enabled: config.pdfiumOptimize, build: true });
const pool = createPdfChildPool({
  maxIdle: config.pdfMaxChildren, // both kinds of child (PDFium, and pdf.js for what is handed over) fit, as in production
  recycling: { ...pdfChildRecyclingOf({ config }), idleMs: 3_600_000 },
  pdfiumWasm,
});

/** Files PDFium handed to a pdf.js child after reading part of them (it said `restart`). */
const handedOver = new Set<string>();

async function readWithOurs(file: string, { pooled = true }: { pooled?: boolean } = {}): Promise<Read> {
  const before = childrenCpuSeconds();
  const texts: string[] = [];
  const result = await runPdfChild({
    request: { mode: 'ingest', maxBytes: 2e9, maxPages: 100_000, maxTextChars: 1e9, coverWidths: covers ? [320, 640] : [], engine: engine },
    input: () => createReadStream(file), // opened again for a hand-over to pdf.js, as production opens the stored file
    limits: { timeoutMs: 300_000, memoryBytes: 1024 * 1024 * 1024 },
    children: pooled ? pool : undefined,
    onMessage: (message) => {
      if (message.type === 'restart') {
        texts.length = 0;
        handedOver.add(basename(file));
      }
      if (message.type === 'page') texts.push(message.text);
    },
  });
  const cpu = childrenCpuSeconds() - before;
  if (result.type !== 'ingested') return { ok: false, pages: 0, text: '', cpu, detail: result.type === 'failed' ? result.problem : result.type };
  return { ok: true, pages: result.pagesIndexed, text: texts.join('\n\f'), cpu, detail: '' };
}

function readWithPdftotext(file: string): Promise<Read> {
  const before = childrenCpuSeconds();
  return new Promise((resolvePromise) => {
    const child = spawn('pdftotext', ['-enc', 'UTF-8', file, '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.resume();
    child.on('close', (code) => {
      const cpu = childrenCpuSeconds() - before;
      const text = Buffer.concat(chunks).toString('utf8');
      resolvePromise({ ok: code === 0, pages: (text.match(/\f/g) ?? []).length, text, cpu, detail: code === 0 ? '' : `exit ${code}` });
    });
  });
}

/**
 * The floor under our side: pdf.js's text layer alone, in this process (no process start, no
 * lines, no JSON), CPU seconds of this process around it.
 */
async function readWithPdfjsOnly(file: string): Promise<number> {
  const before = process.cpuUsage();
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber += 1) {
    const page = await doc.getPage(pageNumber);
    await page.getTextContent();
    page.cleanup();
  }
  await doc.destroy();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/**
 * PDFium's own work on each page and nothing of ours, in this (warm) process: load the page, lay out
 * its text, copy the text out. Every PDFium reading does at least this, so it is the most our
 * PDFium child could reach. CPU seconds; 0 for a file PDFium cannot open (pdf.js reads those).
 */
async function readWithPdfiumOnly(file: string): Promise<number> {
  const before = process.cpuUsage();
  const doc = await openPdfiumDocument({ data: readFileSync(file) }).catch(() => null);
  if (!doc) return 0;
  const { W, heap } = doc.engine;
  try {
    for (let index = 0; index < doc.pageCount; index += 1) {
      const page = W.FPDF_LoadPage!(doc.handle, index);
      if (!page) continue;
      const textPage = W.FPDFText_LoadPage!(page);
      const count = textPage ? W.FPDFText_CountChars!(textPage) : 0;
      if (count > 0) {
        const buffer = W.malloc!((count + 1) * 2);
        W.FPDFText_GetText!(textPage, 0, count, buffer);
        Buffer.from(heap().HEAPU8.subarray(buffer, buffer + count * 2)).toString('utf16le');
        W.free!(buffer);
      }
      if (textPage) W.FPDFText_ClosePage!(textPage);
      W.FPDF_ClosePage!(page);
    }
  } finally {
    doc.close();
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

const read = (engine: Engine, file: string) => (engine === 'pdftotext' ? readWithPdftotext(file) : readWithOurs(file, { pooled: engine === 'ours' }));

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const keptPairs = /^(og|eller|samt|and|or)$/;
function countHyphenBreaks(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/\p{L}-\s+(\p{Ll}+)/gu)) if (!keptPairs.test(match[1]!)) count += 1;
  return count;
}

type FileSet = { name: string; files: string[]; vocabulary?: Set<string> };

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'beretning-bench-ingest-'));
  try {
    const sections = createReportSections({ pages: reportPages });
    const reportFile = join(work, `beretning-${reportPages}-sider.pdf`);
    writeFileSync(reportFile, await writeBenchReport({ pages: reportPages }));
    const vocabulary = new Set(tokens([reportTitle, ...sections.flatMap((s) => [s.heading, ...s.paragraphs])].join(' ')));
    const sets: FileSet[] = [];
    if (existsSync(join(fixturesDir, 'manifest.tsv'))) {
      const [header, ...lines] = readFileSync(join(fixturesDir, 'manifest.tsv'), 'utf8').trim().split('\n');
      const columns = header!.split('\t');
      const rows = lines.map((line) => line.split('\t'));
      const at = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
      const files = rows.filter((row) => at(row, 'encrypted') !== 'yes-user-password').map((row) => join(fixturesDir, at(row, 'corpus_file')));
      sets.push({ name: 'fixtures', files });
    } else {
      console.log(`${fixturesDir} is absent (it lives outside the repository): only the generated report is measured.`);
    }
    sets.push({ name: `report (${reportPages} p.)`, files: [reportFile], vocabulary });

    const command = await preparePdfChild();
    const started = Date.now();
    const binary = await pdfiumWasm.settled();
    // The in-process "PDFium alone" column loads the same binary as the children.
    if (binary.state === 'ready') process.env[PDFIUM_WASM_ENV] = binary.path;
    console.log(`PDFium: ${binary.state === 'ready' ? `the optimised binary (${binary.built ? `made now, in ${fmt((Date.now() - started) / 1000, 0)} s` : 'made before'})` : binary.state === 'off' ? 'the package\'s binary (PDFIUM_OPTIMIZE=false)' : `the package's binary (${binary.state === 'failed' ? binary.reason : binary.state})`}.`);
    console.log(`Our side: the ingestion child as production runs it (${command.kind}, engine ${engine}), long-lived and recycled (pooled; "fresh": one process per PDF), ${covers ? 'text and covers' : 'text only'}; pdftotext ${spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).stderr.split('\n')[0]?.replace(/^pdftotext version /, '')}.`);

    // Warm-up: decides which files both sides can read, and keeps the texts for the correctness check.
    const usable = new Map<string, { pages: number; texts: Record<'ours' | 'pdftotext', string> }>();
    for (const file of sets.flatMap((set) => set.files)) {
      const [ours, reference] = [await read('ours', file), await read('pdftotext', file)];
      if (!ours.ok || !reference.ok) {
        console.log(`  left out ${basename(file)}: ours ${ours.ok ? 'ok' : ours.detail}, pdftotext ${reference.ok ? 'ok' : reference.detail}`);
        continue;
      }
      if (ours.pages !== reference.pages) console.log(`  ${basename(file)}: ${ours.pages} pages here, ${reference.pages} by pdftotext (counted as ${ours.pages})`);
      usable.set(file, { pages: ours.pages, texts: { ours: ours.text, pdftotext: reference.text } });
    }

    // What one child costs to start and finish on a one-page PDF (most fixtures are that).
    const tiny = join(work, 'en-side.pdf');
    writeFileSync(tiny, await writeReportPdf({ title: 'Én side', sections: [] }));
    const starts: number[] = [];
    for (let i = 0; i < 5; i += 1) starts.push((await readWithOurs(tiny, { pooled: false })).cpu);
    starts.sort((a, b) => a - b);

    const cpu: Record<string, Record<Engine | 'pdfjs' | 'pdfium', number>> = {};
    const perFile = new Map<string, Record<Engine, number>>();
    // Each round's own CPU per set: the machine's speed moves between rounds (other work on shared
    // cores) more than between neighbours in one round, so each round's ratio is also given.
    const perRound = new Map<string, { ours: number; pdftotext: number }[]>();
    for (let round = 0; round < rounds; round += 1) {
      const order: Engine[] = round % 2 === 0 ? ['ours', 'pdftotext', 'fresh'] : ['fresh', 'pdftotext', 'ours'];
      for (const set of sets) {
        cpu[set.name] ??= { ours: 0, fresh: 0, pdftotext: 0, pdfjs: 0, pdfium: 0 };
        const thisRound = { ours: 0, pdftotext: 0 };
        perRound.set(set.name, [...(perRound.get(set.name) ?? []), thisRound]);
        for (const file of set.files.filter((f) => usable.has(f))) {
          for (const engine of order) {
            const result = await read(engine, file);
            if (!result.ok) throw new Error(`${engine} failed on ${basename(file)} after reading it in the warm-up: ${result.detail}`);
            cpu[set.name]![engine] += result.cpu;
            if (engine !== 'fresh') thisRound[engine] += result.cpu;
            const own = perFile.get(file) ?? { ours: 0, fresh: 0, pdftotext: 0 };
            own[engine] += result.cpu;
            perFile.set(file, own);
          }
          cpu[set.name]!.pdfjs += await readWithPdfjsOnly(file);
          cpu[set.name]!.pdfium += await readWithPdfiumOnly(file);
        }
      }
      process.stdout.write(`  round ${round + 1}/${rounds} done\n`);
    }

    console.log('\nPages per CPU-second (user+system of the child processes, summed over all rounds)\n');
    console.log('| files | PDFs | pages | ours CPU s | ours pages/CPU-s | pdftotext CPU s | pdftotext pages/CPU-s | ratio (ours ÷ pdftotext) | one child per PDF, pages/CPU-s (ratio) | pdf.js text layer alone, pages/CPU-s (ratio) | PDFium loading pages and their text alone, pages/CPU-s (ratio) |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const totals = { pdfs: 0, pages: 0, ours: 0, fresh: 0, pdftotext: 0, pdfjs: 0, pdfium: 0 };
    const row = (name: string, pdfs: number, pages: number, { ours, fresh, pdftotext, pdfjs, pdfium }: Record<Engine | 'pdfjs' | 'pdfium', number>) =>
      `| ${name} | ${pdfs} | ${pages / rounds} | ${fmt(ours / rounds, 2)} | ${fmt(pages / ours, 1)} | ${fmt(pdftotext / rounds, 2)} | ${fmt(pages / pdftotext, 1)} | ${fmt(pdftotext / ours, 2)}× | ${fmt(pages / fresh, 1)} (${fmt(pdftotext / fresh, 2)}×) | ${fmt(pages / pdfjs, 1)} (${fmt(pdftotext / pdfjs, 2)}×) | ${fmt(pages / pdfium, 1)} (${fmt(pdftotext / pdfium, 2)}×) |`;
    for (const set of sets) {
      const files = set.files.filter((f) => usable.has(f));
      const pages = files.reduce((sum, f) => sum + usable.get(f)!.pages, 0) * rounds;
      const measured = cpu[set.name]!;
      totals.pdfs += files.length;
      totals.pages += pages;
      for (const key of ['ours', 'fresh', 'pdftotext', 'pdfjs', 'pdfium'] as const) totals[key] += measured[key];
      console.log(row(set.name, files.length, pages, measured));
    }
    if (sets.length > 1) console.log(row('all', totals.pdfs, totals.pages, totals));
    const roundRatios = [...perRound].map(([name, list]) => {
      const ratioOf = ({ ours, pdftotext }: { ours: number; pdftotext: number }) => pdftotext / Math.max(ours, 1e-9);
      const sorted = list.map(ratioOf).sort((a, b) => a - b);
      return `${name}: median ${fmt(sorted[Math.floor(sorted.length / 2)]!, 2)}× (${list.map((one) => `${fmt(ratioOf(one), 2)}× = ${fmt(one.pdftotext, 2)} ÷ ${fmt(one.ours, 2)} s`).join(', ')})`;
    });
    console.log(`Each round's own ratio (ours ÷ pdftotext in pages per CPU-second, = pdftotext's CPU ÷ ours), median (all rounds, in round order): ${roundRatios.join('; ')}.`);
    const ended = pool.ended();
    console.log(`(CPU s per round. Goal: ratio ≥ 0.5×. One child's start and finish on a one-page PDF: ${fmt(starts[2]!, 2)} CPU s, median of 5. Pooled children (PDFium, and pdf.js for the hand-overs) replaced after N documents: ${ended.documents}, at the memory mark: ${ended.memory}, for want of room: ${ended.full}. Handed to pdf.js after PDFium's letters check: ${[...handedOver].sort().map((name) => name.slice(0, 4)).join(', ') || 'none'}. The last two columns are each engine's own work alone in one warm process (this one): pdf.js's getTextContent, the most a child reading with pdf.js could reach, and PDFium's loading of each page and its text, the most the PDFium child could reach (pages PDFium cannot open count, at no cost).)`);

    if (process.env.BENCH_PER_FILE === '1') {
      console.log('\nPer file (CPU s per round; ours includes a child start when one was started for it)\n');
      console.log('| file | pages | ours | pdftotext | ratio |');
      console.log('|---|---:|---:|---:|---:|');
      for (const [file, own] of [...perFile].sort(([, a], [, b]) => b.ours - b.pdftotext / 2 - (a.ours - a.pdftotext / 2))) {
        console.log(`| ${basename(file)} | ${usable.get(file)?.pages ?? 0} | ${fmt(own.ours / rounds, 3)} | ${fmt(own.pdftotext / rounds, 3)} | ${fmt(own.pdftotext / Math.max(own.ours, 1e-9), 2)}× |`);
      }
    }

    console.log('\nText correctness\n');
    console.log('| files | engine | hyphen breaks left at line ends | words not in the source (broken or garbled) | source words found |');
    console.log('|---|---|---:|---:|---:|');
    for (const set of sets) {
      const files = set.files.filter((f) => usable.has(f));
      for (const engine of ['ours', 'pdftotext'] as const) {
        const text = files.map((f) => usable.get(f)!.texts[engine]).join('\n\f');
        let unknown = '—';
        let found = '—';
        if (set.vocabulary) {
          const words = tokens(text);
          unknown = fmt(words.filter((w) => !set.vocabulary!.has(w)).length);
          const expected = new Map<string, number>();
          for (const w of tokens([reportTitle, ...sections.flatMap((s) => [s.heading, ...s.paragraphs])].join(' '))) expected.set(w, (expected.get(w) ?? 0) + 1);
          let total = 0;
          for (const count of expected.values()) total += count;
          let matched = 0;
          const seen = new Map<string, number>();
          for (const w of words) seen.set(w, (seen.get(w) ?? 0) + 1);
          for (const [w, count] of expected) matched += Math.min(count, seen.get(w) ?? 0);
          found = `${fmt((100 * matched) / total, 2)} %`;
        }
        console.log(`| ${set.name} | ${engine} | ${fmt(countHyphenBreaks(text))} | ${unknown} | ${found} |`);
      }
    }
  } finally {
    await pool.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
// OCR pages per CPU-second and word accuracy on generated scans (bench/ocr.ts); BENCH_OCR=0 skips it.
if (process.env.BENCH_OCR !== '0') await runOcrBench();
