import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { stemmer as danishStemmer } from '@orama/stemmers/danish';
import type { Migration } from '../migrations.types.js';

// Frozen copies of the search analyser and constants as they were when this migration was written
// (src/modules/search: search.models.ts, search.repository.ts): a later change to the analyser must
// not change what this migration does to an installation that runs it.
const SEQS_PER_YEAR = 1_000_000_000;
const PAIR_JOINER = '\uE000';
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{N}]+$/u;

function foldWord(word: string): string {
  return word.normalize('NFKC').toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}

function analyzeWord(word: string): string {
  const folded = foldWord(word);
  return LATIN_WORD.test(folded) && !/^\d+$/.test(folded) ? danishStemmer(folded) : folded;
}

/** A text's index terms in order: words analysed, runs of CJK/Thai as overlapping character pairs. */
function analyzeText(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const surface = match[0];
    if (!UNSPACED.test(surface)) {
      terms.push(analyzeWord(surface));
      continue;
    }
    const chars = Array.from(surface);
    let run = '';
    const flushRun = () => {
      if (run) terms.push(analyzeWord(run));
      run = '';
    };
    for (let i = 0; i < chars.length; i += 1) {
      const ch = chars[i]!;
      if (!UNSPACED.test(ch)) {
        run += ch;
        continue;
      }
      flushRun();
      const next = chars[i + 1];
      const pair = next && UNSPACED.test(next) ? foldWord(ch + next) : undefined;
      const prev = chars[i - 1];
      if (pair) terms.push(pair);
      else if (!(prev && UNSPACED.test(prev))) terms.push(foldWord(ch));
    }
    flushRun();
  }
  return terms;
}

function pairTerms(terms: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < terms.length; i += 1) pairs.push(`${terms[i]}${PAIR_JOINER}${terms[i + 1]}`);
  return pairs;
}

/**
 * Search ranking without the engines' own scorers (bm25() and ts_rank read every page of a common
 * word): `search_entries.terms` keeps each page's index terms, so the bounded candidates are scored
 * in JS, alike on both databases; `search_words.folded` (æ→ae, accents dropped; byte order on
 * PostgreSQL too) lets a prefix (klima*) be expanded from the vocabulary instead of a full prefix scan.
 * Entry numbers become year × SEQS_PER_YEAR + n, so the engines' newest-first walk is by year.
 * Existing rows are renumbered and filled in here, with the analysis of this version.
 */
export const migration010SearchRanking: Migration = {
  name: '010-search-ranking',
  async up(db: Kysely<unknown>) {
    const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.alterTable('search_entries').addColumn('terms', 'text').execute();
    if (isPostgres) await sql`ALTER TABLE search_words ADD COLUMN folded text COLLATE "C"`.execute(db);
    else await db.schema.alterTable('search_words').addColumn('folded', 'text').execute();
    // Entry numbers become year × SEQS_PER_YEAR + the old number (still unique), so newest-first is newest year first.
    for (;;) {
      const rows = (await sql<{ seq: number; year: number; text: string }>`SELECT seq, year, text FROM search_entries WHERE seq < ${SEQS_PER_YEAR} ORDER BY seq LIMIT 1000`.execute(db)).rows;
      if (rows.length === 0) break;
      for (const row of rows) {
        const old = Number(row.seq);
        const seq = Number(row.year) * SEQS_PER_YEAR + old;
        const terms = analyzeText(row.text);
        if (isPostgres) {
          // PostgreSQL: the pairs of neighbouring terms join the tsvector as lexemes (phrases).
          await sql`UPDATE search_entries SET seq = ${seq}, terms = ${terms.join(' ')}, tsv = tsv || array_to_tsvector(${[...new Set(pairTerms(terms))]}::text[]) WHERE seq = ${old}`.execute(db);
        } else await sql`UPDATE search_entries SET seq = ${seq}, terms = ${terms.join(' ')} WHERE seq = ${old}`.execute(db);
      }
    }
    // SQLite: the FTS5 table gains a column of neighbouring term pairs (phrases), so it is made anew from the stored terms.
    if (!isPostgres) await rebuildFts(db, { withPairs: true });
    const words = (await sql<{ word: string }>`SELECT word FROM search_words`.execute(db)).rows;
    for (const { word } of words) await sql`UPDATE search_words SET folded = ${foldWord(word)} WHERE word = ${word}`.execute(db);
    await sql`CREATE INDEX search_words_folded ON search_words (folded, length)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (!isPostgres) await rebuildFts(db, { withPairs: false });
    await sql`DROP INDEX search_words_folded`.execute(db);
    await db.schema.alterTable('search_words').dropColumn('folded').execute();
    await db.schema.alterTable('search_entries').dropColumn('terms').execute();
  },
};

async function rebuildFts(db: Kysely<unknown>, { withPairs }: { withPairs: boolean }): Promise<void> {
  await sql`DROP TABLE search_fts`.execute(db);
  if (withPairs) await sql`CREATE VIRTUAL TABLE search_fts USING fts5(terms, pairs, year, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  else await sql`CREATE VIRTUAL TABLE search_fts USING fts5(terms, year, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  let last = -1;
  for (;;) {
    const rows = (await sql<{ seq: number; year: number; terms: string | null }>`SELECT seq, year, terms FROM search_entries WHERE seq > ${last} ORDER BY seq LIMIT 1000`.execute(db)).rows;
    if (rows.length === 0) break;
    for (const row of rows) {
      const terms = row.terms ?? '';
      if (withPairs) await sql`INSERT INTO search_fts (rowid, terms, pairs, year) VALUES (${row.seq}, ${terms}, ${pairTerms(terms.split(' ')).join(' ')}, ${String(row.year)})`.execute(db);
      else await sql`INSERT INTO search_fts (rowid, terms, year) VALUES (${row.seq}, ${terms}, ${String(row.year)})`.execute(db);
    }
    last = Number(rows[rows.length - 1]!.seq);
  }
}
