import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ReportMediaTable } from '../../database/database.types.js';
import type { Db } from '../../database/database.js';

export type StoredMedia = Selectable<ReportMediaTable>;

/** Which stored file of a media item an address names: the film or sound, its captions or its poster. */
export type MediaFileRole = 'file' | 'captions' | 'poster';
const keyColumn = { file: 'storageKey', captions: 'captionsKey', poster: 'posterKey' } as const;

export function createMediaRepository({ db }: { db: Db }) {
  const published = () =>
    db
      .selectFrom('reportMedia')
      .innerJoin('reports', 'reports.id', 'reportMedia.reportId')
      .selectAll('reportMedia')
      .where('reportMedia.removedAt', 'is', null)
      .where('reports.status', '=', 'published')
      .where('reports.deletedAt', 'is', null);
  return {
    async insert({ media }: { media: Insertable<ReportMediaTable> }): Promise<void> {
      await db.insertInto('reportMedia').values(media).execute();
    },
    async update({ id, values }: { id: string; values: Updateable<ReportMediaTable> }): Promise<void> {
      await db.updateTable('reportMedia').set(values).where('id', '=', id).execute();
    },
    /**
     * Saves `values` only if the item's details are still those of `before` (title, description, order,
     * transcript, captions, poster): false when another save got there between the read and this update.
     */
    async updateIfDetailsUnchanged({ id, before, values }: { id: string; before: StoredMedia; values: Updateable<ReportMediaTable> }): Promise<boolean> {
      let query = db.updateTable('reportMedia').set(values).where('id', '=', id);
      for (const column of ['title', 'description', 'position', 'transcriptMd', 'captionsKey', 'posterKey', 'posterUploaded'] as const) {
        const value = before[column];
        query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** The last change recorded for one item (its audit entries), with the editor's name where known. */
    async lastChange({ reportId, mediaId }: { reportId: string; mediaId: string }): Promise<{ by: string | null; at: string } | undefined> {
      const rows = await db
        .selectFrom('auditLog')
        .leftJoin('users', 'users.id', 'auditLog.actorId')
        .select(['auditLog.at', 'auditLog.details', 'auditLog.actorEmail', 'users.name'])
        .where('auditLog.targetType', '=', 'report')
        .where('auditLog.targetId', '=', reportId)
        .where('auditLog.action', 'like', 'media.%')
        .orderBy('auditLog.at', 'desc')
        .limit(200)
        .execute();
      const row = rows.find((r) => {
        try {
          return (JSON.parse(r.details) as { mediaId?: unknown }).mediaId === mediaId;
        } catch {
          return false;
        }
      });
      return row && { by: row.name ?? row.actorEmail, at: row.at };
    },
    async findById({ id }: { id: string }): Promise<StoredMedia | undefined> {
      return db.selectFrom('reportMedia').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** A report's media in the order readers see them: position, then the oldest first. Removed ones only when asked. */
    async listForReport({ reportId, includeRemoved = false }: { reportId: string; includeRemoved?: boolean }): Promise<StoredMedia[]> {
      let query = db.selectFrom('reportMedia').selectAll().where('reportId', '=', reportId);
      if (!includeRemoved) query = query.where('removedAt', 'is', null);
      return query.orderBy('position', 'asc').orderBy('createdAt', 'asc').orderBy('id', 'asc').execute();
    },
    /** The media of several reports at once (the API, the feed), each report's in its order. */
    async listForReports({ reportIds }: { reportIds: string[] }): Promise<StoredMedia[]> {
      if (reportIds.length === 0) return [];
      return db.selectFrom('reportMedia').selectAll().where('reportId', 'in', reportIds).where('removedAt', 'is', null).orderBy('position', 'asc').orderBy('createdAt', 'asc').orderBy('id', 'asc').execute();
    },
    async listSlugs({ reportId }: { reportId: string }): Promise<string[]> {
      return (await db.selectFrom('reportMedia').select('slug').where('reportId', '=', reportId).execute()).map((r) => r.slug);
    },
    /** A media file with this content in a published, untrashed report: the only ones served to the public. */
    async findPublicBySha({ sha256 }: { sha256: string }): Promise<StoredMedia | undefined> {
      return published().where('reportMedia.sha256', '=', sha256).orderBy('reportMedia.createdAt', 'desc').executeTakeFirst();
    },
    /** An item whose film, captions or poster is stored under `key`, public (published report) or any (editors). */
    async findByKey({ role, key, publicOnly }: { role: MediaFileRole; key: string; publicOnly: boolean }): Promise<StoredMedia | undefined> {
      const column = keyColumn[role];
      if (publicOnly) return published().where(`reportMedia.${column}`, '=', key).executeTakeFirst();
      return db.selectFrom('reportMedia').selectAll().where(column, '=', key).executeTakeFirst();
    },
    async findPublicBySlug({ reportId, slug }: { reportId: string; slug: string }): Promise<StoredMedia | undefined> {
      return db.selectFrom('reportMedia').selectAll().where('reportId', '=', reportId).where('slug', '=', slug).where('removedAt', 'is', null).executeTakeFirst();
    },
    /** How many items still use a stored file (as film, captions or poster): a file no one uses may be deleted. */
    async countByKey({ key }: { key: string }): Promise<number> {
      const row = await db
        .selectFrom('reportMedia')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where((eb) => eb.or([eb('storageKey', '=', key), eb('captionsKey', '=', key), eb('posterKey', '=', key)]))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
