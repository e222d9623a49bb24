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

/** Whether the index's vocabulary has this word (lower case, as the reader's words are kept). */
export async function hasVocabularyWord({ word }: { word: string }, { db }: { db: Db }): Promise<boolean> {
  const row = await db.selectFrom('searchWords').select('word').where('word', '=', word).executeTakeFirst();
  return row !== undefined;
}

// First letters a reader without a Danish keyboard types for æ, ø and å (and the other way round).
const ALIKE_FIRST_LETTERS: Readonly<Record<string, readonly string[]>> = { a: ['a', 'å', 'æ'], å: ['å', 'a'], æ: ['æ', 'a', 'e'], e: ['e', 'æ'], o: ['o', 'ø'], ø: ['ø', 'o'] };

/**
 * Up to `limit` index words that may be a misspelling's intended word: of the same first letter (or
 * its Danish twin: "okonomi" finds "økonomi") and of a length within two, the nearest lengths first.
 * Each length is one look-up in the (first letter, length) index.
 */
export async function listWordsLike({ word, limit }: { word: string; limit: number }, { db }: { db: Db }): Promise<string[]> {
  const letters = Array.from(word);
  if (letters.length < 3 || limit <= 0) return [];
  const first = letters[0]!;
  const firstLetters = ALIKE_FIRST_LETTERS[first] ?? [first];
  const length = letters.length;
  const found: string[] = [];
  for (const wanted of [length, length - 1, length + 1, length - 2, length + 2]) {
    if (found.length >= limit) break;
    const rows = await db
      .selectFrom('searchWords')
      .select('word')
      .where('firstLetter', 'in', firstLetters)
      .where('length', '=', wanted)
      .orderBy('word')
      .limit(limit - found.length)
      .execute();
    for (const row of rows) found.push(row.word);
  }
  return found;
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

/**
 * Entry numbers (seq) are year × SEQS_PER_YEAR + a counter, so the engines' walk in entry order,
 * newest first, is a walk through the newest years first: the bounded candidates of a common word
 * are its newest pages by year, whatever order the reports were indexed in.
 */
export const SEQS_PER_YEAR = 1_000_000_000;

/** The next free entry number in a year (the caller holds the write lock for that year). */
export async function getNextSeq({ year }: { year: number }, { db }: { db: Db }): Promise<number> {
  const row = await db
    .selectFrom('searchEntries')
    .select((eb) => eb.fn.max('seq').as('maxSeq'))
    .where('seq', '>=', year * SEQS_PER_YEAR)
    .where('seq', '<', (year + 1) * SEQS_PER_YEAR)
    .executeTakeFirst();
  return row?.maxSeq === null || row?.maxSeq === undefined ? year * SEQS_PER_YEAR + 1 : Number(row.maxSeq) + 1;
}

export type YearSpan = { minSeq: number; maxSeq: number };
export type IndexShape = { years: YearSpan[]; averageLength: number };

/**
 * Each year's lowest and highest entry number (newest year first; a few index seeks per year) and
 * the average terms length of the newest pages: the shape BM25's statistics are estimated from.
 */
export async function getIndexShape({ db }: { db: Db }): Promise<IndexShape> {
  const years: YearSpan[] = [];
  let below: number | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    let query = db.selectFrom('searchEntries').select((eb) => eb.fn.max('seq').as('maxSeq'));
    if (below !== undefined) query = query.where('seq', '<', below);
    const top = await query.executeTakeFirst();
    if (top?.maxSeq === null || top?.maxSeq === undefined) break;
    const maxSeq = Number(top.maxSeq);
    const yearStart = Math.floor(maxSeq / SEQS_PER_YEAR) * SEQS_PER_YEAR;
    const low = await db.selectFrom('searchEntries').select((eb) => eb.fn.min('seq').as('minSeq')).where('seq', '>=', yearStart).executeTakeFirst();
    years.push({ minSeq: Number(low?.minSeq ?? maxSeq), maxSeq });
    below = yearStart;
  }
  const newest = db.selectFrom('searchEntries').select('terms').orderBy('seq', 'desc').limit(1000).as('newest');
  const average = await db.selectFrom(newest).select((eb) => eb.fn.avg<number>(eb.fn('length', ['newest.terms'])).as('averageLength')).executeTakeFirst();
  return { years, averageLength: Number(average?.averageLength ?? 0) || 1 };
}

/** About how many entries there are (each year's span of entry numbers; holes left by re-indexing are counted). */
export function countShapeEntries({ shape, fromSeq }: { shape: IndexShape; fromSeq?: number }): number {
  let total = 0;
  for (const year of shape.years) {
    if (fromSeq === undefined || year.minSeq >= fromSeq) total += year.maxSeq - year.minSeq + 1;
    else if (year.maxSeq >= fromSeq) total += year.maxSeq - fromSeq + 1;
  }
  return Math.max(1, total);
}

export async function clearSearchTables({ db }: { db: Db }): Promise<void> {
  await db.deleteFrom('searchEntries').execute();
  await db.deleteFrom('searchWords').execute();
}

/** Each page of a document as ingestion stored it: its text, and the blocks of the reading version (null before a re-read). */
export async function listDocumentPageTexts({ documentId }: { documentId: string }, { db }: { db: Db }): Promise<{ pageNumber: number; text: string; structureJson: string | null }[]> {
  return db.selectFrom('documentPages').select(['pageNumber', 'text', 'structureJson']).where('documentId', '=', documentId).orderBy('pageNumber').execute();
}

export async function countSearchEntries({ db }: { db: Db }): Promise<number> {
  const row = await db.selectFrom('searchEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
