import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';

export type SiteSettingsValues = { name: string; title: string; breadcrumb: string; intro: string; yearsShown: string; accessibilityUrl: string; logoUrl: string; primaryColor: string };
export type SiteSettingsField = keyof SiteSettingsValues;

const fields: { name: SiteSettingsField; label: MessageKey; kind: 'text' | 'textarea' | 'number' | 'url' }[] = [
  { name: 'name', label: 'auth.settingsName', kind: 'text' },
  { name: 'title', label: 'auth.settingsTitleField', kind: 'text' },
  { name: 'breadcrumb', label: 'auth.settingsBreadcrumb', kind: 'textarea' },
  { name: 'intro', label: 'auth.settingsIntro', kind: 'textarea' },
  { name: 'yearsShown', label: 'auth.settingsYearsShown', kind: 'number' },
  { name: 'accessibilityUrl', label: 'auth.settingsAccessibilityUrl', kind: 'url' },
  { name: 'logoUrl', label: 'auth.settingsLogoUrl', kind: 'text' },
  { name: 'primaryColor', label: 'auth.settingsPrimaryColor', kind: 'text' },
];

export const settingsFieldId = (name: SiteSettingsField) => `indstilling-${name}`;

export function SiteSettingsPage({ ctx, values, opened, fieldErrors = {}, saved = false, conflict }: { ctx: ViewContext; values: SiteSettingsValues; opened: string | undefined; fieldErrors?: Partial<Record<SiteSettingsField, string>>; saved?: boolean; conflict?: string }) {
  const { t } = ctx;
  const errors: FieldError[] = fields.flatMap((field) => (fieldErrors[field.name] ? [{ field: settingsFieldId(field.name), message: fieldErrors[field.name] as string }] : []));
  return (
    <AdminLayout ctx={ctx} title={t('auth.settingsTitle')} head={<script src={ctx.assetUrl('js/unsaved.js')} defer />}>
      <h1>{t('auth.settingsTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {saved ? <div class="alert alert--success" role="status"><p>{t('auth.settingsSaved')}</p></div> : null}
      {conflict ? <div class="alert alert--error" role="alert"><p>{conflict}</p></div> : null}
      <form method="post" action="/admin/indstillinger" class="form" novalidate data-unsaved-warning>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {opened ? <input type="hidden" name="opened" value={opened} /> : null}
        {fields.map((field) => {
          const id = settingsFieldId(field.name);
          const message = fieldErrors[field.name];
          const common = { class: field.kind === 'textarea' ? 'form-input form-textarea' : 'form-input', id, name: field.name, 'aria-invalid': message ? ('true' as const) : undefined, 'aria-describedby': message ? fieldErrorId(id) : undefined };
          return (
            <div class={message ? 'form-group form-group--error' : 'form-group'}>
              <label class="form-label" for={id}>{t(field.label)}</label>
              <FieldErrorMessage ctx={ctx} field={id} message={message} />
              {field.kind === 'textarea' ? (
                <textarea {...common} rows={field.name === 'intro' ? 6 : 4}>{values[field.name]}</textarea>
              ) : (
                field.kind === 'number' ? (
                  <input {...common} type="number" min={1} max={50} value={values[field.name]} />
                ) : field.kind === 'url' ? (
                  <input {...common} type="url" value={values[field.name]} />
                ) : (
                  <input {...common} type="text" value={values[field.name]} />
                )
              )}
            </div>
          );
        })}
        <button type="submit" class="button button--primary">{t('auth.settingsSave')}</button>
      </form>
    </AdminLayout>
  );
}
