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
import { createDatabase, migrateToLatest, type DatabaseHandle } from '../src/database/database.js';
import { createTestSchema, dropTestSchema, withSearchPath } from '../src/dependencies.test-utils.js';
import { createStatisticsRepository } from '../src/modules/statistics/statistics.repository.js';
import { addDays } from '../src/modules/statistics/statistics.models.js';
import type { DailyCount } from '../src/modules/statistics/statistics.types.js';
import { getStatisticsOverview } from '../src/modules/statistics/statistics.usecases.js';

const reports = Number(process.env.REPORTS ?? 30);
const chapters = Number(process.env.CHAPTERS ?? 20);
const referrers = Number(process.env.REFERRERS ?? 10);
const searches = Number(process.env.SEARCHES ?? 300);

function rowsOfDay(day: string): DailyCount[] {
  const rows: DailyCount[] = [];
  const add = (metric: DailyCount['metric'], item: string, detail: string) => rows.push({ day, metric, item, detail, count: 1 + Math.floor(Math.random() * 500) });
  const items = ['site', ...Array.from({ length: reports }, (_, i) => String(2000 + i))];
  add('view', 'site', 'front');
  add('view', 'site', 'archive');
  for (const item of items.slice(1)) {
    add('view', item, 'report');
    for (let c = 1; c <= chapters; c++) add('view', item, `chapter:${c}`);
    add('download', `report-id-${item}-0123456789abcdef`, '');
  }
  for (const item of items) {
    for (const device of ['desktop', 'mobile', 'tablet']) add('device', item, device);
    for (let r = 0; r < referrers; r++) add('referrer', item, `referrer-${r}.example.dk`);
  }
  for (let s = 0; s < searches; s++) add('search', `søgning nummer ${s} om klima`, s % 4 === 0 ? 'zero' : 'found');
  return rows;
}

async function fill(database: DatabaseHandle): Promise<number> {
  await migrateToLatest({ db: database.db });
  const repository = createStatisticsRepository({ db: database.db });
  let total = 0;
  for (let d = 0; d < 365; d++) {
    const rows = rowsOfDay(addDays({ day: '2025-01-01', days: d }));
    total += rows.length;
    await repository.addCounts({ rows });
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'beretning-stats-storage-'));
try {
  const sqlite = createDatabase({ url: `sqlite:${join(dir, 'stats.db')}` });
  const rows = await fill(sqlite);
  await sql`VACUUM`.execute(sqlite.db);
  // What the statistics page costs over that year: better-sqlite3 runs on the event loop, so this is how long one page view holds it.
  for (const [label, period, year] of [['365 days, all reports', { from: '2025-01-01', to: '2025-12-31' }, undefined], ['30 days, all reports', { from: '2025-12-02', to: '2025-12-31' }, undefined], ['365 days, one report', { from: '2025-01-01', to: '2025-12-31' }, 2010]] as const) {
    await getStatisticsOverview({ period, year }, { db: sqlite.db });
    const started = performance.now();
    await getStatisticsOverview({ period, year }, { db: sqlite.db });
    console.log(`SQLite statistics page, ${label}: ${(performance.now() - started).toFixed(0)} ms`);
  }
  const { rows: [size] } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name in ('statistics_daily', 'sqlite_autoindex_statistics_daily_1', 'statistics_daily_metric')`.execute(sqlite.db).catch(async () => sql<{ bytes: number }>`select 0 as bytes`.execute(sqlite.db));
  await sqlite.close();
  console.log(`busy site: ${reports} reports × ${chapters} chapters, ${referrers} referrers a report, ${searches} searches a day → ${Math.round(rows / 365)} rows a day, ${rows} a year`);
  console.log(`SQLite:     ${mb(Number(size?.bytes ?? 0))} a year (table, key and index), ${Math.round(Number(size?.bytes ?? 0) / rows)} bytes a row`);
  const url = process.env.TEST_DATABASE_URL ?? '';
  if (url) {
    const schema = await createTestSchema({ url });
    const pg = createDatabase({ url: withSearchPath({ url, schema }) });
    try {
      await fill(pg);
      await sql`VACUUM statistics_daily`.execute(pg.db);
      const { rows: [total] } = await sql<{ bytes: string }>`select pg_total_relation_size('statistics_daily') as bytes`.execute(pg.db);
      console.log(`PostgreSQL: ${mb(Number(total?.bytes ?? 0))} a year (table, key and TOAST), ${Math.round(Number(total?.bytes ?? 0) / rows)} bytes a row`);
    } finally {
      await pg.close();
      await dropTestSchema({ url, schema });
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
