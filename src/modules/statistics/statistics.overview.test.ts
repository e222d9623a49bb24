import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../app.test-utils.js';
import { recordStatements } from '../search/search.test-utils.js';
import { addDays } from './statistics.models.js';
import type { DailyCount } from './statistics.types.js';
import { getReportNumbers, getStatisticsOverview } from './statistics.usecases.js';

const setup = useTestApp();
const FIRST = '2025-06-01';
const DAYS = 120;

/** A small, busy-shaped history: every day views of two reports' pages and chapters, their downloads, searches, referrers and devices, with counts from a fixed sequence. */
async function fillHistory(t: TestApp): Promise<DailyCount[]> {
  const reports = await t.deps.db.selectFrom('reports').select(['id', 'year']).execute();
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) % 9 + 1;
  const rows: DailyCount[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = addDays({ day: FIRST, days: d });
    const add = (metric: DailyCount['metric'], item: string, detail: string) => rows.push({ day, metric, item, detail, count: next() });
    add('view', 'site', 'front');
    for (const report of reports) {
      add('view', String(report.year), 'report');
      for (let c = 1; c <= 4; c++) add('view', String(report.year), `chapter:${c}`);
      add('download', report.id, '');
      for (const device of ['desktop', 'mobile']) add('device', String(report.year), device);
      add('referrer', String(report.year), `kilde-${d % 3}.dk`);
    }
    // Words that come and go, so a word's sum spans some steps but not others; some with equal sums at the cut.
    for (let s = 0; s < 6; s++) add('search', `ord ${(d + s) % 9}`, s % 3 === 0 ? 'zero' : 'found');
  }
  await t.deps.db.insertInto('statisticsDaily').values(rows).execute();
  return rows;
}

const withQueryDays = (t: TestApp, days: number) => ({ ...t.deps, config: { ...t.deps.config, statisticsQueryDays: days } });

describe('the statistics page over a long period', () => {
  it('read in steps of a few days, shows exactly what it shows read in one statement per sum, and what the rows add up to', async () => {
    const t = await setup({ reports: [{ year: 2023 }, { year: 2024 }] });
    const rows = await fillHistory(t);
    const period = { from: addDays({ day: FIRST, days: 3 }), to: addDays({ day: FIRST, days: DAYS - 5 }) };
    for (const year of [undefined, 2024]) {
      for (const limit of [3, 20]) {
        const whole = await getStatisticsOverview({ period, year, limit }, withQueryDays(t, 1100));
        for (const days of [1, 7, 14]) expect(await getStatisticsOverview({ period, year, limit }, withQueryDays(t, days))).toEqual(whole);
      }
    }
    // The straightforward sums of the rows themselves.
    const inPeriod = rows.filter((r) => r.day >= period.from && r.day <= period.to);
    const sum = (of: DailyCount[]) => of.reduce((total, r) => total + r.count, 0);
    const overview = await getStatisticsOverview({ period, limit: 3 }, withQueryDays(t, 7));
    expect(overview.daily).toHaveLength(DAYS - 7);
    expect(overview.daily.reduce((total, d) => total + d.views, 0)).toBe(sum(inPeriod.filter((r) => r.metric === 'view')));
    expect(overview.reports.find((r) => r.year === 2023)).toMatchObject({
      views: sum(inPeriod.filter((r) => r.metric === 'view' && r.item === '2023')),
      readingViews: sum(inPeriod.filter((r) => r.metric === 'view' && r.item === '2023' && r.detail.startsWith('chapter:'))),
    });
    const words = new Map<string, number>();
    for (const r of inPeriod.filter((r) => r.metric === 'search')) words.set(r.item, (words.get(r.item) ?? 0) + r.count);
    const expected = [...words].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([query, count]) => ({ query, count }));
    expect(overview.searches).toEqual(expected);
    const report = await t.deps.db.selectFrom('reports').select('id').where('year', '=', 2024).executeTakeFirstOrThrow();
    const numbers = await getReportNumbers({ reportId: report.id, year: 2024 }, withQueryDays(t, 7));
    expect(numbers).toEqual(await getReportNumbers({ reportId: report.id, year: 2024 }, withQueryDays(t, 1100)));
  });

  it('a year\'s page reads at most STATISTICS_QUERY_DAYS days per statement and lets other work (a timer) run between its statements', async () => {
    const t = await setup({ reports: [{ year: 2024 }] });
    await fillHistory(t);
    const recorded = recordStatements({ db: t.deps.db });
    const period = { from: '2025-01-01', to: '2025-12-31' };
    // Another request's work, as the event loop would run it: a step each time the loop gets round to it.
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks += 1;
      recorded.statements.push({ sql: 'tick', parameters: [], rows: 0 });
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const overview = await getStatisticsOverview({ period }, { ...withQueryDays(t, 14), db: recorded.db });
    running = false;
    expect(overview.daily).toHaveLength(365);
    const sums = recorded.statements.filter((s) => /statistics_daily/.test(s.sql));
    // 8 sums (views and downloads a day, views by page, downloads by report, searches, zero-result searches, referrers, devices) × 27 steps of 14 days.
    expect(sums).toHaveLength(8 * 27);
    for (const statement of sums) {
      const days = statement.parameters.filter((p): p is string => typeof p === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p));
      expect(days).toHaveLength(2);
      const [from, to] = days as [string, string];
      expect(to <= addDays({ day: from, days: 13 })).toBe(true);
    }
    // Between any two statements of the page, the timer ran: no two follow each other without the loop going round.
    const order = recorded.statements.filter((s) => s.sql === 'tick' || /statistics_daily/.test(s.sql)).map((s) => (s.sql === 'tick' ? 't' : 's'));
    const firstSum = order.indexOf('s');
    expect(order.slice(firstSum, order.lastIndexOf('s') + 1).join('')).not.toContain('ss');
    expect(ticks).toBeGreaterThanOrEqual(sums.length - 1);
  });
});
