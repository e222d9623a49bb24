import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Config } from '../../config/config.js';
import { classifyUserAgent, copenhagenDayOf, createDayMemo, daysInPeriod, hasOptedOut, hasSessionCookie, lastDays, OTHER, referrerDomainOf, retentionCutoff, searchOfUrl, SITE_ITEM, viewOfPath } from './statistics.models.js';
import { createStatisticsRepository } from './statistics.repository.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import type { DailyCount, DeviceClass, ReportNumbers, StatisticsCounter, StatisticsMetric, StatisticsOverview, StatisticsPeriod } from './statistics.types.js';

type StatisticsDeps = { db: Db; clock: Clock; config: Pick<Config, 'statistics' | 'statisticsRetentionMonths'> };

const SEP = '\t';
/** Rough bytes of one held Map entry beyond its key's characters (the entry, the number, the string header). */
const ENTRY_OVERHEAD = 80;
/** User agents whose class is remembered (a bounded memo: the hit path runs isbot's pattern once per distinct agent). */
const USER_AGENT_MEMO = 256;
const MAX_MEMO_AGENT_LENGTH = 512;
/** Search URLs whose result count is remembered for their cached hits. */
const SEARCH_RESULTS_MEMO = 400;

/**
 * The in-memory batch (see StatisticsCounter). Counts are keyed `day⇥metric⇥item⇥detail`; PDF
 * readers are told apart by a digest of address + user agent + a random salt of the day, kept in
 * memory by this instance only and dropped with the salt when the day ends: readers are
 * de-duplicated per instance and day, and no identifier is ever written anywhere.
 */
export function createStatisticsCounter({ enabled, maxBytes }: { enabled: boolean; maxBytes: number }): StatisticsCounter {
  let counts = new Map<string, number>();
  let bytes = 0;
  const dayOf = createDayMemo();
  const agents = new Map<string, DeviceClass | 'bot'>();
  const searchResults = new Map<string, number>();
  let salt: { day: string; value: Buffer; digests: Set<string> } | undefined;

  const add = (key: string, by: number, fallback?: string) => {
    const current = counts.get(key);
    if (current !== undefined) {
      counts.set(key, current + by);
      return;
    }
    // Full: words and domains (chosen by whoever sends the request) are counted as "other". Pages, devices and
    // files are always counted: their keys are bounded by the published content (a page is counted only when it exists).
    if (fallback !== undefined && fallback !== key && bytes + key.length * 2 + ENTRY_OVERHEAD > maxBytes) return add(fallback, by);
    bytes += key.length * 2 + ENTRY_OVERHEAD;
    counts.set(key, by);
  };
  const keyOf = (day: string, metric: StatisticsMetric, item: string, detail: string) => day + SEP + metric + SEP + item + SEP + detail;

  const classify = (userAgent: string | undefined) => {
    if (userAgent === undefined || userAgent.length > MAX_MEMO_AGENT_LENGTH) return classifyUserAgent(userAgent);
    let device = agents.get(userAgent);
    if (device === undefined) {
      if (agents.size >= USER_AGENT_MEMO) agents.clear();
      device = classifyUserAgent(userAgent);
      agents.set(userAgent, device);
    }
    return device;
  };
  /** undefined for a reader who is not counted: a bot, a workspace user, or one who asked not to be. */
  const readerDevice = (headers: IncomingHttpHeaders) => {
    if (hasOptedOut(headers) || hasSessionCookie(headers.cookie)) return undefined;
    const device = classify(headers['user-agent']);
    return device === 'bot' ? undefined : device;
  };
  const dropSaltUnlessFor = (day: string) => {
    if (salt && salt.day !== day) {
      bytes -= salt.digests.size * (24 * 2 + ENTRY_OVERHEAD);
      salt = undefined;
    }
  };

  return {
    enabled,
    countView({ path, headers, now }) {
      if (!enabled) return;
      const device = readerDevice(headers);
      if (device === undefined) return;
      const day = dayOf(now);
      const search = searchOfUrl(path);
      if (search !== undefined) {
        const results = searchResults.get(path);
        add(keyOf(day, 'search', search, results === undefined ? '' : results === 0 ? 'zero' : 'found'), 1, keyOf(day, 'search', OTHER, ''));
        return;
      }
      const view = viewOfPath(path);
      if (!view) return;
      add(keyOf(day, 'view', view.item, view.detail), 1);
      add(keyOf(day, 'device', view.item, device), 1);
      const domain = referrerDomainOf({ referer: headers.referer, host: headers.host });
      if (domain !== undefined) add(keyOf(day, 'referrer', view.item, domain), 1, keyOf(day, 'referrer', view.item, OTHER));
    },
    noteSearchResults({ url, results }) {
      if (!enabled || searchOfUrl(url) === undefined) return;
      if (searchResults.size >= SEARCH_RESULTS_MEMO && !searchResults.has(url)) searchResults.delete(searchResults.keys().next().value as string);
      searchResults.set(url, results);
    },
    countDownload({ item, file, address, headers, now }) {
      if (!enabled || readerDevice(headers) === undefined) return;
      const day = dayOf(now);
      dropSaltUnlessFor(day);
      salt ??= { day, value: randomBytes(32), digests: new Set() };
      const digest = createHash('sha256').update(salt.value).update(address).update('\0').update(headers['user-agent'] ?? '').update('\0').update(file).digest('base64url').slice(0, 24);
      if (salt.digests.has(digest)) return;
      // Full: a further reader of the day is counted, but not remembered (a Range request of theirs may count again).
      if (bytes + 24 * 2 + ENTRY_OVERHEAD <= maxBytes) {
        salt.digests.add(digest);
        bytes += 24 * 2 + ENTRY_OVERHEAD;
      }
      add(keyOf(day, 'download', item, ''), 1);
    },
    drain({ now }) {
      dropSaltUnlessFor(copenhagenDayOf(now));
      const taken = counts;
      counts = new Map();
      bytes = salt ? salt.digests.size * (24 * 2 + ENTRY_OVERHEAD) : 0;
      return [...taken].map(([key, count]) => {
        const [day, metric, item, detail] = key.split(SEP) as [string, StatisticsMetric, string, string];
        return { day, metric, item, detail, count };
      });
    },
    restore(rows) {
      for (const row of rows) add(keyOf(row.day, row.metric, row.item, row.detail), row.count);
    },
    held: () => ({ counts: counts.size, digests: salt?.digests.size ?? 0, bytes, saltDay: salt?.day }),
  };
}

/** Adds the batch to the daily counts (upserts that add, so instances writing the same day add up). On failure the counts go back into the batch. */
export async function flushStatistics({ counter }: { counter: StatisticsCounter }, deps: Pick<StatisticsDeps, 'db' | 'clock'>): Promise<number> {
  const rows = counter.drain({ now: deps.clock.now().getTime() });
  if (rows.length === 0) return 0;
  try {
    await createStatisticsRepository(deps).addCounts({ rows });
  } catch (error) {
    counter.restore(rows);
    throw error;
  }
  return rows.length;
}

/** Deletes the daily counts older than STATISTICS_RETENTION_MONTHS. */
export async function deleteExpiredStatistics(deps: StatisticsDeps): Promise<number> {
  const before = retentionCutoff({ now: deps.clock.now(), months: deps.config.statisticsRetentionMonths });
  return createStatisticsRepository(deps).deleteBefore({ day: before });
}

/**
 * Writes the batch every STATISTICS_FLUSH_SECONDS, applies the retention once a day, and at
 * `stop` (graceful shutdown) writes what is left. A crash loses at most one interval.
 */
export function startStatisticsFlusher({ counter, intervalMs }: { counter: StatisticsCounter; intervalMs: number }, deps: StatisticsDeps & { logger: Logger }): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let retentionDay = '';
  const tick = () => {
    running = running.then(async () => {
      try {
        await flushStatistics({ counter }, deps);
        const today = copenhagenDayOf(deps.clock.now().getTime());
        if (today !== retentionDay) {
          await deleteExpiredStatistics(deps);
          retentionDay = today;
        }
      } catch (error) {
        deps.logger.error({ err: error }, 'statistics: writing the counts failed; kept for the next try');
      }
    });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await tick();
    },
  };
}

const READING_PREFIX = 'chapter:';

/** Everything the statistics page shows for a period, optionally for one report year. */
export async function getStatisticsOverview({ period, year, limit = 20 }: { period: StatisticsPeriod; year?: number; limit?: number }, deps: Pick<StatisticsDeps, 'db'>): Promise<StatisticsOverview> {
  const repository = createStatisticsRepository(deps);
  const reports = await listPublishedReports(deps);
  const selected = year === undefined ? undefined : reports.find((r) => r.year === year);
  const itemOfYear = year === undefined ? undefined : String(year);
  const [views, downloads, viewItems, downloadItems, searches, zero, referrers, devices] = await Promise.all([
    repository.sumByDay({ period, metric: 'view', item: itemOfYear }),
    year !== undefined && !selected ? Promise.resolve([]) : repository.sumByDay({ period, metric: 'download', item: selected?.id }),
    repository.sumByItemAndDetail({ period, metric: 'view', item: itemOfYear }),
    repository.sumByItemAndDetail({ period, metric: 'download' }),
    repository.topDetails({ period, metric: 'search', groupBy: 'item', limit }),
    repository.topDetails({ period, metric: 'search', groupBy: 'item', detail: 'zero', limit }),
    repository.topDetails({ period, metric: 'referrer', groupBy: 'detail', item: itemOfYear, limit }),
    repository.topDetails({ period, metric: 'device', groupBy: 'detail', item: itemOfYear, limit }),
  ]);
  const viewsByDay = new Map(views.map((r) => [r.day, r.count]));
  const downloadsByDay = new Map(downloads.map((r) => [r.day, r.count]));
  const daily = daysInPeriod(period).map((day) => ({ day, views: viewsByDay.get(day) ?? 0, downloads: downloadsByDay.get(day) ?? 0 }));
  const downloadsOf = new Map(downloadItems.map((r) => [r.item, r.count]));
  const reportRows = reports
    .filter((r) => year === undefined || r.year === year)
    .map((report) => {
      const own = viewItems.filter((v) => v.item === String(report.year));
      return {
        year: report.year,
        title: report.title,
        views: own.reduce((sum, v) => sum + v.count, 0),
        readingViews: own.filter((v) => v.detail.startsWith(READING_PREFIX)).reduce((sum, v) => sum + v.count, 0),
        downloads: downloadsOf.get(report.id) ?? 0,
      };
    })
    .filter((r) => r.views + r.downloads > 0 || year !== undefined)
    .sort((a, b) => b.views + b.downloads - (a.views + a.downloads) || b.year - a.year);
  const chapters = viewItems
    .filter((v) => v.item !== SITE_ITEM && v.detail.startsWith(READING_PREFIX))
    .map((v) => ({ year: Number(v.item), chapter: Number(v.detail.slice(READING_PREFIX.length)), count: v.count }))
    .sort((a, b) => b.count - a.count || b.year - a.year || a.chapter - b.chapter)
    .slice(0, limit);
  return {
    period,
    daily,
    reports: reportRows,
    chapters,
    searches: searches.map((r) => ({ query: r.key, count: r.count })),
    zeroResultSearches: zero.map((r) => ({ query: r.key, count: r.count })),
    referrers: referrers.map((r) => ({ domain: r.key, count: r.count })),
    devices: devices.map((r) => ({ device: r.key, count: r.count })),
  };
}

/** A report's numbers for the last 30 days (its edit page). */
export async function getReportNumbers({ reportId, year }: { reportId: string; year: number }, deps: Pick<StatisticsDeps, 'db' | 'clock'>): Promise<ReportNumbers> {
  const repository = createStatisticsRepository(deps);
  const period = lastDays({ days: 30, now: deps.clock.now() });
  const [views, downloads] = await Promise.all([repository.sumByItemAndDetail({ period, metric: 'view', item: String(year) }), repository.sumByItemAndDetail({ period, metric: 'download', item: reportId })]);
  return {
    views: views.reduce((sum, v) => sum + v.count, 0),
    readingViews: views.filter((v) => v.detail.startsWith(READING_PREFIX)).reduce((sum, v) => sum + v.count, 0),
    downloads: downloads.reduce((sum, v) => sum + v.count, 0),
  };
}
