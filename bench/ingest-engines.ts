// npx tsx bench/ingest-engines.ts — the text each ingestion engine stores for every fixture PDF
// (../shared/fixtures/pdfs), judged against poppler's pdftotext: per file, the share of
// pdftotext's words each engine finds (recall) and the share of its own words pdftotext also
// has (precision), and the words where the two engines differ. Correctness only; speed is
// bench:ingest. BENCH_FILES=C086,C098 limits the files.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { runPdfChild } from '../src/modules/documents/drivers/pdf-process.js';
import { createPdfChildPool } from '../src/modules/documents/drivers/pdf-pool.js';

const fixturesDir = resolve(import.meta.dirname, '../../shared/fixtures/pdfs');
if (!existsSync(fixturesDir)) {
  console.log(`no fixtures at ${fixturesDir}: nothing to compare`);
  process.exit(0);
}
const only = process.env.BENCH_FILES?.split(',').filter(Boolean);
const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.pdf') && (!only || only.some((prefix) => name.startsWith(prefix)))).sort().map((name) => join(fixturesDir, name));
const pool = createPdfChildPool({ maxIdle: 2, recycling: { maxDocuments: 1000, memoryHighWaterBytes: 512 * 2 ** 20, idleMs: 3_600_000 } });

const tokens = (text: string) => text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const bag = (words: string[]) => {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
};
/** Words of `a` not matched in `b` (as a multiset). */
const missing = (a: Map<string, number>, b: Map<string, number>) => [...a].flatMap(([word, count]) => Array<string>(Math.max(0, count - (b.get(word) ?? 0))).fill(word));
const size = (counts: Map<string, number>) => [...counts.values()].reduce((sum, count) => sum + count, 0);

const handedBack = new Set<string>();
async function readWith(file: string, engine: 'pdfium' | 'pdfjs'): Promise<string | null> {
  const texts: string[] = [];
  const result = await runPdfChild({
    request: { mode: 'ingest', maxBytes: 2e9, maxPages: 100_000, maxTextChars: 1e9, coverWidths: [], engine },
    input: createReadStream(file),
    limits: { timeoutMs: 300_000, memoryBytes: 1024 * 1024 * 1024 },
    children: pool,
    onMessage: (message) => {
      if (message.type === 'restart') {
        texts.length = 0;
        handedBack.add(file);
      }
      if (message.type === 'page') texts.push(message.text);
    },
  });
  return result.type === 'ingested' ? texts.join('\n') : null;
}

/** Hyphens left at a line end before a lowercase word (`kommu- nerne`), `og`/`eller` excepted: as bench:ingest counts them. */
const hyphenBreaks = (text: string) => [...text.matchAll(/\p{L}-\s+(\p{Ll}+)/gu)].filter((match) => !/^(og|eller|samt|and|or)$/.test(match[1]!)).length;
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);
console.log('PDFium*: PDFium handed the file to pdf.js, which read it: PDFium would have read letters wrongly.\n');
console.log('| file | pdftotext words | pdf.js recall / precision | PDFium recall / precision | same text | hyphen breaks pdf.js / PDFium | differing words (pdf.js → PDFium) |');
console.log('|---|---:|---:|---:|---|---:|---|');
try {
  for (const file of files) {
    // pdftotext's text even when it exits with an error (a damaged file it read in part).
    const reference = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1e9 });
    if (reference.stdout.trim() !== '') reference.status = 0;
    const pdfjs = await readWith(file, 'pdfjs');
    const pdfium = await readWith(file, 'pdfium');
    if (reference.status !== 0 || pdfjs === null || pdfium === null) {
      console.log(`| ${basename(file)} | ${reference.status === 0 ? 'ok' : 'unreadable'} | ${pdfjs === null ? 'unreadable' : 'ok'} | ${pdfium === null ? 'unreadable' : 'ok'} | | | |`);
      continue;
    }
    const ref = bag(tokens(reference.stdout));
    const js = bag(tokens(pdfjs));
    const ium = bag(tokens(pdfium));
    const score = (ours: Map<string, number>) => `${percent(size(ref) - missing(ref, ours).length, size(ref))} / ${percent(size(ours) - missing(ours, ref).length, size(ours))}`;
    const onlyJs = missing(js, ium).slice(0, 6).join(' ');
    const onlyIum = missing(ium, js).slice(0, 6).join(' ');
    const mark = handedBack.has(file) ? '*' : '';
    const same = pdfjs.replace(/\s+/g, ' ').trim() === pdfium.replace(/\s+/g, ' ').trim() ? 'yes' : missing(js, ium).length + missing(ium, js).length === 0 ? 'words' : 'no';
    console.log(`| ${basename(file).slice(0, 40)} | ${size(ref)} | ${score(js)} | ${score(ium)}${mark} | ${same} | ${hyphenBreaks(pdfjs)} / ${hyphenBreaks(pdfium)} | ${same === 'no' ? `${onlyJs} → ${onlyIum}` : ''} |`);
  }
} finally {
  await pool.close();
}
