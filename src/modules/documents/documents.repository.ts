import type { Updateable } from 'kysely';
import type { DocumentTable } from '../../database/database.types.js';
import type { Db } from '../../database/database.js';
import type { StoredDocument } from './documents.types.js';

export type DocumentCoverKeys = { coverSmallKey: string | null; coverLargeKey: string | null; coverSmallHeight: number | null; accessibilityFailures: number | null };

export function createDocumentsRepository({ db }: { db: Db }) {
  return {
    async getById({ id }: { id: string }): Promise<StoredDocument | undefined> {
      return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listByIds({ ids }: { ids: string[] }): Promise<(StoredDocument & DocumentCoverKeys)[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('documents').selectAll().where('id', 'in', ids).execute();
    },
    async listForReport({ reportId }: { reportId: string }): Promise<StoredDocument[]> {
      return db.selectFrom('documents').selectAll().where('reportId', '=', reportId).orderBy('createdAt', 'desc').execute();
    },
    async findForReportBySha({ reportId, sha256 }: { reportId: string; sha256: string }): Promise<StoredDocument | undefined> {
      return db.selectFrom('documents').selectAll().where('reportId', '=', reportId).where('sha256', '=', sha256).executeTakeFirst();
    },
    /**
     * Documents with this content in published, untrashed reports, each with its report's current
     * document: only a current PDF, or an earlier one readers were shown, is public (the use case decides).
     */
    async listInPublishedReportsBySha({ sha256 }: { sha256: string }): Promise<(StoredDocument & DocumentCoverKeys & { reportCurrentDocumentId: string | null })[]> {
      return db
        .selectFrom('documents')
        .innerJoin('reports', 'reports.id', 'documents.reportId')
        .selectAll('documents')
        .select('reports.currentDocumentId as reportCurrentDocumentId')
        .where('documents.sha256', '=', sha256)
        .where('reports.status', '=', 'published')
        .where('reports.deletedAt', 'is', null)
        .orderBy('documents.createdAt', 'desc')
        .limit(20)
        .execute();
    },
    async findAnyBySha({ sha256 }: { sha256: string }): Promise<StoredDocument | undefined> {
      return db.selectFrom('documents').selectAll().where('sha256', '=', sha256).orderBy('createdAt', 'desc').executeTakeFirst();
    },
    async countByStorageKey({ storageKey }: { storageKey: string }): Promise<number> {
      const row = await db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('storageKey', '=', storageKey).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insertDocument({ document }: { document: StoredDocument }): Promise<void> {
      await db.insertInto('documents').values(document).execute();
    },
    async updateDocument({ id, values }: { id: string; values: Partial<Omit<StoredDocument, 'id'>> }): Promise<void> {
      await db.updateTable('documents').set(values).where('id', '=', id).execute();
    },
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;

const documentStateColumns = [
  'documents.id', 'documents.reportId', 'documents.fileName', 'documents.size', 'documents.createdAt', 'documents.ingestStatus', 'documents.ingestPagesDone', 'documents.ingestPagesTotal',
  'documents.ingestError', 'documents.pagesCapped', 'documents.textCapped', 'documents.pagesWithoutText', 'documents.isRestricted', 'documents.figuresWithoutAlt', 'documents.accessibilityFailures', 'documents.pageCount', 'reports.year', 'reports.title', 'reports.currentDocumentId',
  'documents.ocrStatus', 'documents.ocrPagesTotal', 'documents.ocrPagesDone', 'documents.ocrPagesCapped', 'documents.ocrConfidence', 'documents.ocrError',
] as const;

/** Ingestion state and pages (migration 004); kept apart from the download queries above. */
export function createIngestionRepository({ db }: { db: Db }) {
  return {
    async getState({ id }: { id: string }) {
      return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listStates() {
      return db
        .selectFrom('documents')
        .innerJoin('reports', 'reports.id', 'documents.reportId')
        .select(documentStateColumns)
        .orderBy('reports.year', 'desc')
        .orderBy('documents.createdAt', 'desc')
        .execute();
    },
    async listStatesForReport({ reportId }: { reportId: string }) {
      return db
        .selectFrom('documents')
        .innerJoin('reports', 'reports.id', 'documents.reportId')
        .select(documentStateColumns)
        .where('documents.reportId', '=', reportId)
        .orderBy('documents.createdAt', 'desc')
        .execute();
    },
    /** Reports whose current PDF has been read but has no cover image (the workspace overview lists them). */
    async listReportIdsWithoutCover(): Promise<string[]> {
      const rows = await db.selectFrom('reports').innerJoin('documents', 'documents.id', 'reports.currentDocumentId').select('reports.id').where('documents.ingestStatus', '=', 'færdig').where('documents.coverSmallKey', 'is', null).execute();
      return rows.map((row) => row.id);
    },
    async listIds(): Promise<string[]> {
      return (await db.selectFrom('documents').select('id').execute()).map((row) => row.id);
    },
    async updateState({ id, values }: { id: string; values: Updateable<DocumentTable> }): Promise<void> {
      await db.updateTable('documents').set(values).where('id', '=', id).execute();
    },
    async deletePages({ documentId }: { documentId: string }): Promise<void> {
      await db.deleteFrom('documentPages').where('documentId', '=', documentId).execute();
    },
    async updatePageStructure({ documentId, pageNumber, structureJson }: { documentId: string; pageNumber: number; structureJson: string }): Promise<void> {
      await db.updateTable('documentPages').set({ structureJson }).where('documentId', '=', documentId).where('pageNumber', '=', pageNumber).execute();
    },
    async insertPage({ page }: { page: { documentId: string; pageNumber: number; text: string; blocksJson: string; structureJson?: string | null } }): Promise<void> {
      await db.insertInto('documentPages').values(page).execute();
    },
  };
}
