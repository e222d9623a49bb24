import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * Search now indexes a PDF page by its reading-version blocks and the foreword without Markdown
 * syntax (issue #15.4). The index is derived data: this empties it, and at start the server's
 * ensureSearchIndex rebuilds it from the published reports with the new text (as after a restore).
 * Frozen: plain SQL on the tables as they are at this point, no module imports.
 */
export const migration018SearchCleanedText: Migration = {
  name: '018-search-cleaned-text',
  async up(db: Kysely<unknown>) {
    const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (!isPostgres) await sql`DELETE FROM search_fts`.execute(db);
    await sql`DELETE FROM search_entries`.execute(db);
    await sql`DELETE FROM search_words`.execute(db);
  },
  async down() {
    // Nothing to undo: the index is rebuilt from the reports either way.
  },
};
