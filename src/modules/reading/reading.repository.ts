import type { Db } from '../../database/database.js';

export function createReadingRepository({ db }: { db: Db }) {
  return {
    /** The stored lines (and, for tagged PDFs, the blocks from the structure tree) of every page of a document, in page order. */
    async listPages({ documentId }: { documentId: string }): Promise<{ pageNumber: number; blocksJson: string; structureJson: string | null; ocr: number }[]> {
      return db.selectFrom('documentPages').select(['pageNumber', 'blocksJson', 'structureJson', 'ocr']).where('documentId', '=', documentId).orderBy('pageNumber', 'asc').execute();
    },
  };
}

export type ReadingRepository = ReturnType<typeof createReadingRepository>;
