import type { ViewContext } from './view-context.js';
import { Layout } from './layout.js';

export function NotFoundPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('common.notFoundTitle')} crumbs={[{ label: t('common.notFoundTitle') }]}>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundText')}</p>
      <p><a href="/">{t('common.backHome')}</a></p>
    </Layout>
  );
}

export function ErrorPage({ ctx, title, message }: { ctx: ViewContext; title?: string; message?: string }) {
  const { t } = ctx;
  const heading = title ?? t('common.errorTitle');
  return (
    <Layout ctx={ctx} title={heading} crumbs={[{ label: heading }]}>
      <h1>{heading}</h1>
      <p>{message ?? t('common.errorText')}</p>
      <p><a href="/">{t('common.backHome')}</a></p>
    </Layout>
  );
}
