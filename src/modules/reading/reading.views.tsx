import type { ViewContext } from '../../ui/view-context.js';
import { Layout, reportCrumbs } from '../../ui/layout.js';
import { ListenPlayer } from '../../ui/listen-player.js';
import { contentLang } from '../../ui/content-lang.js';
import type { PublicReport } from '../reports/reports.types.js';
import type { InlinePart, ListItem, ListNumbering } from '../documents/documents.types.js';
import { chapterPath } from './reading-chapters.models.js';
import type { ReadingBlock, ReadingChapter, ReadingPage, ReadingVersion, TocEntry } from './reading.types.js';

/** A list with the numbers the PDF printed (`start`, `type`, an item's `value`), not always 1, 2, 3. */
function List({ ordered, items, lang, start, numbering }: { ordered: boolean; items: ListItem[]; lang?: string } & ListNumbering) {
  const children = items.map((item) => (
    <li lang={item.lang} value={ordered ? item.value : undefined}>
      {item.text}
      {item.list ? <List {...item.list} /> : null}
    </li>
  ));
  return ordered ? <ol lang={lang} start={start} type={numbering}>{children}</ol> : <ul lang={lang}>{children}</ul>;
}

function Inline({ part }: { part: InlinePart }) {
  if (part.href) return <a href={part.href} lang={part.lang}>{part.text}</a>;
  if (part.lang) return <span lang={part.lang}>{part.text}</span>;
  return <>{part.text}</>;
}

function Block({ ctx, block }: { ctx: ViewContext; block: ReadingBlock }) {
  if (block.kind === 'heading') {
    const Tag = `h${block.level}` as 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
    return <Tag id={block.id} lang={block.lang}>{block.text}</Tag>;
  }
  if (block.kind === 'list') return <List ordered={block.ordered} items={block.items} lang={block.lang} start={block.start} numbering={block.numbering} />;
  if (block.kind === 'table') {
    return (
      // Wide tables scroll inside their own region (keyboard-reachable) so the page reflows at 320 px.
      <div class="table-scroll" role="region" tabIndex={0} aria-label={block.caption ?? ctx.t('reading.table')}>
        <table lang={block.lang}>
          {block.caption ? <caption>{block.caption}</caption> : null}
          <tbody>
            {block.rows.map((row) => (
              <tr>{row.map((cell) => (cell.header ? <th scope={cell.scope ?? 'col'}>{cell.text}</th> : <td>{cell.text}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (block.kind === 'figure') {
    // No image is shown, so the figure is its description; without one the reader is told so (never an empty alt).
    return (
      <figure class="reading-figure">
        <p>{block.alt === null ? ctx.t('reading.figureNoAlt') : ctx.t('reading.figure', { alt: block.alt })}</p>
        {block.caption ? <figcaption>{block.caption}</figcaption> : null}
      </figure>
    );
  }
  if (block.parts) {
    return (
      <p lang={block.lang}>
        {block.parts.map((part, i) => (
          <>
            {i > 0 ? ' ' : ''}
            <Inline part={part} />
          </>
        ))}
      </p>
    );
  }
  return <p lang={block.lang}>{block.text}</p>;
}

function PageSection({ ctx, page, pdfUrl, hasToc }: { ctx: ViewContext; page: ReadingPage; pdfUrl: string; hasToc: boolean }) {
  const { t } = ctx;
  const label = t('reading.page', { number: page.pageNumber });
  return (
    <section id={`side-${page.pageNumber}`} class="reading-page" aria-label={label}>
      <p class="reading-page__meta">
        <span class="reading-page__number">{label}</span>{' '}
        <span class="reading-page__links">
          <a class="reading-page__pdf" href={`${pdfUrl}#page=${page.pageNumber}`} type="application/pdf">{t('reading.pdfPage', { number: page.pageNumber })}</a>{' '}
          <a class="reading-page__self" href={`#side-${page.pageNumber}`}>{t('admin.linkToPage')}<span class="visually-hidden">{` ${page.pageNumber}`}</span></a>
          {hasToc ? <> <a href="#indholdsfortegnelse">{t('reading.backToTop')}</a></> : null}
        </span>
      </p>
      {page.hasText && page.ocr ? (
        <p class="reading-page__ocr" lang={ctx.locale}>
          {t('ocr.readerNotice')} <a href={`${pdfUrl}#page=${page.pageNumber}`} type="application/pdf">{t('ocr.readerNoticeLink', { number: page.pageNumber })}</a>
        </p>
      ) : null}
      {page.hasText ? page.blocks.map((block) => <Block ctx={ctx} block={block} />) : <p class="reading-page__no-text">{t('reading.noText')}</p>}
    </section>
  );
}

/** A long report's chapters with the PDF pages each holds, so a reader can reach any page without script. */
function ChapterList({ ctx, chapters, year, current, lang }: { ctx: ViewContext; chapters: ReadingChapter[]; year: number; current: number; lang: string | undefined }) {
  return (
    <nav class="reading-chapters" aria-labelledby="kapitler" data-reading-base={`/beretninger/${year}/laes`}>
      <h2 id="kapitler">{ctx.t('reading.chapters')}</h2>
      <ol class="reading-toc__list">
        {chapters.map((chapter) => {
          const label = chapter.title ?? ctx.t('reading.chapterUntitled', { number: chapter.number });
          const pages = chapter.firstPage === chapter.lastPage ? ctx.t('reading.page', { number: chapter.firstPage }) : ctx.t('reading.pageRange', { from: chapter.firstPage, to: chapter.lastPage });
          return (
            <li class="reading-toc__item">
              {chapter.number === current ? (
                <strong aria-current="page"><span lang={chapter.title ? lang : undefined}>{label}</span></strong>
              ) : (
                <a href={chapterPath({ year, number: chapter.number })} lang={chapter.title ? lang : undefined}>{label}</a>
              )}{' '}
              <span class="reading-toc__page">{pages}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function ChapterPager({ ctx, chapters, year, current }: { ctx: ViewContext; chapters: ReadingChapter[]; year: number; current: number }) {
  const previous = chapters[current - 2];
  const next = chapters[current];
  return (
    <nav class="reading-pager" aria-label={ctx.t('reading.pager')}>
      <ul>
        {previous ? <li><a href={chapterPath({ year, number: previous.number })} rel="prev">{ctx.t('reading.previous', { title: previous.title ?? ctx.t('reading.chapterUntitled', { number: previous.number }) })}</a></li> : null}
        {next ? <li><a href={chapterPath({ year, number: next.number })} rel="next">{ctx.t('reading.next', { title: next.title ?? ctx.t('reading.chapterUntitled', { number: next.number }) })}</a></li> : null}
      </ul>
    </nav>
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

export function ReadingVersionPage({ ctx, report, reading, chapterNumber = 1 }: { ctx: ViewContext; report: PublicReport; reading: ReadingVersion; chapterNumber?: number }) {
  const { t } = ctx;
  const split = reading.chapters.length > 1;
  const chapter = reading.chapters[chapterNumber - 1];
  const pages = split && chapter ? reading.pages.filter((page) => page.pageNumber >= chapter.firstPage && page.pageNumber <= chapter.lastPage) : reading.pages;
  const chapterTitle = split && chapter ? (chapter.title ?? t('reading.chapterUntitled', { number: chapter.number })) : undefined;
  // The report's own text stays in its language; mark it when the interface speaks another.
  const lang = contentLang(ctx);
  const reportHref = `/beretninger/${report.year}`;
  return (
    <Layout
      ctx={ctx}
      title={chapterTitle ? t('reading.chapterTitle', { chapter: chapterTitle, title: report.title }) : t('reading.title', { title: report.title })}
      crumbs={reportCrumbs({ ctx, year: report.year, reading: t('reading.heading') })}
      head={<>{split ? <script src={ctx.assetUrl('js/reading.js')} defer /> : null}<script src={ctx.assetUrl('js/listen.js')} defer /></>}
    >
      <h1>
        <bdi lang={lang}>{report.title}</bdi>
        <span class="reading-subtitle">{t('reading.heading')}</span>
      </h1>
      <p class="lead">{t('reading.intro')}</p>
      <p><a href={reportHref}>{t('reading.backToReport')}</a></p>
      {!report.document ? <p>{t('reading.noPdf')}</p> : null}
      {report.document && !reading.ready ? <p class="alert">{t('reading.notReady')}</p> : null}
      {split ? <ChapterList ctx={ctx} chapters={reading.chapters} year={report.year} current={chapterNumber} lang={lang} /> : null}
      <TableOfContents ctx={ctx} toc={reading.toc} lang={lang} />
      {split ? <ChapterPager ctx={ctx} chapters={reading.chapters} year={report.year} current={chapterNumber} /> : null}
      {report.document && reading.ready ? <ListenPlayer ctx={ctx} lang={lang} /> : null}
      {report.document ? (
        <div class="reading-content" lang={lang}>
          {pages.map((page) => <PageSection ctx={ctx} page={page} pdfUrl={report.document?.url ?? ''} hasToc={reading.toc.length > 0} />)}
        </div>
      ) : null}
      {split ? <ChapterPager ctx={ctx} chapters={reading.chapters} year={report.year} current={chapterNumber} /> : null}
    </Layout>
  );
}
