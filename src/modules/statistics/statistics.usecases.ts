import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { yieldToEventLoop } from '../../shared/event-loop.js';
import { createStringMemo } from '../../shared/string-memo.js';
import type { Config } from '../../config/config.js';
import { classifyUserAgent, copenhagenDayOf, createDayMemo, daysInPeriod, hasOptedOut, hasSessionCookie, hostDomainOf, largest, lastDays, OTHER, periodSteps, referrerDomainOf, retentionCutoff, searchOfUrl, SITE_ITEM, viewOfPath } from './statistics.models.js';
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
/** Public pages and Referer values whose keys are remembered, and referrer domains per page (bounded memos: at most about 3 MB in all). */
const PAGE_MEMO = 256;
const REFERRERS_PER_PAGE = 32;
/** Search URLs whose result count is remembered for their cached hits. */
const SEARCH_RESULTS_MEMO = 400;

/**
 * The in-memory batch (see StatisticsCounter). Counts are keyed `day⇥metric⇥item⇥detail`; PDF
 * readers are told apart by a digest of address + user agent + a random salt of the day, kept in
 * memory by this instance only and dropped with the salt when the day ends: readers are
 * de-duplicated per instance and day, and no identifier is ever written anywhere.
 */
export function createStatisticsCounter({ enabled, maxBytes }: { enabled: boolean; maxBytes: number }): StatisticsCounter {
  // day → `metric⇥item⇥detail` → count. The hit path looks keys up with strings it keeps (the day's, and
  // each page's from a memo), whose hashes V8 caches, so a count is no string building and no hashing of new strings.
  let counts = new Map<string, Map<string, number>>();
  let bytes = 0;
  const dayOf = createDayMemo();
  const searchResults = new Map<string, number>();
  let salt: { day: string; value: Buffer; digests: Set<string> } | undefined;

  const add = (day: string, key: string, by: number, fallback?: string) => {
    let ofDay = counts.get(day);
    if (ofDay === undefined) {
      ofDay = new Map();
      counts.set(day, ofDay);
      bytes += day.length * 2 + ENTRY_OVERHEAD;
    }
    const current = ofDay.get(key);
    if (current !== undefined) {
      ofDay.set(key, current + by);
      return;
    }
    // Full: words and domains (chosen by whoever sends the request) are counted as "other". Pages, devices and
    // files are always counted: their keys are bounded by the published content (a page is counted only when it exists).
    if (fallback !== undefined && fallback !== key && bytes + key.length * 2 + ENTRY_OVERHEAD > maxBytes) return add(day, fallback, by);
    bytes += key.length * 2 + ENTRY_OVERHEAD;
    ofDay.set(key, by);
  };
  const keyOf = (metric: StatisticsMetric, item: string, detail: string) => metric + SEP + item + SEP + detail;

  const classify = createStringMemo({ entries: USER_AGENT_MEMO, maxKeyLength: MAX_MEMO_AGENT_LENGTH, compute: (userAgent: string) => classifyUserAgent(userAgent) });
  /** Each public page's keys: its view, its views per device class, and its referrers (a few domains, then "other"). */
  const pageOf = createStringMemo({
    entries: PAGE_MEMO,
    maxKeyLength: 300,
    compute: (path: string) => {
      const view = viewOfPath(path);
      if (!view) return null;
      const devices: Record<DeviceClass, string> = { desktop: keyOf('device', view.item, 'desktop'), mobile: keyOf('device', view.item, 'mobile'), tablet: keyOf('device', view.item, 'tablet') };
      return { view: keyOf('view', view.item, view.detail), devices, referrer: createStringMemo({ entries: REFERRERS_PER_PAGE, maxKeyLength: 100, compute: (domain: string) => keyOf('referrer', view.item, domain) }), otherReferrer: keyOf('referrer', view.item, OTHER) };
    },
  });
  const domainOf = createStringMemo({ entries: PAGE_MEMO, maxKeyLength: 300, compute: (referer: string) => referrerDomainOf({ referer, host: undefined }) ?? null });
  let ownHost: { host: string | undefined; domain: string | undefined } = { host: undefined, domain: undefined };
  const isOwnHost = (domain: string, host: string | undefined) => {
    if (ownHost.host !== host) ownHost = { host, domain: hostDomainOf(host) };
    return domain === ownHost.domain;
  };

  /** undefined for a reader who is not counted: a bot, a workspace user, or one who asked not to be. */
  const readerDevice = (headers: IncomingHttpHeaders) => {
    if (hasOptedOut(headers) || hasSessionCookie(headers.cookie)) return undefined;
    const userAgent = headers['user-agent'];
    const device = userAgent ? classify(userAgent) : 'bot';
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
    countView({ path, headers, now, count = 1 }) {
      if (!enabled) return;
      const device = readerDevice(headers);
      if (device === undefined) return;
      const day = dayOf(now);
      const search = searchOfUrl(path);
      if (search !== undefined) {
        const results = searchResults.get(path);
        add(day, keyOf('search', search, results === undefined ? '' : results === 0 ? 'zero' : 'found'), count, keyOf('search', OTHER, ''));
        return;
      }
      const page = pageOf(path);
      if (!page) return;
      add(day, page.view, count);
      add(day, page.devices[device], count);
      const referer = headers.referer;
      const domain = referer ? domainOf(referer) : null;
      if (domain && !isOwnHost(domain, headers.host)) add(day, page.referrer(domain), count, page.otherReferrer);
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
      add(day, keyOf('download', item, ''), 1);
    },
    drain({ now }) {
      dropSaltUnlessFor(copenhagenDayOf(now));
      const taken = counts;
      counts = new Map();
      bytes = salt ? salt.digests.size * (24 * 2 + ENTRY_OVERHEAD) : 0;
      return [...taken].flatMap(([day, ofDay]) =>
        [...ofDay].map(([key, count]) => {
          const [metric, item, detail] = key.split(SEP) as [StatisticsMetric, string, string];
          return { day, metric, item, detail, count };
        }),
      );
    },
    restore(rows) {
      for (const row of rows) add(row.day, keyOf(row.metric, row.item, row.detail), row.count);
    },
    held: () => ({ counts: [...counts.values()].reduce((sum, ofDay) => sum + ofDay.size, 0), digests: salt?.digests.size ?? 0, bytes, saltDay: salt?.day }),
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

type ReadDeps = Pick<StatisticsDeps, 'db'> & { config: Pick<Config, 'statisticsQueryDays'> };

/**
 * Sums of one metric over a period, read in steps of STATISTICS_QUERY_DAYS days (one statement
 * each) with the event loop let go between them: better-sqlite3 answers on the event loop, so a
 * year of a busy site read in one statement held it for most of a second (issue #17).
 */
function createStepSums(deps: ReadDeps) {
  const repository = createStatisticsRepository(deps);
  const add = (sums: Map<string, number>, key: string, count: number) => sums.set(key, (sums.get(key) ?? 0) + count);
  const stepwise = async <R>({ period, read, into }: { period: StatisticsPeriod; read: (step: StatisticsPeriod) => Promise<R[]>; into: (row: R) => void }) => {
    for (const step of periodSteps({ period, days: deps.config.statisticsQueryDays })) {
      for (const row of await read(step)) into(row);
      await yieldToEventLoop();
    }
  };
  return {
    /** day → count. */
    byDay: async ({ period, metric, item }: { period: StatisticsPeriod; metric: StatisticsMetric; item?: string }) => {
      const sums = new Map<string, number>();
      await stepwise({ period, read: (step) => repository.sumByDay({ period: step, metric, item }), into: (r) => add(sums, r.day, r.count) });
      return sums;
    },
    /** item → detail → count. */
    byItemAndDetail: async ({ period, metric, item }: { period: StatisticsPeriod; metric: StatisticsMetric; item?: string }) => {
      const sums = new Map<string, Map<string, number>>();
      await stepwise({
        period,
        read: (step) => repository.sumByItemAndDetail({ period: step, metric, item }),
        into: (r) => {
          let ofItem = sums.get(r.item);
          if (!ofItem) sums.set(r.item, (ofItem = new Map()));
          add(ofItem, r.detail, r.count);
        },
      });
      return sums;
    },
    /** The `limit` most counted items or details, largest first. */
    top: async ({ period, metric, groupBy, item, detail, limit }: { period: StatisticsPeriod; metric: StatisticsMetric; groupBy: 'item' | 'detail'; item?: string; detail?: string; limit: number }) => {
      const sums = new Map<string, number>();
      await stepwise({ period, read: (step) => repository.sumByKey({ period: step, metric, groupBy, item, detail }), into: (r) => add(sums, r.key, r.count) });
      return largest({ sums, limit });
    },
  };
}

const total = (counts: Iterable<number>) => {
  let sum = 0;
  for (const count of counts) sum += count;
  return sum;
};
const readingTotal = (ofItem: Map<string, number> | undefined) => total([...(ofItem ?? [])].filter(([detail]) => detail.startsWith(READING_PREFIX)).map(([, count]) => count));

/** Everything the statistics page shows for a period, optionally for one report year: each sum read in steps (see createStepSums). */
export async function getStatisticsOverview({ period, year, limit = 20 }: { period: StatisticsPeriod; year?: number; limit?: number }, deps: ReadDeps): Promise<StatisticsOverview> {
  const sums = createStepSums(deps);
  const reports = await listPublishedReports(deps);
  await yieldToEventLoop();
  const selected = year === undefined ? undefined : reports.find((r) => r.year === year);
  const itemOfYear = year === undefined ? undefined : String(year);
  // One after the other: each lets the event loop go between its steps, and the next starts when it is done.
  const views = await sums.byDay({ period, metric: 'view', item: itemOfYear });
  const downloads = year !== undefined && !selected ? new Map<string, number>() : await sums.byDay({ period, metric: 'download', item: selected?.id });
  const viewItems = await sums.byItemAndDetail({ period, metric: 'view', item: itemOfYear });
  const downloadItems = await sums.byItemAndDetail({ period, metric: 'download' });
  const searches = await sums.top({ period, metric: 'search', groupBy: 'item', limit });
  const zero = await sums.top({ period, metric: 'search', groupBy: 'item', detail: 'zero', limit });
  const referrers = await sums.top({ period, metric: 'referrer', groupBy: 'detail', item: itemOfYear, limit });
  const devices = await sums.top({ period, metric: 'device', groupBy: 'detail', item: itemOfYear, limit });
  const daily = daysInPeriod(period).map((day) => ({ day, views: views.get(day) ?? 0, downloads: downloads.get(day) ?? 0 }));
  const reportRows = reports
    .filter((r) => year === undefined || r.year === year)
    .map((report) => {
      const own = viewItems.get(String(report.year));
      return {
        year: report.year,
        title: report.title,
        views: total(own?.values() ?? []),
        readingViews: readingTotal(own),
        downloads: total(downloadItems.get(report.id)?.values() ?? []),
      };
    })
    .filter((r) => r.views + r.downloads > 0 || year !== undefined)
    .sort((a, b) => b.views + b.downloads - (a.views + a.downloads) || b.year - a.year);
  const chapters = [...viewItems]
    .filter(([item]) => item !== SITE_ITEM)
    .flatMap(([item, ofItem]) => [...ofItem].filter(([detail]) => detail.startsWith(READING_PREFIX)).map(([detail, count]) => ({ year: Number(item), chapter: Number(detail.slice(READING_PREFIX.length)), count })))
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

/** A report's numbers for the last 30 days (its edit page), read in steps as the statistics page is. */
export async function getReportNumbers({ reportId, year }: { reportId: string; year: number }, deps: ReadDeps & Pick<StatisticsDeps, 'clock'>): Promise<ReportNumbers> {
  const sums = createStepSums(deps);
  const period = lastDays({ days: 30, now: deps.clock.now() });
  const views = (await sums.byItemAndDetail({ period, metric: 'view', item: String(year) })).get(String(year));
  const downloads = (await sums.byItemAndDetail({ period, metric: 'download', item: reportId })).get(reportId);
  return { views: total(views?.values() ?? []), readingViews: readingTotal(views), downloads: total(downloads?.values() ?? []) };
}
