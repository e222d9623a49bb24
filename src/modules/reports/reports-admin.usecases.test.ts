import { afterEach, describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { createReport, getRevisionDiff, listRevisions, publishDueReports, restoreRevision, scheduleReport, trashReport, updateReportFields } from './reports-admin.usecases.js';
import { getPublishedReport, listPublishedReports } from './reports.usecases.js';
import { copenhagenLocalToUtc } from './reports-admin.models.js';
import { isAppError } from '../../shared/errors.js';

type Deps = Awaited<ReturnType<typeof createTestDependencies>>;
let deps: Deps | undefined;
afterEach(async () => { await deps?.close(); deps = undefined; });

const anna = { id: 'u-anna', email: 'anna@kl.dk', name: 'Anna Redaktør' };
const bo = { id: 'u-bo', email: 'bo@kl.dk', name: 'Bo Redaktør' };
const fields = { year: 2025, title: 'Beretning 2025', periodStart: '2025-01-01', periodEnd: '2025-12-31', forewordMd: 'Året var godt.\n\nVi nåede meget.' };

describe('the editors’ report workspace (use cases)', () => {
  it('a second editor saving an older version is refused, naming who changed it and when', async () => {
    deps = await createTestDependencies();
    const report = await createReport({ fields, actor: anna }, deps);
    await updateReportFields({ id: report.id, version: report.version, fields: { ...fields, title: 'Annas titel' }, actor: anna }, deps);
    const error = await updateReportFields({ id: report.id, version: report.version, fields: { ...fields, title: 'Bos titel' }, actor: bo }, deps).catch((e: unknown) => e);
    expect(isAppError(error) && error.status).toBe(409);
    expect(isAppError(error) && error.details).toMatchObject({ by: 'Anna Redaktør', at: '2026-06-01T10:00:00.000Z' });
  });

  it('every save is a revision; a diff shows the changed words; restoring the first is a new revision', async () => {
    deps = await createTestDependencies();
    const report = await createReport({ fields, actor: anna }, deps);
    const saved = await updateReportFields({ id: report.id, version: 1, fields: { ...fields, forewordMd: 'Året var svært.\n\nVi nåede meget.' }, actor: bo }, deps);
    const { diff } = await getRevisionDiff({ reportId: report.id, from: 1, to: 2 }, deps);
    expect(diff.forewordChanged).toBe(true);
    expect(diff.foreword.filter((p) => p.removed).map((p) => p.value.trim())).toContain('godt');
    expect(diff.foreword.filter((p) => p.added).map((p) => p.value.trim())).toContain('svært');
    const restored = await restoreRevision({ reportId: report.id, number: 1, version: saved.version, actor: anna }, deps);
    expect(restored.forewordMd).toBe(fields.forewordMd);
    const { revisions } = await listRevisions({ reportId: report.id }, deps);
    expect(revisions.map((r) => [r.number, r.action])).toEqual([[3, 'revision_restored'], [2, 'updated'], [1, 'created']]);
  });

  it('a scheduled report is published when its time comes, once even if the step runs twice at once', async () => {
    deps = await createTestDependencies({ now: '2026-06-01T10:00:00.000Z' });
    const clock = deps.clock as unknown as { set: (to: string) => void }; // the test clock can be moved
    const report = await createReport({ fields, actor: anna }, deps);
    const at = copenhagenLocalToUtc({ date: '2026-06-02', time: '09:00' });
    expect(at).toBe('2026-06-02T07:00:00.000Z');
    await scheduleReport({ id: report.id, at: at as string, actor: anna }, deps);
    expect(await publishDueReports(deps)).toEqual([]);
    expect(await listPublishedReports(deps)).toHaveLength(0);
    clock.set('2026-06-02T07:00:00.000Z');
    const runs = await Promise.all([publishDueReports(deps), publishDueReports(deps)]);
    expect(runs.flat()).toEqual([report.id]);
    expect((await getPublishedReport({ year: 2025 }, deps)).publishedAt).toBe(at);
    const { revisions } = await listRevisions({ reportId: report.id }, deps);
    expect(revisions.filter((r) => r.action === 'published')).toHaveLength(1);
  });

  it('a trashed scheduled report is not published', async () => {
    deps = await createTestDependencies();
    const clock = deps.clock as unknown as { set: (to: string) => void };
    const report = await createReport({ fields, actor: anna }, deps);
    await scheduleReport({ id: report.id, at: '2026-06-01T11:00:00.000Z', actor: anna }, deps);
    await trashReport({ id: report.id, actor: anna }, deps);
    clock.set('2026-06-01T12:00:00.000Z');
    expect(await publishDueReports(deps)).toEqual([]);
  });

  it('Copenhagen wall-clock times convert to UTC in winter and summer', () => {
    expect(copenhagenLocalToUtc({ date: '2026-01-15', time: '12:00' })).toBe('2026-01-15T11:00:00.000Z');
    expect(copenhagenLocalToUtc({ date: '2026-07-15', time: '12:00' })).toBe('2026-07-15T10:00:00.000Z');
    expect(copenhagenLocalToUtc({ date: '2026-02-30', time: '12:00' })).toBeUndefined();
  });
});
