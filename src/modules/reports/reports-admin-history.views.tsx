import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage } from '../../ui/error-summary.js';
import { createDocumentUrl } from '../documents/documents.models.js';
import type { StoredDocument } from '../documents/documents.types.js';
import type { Report } from './reports.types.js';
import type { ReportRevision } from './reports-admin.repository.js';
import { changesOfRevision, type diffSnapshots, type RevisionChange } from './reports-admin.models.js';
import { Csrf, when } from './reports-admin.views.js';

const actionLabel = (ctx: ViewContext, action: string) => ctx.t(`workspace.action.${action}` as MessageKey);

/** A comparison that could not be made: the versions as typed and which field the message is about. */
export type CompareForm = { from: string; to: string; error: { field: 'fra' | 'til'; message: string } };

export function HistoryPage({ ctx, report, revisions, documents, compare }: { ctx: ViewContext; report: Report; revisions: ReportRevision[]; documents: Map<string, StoredDocument>; compare?: CompareForm }) {
  const { t } = ctx;
  const base = `/admin/beretninger/${report.id}`;
  const newest = revisions[0]?.number ?? 1;
  // Checked: what was sent with a refused comparison, else the newest change (the one before against the newest).
  const checkedFrom = compare ? compare.from : String(Math.max(1, newest - 1));
  const checkedTo = compare ? compare.to : String(newest);
  return (
    <AdminLayout ctx={ctx} title={t('workspace.historyTitle', { year: report.year })}>
      <p><a href={base}>{t('workspace.editTitle', { year: report.year })}</a></p>
      <h1>{t('workspace.historyTitle', { year: report.year })}</h1>
      <ErrorSummary ctx={ctx} errors={compare ? [{ field: 'versioner', message: compare.error.message }] : []} />
      <p>{t('admin.historyIntro')}</p>
      {/* Restore buttons sit in the table but belong to their own POST forms, after it (forms cannot nest). */}
      <form method="get" action={`${base}/historik/forskel`} class="form history-form" id="sammenlign">
        <div class={compare ? 'workspace-table-wrap form-group--error' : 'workspace-table-wrap'} id="versioner" tabIndex={-1}>
          {compare ? <FieldErrorMessage ctx={ctx} field="versioner" message={compare.error.message} /> : null}
          <table class="workspace-table revision-table">
            <caption class="visually-hidden">{t('admin.historyCaption')}</caption>
            <thead>
              <tr><th scope="col">{t('admin.historyFrom')}</th><th scope="col">{t('admin.historyTo')}</th><th scope="col">{t('admin.historyVersion')}</th><th scope="col">{t('admin.historyChanges')}</th><th scope="col"><span class="visually-hidden">{t('workspace.actions')}</span></th></tr>
            </thead>
            <tbody>
              {revisions.map((revision, index) => {
                const document = revision.snapshot.currentDocumentId ? documents.get(revision.snapshot.currentDocumentId) : undefined;
                const time = when(ctx, revision.createdAt);
                const n = revision.number;
                const changes = changesOfRevision({ before: revisions[index + 1]?.snapshot, after: revision.snapshot });
                return (
                  <tr data-revision={n}>
                    <td><input class="revision-radio" type="radio" name="fra" value={n} id={`fra-${n}`} checked={checkedFrom === String(n)} /><label class="visually-hidden" for={`fra-${n}`}>{t('admin.historyFromVersion', { number: n })}</label></td>
                    <td><input class="revision-radio" type="radio" name="til" value={n} id={`til-${n}`} checked={checkedTo === String(n)} /><label class="visually-hidden" for={`til-${n}`}>{t('admin.historyToVersion', { number: n })}</label></td>
                    <th scope="row">
                      <span class="revision-table__number">{t('workspace.revision', { number: n })}</span>
                      <span class="revision-table__meta">{revision.createdByName ? t('workspace.revisionBy', { action: actionLabel(ctx, revision.action), name: revision.createdByName, time }) : t('workspace.revisionBySystem', { action: actionLabel(ctx, revision.action), time })}</span>
                    </th>
                    <td>
                      <span data-changes>{changes.length > 0 ? describeChanges(ctx, changes) : index === revisions.length - 1 ? t('admin.changeFirst') : t('admin.changeNone')}</span>
                      <span class="revision-table__meta"><bdi>{revision.snapshot.title}</bdi>{document ? <> · <a href={createDocumentUrl({ sha256: document.sha256, fileName: document.fileName })}><bdi>{document.fileName}</bdi></a></> : null}</span>
                    </td>
                    <td>{n !== newest ? <button type="submit" form={`gendan-${n}`} class="button button--secondary">{t('workspace.restoreRevision', { number: n })}</button> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" class="button button--primary">{t('workspace.compare')}</button>
      </form>
      {revisions.filter((r) => r.number !== newest).map((r) => (
        <form method="post" action={`${base}/historik/${r.number}/gendan`} id={`gendan-${r.number}`} hidden>
          <Csrf ctx={ctx} />
        </form>
      ))}
    </AdminLayout>
  );
}

/** "Titel og forord ændret; ny PDF": the changed fields as one list in the reader's language, then the new PDF. */
function describeChanges(ctx: ViewContext, changes: RevisionChange[]): string {
  const names = changes.filter((c) => c !== 'pdf').map((c) => ctx.t(`admin.change.${c}` as MessageKey));
  const parts: string[] = [];
  if (names.length > 0) parts.push(ctx.t('admin.changeChanged', { fields: new Intl.ListFormat(ctx.locale, { type: 'conjunction' }).format(names) }));
  if (changes.includes('pdf')) parts.push(ctx.t('admin.changeNewPdf'));
  const text = parts.join('; ');
  return text.charAt(0).toLocaleUpperCase(ctx.locale) + text.slice(1);
}

function DiffPart({ ctx, part }: { ctx: ViewContext; part: { value: string; added: boolean; removed: boolean } }) {
  if (part.added) return <ins><span class="visually-hidden">{ctx.t('workspace.diffAdded')} </span>{part.value}</ins>;
  if (part.removed) return <del><span class="visually-hidden">{ctx.t('workspace.diffRemoved')} </span>{part.value}</del>;
  return <span>{part.value}</span>;
}

const fieldLabels: Record<string, MessageKey> = { year: 'workspace.fieldYear', title: 'workspace.fieldTitle', periodStart: 'workspace.fieldPeriodStart', periodEnd: 'workspace.fieldPeriodEnd', currentDocumentId: 'workspace.pdf', status: 'workspace.colStatus', scheduledAt: 'workspace.scheduleHeading' };

export function DiffPage({ ctx, report, from, to, diff, documents }: { ctx: ViewContext; report: Report; from: number; to: number; diff: ReturnType<typeof diffSnapshots>; documents: Map<string, StoredDocument> }) {
  const { t } = ctx;
  const show = (field: string, value: string) => (field === 'currentDocumentId' ? documents.get(value)?.fileName ?? value : field === 'status' && value ? t(`workspace.status.${value}` as MessageKey) : value);
  return (
    <AdminLayout ctx={ctx} title={t('workspace.diffTitle', { from, to })}>
      <p><a href={`/admin/beretninger/${report.id}/historik`}>{t('workspace.historyTitle', { year: report.year })}</a></p>
      <h1>{t('workspace.diffTitle', { from, to })}</h1>
      {diff.fields.length === 0 && !diff.forewordChanged ? <p>{t('workspace.diffNone')}</p> : null}
      {diff.fields.length > 0 ? (
        <div class="workspace-table-wrap">
          <table class="workspace-table">
            <thead><tr><th scope="col">{t('workspace.diffField')}</th><th scope="col">{t('workspace.diffBefore')}</th><th scope="col">{t('workspace.diffAfter')}</th></tr></thead>
            <tbody>{diff.fields.map((change) => <tr><th scope="row">{t(fieldLabels[change.field] ?? 'workspace.diffField')}</th><td>{show(change.field, change.before)}</td><td>{show(change.field, change.after)}</td></tr>)}</tbody>
          </table>
        </div>
      ) : null}
      {diff.forewordChanged ? (
        <section aria-labelledby="forskel-forord">
          <h2 id="forskel-forord">{t('workspace.diffForeword')}</h2>
          <pre class="diff">
            {diff.foreword.map((part) => <DiffPart ctx={ctx} part={part} />)}
          </pre>
        </section>
      ) : null}
    </AdminLayout>
  );
}
