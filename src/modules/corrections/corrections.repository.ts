import type { Db } from '../../database/database.js';

export function createCorrectionsRepository({ db }: { db: Db }) {
  return {
    async listNotes({ reportId }: { reportId: string }) {
      return db.selectFrom('reportCorrections').selectAll().where('reportId', '=', reportId).orderBy('createdAt', 'desc').execute();
    },
    async insertNote({ note }: { note: { id: string; reportId: string; note: string; createdAt: string; createdBy: string | null } }): Promise<void> {
      await db.insertInto('reportCorrections').values(note).execute();
    },
    async listRevisions({ reportId }: { reportId: string }) {
      return db.selectFrom('reportRevisions').select(['number', 'createdAt', 'snapshotJson']).where('reportId', '=', reportId).orderBy('number', 'asc').execute();
    },
  };
}
