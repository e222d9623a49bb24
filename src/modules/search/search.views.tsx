import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { Layout, siteCrumb } from '../../ui/layout.js';
import { contentLang } from '../../ui/content-lang.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId } from '../../ui/error-summary.js';
import type { SearchGroup, SearchHit, SearchResult } from './search.types.js';
import { MAX_QUERY_LENGTH, searchUrlFor } from './search-query.models.js';

export type SearchPageProps = {
  ctx: ViewContext;
  q: string;
  yearFrom: number | undefined;
  yearTo: number | undefined;
  result: SearchResult | undefined;
  /** A message about the query itself (bad year, too long, only stop words…). */
  problem: MessageKey | undefined;
  /** A year that could not be read: which field, and both years as typed, so the form keeps them. */
  yearError?: { field: 'fra' | 'til'; typed: { fra: string; til: string } };
  /** A message in the reader's language about the request, not the query (e.g. too many searches). */
  notice?: string;
};

function searchUrl(args: { q: string; yearFrom: number | undefined; yearTo: number | undefined; page?: number }): string {
  return searchUrlFor(args);
}

function Snippet({ hit, lang }: { hit: SearchHit; lang: string | undefined }) {
  return (
    <p class="search-hit__snippet" lang={lang}>
      {hit.snippet.map((piece) => (piece.mark ? <mark>{piece.text}</mark> : piece.text))}
    </p>
  );
}

function Group({ ctx, group, lang }: { ctx: ViewContext; group: SearchGroup; lang: string | undefined }) {
  const { t } = ctx;
  return (
    <li class="search-group">
      <h2 class="search-group__title">
        <a href={group.report.url} lang={lang}><bdi>{group.report.title}</bdi></a>
        {group.report.title.includes(String(group.report.year)) ? null : <> <span class="search-group__year">({group.report.year})</span></>}
      </h2>
      <p class="search-group__count">
        {group.hitCount === 1 ? t('search.groupCountOne') : t('search.groupCount', { count: group.hitCount })}
        {group.allHitsUrl ? <>{' · '}<a href={group.allHitsUrl}>{t('search.groupAll', { count: group.hitCount, year: group.report.year })}</a></> : null}
      </p>
      <ol class="search-hits">
        {group.hits.map((hit) => (
          <li class="search-hit">
            <h3 class="search-hit__page">{hit.mediaTitle !== undefined ? <bdi lang={lang}>{hit.mediaTitle}</bdi> : hit.pageNumber === null ? (hit.alsoOnPage ? t('search.forewordAndPage', { number: hit.alsoOnPage }) : t('search.foreword')) : hit.alsoInForeword ? t('search.pageAndForeword', { number: hit.pageNumber }) : t('search.page', { number: hit.pageNumber })}</h3>
            <Snippet hit={hit} lang={lang} />
            <p class="search-hit__links">
              <a href={hit.readingUrl}>{hit.mediaTitle !== undefined ? t('media.searchOpen') : hit.pageNumber === null ? t('search.readForeword') : t('search.readPage', { number: hit.pageNumber })}</a>
              {hit.pdfUrl && hit.pageNumber !== null ? (
                <>
                  {' · '}
                  <a href={hit.pdfUrl} type="application/pdf">{t('search.pdfPage', { number: hit.pageNumber })}</a>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ol>
    </li>
  );
}

function Pagination({ ctx, result }: { ctx: ViewContext; result: SearchResult }) {
  if (result.pageCount <= 1) return null;
  const { t } = ctx;
  const link = (page: number) => searchUrl({ q: result.query, yearFrom: result.yearFrom ?? undefined, yearTo: result.yearTo ?? undefined, page });
  return (
    <nav class="search-pagination" aria-label={t('search.pagination')}>
      {result.page > 1 ? <a rel="prev" href={link(result.page - 1)}>{t('search.previous')}</a> : null}{' '}
      <span aria-current="page">{t('search.pageOf', { page: result.page, pages: result.pageCount })}</span>{' '}
      {result.page < result.pageCount ? <a rel="next" href={link(result.page + 1)}>{t('search.next')}</a> : null}
    </nav>
  );
}

/** Results were found, but fewer pages of them than the page asked for. */
export function isPastLastPage(result: SearchResult): boolean {
  return result.total > 0 && result.page > result.pageCount;
}

function Results({ ctx, result }: { ctx: ViewContext; result: SearchResult }) {
  const { t } = ctx;
  const lang = contentLang(ctx);
  const cut = (
    <>
      {result.cut ? <p class="alert alert--warning search-cut">{t('search.cut', { kept: result.cut.kept, total: result.cut.total })}</p> : null}
      {result.narrowedPrefixes.length > 0 ? <p class="alert alert--info search-narrowed">{t('search.narrowed', { prefixes: result.narrowedPrefixes.slice(0, 8).join(', ') })}</p> : null}
    </>
  );
  if (result.total === 0) {
    return (
      <>
      {cut}
      <section class="search-empty" aria-labelledby="ingen-resultater">
        <h2 id="ingen-resultater">{t('search.noResults')}</h2>
        <p>{t('search.noResultsText')}</p>
        {result.suggestions.length > 0 ? (
          <p class="search-suggestions">
            {t('search.didYouMean')}{' '}
            {result.suggestions.map((s, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={searchUrl({ q: s, yearFrom: result.yearFrom ?? undefined, yearTo: result.yearTo ?? undefined })} lang={lang}>{s}</a>
              </>
            ))}
          </p>
        ) : null}
      </section>
      </>
    );
  }
  const count = result.totalIsLowerBound ? t('search.countMany', { total: result.total }) : result.total === 1 ? t('search.countOne') : t('search.count', { total: result.total });
  if (isPastLastPage(result)) {
    // A page number past the last (an old link, a hand-edited URL): say so, and lead to the last page.
    const { page, pageCount: pages } = result;
    return (
      <>
        {cut}
        <p class="search-count">{count}</p>
        <section class="alert alert--info search-past-last" aria-labelledby="ingen-side">
          <p id="ingen-side">{pages === 1 ? t('search.pastLastPageOne', { page }) : t('search.pastLastPage', { page, pages })}</p>
          <p><a href={searchUrl({ q: result.query, yearFrom: result.yearFrom ?? undefined, yearTo: result.yearTo ?? undefined, page: pages })}>{t('search.lastPage', { pages })}</a></p>
        </section>
      </>
    );
  }
  return (
    <>
      {cut}
      <p class="search-count" role="status">{count}</p>
      <ol class="search-groups">
        {result.groups.map((group) => <Group ctx={ctx} group={group} lang={lang} />)}
      </ol>
      <Pagination ctx={ctx} result={result} />
    </>
  );
}

function YearField({ ctx, name, label, value, error }: { ctx: ViewContext; name: 'fra' | 'til'; label: string; value: string; error: string | undefined }) {
  const id = `soeg-${name}`;
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={id}>{label}</label>
      <FieldErrorMessage ctx={ctx} field={id} message={error} />
      <input class="form-input form-input--year" id={id} type="text" inputMode="numeric" name={name} value={value} size={4} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? fieldErrorId(id) : undefined} />
    </div>
  );
}

export function SearchPage({ ctx, q, yearFrom, yearTo, result, problem, yearError, notice }: SearchPageProps) {
  const { t } = ctx;
  const yearMessage = yearError ? t('search.badYear') : undefined;
  const title = q.trim() && !problem ? t('search.resultsTitle', { query: q.length > 80 ? `${q.slice(0, 80)}…` : q }) : t('search.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[siteCrumb(ctx), { label: t('search.title') }]}>
      <h1>{t('search.title')}</h1>
      {yearError && yearMessage ? <ErrorSummary ctx={ctx} errors={[{ field: `soeg-${yearError.field}`, message: yearMessage }]} /> : null}
      <form class="search-form" role="search" method="get" action="/soeg" aria-label={t('search.title')}>
        <div class="form-group">
          <label class="form-label" for="soeg-q">{t('search.queryLabel')}</label>
          <input class="form-input" id="soeg-q" type="search" name="q" value={q.slice(0, MAX_QUERY_LENGTH)} maxLength={MAX_QUERY_LENGTH} aria-describedby="soeg-hjaelp" />
          <p class="form-hint" id="soeg-hjaelp">{t('search.help')}</p>
        </div>
        <div class="search-form__years">
          <YearField ctx={ctx} name="fra" label={t('search.yearFrom')} value={yearError ? yearError.typed.fra : yearFrom === undefined ? '' : String(yearFrom)} error={yearError?.field === 'fra' ? yearMessage : undefined} />
          <YearField ctx={ctx} name="til" label={t('search.yearTo')} value={yearError ? yearError.typed.til : yearTo === undefined ? '' : String(yearTo)} error={yearError?.field === 'til' ? yearMessage : undefined} />
        </div>
        <button type="submit" class="button button--primary">{t('search.submit')}</button>
      </form>
      {problem && !yearError ? <p class="alert alert--info search-problem" role="status">{t(problem)}</p> : null}
      {notice ? <p class="alert alert--warning search-problem" role="status">{notice}</p> : null}
      {result && !problem ? <Results ctx={ctx} result={result} /> : null}
    </Layout>
  );
}
