import type { Db } from '../../database/database.js';

const columns = [
  'documents.id', 'documents.reportId', 'documents.fileName', 'documents.ingestStatus', 'documents.pdfCreatedAt', 'documents.accessibilityJson', 'documents.accessibilityFailures', 'reports.year', 'reports.title', 'reports.currentDocumentId', 'reports.status',
] as const;

/** The stored accessibility results (documents.accessibility_json, migration 013) with their report. */
export function createAccessibilityRepository({ db }: { db: Db }) {
  return {
    async getForDocument({ id }: { id: string }) {
      return db.selectFrom('documents').innerJoin('reports', 'reports.id', 'documents.reportId').select(columns).where('documents.id', '=', id).executeTakeFirst();
    },
    /** The current PDF of every published report in the workspace's view (not in the trash), newest year first. */
    async listPublishedCurrent() {
      return db
        .selectFrom('reports')
        .innerJoin('documents', 'documents.id', 'reports.currentDocumentId')
        .select(columns)
        .where('reports.status', '=', 'published')
        .where('reports.deletedAt', 'is', null)
        .orderBy('reports.year', 'desc')
        .execute();
    },
    async getFailuresOfCurrent({ reportId }: { reportId: string }) {
      return db.selectFrom('reports').innerJoin('documents', 'documents.id', 'reports.currentDocumentId').select(columns).where('reports.id', '=', reportId).executeTakeFirst();
    },
  };
}

export type AccessibilityRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAccessibilityRepository>['getForDocument']>>>;
