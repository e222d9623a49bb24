import type { IncomingHttpHeaders } from 'node:http';
import { isbot } from 'isbot';
import type { DeviceClass, StatisticsOverview, StatisticsPeriod } from './statistics.types.js';

/** The session cookie's name as auth sets it: its presence marks a workspace user, who is never counted. */
const SESSION_COOKIE_PREFIX = 'beretning_session=';
/** Queries, referrer domains and user agents are cut to these lengths before they are kept. */
export const MAX_QUERY_LENGTH = 100;
const MAX_DOMAIN_LENGTH = 100;
/** The item of pages that belong to no report. */
export const SITE_ITEM = 'site';
/** Counted in place of a search or referrer domain once the batch is full. */
export const OTHER = '(other)';

const copenhagenDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Copenhagen calendar day (YYYY-MM-DD) of an instant. */
export function copenhagenDayOf(ms: number): string {
  return copenhagenDate.format(ms);
}

/**
 * copenhagenDayOf with a one-entry memo per hour: Copenhagen's offset is whole hours, so every
 * instant of one UTC hour falls on one Copenhagen day, and the hit path formats a date once an hour.
 */
export function createDayMemo(): (ms: number) => string {
  let hour = Number.NaN;
  let day = '';
  return (ms) => {
    const h = Math.floor(ms / 3_600_000);
    if (h !== hour) {
      hour = h;
      day = copenhagenDayOf(ms);
    }
    return day;
  };
}

/** Do-Not-Track or Global Privacy Control: the reader asked not to be counted. */
export function hasOptedOut(headers: IncomingHttpHeaders): boolean {
  return headers.dnt === '1' || headers['sec-gpc'] === '1';
}

export function hasSessionCookie(cookie: string | undefined): boolean {
  return cookie !== undefined && cookie.includes(SESSION_COOKIE_PREFIX);
}

/** A user agent's device class, or 'bot' for crawlers (isbot's maintained list) and requests without one. */
export function classifyUserAgent(userAgent: string | undefined): DeviceClass | 'bot' {
  if (!userAgent) return 'bot';
  if (isbot(userAgent)) return 'bot';
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** The referring site's domain (lower case, without `www.`), or undefined for none, this site itself or anything unreadable. */
export function referrerDomainOf({ referer, host }: { referer: string | undefined; host: string | undefined }): string | undefined {
  if (!referer) return undefined;
  const match = /^https?:\/\/(?:[^@/?#]*@)?([a-z0-9.-]{1,253})(?::\d+)?(?:[/?#]|$)/i.exec(referer);
  if (!match) return undefined;
  const domain = match[1]!.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  if (!domain || domain.length > MAX_DOMAIN_LENGTH) return undefined;
  return domain === hostDomainOf(host) ? undefined : domain;
}

/** The request's own host as a referrer domain would be written: lower case, without port and `www.`. */
export function hostDomainOf(host: string | undefined): string | undefined {
  return host?.toLowerCase().replace(/:\d+$/, '').replace(/^www\./, '');
}

const REPORT_PATH = /^\/beretninger\/(\d{4})(?:\/laes(?:\/kapitel\/([1-9]\d{0,3}))?)?$/;

/** What a public address is a view of: the report page (`/`), the archive, a report, or a chapter of its reading version. */
export function viewOfPath(path: string): { item: string; detail: string } | undefined {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  if (bare === '/') return { item: SITE_ITEM, detail: 'front' };
  if (bare === '/beretninger') return { item: SITE_ITEM, detail: 'archive' };
  const match = REPORT_PATH.exec(bare);
  if (!match) return undefined;
  if (!bare.includes('/laes')) return { item: match[1]!, detail: 'report' };
  return { item: match[1]!, detail: `chapter:${match[2] ?? '1'}` };
}

/** A search address's query (normalised: trimmed, lower case, single spaces, at most MAX_QUERY_LENGTH), or undefined for no query or a later result page. */
export function searchOfUrl(url: string): string | undefined {
  if (!url.startsWith('/soeg?')) return undefined;
  const params = new URLSearchParams(url.slice('/soeg?'.length));
  const page = params.get('side');
  if (page !== null && page !== '1') return undefined;
  const query = normaliseQuery(params.get('q') ?? '');
  return query === '' ? undefined : query;
}

export function normaliseQuery(query: string): string {
  return query.replace(/[\s\u0000-\u001f]+/g, ' ').trim().toLowerCase().slice(0, MAX_QUERY_LENGTH);
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD plus `days` (calendar arithmetic in UTC, so no DST edge). */
export function addDays({ day, days }: { day: string; days: number }): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysInPeriod({ from, to }: StatisticsPeriod): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays({ day, days: 1 })) days.push(day);
  return days;
}

/** The period cut into consecutive steps of at most `days` days each, in order (the statistics page reads one step per statement). */
export function periodSteps({ period, days }: { period: StatisticsPeriod; days: number }): StatisticsPeriod[] {
  const steps: StatisticsPeriod[] = [];
  for (let from = period.from; from <= period.to; from = addDays({ day: from, days })) {
    const to = addDays({ day: from, days: days - 1 });
    steps.push({ from, to: to < period.to ? to : period.to });
  }
  return steps;
}

/**
 * The `limit` largest sums, largest first; equal sums by key (code-unit order). One pass that keeps
 * at most `limit` entries in order, so a year of many different search words is not sorted whole.
 */
export function largest({ sums, limit }: { sums: Map<string, number>; limit: number }): { key: string; count: number }[] {
  const kept: { key: string; count: number }[] = [];
  const before = (a: { key: string; count: number }, b: { key: string; count: number }) => a.count > b.count || (a.count === b.count && a.key < b.key);
  for (const [key, count] of sums) {
    const entry = { key, count };
    if (kept.length === limit && (limit === 0 || !before(entry, kept[limit - 1] as { key: string; count: number }))) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(kept[middle] as { key: string; count: number }, entry)) low = middle + 1;
      else high = middle;
    }
    kept.splice(low, 0, entry);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

/** The last `days` Copenhagen calendar days, today included. */
export function lastDays({ days, now }: { days: number; now: Date }): StatisticsPeriod {
  const to = copenhagenDayOf(now.getTime());
  return { from: addDays({ day: to, days: -(days - 1) }), to };
}

/** The first Copenhagen day that is kept: everything before it is past the retention. */
export function retentionCutoff({ now, months }: { now: Date; months: number }): string {
  const today = copenhagenDayOf(now.getTime());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
}

/**
 * CSV (RFC 4180, `;`-free comma separated, CRLF) with a byte-order mark so spreadsheet programs read
 * UTF-8. A cell that a spreadsheet would run as a formula (search words are typed by anyone) is
 * prefixed with an apostrophe.
 */
export function toCsv(rows: (string | number)[][]): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}


/** The period a page or export shows: the last 7/30/365 Copenhagen days (today included), or a custom range. */
export function periodFor({ choice, from, to, now }: { choice: '7' | '30' | '365' | 'custom'; from?: string; to?: string; now: Date }): StatisticsPeriod {
  if (choice === 'custom' && from && to) return { from, to };
  return lastDays({ days: choice === 'custom' ? 30 : Number(choice), now });
}

/** One table of the overview as CSV rows, header first; `label` names the columns and devices in the reader's language. */
export function csvRowsOf({ table, overview, label }: { table: 'daily' | 'reports' | 'chapters' | 'searches' | 'zero' | 'referrers' | 'devices'; overview: StatisticsOverview; label: (key: 'day' | 'views' | 'downloads' | 'report' | 'title' | 'reading' | 'chapter' | 'query' | 'count' | 'domain' | 'device') => string }): (string | number)[][] {
  switch (table) {
    case 'daily': return [[label('day'), label('views'), label('downloads')], ...overview.daily.map((d) => [d.day, d.views, d.downloads])];
    case 'reports': return [[label('report'), label('title'), label('views'), label('reading'), label('downloads')], ...overview.reports.map((r) => [r.year, r.title, r.views, r.readingViews, r.downloads])];
    case 'chapters': return [[label('report'), label('chapter'), label('views')], ...overview.chapters.map((c) => [c.year, c.chapter, c.count])];
    case 'searches': return [[label('query'), label('count')], ...overview.searches.map((s) => [s.query, s.count])];
    case 'zero': return [[label('query'), label('count')], ...overview.zeroResultSearches.map((s) => [s.query, s.count])];
    case 'referrers': return [[label('domain'), label('views')], ...overview.referrers.map((r) => [r.domain, r.count])];
    case 'devices': return [[label('device'), label('views')], ...overview.devices.map((d) => [d.device, d.count])];
  }
}
