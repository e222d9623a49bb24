// npm run bench:stats-page — how long the statistics page holds the event loop on SQLite (issue #17).
// Fills a SQLite file with a busy year (bench/stats.fixtures.ts: 30 reports × 20 chapters, 300 searches
// a day, 1,365 rows a day), then reads the page's overview for 7, 30 and 365 days (and 365 days of one
// report) twice each: read in one statement per sum (STATISTICS_QUERY_DAYS=1100, how it was read before)
// and in steps of STATISTICS_QUERY_DAYS (default 14). better-sqlite3 answers on the event loop: the
// figure that matters is the longest synchronous stretch, the largest delay perf_hooks'
// monitorEventLoopDelay (1 ms resolution) saw while the overview ran, and the longest gap between two
// turns of the loop (a setImmediate chain) and the most CPU time spent between two turns (process.cpuUsage,
// which the OS's pauses on a busy machine do not inflate); also the whole overview's time.
// On a shared machine the OS may also stop the process mid-step, which the monitor counts as delay:
// With TEST_DATABASE_URL=postgres://… the same year on PostgreSQL, the page's whole time both ways.
// RUNS=5 per case, and each figure is the median over the runs (the largest stretch of all runs in brackets).
// STATS_DB=<file>: keep the filled database there and reuse it on the next run.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDatabase } from '../src/database/database.js';
import { createTestConfig } from '../src/config/config.js';
import { getStatisticsOverview } from '../src/modules/statistics/statistics.usecases.js';
import { busySite, fillBusyYear, withBusyYearOnPostgres } from './stats.fixtures.js';

const runs = Number(process.env.RUNS ?? 5);
const steppedDays = createTestConfig().statisticsQueryDays;
const cases = [
  ['7 days, all reports', { from: '2025-12-25', to: '2025-12-31' }, undefined],
  ['30 days, all reports', { from: '2025-12-02', to: '2025-12-31' }, undefined],
  ['365 days, all reports', { from: '2025-01-01', to: '2025-12-31' }, undefined],
  ['365 days, one report', { from: '2025-01-01', to: '2025-12-31' }, 2010],
] as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dir = await mkdtemp(join(tmpdir(), 'beretning-stats-page-'));
try {
  const file = process.env.STATS_DB ?? join(dir, 'stats.db');
  const reuse = existsSync(file);
  const sqlite = createDatabase({ url: `sqlite:${file}` });
  const rows = reuse ? 0 : await fillBusyYear(sqlite);
  console.log(`busy site: ${busySite.reports} reports × ${busySite.chapters} chapters, ${busySite.searches} searches a day → ${reuse ? `(reused ${file})` : `${Math.round(rows / 365)} rows a day`}; RUNS=${runs}`);
  console.log(`case                    | one statement per sum: longest stretch (worst), gap, CPU, whole | steps of ${steppedDays} days: longest stretch (worst), gap, CPU, whole | stretch ratio`);
  for (const [label, period, year] of cases) {
    const measure = async (queryDays: number) => {
      const deps = { db: sqlite.db, config: { statisticsQueryDays: queryDays } };
      await getStatisticsOverview({ period, year }, deps); // warm the page cache of SQLite and V8
      const stretches: number[] = [];
      const gaps: number[] = [];
      const gapCpus: number[] = [];
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const histogram = monitorEventLoopDelay({ resolution: 1 });
        histogram.enable();
        // Also the longest gap between two turns of the loop, measured by a step of work on each turn (setImmediate),
        // and the CPU time the process spent in the longest-CPU gap: a gap of much more wall than CPU time is the OS's pause, not ours.
        let gap = 0;
        let gapCpu = 0;
        let last = performance.now();
        let lastCpu = process.cpuUsage();
        let ticking = true;
        const tick = () => {
          const now = performance.now();
          const cpu = process.cpuUsage(lastCpu);
          gap = Math.max(gap, now - last);
          gapCpu = Math.max(gapCpu, (cpu.user + cpu.system) / 1000);
          last = now;
          lastCpu = process.cpuUsage();
          if (ticking) setImmediate(tick);
        };
        setImmediate(tick);
        const started = performance.now();
        await getStatisticsOverview({ period, year }, deps);
        times.push(performance.now() - started);
        // Let the monitor's timer fire once after the last step, so a stretch at the very end is seen too.
        await new Promise((resolve) => setTimeout(resolve, 5));
        ticking = false;
        histogram.disable();
        stretches.push(histogram.max / 1e6);
        gaps.push(gap);
        gapCpus.push(gapCpu);
      }
      return { stretch: median(stretches), worst: Math.max(...stretches), gap: median(gaps), gapCpu: median(gapCpus), time: median(times) };
    };
    const before = await measure(1100);
    const after = await measure(steppedDays);
    const f = (ms: number) => `${ms.toFixed(0).padStart(4)} ms`;
    console.log(`${label.padEnd(23)} | ${f(before.stretch)} (${f(before.worst)}), ${f(before.gap)}, ${f(before.gapCpu)}, ${f(before.time)}          | ${f(after.stretch)} (${f(after.worst)}), ${f(after.gap)}, ${f(after.gapCpu)}, ${f(after.time)}     | ${(after.stretch / before.stretch).toFixed(2)}`);
  }
  await sqlite.close();
  // PostgreSQL answers off the event loop; what the steps cost there is time: the page's whole time both ways.
  const url = process.env.TEST_DATABASE_URL ?? '';
  if (url) {
    await withBusyYearOnPostgres({ url }, async (pg) => {
      for (const [label, period, year] of cases) {
        const time = async (queryDays: number) => {
          const deps = { db: pg.db, config: { statisticsQueryDays: queryDays } };
          await getStatisticsOverview({ period, year }, deps);
          const times: number[] = [];
          for (let r = 0; r < runs; r++) {
            const started = performance.now();
            await getStatisticsOverview({ period, year }, deps);
            times.push(performance.now() - started);
          }
          return median(times);
        };
        const before = await time(1100);
        const after = await time(steppedDays);
        console.log(`PostgreSQL, ${label.padEnd(23)}: one statement per sum ${before.toFixed(0)} ms, steps of ${steppedDays} days ${after.toFixed(0)} ms (${(after / before).toFixed(2)}×)`);
      }
    });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
