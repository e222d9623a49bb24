import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp } from '../../app.test-utils.js';
import { migration016Ocr } from './016-ocr.js';

describe('migration 016: OCR of scanned pages', () => {
  it('upgrades an existing installation by queuing OCR, at low priority, for each read document with pages without text', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, pages: 2 }, { year: 2021, pages: 2 }] });
    try {
      const db = t.deps.db as unknown as Kysely<unknown>;
      // An installation from before 016: both documents read, one of them with a scanned page.
      await t.deps.db.deleteFrom('jobs').execute();
      await t.deps.db.updateTable('documents').set({ ingestStatus: 'færdig', pagesWithoutText: 0 }).execute();
      const [scanned] = await t.deps.db.selectFrom('documents').select('id').limit(1).execute();
      await t.deps.db.updateTable('documents').set({ pagesWithoutText: 1 }).where('id', '=', scanned!.id).execute();
      await migration016Ocr.down(db);
      await migration016Ocr.up(db);
      expect(await t.deps.db.selectFrom('jobs').select(['type', 'payloadJson', 'status', 'priority']).execute()).toEqual([{ type: 'documents.ocr', payloadJson: JSON.stringify({ documentId: scanned!.id }), status: 'queued', priority: -10 }]);
      const states = await t.deps.db.selectFrom('documents').select(['id', 'ocrStatus']).execute();
      expect(states.map((d) => d.ocrStatus).sort()).toEqual([null, 'venter'].sort());
    } finally {
      await t.close();
    }
  });
});
