import { afterEach, describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { createStatisticsCounter, deleteExpiredStatistics, flushStatistics, startStatisticsFlusher } from './statistics.usecases.js';
import { OTHER } from './statistics.models.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDependencies } from '../../dependencies.js';
import { createTestConfig } from '../../config/config.js';

type Deps = Awaited<ReturnType<typeof createTestDependencies>>;
let deps: Deps | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
const at = (iso: string) => Date.parse(iso);

async function allRows(d: Deps) {
  return (await d.db.selectFrom('statisticsDaily').selectAll().orderBy('day').orderBy('metric').orderBy('item').orderBy('detail').execute()).map((r) => ({ ...r, count: Number(r.count) }));
}

describe('the daily salt', () => {
  it('no reader identifier survives the day: at the first drain after Copenhagen midnight the salt and every digest are gone, and the same reader counts as new', () => {
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
    const download = (now: number) => counter.countDownload({ item: 'r1', file: 'f1', address: '192.0.2.7', headers: reader, now });
    download(at('2026-03-28T12:00:00Z'));
    download(at('2026-03-28T22:59:00Z')); // 23:59 in Copenhagen: the same day
    expect(counter.held()).toMatchObject({ digests: 1, saltDay: '2026-03-28' });
    expect(counter.drain({ now: at('2026-03-28T23:00:00Z') })).toEqual([{ day: '2026-03-28', metric: 'download', item: 'r1', detail: '', count: 1 }]);
    // The drain after midnight dropped the salt and the digests, though no download came since.
    expect(counter.held()).toEqual({ counts: 0, digests: 0, bytes: 0, saltDay: undefined });
    download(at('2026-03-29T08:00:00Z'));
    expect(counter.held()).toMatchObject({ digests: 1, saltDay: '2026-03-29' });
    expect(counter.drain({ now: at('2026-03-29T08:00:01Z') })).toEqual([{ day: '2026-03-29', metric: 'download', item: 'r1', detail: '', count: 1 }]);
  });

  it('the Copenhagen calendar day decides, across the change to summer time', () => {
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
    counter.countView({ path: '/', headers: reader, now: at('2026-03-28T22:30:00Z') }); // 23:30 CET
    counter.countView({ path: '/', headers: reader, now: at('2026-03-28T23:30:00Z') }); // 00:30 CET on the 29th
    counter.countView({ path: '/', headers: reader, now: at('2026-03-29T21:59:00Z') }); // 23:59 CEST
    counter.countView({ path: '/', headers: reader, now: at('2026-03-29T22:00:00Z') }); // 00:00 CEST on the 30th
    const views = counter.drain({ now: at('2026-03-30T00:00:00Z') }).filter((r) => r.metric === 'view');
    expect(views.map((r) => [r.day, r.count])).toEqual([['2026-03-28', 1], ['2026-03-29', 2], ['2026-03-30', 1]]);
  });
});

describe('the batch in memory', () => {
  it('is bounded in bytes: once full, new search words and referrer domains count as "other", pages still count', () => {
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 2048 });
    const now = at('2026-06-01T10:00:00Z');
    for (let i = 0; i < 200; i++) counter.countView({ path: `/soeg?q=ord${i}`, headers: reader, now });
    counter.countView({ path: '/beretninger', headers: reader, now });
    // The words kept fill the 2 KB; "other" and the page are the only keys past it.
    expect(counter.held().counts).toBeLessThan(25);
    expect(counter.held().bytes).toBeLessThanOrEqual(2048 + 2 * 200);
    const rows = counter.drain({ now });
    expect(rows.reduce((sum, r) => (r.metric === 'search' ? sum + r.count : sum), 0)).toBe(200);
    expect(rows.find((r) => r.metric === 'search' && r.item === OTHER)?.count).toBeGreaterThan(100);
    expect(rows.find((r) => r.metric === 'view')).toMatchObject({ item: 'site', detail: 'archive', count: 1 });
  });
});

describe('writing the counts', () => {
  it('adds to the day\'s rows on every flush (an upsert that adds), on SQLite and PostgreSQL', async () => {
    deps = await createTestDependencies();
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
    const now = deps.clock.now().getTime();
    counter.countView({ path: '/beretninger/2024', headers: reader, now });
    counter.countView({ path: '/beretninger/2024', headers: reader, now });
    expect(await flushStatistics({ counter }, deps)).toBe(2); // view + device
    counter.countView({ path: '/beretninger/2024', headers: reader, now });
    await flushStatistics({ counter }, deps);
    expect(await flushStatistics({ counter }, deps)).toBe(0);
    expect(await allRows(deps)).toEqual([
      { day: '2026-06-01', metric: 'device', item: '2024', detail: 'desktop', count: 3 },
      { day: '2026-06-01', metric: 'view', item: '2024', detail: 'report', count: 3 },
    ]);
  });

  it('a failed write keeps the counts for the next flush', async () => {
    deps = await createTestDependencies();
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
    counter.countView({ path: '/', headers: reader, now: deps.clock.now().getTime() });
    await expect(flushStatistics({ counter }, { ...deps, db: { transaction: () => { throw new Error('database gone'); } } as unknown as Deps['db'] })).rejects.toThrow('database gone');
    expect(counter.held().counts).toBe(2);
    await flushStatistics({ counter }, deps);
    expect((await allRows(deps)).map((r) => r.count)).toEqual([1, 1]);
  });

  it('the flusher writes what is left when it is stopped (graceful shutdown), without waiting for its interval', async () => {
    deps = await createTestDependencies();
    const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
    const flusher = startStatisticsFlusher({ counter, intervalMs: 3_600_000 }, deps);
    counter.countView({ path: '/beretninger', headers: reader, now: deps.clock.now().getTime() });
    expect(await allRows(deps)).toEqual([]);
    await flusher.stop();
    expect(await allRows(deps)).toMatchObject([{ metric: 'device', count: 1 }, { metric: 'view', item: 'site', detail: 'archive', count: 1 }]);
  });

  it('closing the composition root\'s dependencies (the last step of graceful shutdown in main.ts) writes the batch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beretning-stats-'));
    try {
      const config = createTestConfig({ dataDir: dir, databaseUrl: '', statisticsFlushSeconds: 3600 });
      const running = await createDependencies({ config });
      running.statistics.countView({ path: '/beretninger', headers: reader, now: Date.now() });
      await running.close();
      const reopened = await createDependencies({ config });
      const written = await reopened.db.selectFrom('statisticsDaily').select(['item', 'detail']).where('metric', '=', 'view').execute();
      await reopened.close();
      expect(written).toEqual([{ item: 'site', detail: 'archive' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('retention', () => {
  it('counts older than STATISTICS_RETENTION_MONTHS (25 by default) are deleted; the rest stay', async () => {
    deps = await createTestDependencies({ now: '2026-06-01T10:00:00.000Z' });
    const row = (day: string) => ({ day, metric: 'view' as const, item: 'site', detail: 'front', count: 1 });
    await deps.db.insertInto('statisticsDaily').values([row('2024-04-30'), row('2024-05-01'), row('2026-06-01')]).execute();
    expect(deps.config.statisticsRetentionMonths).toBe(25);
    expect(await deleteExpiredStatistics(deps)).toBe(1);
    expect((await allRows(deps)).map((r) => r.day)).toEqual(['2024-05-01', '2026-06-01']);
    expect(await deleteExpiredStatistics({ ...deps, config: { ...deps.config, statisticsRetentionMonths: 1 } })).toBe(1);
    expect((await allRows(deps)).map((r) => r.day)).toEqual(['2026-06-01']);
  });
});
