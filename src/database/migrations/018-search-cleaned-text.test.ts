import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp } from '../../app.test-utils.js';
import { ensureSearchIndex } from '../../modules/search/search.usecases.js';
import { migration018SearchCleanedText } from './018-search-cleaned-text.js';

describe('migration 018: search reads the cleaned text', () => {
  it('empties the index, and the start-up check rebuilds it from the reading-version blocks', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, pages: 2 }] });
    try {
      const report = await t.deps.db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
      const documentId = report.currentDocumentId!;
      await t.deps.db.deleteFrom('documentPages').where('documentId', '=', documentId).execute();
      await t.deps.db.insertInto('documentPages').values({ documentId, pageNumber: 1, text: 'Side 4-17 Zebraer i kommunen', blocksJson: '[]' }).execute();
      // An index from before 018: built from the stored text, running header included.
      await t.deps.events.emit('document.ingested', { documentId, reportId: report.id });
      expect((await t.deps.db.selectFrom('searchEntries').select('text').execute()).map((r) => r.text)).toContain('Side 4-17 Zebraer i kommunen');
      // The re-read (migration 012's job) stored the page's blocks.
      await t.deps.db.updateTable('documentPages').set({ structureJson: JSON.stringify([{ kind: 'paragraph', text: 'Zebraer i kommunen' }]) }).where('documentId', '=', documentId).execute();
      await migration018SearchCleanedText.up(t.deps.db as unknown as Kysely<unknown>);
      expect(await t.deps.db.selectFrom('searchEntries').select('seq').execute()).toEqual([]);
      await ensureSearchIndex({ db: t.deps.db, dialect: t.deps.dialect, logger: t.deps.logger });
      expect((await t.deps.db.selectFrom('searchEntries').select('text').where('pageNumber', '=', 1).execute()).map((r) => r.text)).toEqual(['Zebraer i kommunen']);
    } finally {
      await t.close();
    }
  });
});
