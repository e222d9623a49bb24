import { describe, expect, it } from 'vitest';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runPdfChild } from './drivers/pdf-process.js';
import { createPdfChildPool, defaultPdfChildRecycling } from './drivers/pdf-pool.js';
import type { PdfChildMessage } from './drivers/pdf-process.types.js';
import { createTestApp } from '../../app.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from './documents.usecases.js';
import { writeReportPdf } from '../demo/drivers/pdf-writer.js';
import { addDocumentFromUpload } from './documents.usecases.js';
import { Readable } from 'node:stream';

const fixtures = resolve(process.cwd(), '../shared/fixtures/pdfs');
const manifestPath = join(fixtures, 'manifest.tsv');
const hasFixtures = existsSync(manifestPath);
if (!hasFixtures) console.warn(`skipping the PDF robustness test: ${manifestPath} is absent (it lives in ../shared, outside the repository)`);

type Row = { file: string; pages: number | null; encrypted: string };
function readManifest(): Row[] {
  const [header, ...lines] = readFileSync(manifestPath, 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? '';
  return lines.map((line) => line.split('\t')).map((cells) => ({ file: at(cells, 'corpus_file'), pages: at(cells, 'pages') ? Number(at(cells, 'pages')) : null, encrypted: at(cells, 'encrypted') }));
}

async function mapLimited<T, R>({ items, limit, run }: { items: T[]; limit: number; run: (item: T) => Promise<R> }): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  }));
  return results;
}

describe.skipIf(!hasFixtures)('every PDF in ../shared/fixtures/pdfs', () => {
  it('is read with its manifest page count, or fails with a clear reason; encrypted ones as encrypted; none hangs', async () => {
    const rows = readManifest();
    // Long-lived children as production runs them: each odd file is read by a child that read others
    // before it, and a failure replaces the child, so no file's outcome depends on what came before.
    const children = createPdfChildPool({ maxIdle: 2, recycling: defaultPdfChildRecycling });
    const outcomes = await mapLimited({
      items: rows,
      limit: 2,
      run: async (row) => {
        let pageCount: number | null = null;
        // The production path, cover included: rendering is where odd PDFs are likeliest to crash a
        // child, and it costs little next to starting the child and reading the text.
        const result = await runPdfChild({
          request: { mode: 'ingest', maxBytes: 1e9, maxPages: 2000, maxTextChars: 2e7, coverWidths: [320] },
          input: createReadStream(join(fixtures, row.file)),
          limits: { timeoutMs: 60_000, memoryBytes: 1024 * 1024 * 1024 },
          children,
          onMessage: (m: PdfChildMessage) => { if (m.type === 'metadata') pageCount = m.metadata.pageCount; },
        });
        return { row, result, pageCount };
      },
    }).finally(() => children.close());
    const problems: string[] = [];
    for (const { row, result, pageCount } of outcomes) {
      if (row.encrypted === 'yes-user-password') {
        if (!(result.type === 'failed' && result.problem === 'encrypted')) problems.push(`${row.file}: expected encrypted, got ${JSON.stringify(result).slice(0, 200)}`);
        continue;
      }
      if (result.type === 'ingested') {
        if (row.pages !== null && pageCount !== row.pages) problems.push(`${row.file}: ${pageCount} pages, manifest says ${row.pages}`);
      } else if (result.type !== 'failed' || !['malformed', 'no_pages', 'too_large', 'timeout', 'encrypted', 'not_pdf'].includes(result.problem)) {
        problems.push(`${row.file}: unclear outcome ${JSON.stringify(result).slice(0, 200)}`);
      }
    }
    console.log(outcomes.map(({ row, result }) => `${row.file}\t${result.type === 'failed' ? `failed: ${result.problem}` : result.type}`).join('\n'));
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('a large PDF being read', () => {
  it('leaves the site answering / normally meanwhile', async () => {
    const t = await createTestApp({ reports: [{ year: 2022 }] });
    try {
      const reportId = (await t.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
      const sections = Array.from({ length: 300 }, (_, i) => ({ heading: `Afsnit ${i + 1}`, paragraphs: ['Kommunerne arbejder med velfærd, klima og økonomi. '.repeat(60)] }));
      const big = Buffer.from(await writeReportPdf({ title: 'Stor beretning', sections, pagePerSection: true }));
      await addDocumentFromUpload({ reportId, stream: Readable.from([big]), fileName: 'stor.pdf', userId: null }, t.deps);
      const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
      const job = (async () => { while (await runner.runOnce()); })();
      let answered = 0;
      let sawProgress = false;
      while (true) {
        const done = await Promise.race([job.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))]);
        const res = await t.app.inject({ url: '/' });
        expect(res.statusCode).toBe(200);
        answered += 1;
        const state = await t.deps.db.selectFrom('documents').select(['ingestStatus', 'ingestPagesDone']).where('fileName', '=', 'stor.pdf').executeTakeFirstOrThrow();
        if (state.ingestStatus === 'behandles' && state.ingestPagesDone > 0) sawProgress = true;
        if (done) break;
      }
      expect(answered).toBeGreaterThan(1);
      const state = await t.deps.db.selectFrom('documents').selectAll().where('fileName', '=', 'stor.pdf').executeTakeFirstOrThrow();
      const jobs = await t.deps.db.selectFrom('jobs').select(['status', 'attempts', 'lastError']).execute();
      expect(state, JSON.stringify({ state, jobs })).toMatchObject({ ingestStatus: 'færdig', ingestPagesDone: 301 });
      expect(sawProgress).toBe(true);
    } finally {
      await t.close();
    }
  }, 300_000);
});
