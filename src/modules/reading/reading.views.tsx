import type { ViewContext } from '../../ui/view-context.js';
import { Layout } from '../../ui/layout.js';
import { contentLang } from '../../ui/content-lang.js';
import type { PublicReport } from '../reports/reports.types.js';
import type { ReadingBlock, ReadingPage, ReadingVersion, TocEntry } from './reading.types.js';

function Block({ block }: { block: ReadingBlock }) {
  if (block.kind === 'heading') {
    const Tag = `h${block.level}` as 'h2' | 'h3' | 'h4';
    return <Tag id={block.id}>{block.text}</Tag>;
  }
  if (block.kind === 'list') {
    const items = block.items.map((item) => <li>{item}</li>);
    return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
  }
  return <p>{block.text}</p>;
}

function PageSection({ ctx, page, pdfUrl, hasToc }: { ctx: ViewContext; page: ReadingPage; pdfUrl: string; hasToc: boolean }) {
  const { t } = ctx;
  const label = t('reading.page', { number: page.pageNumber });
  return (
    <section id={`side-${page.pageNumber}`} class="reading-page" aria-label={label}>
      <p class="reading-page__meta">
        <span class="reading-page__number">{label}</span>{' '}
        <span class="reading-page__links">
          <a class="reading-page__pdf" href={`${pdfUrl}#page=${page.pageNumber}`} type="application/pdf">{t('reading.pdfPage', { number: page.pageNumber })}</a>
          {hasToc ? <> <a href="#indholdsfortegnelse">{t('reading.backToTop')}</a></> : null}
        </span>
      </p>
      {page.hasText ? page.blocks.map((block) => <Block block={block} />) : <p class="reading-page__no-text">{t('reading.noText')}</p>}
    </section>
  );
}

function TableOfContents({ ctx, toc, lang }: { ctx: ViewContext; toc: TocEntry[]; lang: string | undefined }) {
  if (toc.length === 0) return null;
  return (
    <nav class="reading-toc" aria-labelledby="indholdsfortegnelse">
      <h2 id="indholdsfortegnelse">{ctx.t('reading.toc')}</h2>
      <ol class="reading-toc__list">
        {toc.map((entry) => (
          <li class={`reading-toc__item reading-toc__item--level-${entry.level}`}>
            <a href={entry.href} lang={lang}>{entry.title}</a> <span class="reading-toc__page">{ctx.t('reading.page', { number: entry.pageNumber })}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function ReadingVersionPage({ ctx, report, reading }: { ctx: ViewContext; report: PublicReport; reading: ReadingVersion }) {
  const { t } = ctx;
  // The report's own text stays in its language; mark it when the interface speaks another.
  const lang = contentLang(ctx);
  const reportHref = `/beretninger/${report.year}`;
  return (
    <Layout
      ctx={ctx}
      title={t('reading.title', { title: report.title })}
      crumbs={[{ label: ctx.site.title, href: '/' }, { label: t('reports.archiveTitle'), href: '/beretninger' }, { label: report.title, href: reportHref }, { label: t('reading.heading') }]}
    >
      <h1>
        <bdi lang={lang}>{report.title}</bdi>
        <span class="reading-subtitle">{t('reading.heading')}</span>
      </h1>
      <p class="lead">{t('reading.intro')}</p>
      <p><a href={reportHref}>{t('reading.backToReport')}</a></p>
      {!report.document ? <p>{t('reading.noPdf')}</p> : null}
      {report.document && !reading.ready ? <p class="alert">{t('reading.notReady')}</p> : null}
      <TableOfContents ctx={ctx} toc={reading.toc} lang={lang} />
      {report.document ? (
        <div class="reading-content" lang={lang}>
          {reading.pages.map((page) => <PageSection ctx={ctx} page={page} pdfUrl={report.document?.url ?? ''} hasToc={reading.toc.length > 0} />)}
        </div>
      ) : null}
    </Layout>
  );
}
