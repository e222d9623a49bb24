import type { ViewContext } from './view-context.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from './error-summary.js';

/** `error`: one message about the whole attempt (e.g. wrong e-mail or password); `fieldErrors`: per field. */
export type LoginFormState = {
  email?: string;
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  returnTo?: string;
  /** The fields of a form sent after its session ended, carried as hidden `resume:` fields until the editor has logged in. */
  resume?: [string, string][];
  /** A note above the form (why the editor must log in again). */
  notice?: string;
};

export function LoginForm({ ctx, idPrefix = '', state = {} }: { ctx: ViewContext; idPrefix?: string; state?: LoginFormState }) {
  const { t } = ctx;
  const emailId = `${idPrefix}login-email`;
  const passwordId = `${idPrefix}login-password`;
  const fieldErrors = state.fieldErrors ?? {};
  const errors: FieldError[] = [
    ...(state.error ? [{ field: emailId, message: state.error }] : []),
    ...(fieldErrors.email ? [{ field: emailId, message: fieldErrors.email }] : []),
    ...(fieldErrors.password ? [{ field: passwordId, message: fieldErrors.password }] : []),
  ];
  const describedBy = (field: string, message: string | undefined) => (message ? fieldErrorId(field) : undefined);
  return (
    <form method="post" action="/log-ind" class="form login-form" novalidate>
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {state.returnTo ? <input type="hidden" name="returnTo" value={state.returnTo} /> : null}
      {(state.resume ?? []).map(([name, value]) => <input type="hidden" name={`resume:${name}`} value={value} />)}
      {state.notice ? <div class="alert alert--info" role="status"><p>{state.notice}</p></div> : null}
      <ErrorSummary ctx={ctx} errors={errors} id={`${idPrefix}login-fejl`} />
      <div class={fieldErrors.email ? 'form-group form-group--error' : 'form-group'}>
        <label class="form-label" for={emailId}>{t('common.email')}</label>
        <FieldErrorMessage ctx={ctx} field={emailId} message={fieldErrors.email} />
        <input class="form-input" id={emailId} type="email" name="email" autocomplete="username" required value={state.email ?? ''} aria-invalid={fieldErrors.email || state.error ? 'true' : undefined} aria-describedby={describedBy(emailId, fieldErrors.email)} />
      </div>
      <div class={fieldErrors.password ? 'form-group form-group--error' : 'form-group'}>
        <label class="form-label" for={passwordId}>{t('common.password')}</label>
        <FieldErrorMessage ctx={ctx} field={passwordId} message={fieldErrors.password} />
        <input class="form-input" id={passwordId} type="password" name="password" autocomplete="current-password" required aria-invalid={fieldErrors.password ? 'true' : undefined} aria-describedby={describedBy(passwordId, fieldErrors.password)} />
      </div>
      <button type="submit" class="button button--primary">{t('common.login')}</button>
    </form>
  );
}
