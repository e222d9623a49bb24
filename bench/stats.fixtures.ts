// A year of readership statistics of a busy site, written through the real repository (migration 014's
// table): REPORTS=30 published reports, CHAPTERS=20 read chapters each, every report and chapter read
// every day, REFERRERS=10 referring domains a report a day, SEARCHES=300 different searches a day.
// Used by bench:stats-storage (bytes a year) and bench:stats-page (how long the page holds the event loop).
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/database/database.js';
import { createDatabase, migrateToLatest } from '../src/database/database.js';
import { createTestSchema, dropTestSchema, withSearchPath } from '../src/dependencies.test-utils.js';
import { createStatisticsRepository } from '../src/modules/statistics/statistics.repository.js';
import { addDays } from '../src/modules/statistics/statistics.models.js';
import type { DailyCount } from '../src/modules/statistics/statistics.types.js';

export const busySite = {
  reports: Number(process.env.REPORTS ?? 30),
  chapters: Number(process.env.CHAPTERS ?? 20),
  referrers: Number(process.env.REFERRERS ?? 10),
  searches: Number(process.env.SEARCHES ?? 300),
};

function rowsOfDay(day: string): DailyCount[] {
  const { reports, chapters, referrers, searches } = busySite;
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

/** Migrates the database and writes 365 days from `first` (2025-01-01); returns the rows written. */
export async function fillBusyYear(database: DatabaseHandle, { first = '2025-01-01' }: { first?: string } = {}): Promise<number> {
  await migrateToLatest({ db: database.db });
  const repository = createStatisticsRepository({ db: database.db });
  let total = 0;
  for (let d = 0; d < 365; d++) {
    const rows = rowsOfDay(addDays({ day: first, days: d }));
    total += rows.length;
    await repository.addCounts({ rows });
  }
  return total;
}

/** A busy year on PostgreSQL in a schema of its own (vacuumed and analysed), handed to `use`, then dropped; returns the rows written. */
export async function withBusyYearOnPostgres({ url }: { url: string }, use: (database: DatabaseHandle) => Promise<void>): Promise<number> {
  const schema = await createTestSchema({ url });
  const pg = createDatabase({ url: withSearchPath({ url, schema }) });
  try {
    const rows = await fillBusyYear(pg);
    await sql`VACUUM ANALYZE statistics_daily`.execute(pg.db);
    await use(pg);
    return rows;
  } finally {
    await pg.close();
    await dropTestSchema({ url, schema });
  }
}
