import type { Updateable } from 'kysely';
import type { Db } from '../../database/database.js';
import type { DocumentTable } from '../../database/database.types.js';

/** OCR's reads and writes on documents and their pages (migration 016). */
export function createOcrRepository({ db }: { db: Db }) {
  return {
    async getDocument({ id }: { id: string }) {
      return db.selectFrom('documents').select(['id', 'reportId', 'fileName', 'storageKey', 'size', 'pdfLanguage', 'ingestStatus', 'pagesWithoutText', 'ocrStatus']).where('id', '=', id).executeTakeFirst();
    },
    /** Documents that have been read (only those have pages to recognise). */
    async listReadDocumentIds(): Promise<string[]> {
      return (await db.selectFrom('documents').select('id').where('ingestStatus', '=', 'færdig').orderBy('createdAt').execute()).map((row) => row.id);
    },
    async listPages({ documentId }: { documentId: string }): Promise<{ pageNumber: number; text: string; ocr: number; ocrConfidence: number | null }[]> {
      return db.selectFrom('documentPages').select(['pageNumber', 'text', 'ocr', 'ocrConfidence']).where('documentId', '=', documentId).orderBy('pageNumber').execute();
    },
    async updateDocument({ id, values }: { id: string; values: Updateable<DocumentTable> }): Promise<void> {
      await db.updateTable('documents').set(values).where('id', '=', id).execute();
    },
    async updatePage({ documentId, pageNumber, values }: { documentId: string; pageNumber: number; values: { text: string; blocksJson: string; structureJson: string; ocr: number; ocrConfidence: number | null } }): Promise<void> {
      await db.updateTable('documentPages').set(values).where('documentId', '=', documentId).where('pageNumber', '=', pageNumber).execute();
    },
  };
}
