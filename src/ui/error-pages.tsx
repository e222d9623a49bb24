import type { ComponentChildren } from 'preact';
import type { ViewContext } from './view-context.js';
import { Layout } from './layout.js';
import { AdminLayout } from './admin-layout.js';

/** A signed-in editor in the workspace stays in its frame, with the way back to the reports; readers get the public page. */
function ErrorFrame({ ctx, title, children }: { ctx: ViewContext; title: string; children: ComponentChildren }) {
  const { t } = ctx;
  const inWorkspace = ctx.user !== undefined && (ctx.path === '/admin' || ctx.path.startsWith('/admin/'));
  if (inWorkspace) {
    return (
      <AdminLayout ctx={ctx} title={title}>
        <h1>{title}</h1>
        {children}
        <p><a href="/admin">{t('workspace.backToList')}</a></p>
      </AdminLayout>
    );
  }
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      {children}
      <p><a href="/">{t('common.backHome')}</a></p>
    </Layout>
  );
}

export function NotFoundPage({ ctx }: { ctx: ViewContext }) {
  return (
    <ErrorFrame ctx={ctx} title={ctx.t('common.notFoundTitle')}>
      <p>{ctx.t('common.notFoundText')}</p>
    </ErrorFrame>
  );
}

export function ErrorPage({ ctx, title, message }: { ctx: ViewContext; title?: string; message?: string }) {
  return (
    <ErrorFrame ctx={ctx} title={title ?? ctx.t('common.errorTitle')}>
      <p>{message ?? ctx.t('common.errorText')}</p>
    </ErrorFrame>
  );
}
