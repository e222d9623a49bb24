import type { ViewContext } from '../../ui/view-context.js';
import { Layout } from '../../ui/layout.js';
import { LoginForm, type LoginFormState } from '../../ui/login-form.js';

export function LoginPage({ ctx, state }: { ctx: ViewContext; state?: LoginFormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('common.login')} crumbs={[{ label: t('common.login') }]}>
      <h1>{t('common.login')}</h1>
      <LoginForm ctx={ctx} state={state} />
    </Layout>
  );
}
