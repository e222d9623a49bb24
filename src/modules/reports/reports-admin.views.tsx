import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { createDocumentUrl } from '../documents/documents.models.js';
import type { StoredDocument } from '../documents/documents.types.js';
import type { Report } from './reports.types.js';
import type { ReportRevision } from './reports-admin.repository.js';
import { changesOfRevision, countByStatus, utcToCopenhagenLocal, workspaceStatusOf, type AttentionItem, type diffSnapshots, type RevisionChange } from './reports-admin.models.js';
import { DocumentLiveNote, DocumentStateTable, type DocumentListItem } from '../../ui/document-state.js';
import type { ReportNumbers } from '../statistics/statistics.types.js';

export type ReportFormValues = { year: string; title: string; periodStart: string; periodEnd: string; forewordMd: string; version: string; correctionNote?: string };
export type ReportFormField = Exclude<keyof ReportFormValues, 'version'>;
/** The public correction note may be at most this long (corrections.usecases keeps the first 1,000 characters). */
export const maxCorrectionNoteLength = 1000;
export const reportFieldId = (name: string) => `beretning-${name}`;

const when = (ctx: ViewContext, iso: string) => formatDateTime({ iso, locale: ctx.locale });
const statusLabel = (ctx: ViewContext, report: Report) => ctx.t(`workspace.status.${workspaceStatusOf({ report })}` as MessageKey);
const actionLabel = (ctx: ViewContext, action: string) => ctx.t(`workspace.action.${action}` as MessageKey);

function Csrf({ ctx }: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

function ActionButton({ ctx, action, label, secondary = true }: { ctx: ViewContext; action: string; label: string; secondary?: boolean }) {
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

export type ReportFormProps = {
  /** The report's readership in the last 30 days (statistics module). */
  numbers?: ReportNumbers;
  ctx: ViewContext;
  report?: Report;
  values: ReportFormValues;
  fieldErrors?: Partial<Record<ReportFormField, string>>;
  /** `undo`: a button that takes the action back (after moving to the trash: restore). */
  notice?: { kind: 'error' | 'success'; text: string; undo?: { action: string; label: string } };
  preview?: boolean;
  document?: StoredDocument;
  /** The report's documents with their reading state (newest first). */
  documentStates?: DocumentListItem[];
  maxUploadMb: number;
  uploadError?: string;
  scheduleError?: string;
  /** The date and time as typed into a schedule that failed, so the form keeps them. */
  scheduleValues?: { date: string; time: string };
  status?: number;
};

export function ReportFormPage(props: ReportFormProps) {
  const { ctx, report, values, fieldErrors = {}, notice, preview, document, documentStates = [], maxUploadMb, uploadError, scheduleError, scheduleValues, numbers } = props;
  const { t } = ctx;
  const title = report ? t('workspace.editTitle', { year: report.year }) : t('workspace.createTitle');
  const fields: { name: ReportFormField; label: MessageKey; type: 'text' | 'date' | 'textarea' }[] = [
    { name: 'year', label: 'workspace.fieldYear', type: 'text' },
    { name: 'title', label: 'workspace.fieldTitle', type: 'text' },
    { name: 'periodStart', label: 'workspace.fieldPeriodStart', type: 'date' },
    { name: 'periodEnd', label: 'workspace.fieldPeriodEnd', type: 'date' },
    { name: 'forewordMd', label: 'workspace.fieldForeword', type: 'textarea' },
  ];
  const errors: FieldError[] = [
    ...fields.flatMap((f) => (fieldErrors[f.name] ? [{ field: reportFieldId(f.name), message: fieldErrors[f.name] as string }] : [])),
    ...(fieldErrors.correctionNote ? [{ field: reportFieldId('correctionNote'), message: fieldErrors.correctionNote }] : []),
    ...(uploadError ? [{ field: 'beretning-pdf', message: uploadError }] : []),
    ...(scheduleError ? [{ field: 'planlaeg-dato', message: scheduleError }] : []),
  ];
  const action = report ? `/admin/beretninger/${report.id}` : '/admin/beretninger';
  return (
    <AdminLayout ctx={ctx} title={title} head={<><script src={ctx.assetUrl('js/upload.js')} defer /><script src={ctx.assetUrl('js/documents.js')} defer /><script src={ctx.assetUrl('js/markdown-toolbar.js')} defer /></>}>
      <p><a href="/admin">{t('workspace.backToList')}</a></p>
      <h1>{title}</h1>
      {report ? <p>{t('workspace.colStatus')}: <strong data-status>{statusLabel(ctx, report)}</strong>{report.status === 'scheduled' && report.scheduledAt ? ` – ${t('workspace.scheduledFor', { time: when(ctx, report.scheduledAt) })}` : null}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} />
      {report && numbers ? <ReportNumbersBox ctx={ctx} year={report.year} numbers={numbers} /> : null}
      {notice ? <div class={`alert alert--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-notice={notice.kind}><p>{notice.text}</p>{notice.undo ? <ActionButton ctx={ctx} action={notice.undo.action} label={notice.undo.label} /> : null}</div> : null}
      <form method="post" action={action} class="form" novalidate>
        <Csrf ctx={ctx} />
        {report ? <input type="hidden" name="version" value={values.version} /> : null}
        {fields.map((field) => {
          const id = reportFieldId(field.name);
          const message = fieldErrors[field.name];
          const common = { class: field.type === 'textarea' ? 'form-input form-textarea' : 'form-input', id, name: field.name, 'aria-invalid': message ? ('true' as const) : undefined, 'aria-describedby': [message ? fieldErrorId(id) : '', field.type === 'textarea' ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined };
          return (
            <div class={message ? 'form-group form-group--error' : 'form-group'}>
              <label class="form-label" for={id}>{t(field.label)}</label>
              {field.type === 'textarea' ? <p class="form-hint" id={`${id}-hint`}>{t('workspace.fieldForewordHint')}</p> : null}
              <FieldErrorMessage ctx={ctx} field={id} message={message} />
              {field.type === 'textarea' ? <MarkdownToolbar ctx={ctx} fieldId={id} /> : null}
              {field.type === 'textarea' ? <textarea {...common} rows={14} data-markdown-editor>{values[field.name]}</textarea> : field.type === 'date' ? <input {...common} type="date" value={values[field.name]} /> : <input {...common} type="text" value={values[field.name]} />}
            </div>
          );
        })}
        {report && isCorrectable(report) ? <CorrectionNoteField ctx={ctx} id={reportFieldId('correctionNote')} label="admin.correctionNoteForeword" hint="workspace.fieldCorrectionNoteHint" value={values.correctionNote ?? ''} error={fieldErrors.correctionNote} /> : null}
        <button type="submit" name="intent" value="save" class="button button--primary">{t('workspace.save')}</button>{' '}
        <button type="submit" name="intent" value="preview" class="button button--secondary">{t('workspace.preview')}</button>
      </form>
      {preview ? (
        <section class="workspace-preview" aria-labelledby="forhaandsvisning">
          <h2 id="forhaandsvisning">{t('workspace.previewHeading')}</h2>
          {/* renderMarkdown escapes raw HTML and refuses unsafe links */}
          <div class="foreword" dangerouslySetInnerHTML={{ __html: renderMarkdown(values.forewordMd) }} />
        </section>
      ) : null}
      {report ? <ReportActions ctx={ctx} report={report} document={document} documentStates={documentStates} maxUploadMb={maxUploadMb} uploadError={uploadError} scheduleError={scheduleError} scheduleValues={scheduleValues} /> : null}
    </AdminLayout>
  );
}

/**
 * Buttons that write Markdown into the foreword box (assets/js/markdown-toolbar.js shows them; without
 * JavaScript they stay hidden and the box works as before). Samples are what a button writes with no selection.
 */
function MarkdownToolbar({ ctx, fieldId }: { ctx: ViewContext; fieldId: string }) {
  const { t } = ctx;
  const buttons: { action: string; label: MessageKey; sample?: MessageKey }[] = [
    { action: 'bold', label: 'admin.mdBold', sample: 'admin.mdSampleBold' },
    { action: 'italic', label: 'admin.mdItalic', sample: 'admin.mdSampleItalic' },
    { action: 'heading', label: 'admin.mdHeading' },
    { action: 'list', label: 'admin.mdList' },
    { action: 'link', label: 'admin.mdLink', sample: 'admin.mdSampleLink' },
  ];
  return (
    <div class="md-toolbar" role="group" aria-label={t('admin.mdToolbar')} hidden data-markdown-toolbar={fieldId}>
      {buttons.map((b) => <button type="button" class="button button--secondary md-toolbar__button" data-markdown={b.action} data-sample={b.sample ? t(b.sample) : undefined} aria-controls={fieldId}>{t(b.label)}</button>)}
    </div>
  );
}

/** A published report (not in the trash): changing its foreword or PDF is a correction readers are told about. */
const isCorrectable = (report: Report) => report.status === 'published' && report.deletedAt === null;

/** Two of these on the edit page (foreword form, PDF upload): each label says which correction it explains. */
function CorrectionNoteField({ ctx, id, label, hint, value, error }: { ctx: ViewContext; id: string; label: MessageKey; hint: MessageKey; value: string; error?: string }) {
  const { t } = ctx;
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <label class="form-label" for={id}>{t(label)}</label>
      <p class="form-hint" id={`${id}-hint`}>{t(hint)}</p>
      <FieldErrorMessage ctx={ctx} field={id} message={error} />
      <textarea class="form-input form-textarea" id={id} name="correctionNote" rows={3} maxLength={maxCorrectionNoteLength} aria-invalid={error ? 'true' : undefined} aria-describedby={[`${id}-hint`, error ? fieldErrorId(id) : ''].filter(Boolean).join(' ')}>{value}</textarea>
    </div>
  );
}

function ReportActions({ ctx, report, document, documentStates, maxUploadMb, uploadError, scheduleError, scheduleValues }: { ctx: ViewContext; report: Report; document?: StoredDocument; documentStates: DocumentListItem[]; maxUploadMb: number; uploadError?: string; scheduleError?: string; scheduleValues?: { date: string; time: string } }) {
  const { t } = ctx;
  const base = `/admin/beretninger/${report.id}`;
  const trashed = report.deletedAt !== null;
  const scheduled = report.status === 'scheduled' ? report.scheduledAt : null;
  // What was typed into a refused schedule, else the current schedule as Copenhagen wall-clock time (as the form reads it).
  const scheduleFields = scheduleValues ?? (scheduled ? utcToCopenhagenLocal({ iso: scheduled }) : undefined);
  return (
    <>
      <section aria-labelledby="pdf-overskrift">
        <h2 id="pdf-overskrift">{t('workspace.pdf')}</h2>
        <p data-current-pdf>{document ? <a href={createDocumentUrl({ sha256: document.sha256, fileName: document.fileName })}>{t('workspace.pdfCurrent', { name: document.fileName })}</a> : t('workspace.pdfNone')}</p>
        {documentStates.length > 0 ? (
          <div class="report-documents">
            <h3 id="pdf-laesning">{t('documents.stateOfCurrent')}</h3>
            <DocumentLiveNote ctx={ctx} reloadHref={base} />
            <DocumentStateTable ctx={ctx} documents={documentStates} showReport={false} returnTo={base} caption={t('documents.stateOfCurrent')} labelledBy="pdf-laesning" />
            <p><a href="/admin/dokumenter">{t('documents.allDocuments')}</a></p>
          </div>
        ) : null}
        <form method="post" action={`${base}/pdf?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" class="form" data-upload>
          {/* Before the file: multipart fields that precede the file part reach the route with it. */}
          {isCorrectable(report) ? <CorrectionNoteField ctx={ctx} id="beretning-pdf-rettelse" label="admin.correctionNotePdf" hint="workspace.uploadCorrectionNoteHint" value="" /> : null}
          <div class={uploadError ? 'form-group form-group--error' : 'form-group'}>
            <label class="form-label" for="beretning-pdf">{t('workspace.uploadField', { mb: maxUploadMb })}</label>
            <FieldErrorMessage ctx={ctx} field="beretning-pdf" message={uploadError} />
            <input class="form-input" type="file" id="beretning-pdf" name="pdf" accept="application/pdf,.pdf" aria-invalid={uploadError ? 'true' : undefined} aria-describedby={uploadError ? fieldErrorId('beretning-pdf') : undefined} />
          </div>
          <progress class="upload-progress" max={100} value={0} hidden data-upload-progress aria-label={t('workspace.uploadProgress')} />
          <p class="upload-status" role="status" data-upload-status />
          <button type="submit" class="button button--secondary">{t('workspace.upload')}</button>
        </form>
      </section>
      <section aria-labelledby="medier-overskrift">
        <h2 id="medier-overskrift">{t('media.workspaceLink')}</h2>
        <p><a href={`${base}/medier`}>{t('media.workspaceLink')}</a></p>
      </section>
      <section aria-labelledby="handlinger">
        <h2 id="handlinger">{t('workspace.actions')}</h2>
        <div class="workspace-actions">
          {!trashed && report.status !== 'published' ? <ActionButton ctx={ctx} action={`${base}/udgiv`} label={t('workspace.publishNow')} secondary={false} /> : null}
          {!trashed && report.status !== 'draft' ? <ActionButton ctx={ctx} action={`${base}/traek-tilbage`} label={t('workspace.unpublish')} /> : null}
          {!trashed ? <ActionButton ctx={ctx} action={`${base}/papirkurv`} label={t('workspace.trash')} /> : <ActionButton ctx={ctx} action={`${base}/gendan`} label={t('workspace.restore')} />}
          {trashed && ctx.user?.role === 'admin' ? <a class="button button--secondary" href={`${base}/slet`}>{t('workspace.deleteForever')}</a> : null}
          {' '}<a href={`${base}/historik`}>{t('workspace.history')}</a>
          {report.status === 'published' && !trashed ? <>{' · '}<a href={`/beretninger/${report.year}`}>{t('workspace.viewPublic')}</a></> : null}
        </div>
        {!trashed && report.status !== 'published' ? (
          <form method="post" action={`${base}/planlaeg`} class="form">
            <Csrf ctx={ctx} />
            <fieldset>
              <legend class="form-label">{t('workspace.scheduleHeading')}</legend>
              {scheduled ? <p data-schedule-current>{t('workspace.scheduleCurrent', { time: when(ctx, scheduled) })}</p> : null}
              <div class={scheduleError ? 'form-group form-group--error' : 'form-group'}>
                <FieldErrorMessage ctx={ctx} field="planlaeg-dato" message={scheduleError} />
                <div class="workspace-inline-fields">
                  <div>
                    <label class="form-label" for="planlaeg-dato">{t('workspace.scheduleDate')}</label>
                    <input class="form-input" type="date" id="planlaeg-dato" name="date" value={scheduleFields?.date ?? ''} aria-invalid={scheduleError ? 'true' : undefined} aria-describedby={scheduleError ? fieldErrorId('planlaeg-dato') : undefined} />
                  </div>
                  <div>
                    <label class="form-label" for="planlaeg-tid">{t('workspace.scheduleTime')}</label>
                    <input class="form-input" type="time" id="planlaeg-tid" name="time" value={scheduleFields?.time ?? ''} />
                  </div>
                </div>
              </div>
              <button type="submit" class="button button--secondary">{t('workspace.schedule')}</button>
            </fieldset>
          </form>
        ) : null}
      </section>
    </>
  );
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

/** The report edit page's box: the last 30 days, and a link to the statistics page for this report. */
export function ReportNumbersBox({ ctx, year, numbers }: { ctx: ViewContext; year: number; numbers: ReportNumbers }) {
  const { t, locale } = ctx;
  return (
    <section class="report-numbers" aria-labelledby="laesertal" data-report-numbers>
      <h2 id="laesertal">{t('statistics.last30Heading')}</h2>
      <p>{t('statistics.last30Text', { views: formatNumber({ value: numbers.views, locale }), reading: formatNumber({ value: numbers.readingViews, locale }), downloads: formatNumber({ value: numbers.downloads, locale }) })}</p>
      <p><a href={`/admin/statistik?periode=30&aar=${year}`}>{t('statistics.last30Link')}</a></p>
    </section>
  );
}

/**
 * Publishing (or scheduling) a report whose PDF failed accessibility checks asks first; it is not
 * blocked. A plain form that posts the same action again with `bekraeft=ja` (and the schedule's
 * date and time), so it works without JavaScript.
 */
export function PublishConfirmPage({ ctx, report, documentId, fileName, problems, action, fields = {} }: { ctx: ViewContext; report: Report; documentId: string; fileName: string; problems: string[]; action: string; fields?: Record<string, string> }) {
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
        <input type="hidden" name="bekraeft" value="ja" />
        {Object.entries(fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button type="submit" class="button button--primary">{t('a11y.confirmPublish')}</button>
      </form>{' '}
      <a href={`/admin/beretninger/${report.id}`}>{t('a11y.confirmCancel')}</a>
    </AdminLayout>
  );
}
