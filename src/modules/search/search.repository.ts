import type { Db } from '../../database/database.js';
import { analyzeWord, foldWord, listVocabularyWords } from './search.models.js';

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
  const rows = [...words].map((word) => ({ word, firstLetter: Array.from(word)[0] ?? '', length: Array.from(word).length, folded: foldWord(word) }));
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

/**
 * The index terms of the vocabulary's words that begin with a (folded) prefix, from the shortest
 * words (the commonest, as a rule) up to `limit` distinct terms. A prefix then costs a lookup of a
 * few words instead of a scan of every term that begins with it.
 */
export async function listPrefixTerms({ prefix, limit }: { prefix: string; limit: number }, { db }: { db: Db }): Promise<string[]> {
  const rows = await db
    .selectFrom('searchWords')
    .select('word')
    .where('folded', '>=', prefix)
    .where('folded', '<', `${prefix}\uffff`)
    .orderBy('length')
    .orderBy('folded')
    .limit(limit * 4)
    .execute();
  const terms = new Set<string>();
  for (const { word } of rows) {
    if (terms.size >= limit) break;
    terms.add(analyzeWord(word));
  }
  return [...terms];
}

/** Lowest and highest entry number and the average terms length of the newest pages: the shape BM25 needs. */
export async function getIndexShape({ db }: { db: Db }): Promise<{ minSeq: number; maxSeq: number; averageLength: number }> {
  const range = await db.selectFrom('searchEntries').select((eb) => [eb.fn.min('seq').as('minSeq'), eb.fn.max('seq').as('maxSeq')]).executeTakeFirst();
  const newest = db.selectFrom('searchEntries').select('terms').orderBy('seq', 'desc').limit(1000).as('newest');
  const average = await db.selectFrom(newest).select((eb) => eb.fn.avg<number>(eb.fn('length', ['newest.terms'])).as('averageLength')).executeTakeFirst();
  return { minSeq: Number(range?.minSeq ?? 0), maxSeq: Number(range?.maxSeq ?? 0), averageLength: Number(average?.averageLength ?? 0) || 1 };
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
