import type { Db } from '../../database/database.js';
import type { Report } from './reports.types.js';

export function createReportsRepository({ db }: { db: Db }) {
  return {
    async listPublished(): Promise<Report[]> {
      return db.selectFrom('reports').selectAll().where('status', '=', 'published').where('deletedAt', 'is', null).orderBy('year', 'desc').execute();
    },
    async getPublishedByYear({ year }: { year: number }): Promise<Report | undefined> {
      return db.selectFrom('reports').selectAll().where('year', '=', year).where('status', '=', 'published').where('deletedAt', 'is', null).executeTakeFirst();
    },
    /**
     * The current year of the published report that was public under `year` before, if no report
     * (in any state) holds `year` now.
     */
    async findMovedYear({ year }: { year: number }): Promise<number | undefined> {
      const row = await db
        .selectFrom('reportPreviousYears')
        .innerJoin('reports', 'reports.id', 'reportPreviousYears.reportId')
        .select('reports.year')
        .where('reportPreviousYears.year', '=', year)
        .where('reports.status', '=', 'published')
        .where('reports.deletedAt', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('reports as holder').select('holder.id').where('holder.year', '=', year))))
        .executeTakeFirst();
      return row?.year;
    },
    async getByYear({ year }: { year: number }): Promise<Report | undefined> {
      return db.selectFrom('reports').selectAll().where('year', '=', year).executeTakeFirst();
    },
    async getById({ id }: { id: string }): Promise<Report | undefined> {
      return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listAll(): Promise<Report[]> {
      return db.selectFrom('reports').selectAll().orderBy('year', 'desc').execute();
    },
    async insertReport({ report }: { report: Omit<Report, 'version'> }): Promise<void> {
      await db.insertInto('reports').values(report).execute();
    },
    async updateReport({ id, values }: { id: string; values: Partial<Omit<Report, 'id' | 'version'>> }): Promise<void> {
      await db
        .updateTable('reports')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
