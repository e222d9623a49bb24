import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../app.test-utils.js';
import { createMediaRepository } from './media.repository.js';

const reportId = async (deps: TestApp['deps'], year: number) => (await deps.db.selectFrom('reports').select('id').where('year', '=', year).executeTakeFirstOrThrow()).id;
const film = (over: { id: string; reportId: string; sha256: string; position: number; title: string }) => ({
  ...over,
  slug: over.id,
  kind: 'video' as const,
  storageKey: `media/${over.sha256}`,
  fileName: `${over.id}.mp4`,
  mimeType: 'video/mp4',
  size: 1000,
  durationSeconds: 2,
  width: 320,
  height: 180,
  videoCodec: 'h264',
  audioCodec: 'aac',
  captionsKey: null,
  posterKey: null,
  transcriptMd: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('media repository (migration 015)', () => {
  const testApp = useTestApp();

  it("lists a report's media in the editor's order, the main film first", async () => {
    const { deps } = await testApp({ reports: [{ year: 2024, published: '2025-03-01' }] });
    const repo = createMediaRepository({ db: deps.db });
    const id = await reportId(deps, 2024);
    await repo.insert({ media: film({ id: 'tema', reportId: id, sha256: 'b'.repeat(64), position: 2, title: 'Tema' }) });
    await repo.insert({ media: film({ id: 'aaret', reportId: id, sha256: 'a'.repeat(64), position: 1, title: 'Året der gik' }) });
    expect((await repo.listForReport({ reportId: id })).map((m) => m.title)).toEqual(['Året der gik', 'Tema']);
  });

  it('a film is public only while its report is published, and goes when the report is deleted', async () => {
    const { deps } = await testApp({ reports: [{ year: 2024, published: '2025-03-01' }, { year: 2025, published: null }] });
    const repo = createMediaRepository({ db: deps.db });
    await repo.insert({ media: film({ id: 'udgivet', reportId: await reportId(deps, 2024), sha256: 'c'.repeat(64), position: 1, title: 'Udgivet' }) });
    await repo.insert({ media: film({ id: 'kladde', reportId: await reportId(deps, 2025), sha256: 'd'.repeat(64), position: 1, title: 'Kladde' }) });
    expect((await repo.findPublicBySha({ sha256: 'c'.repeat(64) }))?.title).toBe('Udgivet');
    expect(await repo.findPublicBySha({ sha256: 'd'.repeat(64) })).toBeUndefined();

    const draftId = await reportId(deps, 2025);
    await deps.db.deleteFrom('reports').where('id', '=', draftId).execute();
    expect(await repo.listForReport({ reportId: draftId })).toEqual([]);
  });
});
