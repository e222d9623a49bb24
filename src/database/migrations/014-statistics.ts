import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * Readership statistics (issue 17): one row per Copenhagen calendar day × metric × item × detail
 * with its count, e.g. (2026-06-01, view, 2024, chapter:3, 41). Storage grows with days × items,
 * never with requests; no address, user agent or reader digest is ever stored. Instances add to
 * the same row with an upsert. The primary key starts with the day (the retention's delete reads a
 * range of it); a covering index by metric serves the statistics page's sums.
 */
export const migration014Statistics: Migration = {
  name: '014-statistics',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('statistics_daily')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('statistics_daily_pk', ['day', 'metric', 'item', 'detail'])
      .execute();
    // Each of the page's sums reads one metric over a period: this index holds every column it needs, so it reads that metric's rows only.
    await db.schema.createIndex('statistics_daily_metric').on('statistics_daily').columns(['metric', 'day', 'item', 'detail', 'count']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('statistics_daily').execute();
  },
};
