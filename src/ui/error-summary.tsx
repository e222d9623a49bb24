import type { ViewContext } from './view-context.js';

/** One problem with a form: the id of the field it concerns (the link target) and what to do. */
export type FieldError = { field: string; message: string };

/**
 * The error summary at the top of a form that failed (WCAG 3.3.1, 3.3.3): a heading, then one link
 * per problem that moves focus to the field. site.js focuses the summary when the page loads, so a
 * screen reader hears it first; without JavaScript, role="alert" announces it.
 *
 * Use it with 422 re-renders: `<ErrorSummary ctx={ctx} errors={[{ field: 'report-title', message: 'Skriv en titel' }]} />`
 * and give each field `aria-invalid` plus its message (see FieldErrorMessage).
 */
export function ErrorSummary({ ctx, errors, id = 'fejlopsummering' }: { ctx: ViewContext; errors: FieldError[]; id?: string }) {
  if (errors.length === 0) return null;
  return (
    <div class="alert alert--error error-summary" id={id} role="alert" aria-labelledby={`${id}-titel`} tabIndex={-1} data-error-summary>
      <h2 class="alert-heading" id={`${id}-titel`}>{ctx.t(errors.length === 1 ? 'common.errorSummaryTitleOne' : 'common.errorSummaryTitle')}</h2>
      <ul>
        {errors.map((error) => (
          <li><a href={`#${error.field}`}>{error.message}</a></li>
        ))}
      </ul>
    </div>
  );
}

/** The message beside a field; give the field `aria-describedby={fieldErrorId(id)}` and `aria-invalid`. */
export function FieldErrorMessage({ ctx, field, message }: { ctx: ViewContext; field: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" id={fieldErrorId(field)}>
      <span class="visually-hidden">{ctx.t('common.errorPrefix')} </span>
      {message}
    </p>
  );
}

export function fieldErrorId(field: string): string {
  return `${field}-fejl`;
}
