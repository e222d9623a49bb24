import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { expiryChoices, tokenStatusOf } from './tokens.models.js';
import type { TokenFormField } from './tokens.schemas.js';
import type { ApiToken } from './tokens.types.js';

export type TokenFormState = { name: string; scope: string; days: string; fieldErrors: Partial<Record<TokenFormField, string>> };
export const emptyTokenForm: TokenFormState = { name: '', scope: 'read', days: '90', fieldErrors: {} };

const fieldIds: Record<TokenFormField, string> = { name: 'noegle-navn', scope: 'noegle-adgang-read', days: 'noegle-udloeb' };

/**
 * /admin/api-noegler: the signed-in editor's own tokens, a form for a new one and, right after it
 * was made, the new token itself (this page is the only place it is ever shown).
 */
export function ApiTokensPage({ ctx, tokens, others, form, created, notice, now }: { ctx: ViewContext; tokens: ApiToken[]; others?: (ApiToken & { ownerEmail: string; ownerName: string })[]; form: TokenFormState; created?: { token: string; name: string }; notice?: string; now: Date }) {
  const { t } = ctx;
  const fe = form.fieldErrors;
  const errors: FieldError[] = (Object.keys(fieldIds) as TokenFormField[]).flatMap((name) => (fe[name] ? [{ field: fieldIds[name], message: fe[name] as string }] : []));
  const invalid = (name: TokenFormField) => ({ 'aria-invalid': fe[name] ? ('true' as const) : undefined });
  const scopeLabel = (scope: string) => t(scope === 'write' ? 'tokens.scopeWrite' : scope === 'statistics' ? 'tokens.scopeStatistics' : 'tokens.scopeRead');
  return (
    <AdminLayout ctx={ctx} title={t('tokens.title')}>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')} <a href="/api/docs">{t('tokens.docsLink')}</a></p>
      <ErrorSummary ctx={ctx} errors={errors} />
      {notice ? <div class="alert alert--success" role="status"><p>{notice}</p></div> : null}
      {created ? (
        <div class="alert alert--success" role="status" data-new-token>
          <h2 class="alert-heading">{t('tokens.createdHeading')}</h2>
          <p>{t('tokens.createdText')}</p>
          <div class="form-group">
            <label class="form-label" for="ny-noegle">{t('tokens.createdField', { name: created.name })}</label>
            <input class="form-input token-value" id="ny-noegle" type="text" readOnly value={created.token} autocomplete="off" />
          </div>
        </div>
      ) : null}

      <h2>{t('tokens.listHeading')}</h2>
      {tokens.length === 0 ? <p>{t('tokens.none')}</p> : (
        <div class="workspace-table-wrap">
          <table class="workspace-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.colName')}</th>
                <th scope="col">{t('tokens.colPrefix')}</th>
                <th scope="col">{t('tokens.colScope')}</th>
                <th scope="col">{t('tokens.colExpires')}</th>
                <th scope="col">{t('tokens.colLastUsed')}</th>
                <th scope="col">{t('tokens.colStatus')}</th>
                <th scope="col">{t('tokens.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const status = tokenStatusOf({ token, now });
                return (
                  <tr data-token={token.id}>
                    <th scope="row"><bdi>{token.name}</bdi></th>
                    <td><code>{`${token.prefix}…`}</code></td>
                    <td>{scopeLabel(token.scope)}</td>
                    <td><time dateTime={token.expiresAt}>{formatDate({ iso: token.expiresAt, locale: ctx.locale })}</time></td>
                    <td>{token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{formatDateTime({ iso: token.lastUsedAt, locale: ctx.locale })}</time> : t('tokens.neverUsed')}</td>
                    <td>{t(`tokens.status.${status}` as MessageKey)}</td>
                    <td>
                      {status === 'active' ? (
                        <form method="post" action={`/admin/api-noegler/${encodeURIComponent(token.id)}/tilbagekald`} class="inline-form">
                          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                          <button type="submit" class="button button--secondary" aria-label={t('tokens.revokeNamed', { name: token.name })}>{t('tokens.revoke')}</button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {others ? (
        <>
          <h2>{t('tokens.othersHeading')}</h2>
          <p>{t('tokens.othersIntro')}</p>
          {others.length === 0 ? <p>{t('tokens.othersNone')}</p> : (
            <div class="workspace-table-wrap">
              <table class="workspace-table">
                <thead>
                  <tr>
                    <th scope="col">{t('tokens.colOwner')}</th>
                    <th scope="col">{t('tokens.colName')}</th>
                    <th scope="col">{t('tokens.colPrefix')}</th>
                    <th scope="col">{t('tokens.colScope')}</th>
                    <th scope="col">{t('tokens.colExpires')}</th>
                    <th scope="col">{t('tokens.colActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {others.map((token) => (
                    <tr data-token={token.id}>
                      <td><bdi>{token.ownerName || token.ownerEmail}</bdi>{token.ownerName ? <> (<bdi>{token.ownerEmail}</bdi>)</> : null}</td>
                      <th scope="row"><bdi>{token.name}</bdi></th>
                      <td><code>{`${token.prefix}…`}</code></td>
                      <td>{scopeLabel(token.scope)}</td>
                      <td><time dateTime={token.expiresAt}>{formatDate({ iso: token.expiresAt, locale: ctx.locale })}</time></td>
                      <td>
                        <form method="post" action={`/admin/api-noegler/${encodeURIComponent(token.id)}/tilbagekald`} class="inline-form">
                          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                          <button type="submit" class="button button--secondary" aria-label={t('tokens.revokeOwned', { name: token.name, owner: token.ownerEmail })}>{t('tokens.revoke')}</button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      <h2>{t('tokens.createHeading')}</h2>
      <form method="post" action="/admin/api-noegler" class="form" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={fe.name ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for={fieldIds.name}>{t('tokens.fieldName')}</label>
          <p class="form-hint" id="noegle-navn-hjaelp">{t('tokens.fieldNameHint')}</p>
          <FieldErrorMessage ctx={ctx} field={fieldIds.name} message={fe.name} />
          <input class="form-input" id={fieldIds.name} type="text" name="name" maxLength={100} autocomplete="off" value={form.name} {...invalid('name')} aria-describedby={['noegle-navn-hjaelp', fe.name ? fieldErrorId(fieldIds.name) : ''].filter(Boolean).join(' ')} />
        </div>
        <fieldset class={fe.scope ? 'form-group form-group--error' : 'form-group'} aria-describedby={fe.scope ? fieldErrorId(fieldIds.scope) : undefined}>
          <legend class="form-label">{t('tokens.fieldScope')}</legend>
          <FieldErrorMessage ctx={ctx} field={fieldIds.scope} message={fe.scope} />
          {(['read', 'write', 'statistics'] as const).map((scope) => (
            <div class="form-group-radio">
              <input class="form-radio" type="radio" id={`noegle-adgang-${scope}`} name="scope" value={scope} checked={form.scope === scope} aria-describedby={`noegle-adgang-${scope}-hjaelp`} />
              <label class="form-label" for={`noegle-adgang-${scope}`}>{scopeLabel(scope)}</label>
              <span class="form-hint" id={`noegle-adgang-${scope}-hjaelp`}>{t(scope === 'write' ? 'tokens.scopeWriteHint' : scope === 'statistics' ? 'tokens.scopeStatisticsHint' : 'tokens.scopeReadHint')}</span>
            </div>
          ))}
        </fieldset>
        <div class={fe.days ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for={fieldIds.days}>{t('tokens.fieldExpiry')}</label>
          <FieldErrorMessage ctx={ctx} field={fieldIds.days} message={fe.days} />
          <select class="form-select" id={fieldIds.days} name="days" {...invalid('days')} aria-describedby={fe.days ? fieldErrorId(fieldIds.days) : undefined}>
            {expiryChoices.map((days) => <option value={String(days)} selected={form.days === String(days)}>{t('tokens.days', { days })}</option>)}
          </select>
        </div>
        <button type="submit" class="button button--primary">{t('tokens.create')}</button>
      </form>
    </AdminLayout>
  );
}
