import type { Report } from './reports.types.js';

/**
 * The report page shows the newest published report with its foreword, and under "Tidligere
 * beretninger" the other reports of the newest `yearsShown` years; every year stays in the archive.
 */
export function selectFrontPageReports<R extends Pick<Report, 'year'>>({ published, yearsShown }: { published: R[]; yearsShown: number }): { latest: R | undefined; earlier: R[] } {
  const sorted = [...published].sort((a, b) => b.year - a.year);
  const latest = sorted[0];
  if (!latest) return { latest: undefined, earlier: [] };
  const oldestShown = latest.year - yearsShown + 1;
  return { latest, earlier: sorted.slice(1).filter((r) => r.year >= oldestShown) };
}

/** Is a report visible to readers at `now`? */
export function isPubliclyVisible({ report }: { report: Pick<Report, 'status' | 'deletedAt'> }): boolean {
  return report.status === 'published' && report.deletedAt === null;
}

export function parseYear(value: string): number | undefined {
  if (!/^\d{4}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * A report's old address (its year changed) answers 301 with this: browsers and proxies keep the
 * redirect an hour, not for ever, since another report may take the year later.
 */
export const MOVED_REPORT_CACHE_CONTROL = 'public, max-age=3600';
