// OCR throughput and accuracy (issue 20), reported by `npm run bench:ingest` (BENCH_OCR=0 leaves it
// out) and alone by `npm run bench:ocr`.
//
//   BENCH_OCR_PAGES=4       generated scanned A4 pages of known Danish text (æ, ø, å), ~250 words each,
//                           at 200 dpi, turned 0.6°, with specks (src/modules/ocr/ocr.test-utils.ts)
//
// Ours: the production path (src/modules/ocr): pages rendered at OCR_DPI (300) by the PDF child,
// Tesseract on each (hOCR, dan+eng, one thread), words parsed into lines. Reference, same pages in
// the same run: poppler's `pdftoppm -r 300` then `tesseract … txt` (the plain command-line way).
// CPU: user+system of every child process (cutime+cstime of this process, /proc/self/stat).
// Accuracy: 1 − word edit distance ÷ words of the known text (measureWordAccuracy). Goal ≥ 95 %.
// Also: the scanned files of ../shared/fixtures/pdfs (manifest.tsv category scanned-image-only).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPdfChild } from '../src/modules/documents/drivers/pdf-process.js';
import { chooseOcrLanguages, measureWordAccuracy, parseHocr } from '../src/modules/ocr/ocr.models.js';
import { probeTesseract, recognizePage } from '../src/modules/ocr/drivers/tesseract.js';
import { createDanishText, createScannedPdf } from '../src/modules/ocr/ocr.test-utils.js';
import { createRandom, fmt } from './bench.utils.js';

const dpi = 300;
const root = resolve(import.meta.dirname, '..');
const fixturesDir = resolve(root, '../shared/fixtures/pdfs');

function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

type OcrRun = { pages: number; texts: string[]; confidences: number[]; cpu: number; problem: string | null };

/** One PDF through the production path: render in the PDF child, Tesseract per page, hOCR to lines. */
async function recognizeWithOurs({ file, pages, languages, work }: { file: string; pages: number[]; languages: string; work: string }): Promise<OcrRun> {
  const before = childrenCpuSeconds();
  const texts: string[] = [];
  const confidences: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const result = await runPdfChild({
    request: { mode: 'render', maxBytes: 2e9, pages, dpi, maxPixels: 40_000_000, outDir: work },
    input: createReadStream(file),
    limits: { timeoutMs: 600_000, memoryBytes: 1024 * 1024 * 1024 },
    onMessage: (message) => {
      if (message.type !== 'pageImage') return;
      pending = pending.then(async () => {
        const recognized = await recognizePage({ imagePath: message.path, languages, dpi: message.dpi, timeoutMs: 300_000, memoryBytes: 1024 * 1024 * 1024, command: 'tesseract' });
        rmSync(message.path, { force: true });
        if (!recognized.ok) return;
        const page = parseHocr({ hocr: recognized.hocr, dpi: message.dpi });
        texts.push(page.text);
        if (page.confidence !== null) confidences.push(page.confidence);
      });
    },
  });
  await pending;
  return { pages: texts.length, texts, confidences, cpu: childrenCpuSeconds() - before, problem: result.type === 'failed' ? `${result.problem}: ${result.detail.slice(0, 80)}` : null };
}

/** The reference: pdftoppm at the same resolution, then tesseract's plain text, page by page. */
function recognizeWithCli({ file, pageCount, languages, work }: { file: string; pageCount: number; languages: string; work: string }): OcrRun {
  const before = childrenCpuSeconds();
  const texts: string[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    const base = join(work, `ref-${page}`);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', file, base]);
    texts.push(execFileSync('tesseract', [`${base}.png`, 'stdout', '-l', languages], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
    rmSync(`${base}.png`, { force: true });
  }
  return { pages: texts.length, texts, confidences: [], cpu: childrenCpuSeconds() - before, problem: null };
}

export async function runOcrBench(): Promise<void> {
  const probe = await probeTesseract({ command: 'tesseract' });
  const languages = probe.available ? chooseOcrLanguages({ documentLanguage: null, installed: probe.languages }) : undefined;
  if (!languages || spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) {
    console.log('\nOCR: skipped. It needs Tesseract with Danish and poppler: apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng poppler-utils');
    return;
  }
  const pageCount = Number(process.env.BENCH_OCR_PAGES ?? 4);
  const random = createRandom(2020);
  const texts = Array.from({ length: pageCount }, () => createDanishText({ count: 250, random }));
  const work = mkdtempSync(join(tmpdir(), 'beretning-bench-ocr-'));
  try {
    const file = join(work, 'scan.pdf');
    writeFileSync(file, await createScannedPdf({ pages: texts }));
    const pages = texts.map((_, i) => i + 1);
    const ours = await recognizeWithOurs({ file, pages, languages, work });
    const reference = recognizeWithCli({ file, pageCount, languages, work });
    const accuracy = (run: OcrRun) => measureWordAccuracy({ expected: texts.join(' '), actual: run.texts.join(' ') });
    const perPage = texts.map((text, i) => measureWordAccuracy({ expected: text, actual: ours.texts[i] ?? '' }));
    console.log(`\nOCR of generated scans: ${pageCount} A4 pages of Danish (${fmt(texts.join(' ').split(' ').length)} words, æ/ø/å), 200 dpi, turned 0.6°, specks; recognised at ${dpi} dpi with ${languages}\n`);
    console.log('| engine | pages | CPU s | pages/CPU-s | word accuracy | mean confidence |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
    console.log(`| ours (PDF child render + tesseract hOCR) | ${ours.pages} | ${fmt(ours.cpu, 2)} | ${fmt(ours.pages / ours.cpu, 2)} | ${fmt(100 * accuracy(ours), 2)} % | ${fmt(mean(ours.confidences), 1)} |`);
    console.log(`| pdftoppm -r ${dpi} + tesseract txt | ${reference.pages} | ${fmt(reference.cpu, 2)} | ${fmt(reference.pages / reference.cpu, 2)} | ${fmt(100 * accuracy(reference), 2)} % | — |`);
    console.log(`(ratio ours ÷ reference, pages per CPU-second: ${fmt(reference.cpu / ours.cpu, 2)}×. Per page accuracy: ${perPage.map((a) => `${fmt(100 * a, 1)} %`).join(', ')}. Goal: ≥ 95 % word accuracy.)`);

    if (!existsSync(join(fixturesDir, 'manifest.tsv'))) {
      console.log(`\nScanned fixtures: skipped (${fixturesDir} not found).`);
      return;
    }
    const manifest = readFileSync(join(fixturesDir, 'manifest.tsv'), 'utf8').split('\n').map((line) => line.split('\t'));
    const header = manifest[0] ?? [];
    const column = (name: string) => header.indexOf(name);
    const scanned = manifest.slice(1).filter((row) => row[column('category')] === 'scanned-image-only' && existsSync(join(fixturesDir, row[column('corpus_file')] ?? '')));
    console.log('\nScanned fixtures (../shared/fixtures/pdfs, category scanned-image-only)\n');
    console.log('| file | bytes | pages | pages recognised | words | mean confidence | CPU s | problem |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const row of scanned) {
      const name = row[column('corpus_file')]!;
      const path = join(fixturesDir, name);
      const count = Number(row[column('pdfjs_pages')] || row[column('pages')] || 1);
      const run = await recognizeWithOurs({ file: path, pages: Array.from({ length: Math.min(count, 20) }, (_, i) => i + 1), languages, work });
      const words = run.texts.join(' ').split(/\s+/).filter(Boolean).length;
      console.log(`| ${name} | ${fmt(statSync(path).size)} | ${count} | ${run.pages} | ${fmt(words)} | ${run.confidences.length ? fmt(mean(run.confidences), 1) : '—'} | ${fmt(run.cpu, 2)} | ${run.problem ?? ''} |`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await runOcrBench();
