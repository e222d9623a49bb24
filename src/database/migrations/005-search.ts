import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

// The search index. `search_entries` holds one row per searchable unit (a PDF page of a published
// report's current document, or its foreword as page 0) with the original text for snippets; the
// terms (Danish-stemmed and folded in JS, the same on both databases) live in an FTS5 table on
// SQLite and in a tsvector column with a GIN index on PostgreSQL. `search_words` is the surface
// vocabulary for "did you mean".
export const migration005Search: Migration = {
  name: '005-search',
  async up(db: Kysely<unknown>) {
    const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (isPostgres) {
      await sql`CREATE TABLE search_entries (
        seq bigserial PRIMARY KEY,
        report_id text NOT NULL,
        page_number integer NOT NULL,
        year integer NOT NULL,
        text text NOT NULL,
        tsv tsvector NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX search_entries_tsv ON search_entries USING gin (tsv)`.execute(db);
    } else {
      await sql`CREATE TABLE search_entries (
        seq integer PRIMARY KEY,
        report_id text NOT NULL,
        page_number integer NOT NULL,
        year integer NOT NULL,
        text text NOT NULL
      )`.execute(db);
      // Contentless: the terms are stored once, in the FTS index; the text is in search_entries.
      await sql`CREATE VIRTUAL TABLE search_fts USING fts5(terms, year, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
    }
    await db.schema.createIndex('search_entries_report').on('search_entries').column('report_id').execute();
    await db.schema
      .createTable('search_words')
      .addColumn('word', 'text', (c) => c.primaryKey())
      .addColumn('first_letter', 'text', (c) => c.notNull())
      .addColumn('length', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('search_words_letter_length').on('search_words').columns(['first_letter', 'length']).execute();
  },
  async down(db: Kysely<unknown>) {
    const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.dropTable('search_words').execute();
    if (!isPostgres) await sql`DROP TABLE search_fts`.execute(db);
    await db.schema.dropTable('search_entries').execute();
  },
};
