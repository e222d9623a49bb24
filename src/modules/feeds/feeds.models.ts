import type { PublicMedia } from '../media/media.types.js';
import type { PublicReport } from '../reports/reports.types.js';
import type { Site } from '../site/site.types.js';
import { markdownToPlainText } from '../../shared/markdown.js';

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids outright are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function latest(dates: (string | null | undefined)[], fallback: string): string {
  const valid = dates.filter((d): d is string => typeof d === 'string' && d !== '');
  return valid.length === 0 ? fallback : valid.reduce((a, b) => (a > b ? a : b));
}

function toIso(date: string): string {
  // Published dates may be a bare day (YYYY-MM-DD); Atom wants a full timestamp.
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : new Date(date).toISOString();
}

function summaryOf(markdown: string, max = 300): string {
  const plain = markdownToPlainText(markdown);
  return plain.length <= max ? plain : `${plain.slice(0, max - 1).trimEnd()}…`;
}

/** Atom 1.0: one entry per published report, `updated` moving when the report is corrected. */
export function buildAtomFeed({ site, reports, origin, feedTitle, now, media = new Map() }: { site: Site; reports: PublicReport[]; origin: string; feedTitle: string; now: string; media?: Map<string, PublicMedia[]> }): string {
  const updated = toIso(latest([site.updatedAt, ...reports.map((r) => r.updatedAt)], now));
  const entries = [...reports]
    .sort((a, b) => b.year - a.year)
    .map((report) => {
      const url = `${origin}/beretninger/${report.year}`;
      const summary = summaryOf(report.forewordMd);
      return [
        '  <entry>',
        `    <id>${escapeXml(url)}</id>`,
        `    <title>${escapeXml(report.title)}</title>`,
        `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
        report.document ? `    <link rel="enclosure" type="application/pdf" length="${report.document.size}" href="${escapeXml(origin + report.document.url)}"/>` : '',
        // "Se og hør": each film or sound as an enclosure, its page (with the transcript) as related.
        ...(media.get(report.id) ?? []).flatMap((item) => [
          `    <link rel="enclosure" type="${escapeXml(item.mimeType)}" length="${item.size}" title="${escapeXml(item.title)}" href="${escapeXml(origin + item.urls.file)}"/>`,
          `    <link rel="related" type="text/html" title="${escapeXml(item.title)}" href="${escapeXml(origin + item.pageUrl)}"/>`,
        ]),
        `    <published>${toIso(report.publishedAt ?? report.createdAt)}</published>`,
        `    <updated>${toIso(report.updatedAt)}</updated>`,
        summary ? `    <summary>${escapeXml(summary)}</summary>` : '',
        '  </entry>',
      ]
        .filter((line) => line !== '')
        .join('\n');
    });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(site.language || 'da')}">`,
    `  <id>${escapeXml(origin)}/</id>`,
    `  <title>${escapeXml(`${site.title} – ${feedTitle}`)}</title>`,
    `  <author><name>${escapeXml(site.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(origin)}/feed.xml"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(origin)}/"/>`,
    `  <updated>${updated}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** Every public URL with the date it last changed. */
export function buildSitemap({ site, reports, origin, now }: { site: Site; reports: PublicReport[]; origin: string; now: string }): string {
  const newest = latest([site.updatedAt, ...reports.map((r) => r.updatedAt)], now);
  const urls: { loc: string; lastmod: string }[] = [
    { loc: `${origin}/`, lastmod: newest },
    { loc: `${origin}/beretninger`, lastmod: newest },
    { loc: `${origin}/api/docs`, lastmod: newest },
  ];
  for (const report of [...reports].sort((a, b) => b.year - a.year)) {
    urls.push({ loc: `${origin}/beretninger/${report.year}`, lastmod: report.updatedAt });
    if (report.document) {
      urls.push({ loc: `${origin}/beretninger/${report.year}/laes`, lastmod: report.updatedAt });
      urls.push({ loc: `${origin}${report.document.url}`, lastmod: report.updatedAt });
    }
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `  <url><loc>${escapeXml(u.loc)}</loc><lastmod>${toIso(u.lastmod)}</lastmod></url>`),
    '</urlset>',
    '',
  ].join('\n');
}

export function buildRobotsTxt({ origin }: { origin: string }): string {
  return ['User-agent: *', 'Disallow: /admin', 'Disallow: /log-ind', 'Disallow: /log-ud', 'Disallow: /sprog/', 'Allow: /', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}
