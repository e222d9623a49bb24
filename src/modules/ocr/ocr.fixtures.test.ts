import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp } from '../../app.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from '../documents/documents.usecases.js';
import { createOcrHandler, ocrJobType } from './ocr.usecases.js';

const fixtures = resolve(process.cwd(), '../shared/fixtures/pdfs');
const manifestPath = join(fixtures, 'manifest.tsv');
const hasFixtures = existsSync(manifestPath);
if (!hasFixtures) console.warn(`skipping the OCR run over the scanned fixtures: ${manifestPath} is absent (it lives in ../shared, outside the repository)`);

function readScannedFiles(): string[] {
  const [header, ...lines] = readFileSync(manifestPath, 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  return lines.map((line) => line.split('\t')).filter((cells) => cells[columns.indexOf('category')] === 'scanned-image-only').map((cells) => cells[columns.indexOf('corpus_file')]!);
}

describe.skipIf(!hasFixtures)('the scanned PDFs in ../shared/fixtures/pdfs', () => {
  it('each is read as today, then its image pages go through OCR without failing, marked as OCR', async () => {
    const files = readScannedFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const t = await createTestApp({ reports: [{ year: 1998 }] });
      try {
        const bytes = readFileSync(join(fixtures, file));
        const document = await t.deps.db.selectFrom('documents').select(['id', 'storageKey']).executeTakeFirstOrThrow();
        t.deps.storage.objects.set(document.storageKey, bytes);
        await t.deps.db.updateTable('documents').set({ size: bytes.length }).where('id', '=', document.id).execute();
        const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps), [ocrJobType]: createOcrHandler(t.deps) } }, t.deps);
        while (await runner.runOnce());
        const row = await t.deps.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
        expect({ file, ingest: row.ingestStatus, ocr: row.ocrStatus }).toEqual({ file, ingest: 'færdig', ocr: 'færdig' });
        const pages = await t.deps.db.selectFrom('documentPages').select(['ocr']).execute();
        expect(pages.every((page) => page.ocr === 1)).toBe(true);
      } finally {
        await t.close();
      }
    }
  }, 240_000);
});
