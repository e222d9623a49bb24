import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../dependencies.test-utils.js';
import { createPostgresSearchDriver } from '../../modules/search/drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from '../../modules/search/drivers/sqlite-fts5.search.js';
import { createSearchMeter, DEFAULT_SEARCH_BUDGET } from '../../modules/search/search-budget.models.js';
import { parseQuery } from '../../modules/search/search-query.models.js';
import { analyzeText } from '../../modules/search/search.models.js';
import { rankCandidates } from '../../modules/search/search.usecases.js';
import { createDatabase } from '../database.js';
import { migrations } from '../migrations.registry.js';

/** Up to the last migration before 018, which empties the index for a rebuild (what these tests look at is 010's upgrade of it). */
const upTo018 = migrations.slice(0, migrations.findIndex((m) => m.name === '018-search-cleaned-text'));
const migrateBefore018 = async (migrator: Migrator) => migrator.migrateTo(upTo018[upTo018.length - 1]!.name);

describe('migration 010: search ranking', () => {
  it('an index built by the earlier version still ranks by BM25 and expands prefixes after the upgrade', async () => {
    const handle = createDatabase({ url: 'sqlite::memory:' });
    try {
      const before = migrations.slice(0, migrations.findIndex((m) => m.name === '010-search-ranking'));
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => Object.fromEntries(before.map((m) => [m.name, m])) } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const upgrade = new Migrator({ db: handle.db, provider: { getMigrations: async () => Object.fromEntries(migrations.map((m) => [m.name, m])) } });
      // What the earlier driver wrote: entries without terms, the FTS rows, the vocabulary without its folded spelling.
      const pages = ['Kommune giraffhals kommune kommune.', 'Giraffhals kommune giraffhals giraffhals.', ...Array.from({ length: 8 }, () => 'Kommune, kommune og sag.')];
      for (const [i, text] of pages.entries()) {
        await sql`INSERT INTO search_entries (seq, report_id, page_number, year, text) VALUES (${i + 1}, 'r', ${i + 1}, 2020, ${text})`.execute(handle.db);
        await sql`INSERT INTO search_fts (rowid, terms, year) VALUES (${i + 1}, ${analyzeText(text).join(' ')}, '2020')`.execute(handle.db);
      }
      // An older year indexed later (as a full re-index, newest year first, used to do) had the higher numbers.
      await sql`INSERT INTO search_entries (seq, report_id, page_number, year, text) VALUES (100, 'r2019', 1, 2019, 'Kommune i 2019.')`.execute(handle.db);
      await sql`INSERT INTO search_fts (rowid, terms, year) VALUES (100, ${analyzeText('Kommune i 2019.').join(' ')}, '2019')`.execute(handle.db);
      for (const word of ['kommune', 'giraffhals', 'sag', 'kommunernes']) {
        await sql`INSERT INTO search_words (word, first_letter, length) VALUES (${word}, ${word[0]!}, ${word.length})`.execute(handle.db);
      }

      expect((await migrateBefore018(upgrade)).error).toBeUndefined();

      const driver = createSqliteFts5SearchDriver({ db: handle.db });
      const find = async (q: string) =>
        rankCandidates({ candidates: await driver.findCandidates({ query: parseQuery(q), yearFrom: undefined, yearTo: undefined, limit: 100, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) }) }).map((c) => c.pageNumber);
      expect((await find('kommune giraffhals')).slice(0, 2)).toEqual([2, 1]);
      expect(await find('giraffhal*')).toEqual([2, 1]);
      expect(await find('kommunerne*')).toHaveLength(11);
      const [newest] = await driver.findCandidates({ query: parseQuery('kommune'), yearFrom: undefined, yearTo: undefined, limit: 1, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) });
      expect(newest?.year).toBe(2020);
      expect(await find('2019')).toEqual([1]);
    } finally {
      await handle.close();
    }
  });

  it.skipIf(!(process.env.TEST_DATABASE_URL ?? '').startsWith('postgres'))('on PostgreSQL, existing pages are renumbered by year and phrases find them through their pairs', async () => {
    const handle = await openTestDatabase();
    try {
      const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]!.schema;
      const before = migrations.slice(0, migrations.findIndex((m) => m.name === '010-search-ranking'));
      const migrator = new Migrator({ db: handle.db, migrationTableSchema: schema, provider: { getMigrations: async () => Object.fromEntries(before.map((m) => [m.name, m])) } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const upgrade = new Migrator({ db: handle.db, migrationTableSchema: schema, provider: { getMigrations: async () => Object.fromEntries(migrations.map((m) => [m.name, m])) } });
      const pages = [
        { year: 2020, text: 'Grøn omstilling i kommunen.' },
        { year: 2019, text: 'Omstilling, grøn eller ej, i kommunen.' },
      ];
      for (const [i, page] of pages.entries()) {
        const terms = analyzeText(page.text).join(' ');
        await sql`INSERT INTO search_entries (report_id, page_number, year, text, tsv) VALUES (${`r${page.year}`}, ${i + 1}, ${page.year}, ${page.text}, to_tsvector('simple', ${terms}))`.execute(handle.db);
      }
      await sql`INSERT INTO search_words (word, first_letter, length) VALUES ('omstilling', 'o', 10)`.execute(handle.db);

      expect((await migrateBefore018(upgrade)).error).toBeUndefined();

      const driver = createPostgresSearchDriver({ db: handle.db });
      const find = async (q: string, limit = 100) =>
        (await driver.findCandidates({ query: parseQuery(q), yearFrom: undefined, yearTo: undefined, limit, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) })).map((c) => c.year);
      expect(await find('"grøn omstilling"')).toEqual([2020]);
      expect(await find('kommunen', 1)).toEqual([2020]);
      expect((await find('omstil*')).sort()).toEqual([2019, 2020]);
    } finally {
      await handle.close();
    }
  });
});
