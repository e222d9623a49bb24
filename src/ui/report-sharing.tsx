import type { ViewContext } from './view-context.js';
import type { PublicReport } from '../modules/reports/reports.types.js';
import { markdownToPlainText } from '../shared/markdown.js';
import { contentLang } from './content-lang.js';
import type { PublicMedia } from '../modules/media/media.types.js';
import { createMediaJsonLd } from '../modules/media/media.models.js';

export type ReportSharing = { origin: string; coverUrl?: string | null };

function describe(report: PublicReport, max = 200): string {
  const plain = markdownToPlainText(report.forewordMd);
  return plain.length <= max ? plain : `${plain.slice(0, max - 1).trimEnd()}…`;
}

/**
 * JSON for a `<script type="application/ld+json">` data block: `<`, `>`, `&` and the JavaScript line
 * separators are escaped as \uXXXX, so no string (e.g. "</script>") can end the block early.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function createReportJsonLd({ report, siteName, origin, media = [] }: { report: PublicReport; siteName: string; origin: string; media?: PublicMedia[] }): Record<string, unknown> {
  const url = `${origin}/beretninger/${report.year}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'Report',
    '@id': url,
    url,
    name: report.title,
    description: describe(report) || undefined,
    inLanguage: 'da',
    publisher: { '@type': 'Organization', name: siteName, url: `${origin}/` },
    datePublished: report.publishedAt ?? undefined,
    dateModified: report.updatedAt,
    temporalCoverage: report.periodStart && report.periodEnd ? `${report.periodStart.slice(0, 10)}/${report.periodEnd.slice(0, 10)}` : String(report.year),
    encoding: report.document
      ? { '@type': 'MediaObject', encodingFormat: 'application/pdf', contentUrl: `${origin}${report.document.url}`, contentSize: `${report.document.size} B`, name: report.document.fileName }
      : undefined,
    // The films and sounds of "Se og hør", each with its transcript (issue #19).
    associatedMedia: media.length > 0 ? media.map((item) => { const { '@context': _context, ...rest } = createMediaJsonLd({ media: item, origin, report }); return rest; }) : undefined,
  };
}

/** Open Graph, Twitter card and schema.org tags for a report page's head. */
export function ReportShareHead({ ctx, report, sharing, media }: { ctx: ViewContext; report: PublicReport; sharing: ReportSharing; media?: PublicMedia[] }) {
  const url = `${sharing.origin}/beretninger/${report.year}`;
  const description = describe(report);
  const image = sharing.coverUrl ? (sharing.coverUrl.startsWith('http') ? sharing.coverUrl : `${sharing.origin}${sharing.coverUrl}`) : undefined;
  return (
    <>
      <link rel="canonical" href={url} />
      {description ? <meta name="description" content={description} /> : null}
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={ctx.site.name} />
      <meta property="og:title" content={report.title} />
      {description ? <meta property="og:description" content={description} /> : null}
      <meta property="og:url" content={url} />
      <meta property="og:locale" content="da_DK" />
      {image ? <meta property="og:image" content={image} /> : null}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={report.title} />
      {description ? <meta name="twitter:description" content={description} /> : null}
      {image ? <meta name="twitter:image" content={image} /> : null}
      {/* A data block, not a script: browsers do not execute it, so the CSP's script-src does not apply. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(createReportJsonLd({ report, siteName: ctx.site.name, origin: sharing.origin, media })) }} />
    </>
  );
}

/** "Citér": a ready citation and permanent links to the report and to a page of its reading version. */
export function CiteBlock({ ctx, report, sharing }: { ctx: ViewContext; report: PublicReport; sharing: ReportSharing }) {
  const { t } = ctx;
  const url = `${sharing.origin}/beretninger/${report.year}`;
  const year = (report.publishedAt ?? report.updatedAt).slice(0, 4);
  return (
    <section class="cite-block" aria-labelledby="citer">
      <h2 id="citer">{t('opendata.citeHeading')}</h2>
      <dl>
        <dt>{t('opendata.citation')}</dt>
        <dd><span lang={contentLang(ctx)}>{ctx.site.name} ({year}). <cite><bdi>{report.title}</bdi></cite>.</span> {url}</dd>
        <dt>{t('opendata.permalink')}</dt>
        <dd><a href={url}>{url}</a></dd>
      </dl>
      {report.document ? <p class="cite-block__pages">{t('opendata.pageLinkHint')} <a href={`/beretninger/${report.year}/laes`}>{t('admin.citeOpenReading')}</a></p> : null}
    </section>
  );
}
