import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp } from '../../app.test-utils.js';
import { migration012ReadingStructure } from './012-reading-structure.js';

describe('migration 012: the reading version from the PDF\'s structure', () => {
  it('upgrades an existing installation by queuing every stored document to be read again, once', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, pages: 2 }, { year: 2021, pages: 2 }] });
    try {
      const db = t.deps.db as unknown as Kysely<unknown>;
      // An installation from before 012: its documents were read, its queue is empty.
      await t.deps.db.deleteFrom('jobs').execute();
      await t.deps.db.updateTable('documents').set({ ingestStatus: 'færdig' }).execute();
      await migration012ReadingStructure.down(db);
      await migration012ReadingStructure.up(db);
      // Sorted here, not by the database: PostgreSQL's collation orders ids with '-' and case unlike SQLite.
      const byPayload = (a: { payloadJson: string }, b: { payloadJson: string }) => (a.payloadJson < b.payloadJson ? -1 : a.payloadJson > b.payloadJson ? 1 : 0);
      const jobs = (await t.deps.db.selectFrom('jobs').select(['type', 'payloadJson', 'status']).execute()).sort(byPayload);
      const documents = await t.deps.db.selectFrom('documents').select(['id', 'ingestStatus', 'isTagged', 'figuresWithoutAlt']).orderBy('id').execute();
      expect(jobs).toEqual(documents.map((d) => ({ type: 'documents.ingest', payloadJson: JSON.stringify({ documentId: d.id }), status: 'queued' })).sort(byPayload));
      expect(documents.every((d) => d.ingestStatus === 'venter' && d.isTagged === 0 && d.figuresWithoutAlt === 0)).toBe(true);
      await expect(t.deps.db.selectFrom('documentPages').select('structureJson').execute()).resolves.toEqual([]);
    } finally {
      await t.close();
    }
  });
});
