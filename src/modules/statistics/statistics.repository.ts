import { sql } from 'kysely';
import type { Db } from '../../database/database.js';
import type { DailyCount, StatisticsMetric, StatisticsPeriod } from './statistics.types.js';

/** Rows per INSERT: 5 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 500;

export function createStatisticsRepository({ db }: { db: Db }) {
  return {
    /** Adds counts to the day's rows: an upsert that adds, so two instances writing the same day add up. One transaction. */
    async addCounts({ rows }: { rows: DailyCount[] }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await trx
            .insertInto('statisticsDaily')
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['day', 'metric', 'item', 'detail']).doUpdateSet({ count: sql`statistics_daily.count + excluded.count` }))
            .execute();
        }
      });
    },
    async deleteBefore({ day }: { day: string }): Promise<number> {
      const result = await db.deleteFrom('statisticsDaily').where('day', '<', day).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async sumByDay({ period, metric, item }: { period: StatisticsPeriod; metric: StatisticsMetric; item?: string }): Promise<{ day: string; count: number }[]> {
      let query = db.selectFrom('statisticsDaily').select(['day', (eb) => eb.fn.sum<string | number>('count').as('count')]).where('metric', '=', metric).where('day', '>=', period.from).where('day', '<=', period.to);
      if (item !== undefined) query = query.where('item', '=', item);
      const rows = await query.groupBy('day').orderBy('day').execute();
      return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
    },
    async sumByItemAndDetail({ period, metric, item }: { period: StatisticsPeriod; metric: StatisticsMetric; item?: string }): Promise<{ item: string; detail: string; count: number }[]> {
      let query = db.selectFrom('statisticsDaily').select(['item', 'detail', (eb) => eb.fn.sum<string | number>('count').as('count')]).where('metric', '=', metric).where('day', '>=', period.from).where('day', '<=', period.to);
      if (item !== undefined) query = query.where('item', '=', item);
      const rows = await query.groupBy(['item', 'detail']).execute();
      return rows.map((r) => ({ item: r.item, detail: r.detail, count: Number(r.count) }));
    },
    /** Each item's (search words) or detail's (referrer domains, devices) count of a metric, in no order: the caller sums the steps of a period and takes the largest. */
    async sumByKey({ period, metric, groupBy, item, detail }: { period: StatisticsPeriod; metric: StatisticsMetric; groupBy: 'item' | 'detail'; item?: string; detail?: string }): Promise<{ key: string; count: number }[]> {
      let query = db
        .selectFrom('statisticsDaily')
        .select([`${groupBy} as key`, (eb) => eb.fn.sum<string | number>('count').as('count')])
        .where('metric', '=', metric)
        .where('day', '>=', period.from)
        .where('day', '<=', period.to);
      if (item !== undefined) query = query.where('item', '=', item);
      if (detail !== undefined) query = query.where('detail', '=', detail);
      const rows = await query.groupBy(groupBy).execute();
      return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
    },
  };
}
