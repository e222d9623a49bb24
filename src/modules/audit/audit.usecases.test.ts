import { afterEach, describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { listAuditEntries, recordAudit } from './audit.usecases.js';

let deps: Awaited<ReturnType<typeof createTestDependencies>> | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

describe('recordAudit', () => {
  it('keeps who, what, which and from where, newest first even within one millisecond', async () => {
    deps = await createTestDependencies();
    for (const year of [2021, 2022, 2023]) {
      await recordAudit({ action: 'report.published', actorId: 'u1', actorEmail: 'a@eksempel.dk', targetType: 'report', targetId: `r${year}`, details: { year }, ip: '192.0.2.1' }, deps);
    }
    const { entries, total, pages } = await listAuditEntries({ filter: { page: 1, pageSize: 2 } }, deps);
    expect(total).toBe(3);
    expect(pages).toBe(2);
    expect(entries.map((e) => e.details.year)).toEqual([2023, 2022]);
    expect(entries[0]).toMatchObject({ action: 'report.published', actorId: 'u1', actorEmail: 'a@eksempel.dk', targetType: 'report', targetId: 'r2023', ip: '192.0.2.1', at: '2026-06-01T10:00:00.000Z' });
  });
});
