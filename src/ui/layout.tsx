import type { ComponentChildren } from 'preact';
import type { ViewContext } from './view-context.js';
import { LoginDialog } from './login-dialog.js';
import { themeStylesheetUrl } from './theme.js';
import { contentLang } from './content-lang.js';
import { MAX_QUERY_LENGTH } from '../modules/search/search-query.models.js';

export type Crumb = { label: string; href?: string; lang?: string };

type LayoutProps = {
  ctx: ViewContext;
  title: string;
  /**
   * Crumbs after the organisation's own levels (site settings, never pages of this site); the last is
   * the current page. The front page's is `[siteCrumb(ctx)]`: it is the site's own page.
   */
  crumbs: Crumb[];
  head?: ComponentChildren;
  children: ComponentChildren;
};

export function Layout({ ctx, title, crumbs, head, children }: LayoutProps) {
  const { t, site } = ctx;
  const themeUrl = themeStylesheetUrl(site.primaryColor);
  const pageTitle = title === site.title ? `${site.title} – ${site.name}` : `${title} – ${site.title} – ${site.name}`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No favicon yet: an empty one saves every first visit a request for /favicon.ico (a 404 page). */}
        <link rel="icon" href="data:," />
        <title>{pageTitle}</title>
        <link rel="stylesheet" href={ctx.assetUrl('css/beretning.css')} />
        <link rel="stylesheet" href={ctx.assetUrl('css/site.css')} />
        {themeUrl ? <link rel="stylesheet" href={themeUrl} /> : null}
        <script src={ctx.assetUrl('js/site.js')} defer />
        <link rel="alternate" type="application/atom+xml" href="/feed.xml" title={`${site.title} – ${t('opendata.feedTitle')}`} />
        <script src={ctx.assetUrl('js/csrf.js')} defer />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#indhold">{t('common.skipLink')}</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href="/" lang={contentLang(ctx)}>
              {site.logoUrl ? <img class="site-header__logo" src={site.logoUrl} alt={site.name} /> : site.name}
            </a>
            <form class="site-search" role="search" method="get" action="/soeg">
              <label class="visually-hidden" for="site-search-q">{t('common.searchLabel')}</label>
              <input id="site-search-q" type="search" name="q" maxLength={MAX_QUERY_LENGTH} placeholder={t('common.searchPlaceholder')} />
              <button type="submit" class="button button--secondary">{t('common.search')}</button>
            </form>
            <nav class="site-header__tools" aria-label={t('common.tools')}>
              <LanguageSwitch ctx={ctx} />
              {ctx.user ? (
                <>
                  <a href="/admin"><bdi>{ctx.user.name || ctx.user.email}</bdi></a>
                  <form method="post" action="/log-ud" class="inline-form">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button type="submit" class="button button--link">{t('common.logout')}</button>
                  </form>
                </>
              ) : (
                <a id="log-ind-knap" class="button button--primary" href="/log-ind" data-opens-dialog="log-ind-dialog">{t('common.login')}</a>
              )}
            </nav>
          </div>
        </header>
        {ctx.demo ? <p class="demo-notice container">{t('common.demoNotice')}</p> : null}
        <Breadcrumb ctx={ctx} crumbs={crumbs} />
        <main id="indhold" class="container" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p lang={contentLang(ctx)}>{site.name}</p>
            {site.accessibilityUrl ? (
              <p><a href={site.accessibilityUrl}>{t('common.accessibilityStatement')}</a></p>
            ) : null}
            <p class="site-footer__small">{t('common.footerPoweredBy')}</p>
          </div>
        </footer>
        {ctx.user ? null : <LoginDialog ctx={ctx} />}
      </body>
    </html>
  );
}

/** A plain link to the other language: works without JavaScript; the server remembers the choice. */
function LanguageSwitch({ ctx }: { ctx: ViewContext }) {
  const other = ctx.locale === 'da' ? 'en' : 'da';
  return (
    <a class="language-switch" href={`/sprog/${other}?tilbage=${encodeURIComponent(ctx.returnUrl)}`} lang={other} hreflang={other}>
      {ctx.t('common.languageSwitch')}
    </a>
  );
}

function Breadcrumb({ ctx, crumbs }: { ctx: ViewContext; crumbs: Crumb[] }) {
  // A level never repeats: an organisation whose own trail ends with the site's title shows it once, as the link.
  const items: Crumb[] = [...ctx.site.breadcrumb.map((label) => ({ label, lang: contentLang(ctx) })), ...crumbs].filter((item, index, all) => index === all.length - 1 || item.label.trim() !== all[index + 1]!.label.trim());
  if (items.length === 0) return null;
  return (
    <nav class="breadcrumb container" aria-label={ctx.t('common.breadcrumb')}>
      <ol>
        {items.map((item, index) => {
          const last = index === items.length - 1;
          return (
            <li>
              {index > 0 ? <span class="breadcrumb__sep" aria-hidden="true"> › </span> : null}
              {item.href && !last ? <a href={item.href} lang={item.lang}><bdi>{item.label}</bdi></a> : <span aria-current={last ? 'page' : undefined} lang={item.lang}><bdi>{item.label}</bdi></span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/**
 * The site's own page (the front page) as a crumb: its title is the organisation's content, so it
 * carries the content's language when the interface speaks another (WCAG 3.1.2). On the front page
 * it is the last crumb, the current page.
 */
export function siteCrumb(ctx: Pick<ViewContext, 'locale' | 'site'>): Crumb {
  return { label: ctx.site.title, href: '/', lang: contentLang(ctx) };
}

/**
 * A report's trail, short enough for one line at 1280 px: the site's own levels, the report page,
 * then the year (the H1 carries the full title). The archive is not a level above a report: the
 * report page already lists the earlier years. `reading: true` adds the reading version.
 */
export function reportCrumbs({ ctx, year, reading }: { ctx: ViewContext; year: number; reading?: string }): Crumb[] {
  const yearCrumb: Crumb = reading ? { label: String(year), href: `/beretninger/${year}` } : { label: String(year) };
  return [siteCrumb(ctx), yearCrumb, ...(reading ? [{ label: reading }] : [])];
}
