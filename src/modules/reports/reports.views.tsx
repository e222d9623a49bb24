import type { ViewContext } from '../../ui/view-context.js';
import { Layout, reportCrumbs, siteCrumb } from '../../ui/layout.js';
import type { PublicDocument, PublicReport } from './reports.types.js';
import { formatDate, formatFileSize } from '../../shared/format.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { contentLang } from '../../ui/content-lang.js';
import { CiteBlock, ReportShareHead, type ReportSharing } from '../../ui/report-sharing.js';
import { CorrectionNotice } from '../../ui/report-corrections.js';
import type { PublicCorrections } from '../corrections/corrections.usecases.js';
import { MediaSection } from '../../ui/media-player.js';
import type { PublicMedia } from '../media/media.types.js';

export function PdfLink({ ctx, title, document }: { ctx: ViewContext; title: string; document: PublicDocument }) {
  const { t, locale } = ctx;
  const pages = document.pageCount ? `, ${t(document.pageCount === 1 ? 'common.page' : 'common.pages', { count: document.pageCount })}` : '';
  return (
    <a class="pdf-link" href={document.url} type="application/pdf">
      <bdi class="pdf-link__title">{title}</bdi>{' '}
      <span class="pdf-link__meta">({t('common.pdf')}, {formatFileSize({ bytes: document.size, locale })}{pages})</span>
    </a>
  );
}

/**
 * Page 1 of the PDF. Width and height are given so nothing moves when it loads; the alt text
 * names the report, since the image stands on its own (also where no link text repeats the title).
 * Nothing is shown before ingestion has rendered a cover.
 */
/** A report's PDF: its cover, the download link and the way to the reading version. */
function ReportDocument({ ctx, title, year, document }: { ctx: ViewContext; title: string; year: number; document: PublicDocument }) {
  return (
    <div class="report-document">
      <ReportCover ctx={ctx} title={title} document={document} size="large" />
      <div class="report-document__links">
        <p class="pdf-download"><PdfLink ctx={ctx} title={title} document={document} /></p>
        <p class="reading-link"><a href={`/beretninger/${year}/laes`}>{ctx.t('reading.link')}</a></p>
        {(document.accessibilityProblems ?? 0) > 0 ? (
          <p class="pdf-accessibility-notice" data-accessibility-notice>
            {ctx.t('a11y.readerNotice')} <a href={`/beretninger/${year}/laes`}>{ctx.t('a11y.readerLink')}</a>
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function ReportCover({ ctx, title, document, size, lazy = false }: { ctx: ViewContext; title: string; document: PublicDocument; size: 'large' | 'small'; lazy?: boolean }) {
  const { cover } = document;
  if (!cover) return null;
  return (
    <img
      class={`report-cover report-cover--${size}`}
      src={cover.smallUrl}
      srcset={`${cover.smallUrl} 320w, ${cover.largeUrl} 640w`}
      sizes={size === 'large' ? '200px' : '120px'}
      width={cover.width}
      height={cover.height}
      alt={ctx.t('reports.coverAlt', { title })}
      loading={lazy ? 'lazy' : undefined}
      decoding="async"
    />
  );
}

function Foreword({ markdown, lang }: { markdown: string; lang?: string }) {
  return <div class="foreword" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(markdown) }} />;
}

export function FrontPage({ ctx, latest, earlier }: { ctx: ViewContext; latest: PublicReport | undefined; earlier: PublicReport[] }) {
  const { t, site } = ctx;
  return (
    <Layout ctx={ctx} title={site.title} crumbs={[siteCrumb(ctx)]}>
      <h1 lang={contentLang(ctx)}>{site.title}</h1>
      {site.intro ? <p class="lead" lang={contentLang(ctx)}>{site.intro}</p> : null}
      {latest ? (
        <section aria-labelledby="forord-heading" class="latest-report">
          <h2 id="forord-heading">{t('reports.forewordHeading')}</h2>
          <p class="report-meta">
            <a href={`/beretninger/${latest.year}`} lang={contentLang(ctx)}><bdi>{latest.title}</bdi></a>
            {latest.publishedAt ? <> · {t('reports.published', { date: formatDate({ iso: latest.publishedAt, locale: ctx.locale }) })}</> : null}
          </p>
          <Foreword markdown={latest.forewordMd} lang={contentLang(ctx)} />
          {latest.document ? <ReportDocument ctx={ctx} title={latest.title} year={latest.year} document={latest.document} /> : null}
        </section>
      ) : (
        <p>{t('reports.noReports')}</p>
      )}
      {earlier.length > 0 ? (
        <section aria-labelledby="tidligere-heading" class="earlier-reports">
          <h2 id="tidligere-heading">{t('reports.earlierHeading')}</h2>
          <ul class="report-list">
            {earlier.map((report) => (
              <li class={report.document?.cover ? 'report-list__item report-list__item--cover' : 'report-list__item'}>
                {report.document ? <ReportCover ctx={ctx} title={report.title} document={report.document} size="small" lazy /> : null}
                <div class="report-list__text">
                  <a class="report-list__title" href={`/beretninger/${report.year}`} lang={contentLang(ctx)}><bdi>{report.title}</bdi></a>
                  {report.document ? <> <PdfLink ctx={ctx} title={t('reports.downloadPdf')} document={report.document} /></> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="archive-link"><a href="/beretninger">{t('reports.archiveLink')}</a></p>
    </Layout>
  );
}

export function ArchivePage({ ctx, reports }: { ctx: ViewContext; reports: PublicReport[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reports.archiveTitle')} crumbs={[siteCrumb(ctx), { label: t('reports.archiveTitle') }]}>
      <h1>{t('reports.archiveTitle')}</h1>
      <p>{t('reports.archiveIntro')}</p>
      {reports.length === 0 ? <p>{t('reports.noReports')}</p> : null}
      <ul class="report-list report-list--archive">
        {reports.map((report) => (
          <li class={report.document?.cover ? 'report-list__item report-list__item--cover' : 'report-list__item'}>
            {report.document ? <ReportCover ctx={ctx} title={report.title} document={report.document} size="small" lazy /> : null}
            <div class="report-list__text">
              <h2 class="report-list__heading"><a href={`/beretninger/${report.year}`} lang={contentLang(ctx)}><bdi>{report.title}</bdi></a></h2>
              {report.publishedAt ? <p class="report-meta">{t('reports.published', { date: formatDate({ iso: report.publishedAt, locale: ctx.locale }) })}</p> : null}
              {report.document ? <p><PdfLink ctx={ctx} title={t('reports.downloadPdf')} document={report.document} /></p> : null}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ReportPage({ ctx, report, sharing, corrections, media = [] }: { ctx: ViewContext; report: PublicReport; sharing?: ReportSharing; corrections?: PublicCorrections; media?: PublicMedia[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={report.title} head={sharing ? <ReportShareHead ctx={ctx} report={report} sharing={sharing} media={media} /> : undefined} crumbs={reportCrumbs({ ctx, year: report.year })}>
      <h1 lang={contentLang(ctx)}><bdi>{report.title}</bdi></h1>
      <p class="report-meta">
        {report.publishedAt ? t('reports.published', { date: formatDate({ iso: report.publishedAt, locale }) }) : null}
        {report.periodStart && report.periodEnd ? <> · {t('reports.period', { from: formatDate({ iso: report.periodStart, locale }), to: formatDate({ iso: report.periodEnd, locale }) })}</> : null}
      </p>
      {corrections ? <CorrectionNotice ctx={ctx} corrections={corrections} /> : null}
      {report.document ? (
        <ReportDocument ctx={ctx} title={report.title} year={report.year} document={report.document} />
      ) : (
        <p>{t('reports.noPdf')}</p>
      )}
      <MediaSection ctx={ctx} media={media} />
      {report.forewordMd.trim() ? (
        <section aria-labelledby="forord" class="report-foreword">
          <h2 id="forord">{t('reports.foreword')}</h2>
          <Foreword markdown={report.forewordMd} lang={contentLang(ctx)} />
        </section>
      ) : null}
      {sharing ? <CiteBlock ctx={ctx} report={report} sharing={sharing} /> : null}
    </Layout>
  );
}

