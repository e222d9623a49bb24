import type { ViewContext } from './view-context.js';

export type LoginFormState = { email?: string; error?: string; returnTo?: string };

export function LoginForm({ ctx, idPrefix = '', state = {} }: { ctx: ViewContext; idPrefix?: string; state?: LoginFormState }) {
  const { t } = ctx;
  const errorId = `${idPrefix}login-error`;
  return (
    <form method="post" action="/log-ind" class="form login-form" novalidate>
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {state.returnTo ? <input type="hidden" name="returnTo" value={state.returnTo} /> : null}
      {state.error ? (
        <div class="alert alert--error" role="alert" id={errorId}>
          <p>{state.error}</p>
        </div>
      ) : null}
      <div class="form-group">
        <label class="form-label" for={`${idPrefix}login-email`}>{t('common.email')}</label>
        <input class="form-input" id={`${idPrefix}login-email`} type="email" name="email" autocomplete="username" required value={state.email ?? ''} aria-describedby={state.error ? errorId : undefined} />
      </div>
      <div class="form-group">
        <label class="form-label" for={`${idPrefix}login-password`}>{t('common.password')}</label>
        <input class="form-input" id={`${idPrefix}login-password`} type="password" name="password" autocomplete="current-password" required />
      </div>
      <button type="submit" class="button button--primary">{t('common.login')}</button>
    </form>
  );
}
