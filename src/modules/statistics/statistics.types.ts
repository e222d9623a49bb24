import type { IncomingHttpHeaders } from 'node:http';

/** What a daily count is of: page views, PDF downloads, searches, and the referrer domains and device classes of page views. */
export type StatisticsMetric = 'view' | 'download' | 'search' | 'referrer' | 'device';
export type DeviceClass = 'desktop' | 'mobile' | 'tablet';

/** One row of `statistics_daily`: a count for one Copenhagen calendar day × metric × item × detail. */
export type DailyCount = { day: string; metric: StatisticsMetric; item: string; detail: string; count: number };

/**
 * The in-memory batch of one instance. Every method is synchronous and cheap: a few header
 * comparisons and Map increments, no await, no database, no hashing but for PDF downloads.
 */
export type StatisticsCounter = {
  readonly enabled: boolean;
  /** A public page answered 200/304 (report page, archive, report, reading chapter, cached search page); `count` alike views at once (the HTTP front reports its hits summed), 1 by default. */
  countView: (args: { path: string; headers: IncomingHttpHeaders; now: number; count?: number }) => void;
  /** The search route's result count for a search URL, so the view of that URL (rendered or cached) is counted with it. */
  noteSearchResults: (args: { url: string; results: number }) => void;
  /** A public PDF answered 200/206: one per reader (salted daily digest of address + user agent) and file and day. */
  countDownload: (args: { item: string; file: string; address: string; headers: IncomingHttpHeaders; now: number }) => void;
  /** Takes every count held (emptying the batch); drops the day's salt and digests once the day is over. */
  drain: (args: { now: number }) => DailyCount[];
  /** Puts counts back after a failed write, so the next flush tries again. */
  restore: (counts: DailyCount[]) => void;
  /** What is held in memory: counts not yet written, reader digests, and the day the salt is for. */
  held: () => { counts: number; digests: number; bytes: number; saltDay: string | undefined };
};

export type StatisticsPeriod = { from: string; to: string };

export type StatisticsOverview = {
  period: StatisticsPeriod;
  daily: { day: string; views: number; downloads: number }[];
  reports: { year: number; title: string; views: number; readingViews: number; downloads: number }[];
  chapters: { year: number; chapter: number; count: number }[];
  searches: { query: string; count: number }[];
  zeroResultSearches: { query: string; count: number }[];
  referrers: { domain: string; count: number }[];
  devices: { device: string; count: number }[];
};

export type ReportNumbers = { views: number; readingViews: number; downloads: number };
