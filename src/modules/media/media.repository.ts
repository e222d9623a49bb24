import type { Insertable, Selectable } from 'kysely';
import type { ReportMediaTable } from '../../database/database.types.js';
import type { Db } from '../../database/database.js';

export type StoredMedia = Selectable<ReportMediaTable>;

export function createMediaRepository({ db }: { db: Db }) {
  return {
    async insert({ media }: { media: Insertable<ReportMediaTable> }): Promise<void> {
      await db.insertInto('reportMedia').values(media).execute();
    },
    /** A report's media in the order readers see them: position, then the oldest first. */
    async listForReport({ reportId }: { reportId: string }): Promise<StoredMedia[]> {
      return db.selectFrom('reportMedia').selectAll().where('reportId', '=', reportId).orderBy('position', 'asc').orderBy('createdAt', 'asc').orderBy('id', 'asc').execute();
    },
    /** A media file with this content in a published, untrashed report: the only ones served to the public. */
    async findPublicBySha({ sha256 }: { sha256: string }): Promise<StoredMedia | undefined> {
      return db
        .selectFrom('reportMedia')
        .innerJoin('reports', 'reports.id', 'reportMedia.reportId')
        .selectAll('reportMedia')
        .where('reportMedia.sha256', '=', sha256)
        .where('reports.status', '=', 'published')
        .where('reports.deletedAt', 'is', null)
        .orderBy('reportMedia.createdAt', 'desc')
        .executeTakeFirst();
    },
  };
}
