import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import { formatNumber } from '../../shared/format.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { createDocumentUrl } from '../documents/documents.models.js';
import type { StoredDocument } from '../documents/documents.types.js';
import type { Report } from './reports.types.js';
import { utcToCopenhagenLocal } from './reports-admin.models.js';
import { ActionButton, Csrf, statusLabel, when } from './reports-admin.views.js';
import { DocumentLiveNote, DocumentStateTable, type DocumentListItem } from '../../ui/document-state.js';
import type { ReportNumbers } from '../statistics/statistics.types.js';

export type ReportFormValues = { year: string; title: string; periodStart: string; periodEnd: string; forewordMd: string; version: string; correctionNote?: string };
export type ReportFormField = Exclude<keyof ReportFormValues, 'version'>;
/** The public correction note may be at most this long (corrections.usecases keeps the first 1,000 characters). */
export const maxCorrectionNoteLength = 1000;
export const reportFieldId = (name: string) => `beretning-${name}`;

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
  /** The PDF form's correction note as typed, with its message, after a refused upload. */
  uploadNote?: { value: string; error?: string };
  scheduleError?: string;
  /** The date and time as typed into a schedule that failed, so the form keeps them. */
  scheduleValues?: { date: string; time: string };
  status?: number;
};

export function ReportFormPage(props: ReportFormProps) {
  const { ctx, report, values, fieldErrors = {}, notice, preview, document, documentStates = [], maxUploadMb, uploadError, uploadNote, scheduleError, scheduleValues, numbers } = props;
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
    ...(uploadNote?.error ? [{ field: 'beretning-pdf-rettelse', message: uploadNote.error }] : []),
    ...(uploadError ? [{ field: 'beretning-pdf', message: uploadError }] : []),
    ...(scheduleError ? [{ field: 'planlaeg-dato', message: scheduleError }] : []),
  ];
  const action = report ? `/admin/beretninger/${report.id}` : '/admin/beretninger';
  return (
    <AdminLayout ctx={ctx} title={title} head={<><script src={ctx.assetUrl('js/upload.js')} defer /><script src={ctx.assetUrl('js/documents.js')} defer /><script src={ctx.assetUrl('js/markdown-toolbar.js')} defer /><script src={ctx.assetUrl('js/unsaved.js')} defer /></>}>
      <p><a href="/admin">{t('workspace.backToList')}</a></p>
      <h1>{title}</h1>
      {report ? <p>{t('workspace.colStatus')}: <strong data-status>{statusLabel(ctx, report)}</strong>{report.status === 'scheduled' && report.scheduledAt ? ` – ${t('workspace.scheduledFor', { time: when(ctx, report.scheduledAt) })}` : null}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} />
      {report && numbers ? <ReportNumbersBox ctx={ctx} year={report.year} numbers={numbers} /> : null}
      {notice ? <div class={`alert alert--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-notice={notice.kind}><p>{notice.text}</p>{notice.undo ? <ActionButton ctx={ctx} action={notice.undo.action} label={notice.undo.label} /> : null}</div> : null}
      <form method="post" action={action} class="form" novalidate data-unsaved-warning>
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
      {report ? <ReportActions ctx={ctx} report={report} document={document} documentStates={documentStates} maxUploadMb={maxUploadMb} uploadError={uploadError} uploadNote={uploadNote} scheduleError={scheduleError} scheduleValues={scheduleValues} /> : null}
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

function ReportActions({ ctx, report, document, documentStates, maxUploadMb, uploadError, uploadNote, scheduleError, scheduleValues }: { ctx: ViewContext; report: Report; document?: StoredDocument; documentStates: DocumentListItem[]; maxUploadMb: number; uploadError?: string; uploadNote?: { value: string; error?: string }; scheduleError?: string; scheduleValues?: { date: string; time: string } }) {
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
          {isCorrectable(report) ? <CorrectionNoteField ctx={ctx} id="beretning-pdf-rettelse" label="admin.correctionNotePdf" hint="workspace.uploadCorrectionNoteHint" value={uploadNote?.value ?? ''} error={uploadNote?.error} /> : null}
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
