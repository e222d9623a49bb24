import type { Db } from '../../database/database.js';
import type { Report } from './reports.types.js';
import type { ReportSnapshot } from './reports-admin.models.js';

export type ReportRevision = { id: string; reportId: string; number: number; action: string; createdAt: string; createdBy: string | null; createdByName: string | null; snapshot: ReportSnapshot };

type Row = { id: string; reportId: string; number: number; action: string; createdAt: string; createdBy: string | null; createdByName: string | null; snapshotJson: string };
const toRevision = ({ snapshotJson, ...row }: Row): ReportRevision => ({ ...row, snapshot: JSON.parse(snapshotJson) as ReportSnapshot });

export function createReportsAdminRepository({ db }: { db: Db }) {
  return {
    async listAll(): Promise<Report[]> {
      return db.selectFrom('reports').selectAll().orderBy('year', 'desc').execute();
    },
    /** Changes the report only if it is still at `version`; returns whether it did. */
    async updateIfVersion({ id, version, values }: { id: string; version: number; values: Partial<Omit<Report, 'id' | 'version'>> }): Promise<boolean> {
      const result = await db
        .updateTable('reports')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Publishes a scheduled report if it is still scheduled and due: one atomic conditional UPDATE, so only one caller wins. */
    async publishIfDue({ id, now }: { id: string; now: string }): Promise<boolean> {
      const result = await db
        .updateTable('reports')
        .set((eb) => ({ status: 'published' as const, publishedAt: eb.ref('scheduledAt'), scheduledAt: null, updatedAt: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .where('deletedAt', 'is', null)
        .where('scheduledAt', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async listDue({ now }: { now: string }): Promise<Report[]> {
      return db.selectFrom('reports').selectAll().where('status', '=', 'scheduled').where('deletedAt', 'is', null).where('scheduledAt', '<=', now).execute();
    },
    /** Keeps `year` as an earlier public year of the report (its address redirects); the newest move of a year wins. */
    async recordPreviousYear({ reportId, year, now }: { reportId: string; year: number; now: string }): Promise<void> {
      await db.deleteFrom('reportPreviousYears').where('year', '=', year).execute();
      await db.insertInto('reportPreviousYears').values({ year, reportId, createdAt: now }).execute();
    },
    async deleteReport({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('reportPreviousYears').where('reportId', '=', id).execute();
      await db.deleteFrom('reportRevisions').where('reportId', '=', id).execute();
      await db.deleteFrom('reports').where('id', '=', id).execute();
    },
    async nextRevisionNumber({ reportId }: { reportId: string }): Promise<number> {
      const row = await db.selectFrom('reportRevisions').select((eb) => eb.fn.max('number').as('n')).where('reportId', '=', reportId).executeTakeFirst();
      return Number(row?.n ?? 0) + 1;
    },
    async insertRevision({ revision }: { revision: ReportRevision }): Promise<void> {
      const { snapshot, ...rest } = revision;
      await db.insertInto('reportRevisions').values({ ...rest, snapshotJson: JSON.stringify(snapshot) }).execute();
    },
    async listRevisions({ reportId }: { reportId: string }): Promise<ReportRevision[]> {
      const rows = await db.selectFrom('reportRevisions').selectAll().where('reportId', '=', reportId).orderBy('number', 'desc').execute();
      return rows.map(toRevision);
    },
    async getRevision({ reportId, number }: { reportId: string; number: number }): Promise<ReportRevision | undefined> {
      const row = await db.selectFrom('reportRevisions').selectAll().where('reportId', '=', reportId).where('number', '=', number).executeTakeFirst();
      return row && toRevision(row);
    },
    async latestRevision({ reportId }: { reportId: string }): Promise<ReportRevision | undefined> {
      const row = await db.selectFrom('reportRevisions').selectAll().where('reportId', '=', reportId).orderBy('number', 'desc').limit(1).executeTakeFirst();
      return row && toRevision(row);
    },
  };
}
