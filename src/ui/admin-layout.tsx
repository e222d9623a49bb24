import type { ComponentChildren } from 'preact';
import type { ViewContext } from './view-context.js';
import type { MessageKey } from './i18n/i18n.js';
import { themeStylesheetUrl } from './theme.js';

type NavItem = { href: string; label: MessageKey; adminOnly?: boolean };

/** The workspace menu, in order. A new workspace page is one line here; the bar and the phone menu follow. */
export const navItems: NavItem[] = [
  { href: '/admin', label: 'auth.navReports' },
  { href: '/admin/dokumenter', label: 'auth.navDocuments' },
  { href: '/admin/statistik', label: 'statistics.nav' },
  { href: '/admin/tilgaengelighed', label: 'a11y.nav' },
  { href: '/admin/api-noegler', label: 'tokens.nav' },
  { href: '/admin/brugere', label: 'auth.navUsers', adminOnly: true },
  { href: '/admin/indstillinger', label: 'auth.navSettings', adminOnly: true },
  { href: '/admin/log', label: 'auth.navLog', adminOnly: true },
];

/** Whether `path` is this item's page or one below it (`/admin` only matches itself and report pages). */
function isCurrent(item: NavItem, path: string): boolean {
  if (item.href === '/admin') return path === '/admin' || path.startsWith('/admin/beretninger');
  return path === item.href || path.startsWith(`${item.href}/`);
}

/**
 * The workspace menu: one line on the dark bar at desktop widths; below 48em a "Menu" button
 * (shown by site.js) folds it into a list. Without JavaScript the list stays open, stacked.
 */
function WorkspaceNav({ ctx }: { ctx: ViewContext }) {
  const { t, user } = ctx;
  return (
    <nav class="workspace-nav" aria-label={t('auth.navLabel')} data-workspace-nav>
      <div class="container">
        <button type="button" class="workspace-nav__toggle" aria-expanded="false" aria-controls="arbejdsomraade-menu" hidden data-workspace-nav-toggle>{t('admin.menu')}</button>
        <ul class="workspace-nav__list no-max-width" id="arbejdsomraade-menu">
          {navItems
            .filter((item) => !item.adminOnly || user?.role === 'admin')
            .map((item) => (
              <li>
                <a href={item.href} aria-current={isCurrent(item, ctx.path) ? 'page' : undefined}>{t(item.label)}</a>
              </li>
            ))}
        </ul>
      </div>
    </nav>
  );
}

/**
 * The editors' workspace frame: the same styles as the public site, a header with the workspace
 * navigation (admin-only items only for admins) and "Log ud". Use it for every page under /admin:
 * `<AdminLayout ctx={ctx} title="Rediger beretning 2024">…</AdminLayout>`.
 */
export function AdminLayout({ ctx, title, head, children }: { ctx: ViewContext; title: string; head?: ComponentChildren; children: ComponentChildren }) {
  const { t, site, user } = ctx;
  const themeUrl = themeStylesheetUrl(site.primaryColor);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <link rel="icon" href="data:," />
        <title>{`${title} – ${t('auth.workspace')} – ${site.name}`}</title>
        <link rel="stylesheet" href={ctx.assetUrl('css/beretning.css')} />
        <link rel="stylesheet" href={ctx.assetUrl('css/site.css')} />
        <link rel="stylesheet" href={ctx.assetUrl('css/workspace.css')} />
        {themeUrl ? <link rel="stylesheet" href={themeUrl} /> : null}
        <script src={ctx.assetUrl('js/site.js')} defer />
        {head}
      </head>
      <body class="workspace">
        <a class="skip-link" href="#indhold">{t('common.skipLink')}</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href="/admin">{`${site.name} – ${t('auth.workspace')}`}</a>
            <div class="site-header__tools">
              <a href="/">{t('auth.navPublicSite')}</a>
              <a class="language-switch" href={`/sprog/${ctx.locale === 'da' ? 'en' : 'da'}?tilbage=${encodeURIComponent(ctx.returnUrl)}`} lang={ctx.locale === 'da' ? 'en' : 'da'} hreflang={ctx.locale === 'da' ? 'en' : 'da'}>
                {t('common.languageSwitch')}
              </a>
              {user ? <span>{t('auth.signedInAsLabel')} <bdi>{user.name || user.email}</bdi></span> : null}
              <form method="post" action="/log-ud" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="button button--link">{t('common.logout')}</button>
              </form>
            </div>
          </div>
          <WorkspaceNav ctx={ctx} />
        </header>
        <main id="indhold" class="container" tabIndex={-1}>
          {site.accessibilityUrl ? null : (
            <div class="alert alert--warning" data-warning="accessibility-statement">
              <p>{t('a11y.warningNoStatement')}{user?.role === 'admin' ? <> <a href="/admin/indstillinger">{t('a11y.statementSettings')}</a></> : null}</p>
            </div>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}
