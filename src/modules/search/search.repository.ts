import type { Db } from '../../database/database.js';
import { listVocabularyWords } from './search.models.js';

// Portable queries on the search tables that both drivers share; the dialect-specific index lives in the drivers.

export async function listReportSeqs({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<number[]> {
  const rows = await db.selectFrom('searchEntries').select('seq').where('reportId', '=', reportId).execute();
  return rows.map((r) => Number(r.seq));
}

export async function deleteReportEntries({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<void> {
  await db.deleteFrom('searchEntries').where('reportId', '=', reportId).execute();
}

export async function addVocabulary({ texts }: { texts: string[] }, { db }: { db: Db }): Promise<void> {
  const words = new Set<string>();
  for (const text of texts) for (const word of listVocabularyWords(text)) words.add(word);
  const rows = [...words].map((word) => ({ word, firstLetter: Array.from(word)[0] ?? '', length: Array.from(word).length }));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('searchWords').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('word').doNothing()).execute();
  }
}

export async function getEntryTexts({ seqs }: { seqs: number[] }, { db }: { db: Db }): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await db.selectFrom('searchEntries').select(['seq', 'text']).where('seq', 'in', seqs).execute();
  return new Map(rows.map((r) => [Number(r.seq), r.text]));
}

export async function listWordsLike({ word, limit }: { word: string; limit: number }, { db }: { db: Db }): Promise<string[]> {
  const letters = Array.from(word);
  if (letters.length < 3) return [];
  const rows = await db
    .selectFrom('searchWords')
    .select('word')
    .where('firstLetter', '=', letters[0]!)
    .where('length', '>=', letters.length - 2)
    .where('length', '<=', letters.length + 2)
    .limit(limit)
    .execute();
  return rows.map((r) => r.word);
}

export async function clearSearchTables({ db }: { db: Db }): Promise<void> {
  await db.deleteFrom('searchEntries').execute();
  await db.deleteFrom('searchWords').execute();
}

/** The text of each page of a document, as ingestion stored it. */
export async function listDocumentPageTexts({ documentId }: { documentId: string }, { db }: { db: Db }): Promise<{ pageNumber: number; text: string }[]> {
  return db.selectFrom('documentPages').select(['pageNumber', 'text']).where('documentId', '=', documentId).orderBy('pageNumber').execute();
}

export async function countSearchEntries({ db }: { db: Db }): Promise<number> {
  const row = await db.selectFrom('searchEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
