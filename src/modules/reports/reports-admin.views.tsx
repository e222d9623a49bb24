import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { formatDateTime } from '../../shared/format.js';
import type { Report } from './reports.types.js';
import { countByStatus, workspaceStatusOf, type AttentionItem } from './reports-admin.models.js';

export const when = (ctx: ViewContext, iso: string) => formatDateTime({ iso, locale: ctx.locale });
export const statusLabel = (ctx: ViewContext, report: Report) => ctx.t(`workspace.status.${workspaceStatusOf({ report })}` as MessageKey);

export function Csrf({ ctx }: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

export function ActionButton({ ctx, action, label, secondary = true }: { ctx: ViewContext; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <button type="submit" class={secondary ? 'button button--secondary' : 'button button--primary'}>{label}</button>
    </form>
  );
}

export function WorkspaceListPage({ ctx, reports, attention = [] }: { ctx: ViewContext; reports: Report[]; attention?: AttentionItem[] }) {
  const { t } = ctx;
  const counts = countByStatus({ reports });
  return (
    <AdminLayout ctx={ctx} title={t('workspace.title')}>
      <h1>{t('workspace.title')}</h1>
      <p><a class="button button--primary" href="/admin/beretninger/ny">{t('workspace.newReport')}</a></p>
      <section aria-labelledby="overblik" class="workspace-overview">
        <h2 id="overblik">{t('admin.overview')}</h2>
        <ul class="workspace-counts">
          {(['draft', 'scheduled', 'published', 'trashed'] as const).map((status) => (
            <li data-count={status}><span class="workspace-counts__number">{counts[status]}</span> <span>{t(`workspace.status.${status}`)}</span></li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="opmaerksomhed" class="workspace-attention">
        <h2 id="opmaerksomhed">{t('admin.attention')}</h2>
        {attention.length === 0 ? <p>{t('admin.attentionNone')}</p> : (
          <ul class="attention-list">{attention.map((item) => <li data-attention={item.kind}><AttentionText ctx={ctx} item={item} /></li>)}</ul>
        )}
      </section>
      <h2>{t('admin.allReports')}</h2>
      {reports.length === 0 ? <p>{t('workspace.noReports')}</p> : (
        <div class="workspace-table-wrap">
          <table class="workspace-table">
            <thead><tr><th scope="col">{t('workspace.colYear')}</th><th scope="col">{t('workspace.colTitle')}</th><th scope="col">{t('workspace.colStatus')}</th><th scope="col">{t('workspace.colUpdated')}</th></tr></thead>
            <tbody>
              {reports.map((report) => (
                <tr>
                  <td>{report.year}</td>
                  <td><a href={`/admin/beretninger/${report.id}`}><bdi>{report.title}</bdi></a></td>
                  <td>
                    {statusLabel(ctx, report)}
                    {report.status === 'scheduled' && report.scheduledAt && report.deletedAt === null ? <><br />{t('workspace.scheduledFor', { time: when(ctx, report.scheduledAt) })}</> : null}
                  </td>
                  <td>{when(ctx, report.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

/** One line of "Kræver opmærksomhed": what is wrong, linked to where it is fixed. */
function AttentionText({ ctx, item }: { ctx: ViewContext; item: AttentionItem }) {
  const { t } = ctx;
  if (item.kind === 'noAccessibilityUrl') return <>{t('admin.attention.noAccessibilityUrl')} {ctx.user?.role === 'admin' ? <a href="/admin/indstillinger">{t('auth.navSettings')}</a> : null}</>;
  const link = <a href={`/admin/beretninger/${item.reportId}`}>{t('admin.reportYear', { year: item.year })}</a>;
  switch (item.kind) {
    case 'failed':
    case 'capped':
      return <>{link}: {t(`admin.attention.${item.kind}`, { file: item.fileName })}</>;
    case 'scheduled':
      return <>{link}: {t('admin.attention.scheduled', { time: when(ctx, item.at) })}</>;
    default:
      return <>{link}: {t(`admin.attention.${item.kind}`)}</>;
  }
}

export function DeleteConfirmPage({ ctx, report }: { ctx: ViewContext; report: Report }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('workspace.deleteConfirmTitle', { year: report.year })}>
      <h1>{t('workspace.deleteConfirmTitle', { year: report.year })}</h1>
      <p>{t('workspace.deleteConfirmText')}</p>
      <ActionButton ctx={ctx} action={`/admin/beretninger/${report.id}/slet`} label={t('workspace.deleteConfirm')} secondary={false} />{' '}
      <a href={`/admin/beretninger/${report.id}`}>{t('workspace.cancel')}</a>
    </AdminLayout>
  );
}

/**
 * Publishing (or scheduling) a report whose PDF failed accessibility checks asks first; it is not
 * blocked. A plain form that posts the same action again with `fields` as hidden inputs: `bekraeft=ja`,
 * the confirmations already given and the schedule's date and time (publishConfirmationHiddenFields),
 * so it works without JavaScript.
 */
export function PublishConfirmPage({ ctx, report, documentId, fileName, problems, action, fields }: { ctx: ViewContext; report: Report; documentId: string; fileName: string; problems: string[]; action: string; fields: Record<string, string> }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('a11y.confirmTitle')}>
      <h1>{t('a11y.confirmTitle')}</h1>
      <p>{t('a11y.confirmIntro', { year: report.year, count: problems.length })}</p>
      <h2>{t('a11y.confirmList')}</h2>
      <ul data-publish-problems>
        {problems.map((code) => <li>{t(`a11y.check.${code}.name` as MessageKey)}</li>)}
      </ul>
      <p><a href={`/admin/dokumenter/${encodeURIComponent(documentId)}/tilgaengelighed`}>{t('a11y.summary.details', { file: fileName })}</a></p>
      <form method="post" action={action} class="inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {Object.entries(fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button type="submit" class="button button--primary">{t('a11y.confirmPublish')}</button>
      </form>{' '}
      <a href={`/admin/beretninger/${report.id}`}>{t('a11y.confirmCancel')}</a>
    </AdminLayout>
  );
}
