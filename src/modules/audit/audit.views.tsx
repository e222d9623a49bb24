import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import { formatDateTime } from '../../shared/format.js';
import type { AuditEntry } from './audit.types.js';
import { describeAuditTarget, type AuditTargetLookup } from './audit.models.js';

export type AuditFilterForm = { userId: string; from: string; to: string; fieldErrors: { from?: string; to?: string } };

const knownActions = new Set([
  'auth.login', 'auth.login_failed', 'auth.logout', 'user.created', 'user.disabled', 'user.enabled', 'user.role_changed', 'user.password_reset', 'site.updated',
  'token.created', 'token.revoked', 'token.used', 'token.refused',
  'report.created', 'report.updated', 'report.document_replaced', 'report.published', 'report.scheduled', 'report.unpublished', 'report.trashed', 'report.restored',
  'report.revision_restored', 'report.deleted', 'document.retried', 'report.imported', 'site.imported', 'media.imported',
]);

export function AuditLogPage({ ctx, entries, users, lookup, filter, page, pages, total }: { ctx: ViewContext; entries: AuditEntry[]; users: { id: string; email: string }[]; lookup: AuditTargetLookup; filter: AuditFilterForm; page: number; pages: number; total: number }) {
  const { t } = ctx;
  const errors: FieldError[] = [
    ...(filter.fieldErrors.from ? [{ field: 'log-fra', message: filter.fieldErrors.from }] : []),
    ...(filter.fieldErrors.to ? [{ field: 'log-til', message: filter.fieldErrors.to }] : []),
  ];
  const pageUrl = (n: number) => {
    const params = new URLSearchParams();
    if (filter.userId) params.set('bruger', filter.userId);
    if (filter.from) params.set('fra', filter.from);
    if (filter.to) params.set('til', filter.to);
    params.set('side', String(n));
    return `/admin/log?${params.toString()}`;
  };
  const actionLabel = (action: string) => (knownActions.has(action) ? t(`auth.action.${action}` as MessageKey) : action);
  return (
    <AdminLayout ctx={ctx} title={t('auth.auditTitle')}>
      <h1>{t('auth.auditTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action="/admin/log" class="form workspace-filters">
        <div class="form-group">
          <label class="form-label" for="log-bruger">{t('auth.auditFilterUser')}</label>
          <select class="form-select" id="log-bruger" name="bruger">
            <option value="">{t('auth.auditAllUsers')}</option>
            {users.map((user) => <option value={user.id} selected={user.id === filter.userId}>{user.email}</option>)}
          </select>
        </div>
        <div class={filter.fieldErrors.from ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="log-fra">{t('auth.auditFrom')}</label>
          <FieldErrorMessage ctx={ctx} field="log-fra" message={filter.fieldErrors.from} />
          <input class="form-input" id="log-fra" type="date" name="fra" value={filter.from} aria-invalid={filter.fieldErrors.from ? 'true' : undefined} aria-describedby={filter.fieldErrors.from ? fieldErrorId('log-fra') : undefined} />
        </div>
        <div class={filter.fieldErrors.to ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="log-til">{t('auth.auditTo')}</label>
          <FieldErrorMessage ctx={ctx} field="log-til" message={filter.fieldErrors.to} />
          <input class="form-input" id="log-til" type="date" name="til" value={filter.to} aria-invalid={filter.fieldErrors.to ? 'true' : undefined} aria-describedby={filter.fieldErrors.to ? fieldErrorId('log-til') : undefined} />
        </div>
        <div class="form-group">
          <button type="submit" class="button button--secondary">{t('auth.auditFilter')}</button>
        </div>
      </form>
      {entries.length === 0 ? (
        <p>{t('auth.auditEmpty')}</p>
      ) : (
        <div class="workspace-table-wrap">
          <table class="workspace-table">
            <thead>
              <tr>
                <th scope="col">{t('auth.auditWhen')}</th>
                <th scope="col">{t('auth.auditWho')}</th>
                <th scope="col">{t('auth.auditWhat')}</th>
                <th scope="col">{t('auth.auditTarget')}</th>
                <th scope="col">{t('auth.auditIp')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr>
                  <td><time dateTime={entry.at}>{formatDateTime({ iso: entry.at, locale: ctx.locale })}</time></td>
                  <td><AuditActor ctx={ctx} entry={entry} /></td>
                  <td>{actionLabel(entry.action)}</td>
                  <td><AuditTargetCell ctx={ctx} entry={entry} lookup={lookup} /></td>
                  <td>{entry.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav class="workspace-pagination" aria-label={t('auth.auditPagination')}>
          {page > 1 ? <a href={pageUrl(page - 1)} rel="prev">{t('auth.auditPrev')}</a> : null}
          <span>{t('auth.auditPage', { page, pages })}</span>
          {page < pages ? <a href={pageUrl(page + 1)} rel="next">{t('auth.auditNext')}</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}

/** Who: the signed-in person's e-mail; "kommandolinje (os-user)" for a CLI command; "systemet" for the app itself (a scheduled publication, the demo). */
function AuditActor({ ctx, entry }: { ctx: ViewContext; entry: AuditEntry }) {
  if (entry.actorEmail) return <bdi>{entry.actorEmail}</bdi>;
  if (entry.details.via === 'cli') {
    const osUser = typeof entry.details.osUser === 'string' ? entry.details.osUser : '';
    return <span data-actor="cli">{ctx.t('admin.auditCommandLine')}{osUser ? <> (<bdi>{osUser}</bdi>)</> : null}</span>;
  }
  return <span data-actor="system">{ctx.t('admin.auditSystem')}</span>;
}

const targetKinds = { user: 'admin.auditTarget.user', report: 'admin.auditTarget.report', api_token: 'admin.auditTarget.api_token', document: 'admin.auditTarget.document', site: 'admin.auditTarget.site', other: 'admin.auditTarget.other' } as const satisfies Record<string, MessageKey>;

/** Which: "Bruger anna@kl.dk", "Beretning 2024", linked while it exists; then the entry's other details. */
function AuditTargetCell({ ctx, entry, lookup }: { ctx: ViewContext; entry: AuditEntry; lookup: AuditTargetLookup }) {
  const target = describeAuditTarget(entry, lookup);
  const rest = describeDetails({ entry, t: ctx.t, skip: target ? namingKeys : [] });
  const label = target ? <>{ctx.t(targetKinds[target.kind])}{target.name ? <> <bdi>{target.name}</bdi></> : null}</> : null;
  return (
    <>
      {target?.href ? <a href={target.href}>{label}</a> : label}
      {rest ? <span class="audit-details"><bdi>{rest}</bdi></span> : null}
    </>
  );
}

const detailKeys = ['email', 'title', 'year', 'from', 'to', 'fields', 'name', 'prefix', 'method', 'path', 'reason'] as const;
/** Details already said by the target's name. */
const namingKeys: readonly string[] = ['email', 'year', 'name', 'fileName'];

/** The details' most telling fields, named in the reader's language. */
function describeDetails({ entry, t, skip }: { entry: AuditEntry; t: ViewContext['t']; skip: readonly string[] }): string {
  const details = entry.details;
  const parts: string[] = [];
  for (const key of detailKeys) {
    if (skip.includes(key)) continue;
    const value = details[key];
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${t(`auth.auditDetail.${key}`)}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
  return parts.join('; ');
}
