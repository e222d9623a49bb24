import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp } from '../../app.test-utils.js';
import { migration013Accessibility } from './013-accessibility.js';

describe('migration 013: accessibility checks of every PDF', () => {
  it('upgrades an existing installation by queuing every stored document to be read (and so checked) again, once', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, pages: 2 }, { year: 2021, pages: 2 }] });
    try {
      const db = t.deps.db as unknown as Kysely<unknown>;
      await t.deps.db.deleteFrom('jobs').execute();
      await t.deps.db.updateTable('documents').set({ ingestStatus: 'færdig' }).execute();
      await migration013Accessibility.down(db);
      await migration013Accessibility.up(db);
      const byPayload = (a: { payloadJson: string }, b: { payloadJson: string }) => (a.payloadJson < b.payloadJson ? -1 : a.payloadJson > b.payloadJson ? 1 : 0);
      const jobs = (await t.deps.db.selectFrom('jobs').select(['type', 'payloadJson', 'status']).execute()).sort(byPayload);
      const documents = await t.deps.db.selectFrom('documents').select(['id', 'ingestStatus', 'accessibilityJson', 'accessibilityFailures']).execute();
      expect(jobs).toEqual(documents.map((d) => ({ type: 'documents.ingest', payloadJson: JSON.stringify({ documentId: d.id }), status: 'queued' })).sort(byPayload));
      expect(documents.every((d) => d.ingestStatus === 'venter' && d.accessibilityJson === null && d.accessibilityFailures === null)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
