import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { addCorrectionNote } from './corrections.usecases.js';
import { summariseCorrections } from './corrections.models.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2020, foreword: 'Forord' }, { year: 2019, foreword: 'Uændret' }] });
});
afterAll(async () => t.close());

const snapshot = (documentId: string | null, forewordMd: string) => JSON.stringify({ year: 2020, title: 'Beretning 2020', periodStart: null, periodEnd: null, forewordMd, currentDocumentId: documentId, status: 'published', scheduledAt: null });

describe('corrections in the open', () => {
  it('a report whose PDF was replaced after publication shows "Rettet <dato>" with the note, and the earlier PDF stays downloadable', async () => {
    const { db } = t.deps;
    const report = await db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
    const original = await db.selectFrom('documents').selectAll().where('id', '=', report.currentDocumentId ?? '').executeTakeFirstOrThrow();
    // The corrected PDF: a second document row becomes current, as the workspace's "use document" does.
    const newId = crypto.randomUUID();
    await db.insertInto('documents').values({ id: newId, reportId: report.id, sha256: 'b'.repeat(64), storageKey: `sha256/${'b'.repeat(64)}`, fileName: 'beretning-2020-rettet.pdf', size: 1234, pageCount: 2, createdAt: '2021-06-01T10:00:00.000Z', createdBy: null }).execute();
    await db.updateTable('reports').set({ currentDocumentId: newId, updatedAt: '2021-06-01T10:00:00.000Z' }).where('id', '=', report.id).execute();
    // This history replaces the import's own revision: published on 1 May, the PDF replaced on 1 June.
    await db.deleteFrom('reportRevisions').where('reportId', '=', report.id).execute();
    await db.insertInto('reportRevisions').values([
      { id: crypto.randomUUID(), reportId: report.id, number: 1, action: 'published', createdAt: '2021-05-01T08:00:00.000Z', createdBy: null, createdByName: null, snapshotJson: snapshot(original.id, 'Forord') },
      { id: crypto.randomUUID(), reportId: report.id, number: 2, action: 'document', createdAt: '2021-06-01T10:00:00.000Z', createdBy: null, createdByName: null, snapshotJson: snapshot(newId, 'Forord') },
    ]).execute();
    await addCorrectionNote({ reportId: report.id, note: 'Tabel 3 havde forkerte tal.', actorId: null }, t.deps);

    const res = await t.app.inject({ url: '/beretninger/2020' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<strong>Rettet \d{1,2}\. \S+ \d{4}<\/strong>/);
    expect(res.body).toContain('Tabel 3 havde forkerte tal.');
    expect(res.body).toContain('Tidligere udgaver');
    expect(res.body).toContain(`href="/filer/${original.sha256}/`);
    expect(res.body).toContain(`/filer/${'b'.repeat(64)}/beretning-2020-rettet.pdf`);
    const download = await t.app.inject({ url: `/filer/${original.sha256}/${original.fileName}` });
    expect(download.statusCode).toBe(200);
  });

  it('a report never corrected shows no correction notice', async () => {
    const res = await t.app.inject({ url: '/beretninger/2019' });
    expect(res.body).not.toContain('Rettet ');
    expect(res.body).not.toContain('Tidligere udgaver');
  });

  it('a foreword changed while published counts as a correction; edits before publication do not', () => {
    const base = { status: 'published', currentDocumentId: 'a' };
    expect(summariseCorrections({ currentDocumentId: 'a', states: [{ ...base, status: 'draft', forewordMd: 'x', createdAt: '1' }, { ...base, forewordMd: 'y', createdAt: '2' }] }).correctedAt).toBeUndefined();
    expect(summariseCorrections({ currentDocumentId: 'a', states: [{ ...base, forewordMd: 'y', createdAt: '2' }, { ...base, forewordMd: 'z', createdAt: '3' }] })).toEqual({ correctedAt: '3', earlierDocumentIds: [] });
  });
});
