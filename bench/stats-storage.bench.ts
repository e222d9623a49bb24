// npm run bench:stats-storage — how many bytes a year of readership statistics takes on a busy site.
// Writes 365 days of the rows such a site makes through the real repository (migration 014's
// table with its primary key), on SQLite (a file; page_count × page_size after VACUUM) and, when
// TEST_DATABASE_URL is set, on PostgreSQL (pg_total_relation_size after VACUUM). The busy site:
// REPORTS=30 published reports, CHAPTERS=20 read chapters each, every report and chapter read
// every day, REFERRERS=10 referring domains a report a day, SEARCHES=300 different searches a day.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase } from '../src/database/database.js';
import { busySite, fillBusyYear, withBusyYearOnPostgres } from './stats.fixtures.js';

const { reports, chapters, referrers, searches } = busySite;
const fill = fillBusyYear;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'beretning-stats-storage-'));
try {
  const sqlite = createDatabase({ url: `sqlite:${join(dir, 'stats.db')}` });
  const rows = await fill(sqlite);
  await sql`VACUUM`.execute(sqlite.db);
  // How long the statistics page holds the event loop over such a year: npm run bench:stats-page.
  const { rows: [size] } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name in ('statistics_daily', 'sqlite_autoindex_statistics_daily_1', 'statistics_daily_metric')`.execute(sqlite.db).catch(async () => sql<{ bytes: number }>`select 0 as bytes`.execute(sqlite.db));
  await sqlite.close();
  console.log(`busy site: ${reports} reports × ${chapters} chapters, ${referrers} referrers a report, ${searches} searches a day → ${Math.round(rows / 365)} rows a day, ${rows} a year`);
  console.log(`SQLite:     ${mb(Number(size?.bytes ?? 0))} a year (table, key and index), ${Math.round(Number(size?.bytes ?? 0) / rows)} bytes a row`);
  const url = process.env.TEST_DATABASE_URL ?? '';
  if (url) {
    await withBusyYearOnPostgres({ url }, async (pg) => {
      const { rows: [total] } = await sql<{ bytes: string }>`select pg_total_relation_size('statistics_daily') as bytes`.execute(pg.db);
      console.log(`PostgreSQL: ${mb(Number(total?.bytes ?? 0))} a year (table, key and TOAST), ${Math.round(Number(total?.bytes ?? 0) / rows)} bytes a row`);
    });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
