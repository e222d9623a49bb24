import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../auth/auth.routes.js';
import multipart from '@fastify/multipart';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import type { ViewContext } from '../../ui/view-context.js';
import { renderPage } from '../../ui/render.js';
import { createError, isAppError } from '../../shared/errors.js';
import { formatDateTime } from '../../shared/format.js';
import { addDocumentFromUpload, listDocumentStates, listReportDocumentStates, listReportIdsWithoutCover } from '../documents/documents.usecases.js';
import { cutSlowBody } from '../../shared/body-timeout.js';
import { describeDocumentState, describeIngestReason } from '../documents/documents.models.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import type { Report } from './reports.types.js';
import { normaliseLineBreaks, reportFormSchema, versionSchema } from './reports-admin.schemas.js';
import { getReportNumbers } from '../statistics/statistics.usecases.js';
import { copenhagenLocalToUtc, isPublishConfirmed, listAttention, publishConfirmationHiddenFields } from './reports-admin.models.js';
import {
  createReport, deleteReportForever, getRevisionDiff, getWorkspaceReport, listRevisions, listWorkspaceReports, publishReport, restoreFromTrash,
  restoreRevision, scheduleReport, startReportScheduler, trashReport, unpublishReport, updateReportFields, useDocument,
} from './reports-admin.usecases.js';
import { findPublishWarning } from '../accessibility/accessibility.usecases.js';
import { DeleteConfirmPage, PublishConfirmPage, WorkspaceListPage } from './reports-admin.views.js';
import { maxCorrectionNoteLength, ReportFormPage, type ReportFormField, type ReportFormProps, type ReportFormValues } from './reports-admin-form.views.js';
import { DiffPage, HistoryPage } from './reports-admin-history.views.js';

const html = 'text/html; charset=utf-8';
const formFields: ReportFormField[] = ['year', 'title', 'periodStart', 'periodEnd', 'forewordMd'];

const actorOf = requireActor;

/** A multipart text field's value ('' when absent or a file). */
function fieldValue(part: unknown): string {
  const first: unknown = Array.isArray(part) ? part[0] : part;
  if (!first || typeof first !== 'object' || (first as { type?: unknown }).type !== 'field') return '';
  const value = (first as { value?: unknown }).value;
  return typeof value === 'string' ? value : '';
}

/** The redirect after an action names what happened (`?besked=…`); the page says it back in the reader's language. */
type Done = 'udgivet' | 'allerede-udgivet' | 'trukket-tilbage' | 'i-papirkurven' | 'gendannet' | 'planlagt' | 'version-gendannet';
const doneUrl = ({ id, done, version }: { id: string; done: Done; version?: number }) => `/admin/beretninger/${id}?besked=${done}${version === undefined ? '' : `&version=${version}`}`;

function noticeOf({ query, report, t, locale }: { query: Record<string, unknown>; report?: Report; t: ViewContext['t']; locale: string }): ReportFormProps['notice'] {
  const success = (text: string, undo?: { action: string; label: string }) => ({ kind: 'success' as const, text, undo });
  if (query.gemt === '1') return success(t('workspace.saved'));
  if (query.uploadet === '1') return success(t('workspace.uploadDone'));
  switch (query.besked) {
    case 'udgivet': return success(t('workspace.donePublished'));
    case 'allerede-udgivet': return success(t('workspace.doneAlreadyPublished'));
    case 'trukket-tilbage': return success(t('workspace.doneUnpublished'));
    // The way back, while the report is still in the trash.
    case 'i-papirkurven': return success(t('workspace.doneTrashed'), report && report.deletedAt !== null ? { action: `/admin/beretninger/${report.id}/gendan`, label: t('workspace.restore') } : undefined);
    case 'gendannet': return success(t('workspace.doneRestored'));
    case 'planlagt': return report?.status === 'scheduled' && report.scheduledAt ? success(t('workspace.doneScheduled', { time: formatDateTime({ iso: report.scheduledAt, locale }) })) : undefined;
    case 'version-gendannet': {
      const number = versionSchema.safeParse(query.version);
      return number.success ? success(t('workspace.doneRevisionRestored', { number: number.data })) : undefined;
    }
    default: return undefined;
  }
}

const valuesOf = (report: Report): ReportFormValues => ({ year: String(report.year), title: report.title, periodStart: report.periodStart ?? '', periodEnd: report.periodEnd ?? '', forewordMd: report.forewordMd, version: String(report.version) });

/**
 * The editors' report workspace under /admin (register inside the guarded group): the list, create
 * and edit with preview, publish/schedule/unpublish, trash, delete for good (admins), history, diff,
 * restore, and the PDF upload (multipart, streamed). Also starts the scheduler for due reports.
 */
export function registerReportWorkspaceRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const maxBytes = deps.config.maxUploadMb * 1024 * 1024;
  let stopScheduler: ReturnType<typeof startReportScheduler> | undefined;
  app.addHook('onReady', async () => { stopScheduler = startReportScheduler({}, deps); });
  app.addHook('onClose', async () => { await stopScheduler?.(); });

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, props: Omit<ReportFormProps, 'ctx' | 'maxUploadMb'> & { status?: number }) => {
    const ctx = await createViewContext({ request }, deps);
    const document = props.report?.currentDocumentId ? await createDocumentsRepository({ db: deps.db }).getById({ id: props.report.currentDocumentId }) : undefined;
    const documentStates = props.report ? (await listReportDocumentStates({ reportId: props.report.id }, deps)).map((row) => ({ row, state: describeDocumentState({ row, t: ctx.t }) })) : [];
    const numbers = props.report ? await getReportNumbers({ reportId: props.report.id, year: props.report.year }, deps) : undefined;
    const notice = props.notice ?? noticeOf({ query: request.query as Record<string, unknown>, report: props.report, t: ctx.t, locale: ctx.locale });
    return reply.code(props.status ?? 200).type(html).send(renderPage(<ReportFormPage ctx={ctx} maxUploadMb={deps.config.maxUploadMb} document={document} documentStates={documentStates} numbers={numbers} {...props} notice={notice} />));
  };
  const translateError = async (request: FastifyRequest, key: MessageKey, params?: Record<string, string | number>) => (await createViewContext({ request }, deps)).t(key, params);

  app.get('/', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const reports = await listWorkspaceReports(deps);
    // Bounded like /admin/dokumenter: one row per document; the overview needs only the current ones.
    const attention = listAttention({ reports, documents: await listDocumentStates(deps), withoutCover: await listReportIdsWithoutCover(deps), accessibilityUrl: ctx.site.accessibilityUrl });
    return reply.type(html).send(renderPage(<WorkspaceListPage ctx={ctx} reports={reports} attention={attention} />));
  });

  app.get('/beretninger/ny', async (request, reply) => renderForm(request, reply, { values: { year: String(deps.clock.now().getUTCFullYear() - 1), title: '', periodStart: '', periodEnd: '', forewordMd: '', version: '' } }));

  /** Create or save: parse, preview or store; field errors and conflicts re-render with the editor's input kept. */
  const saveForm = async (request: FastifyRequest, reply: FastifyReply, report: Report | undefined) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries([...formFields, 'version', 'correctionNote'].map((name) => [name, typeof body[name] === 'string' ? (body[name] as string) : ''])) as ReportFormValues;
    const parsed = reportFormSchema.safeParse(values);
    const fieldErrors: Partial<Record<ReportFormField, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as ReportFormField] ??= await translateError(request, issue.message as MessageKey);
    }
    const correctionNote = normaliseLineBreaks(values.correctionNote ?? '').trim();
    if (correctionNote.length > maxCorrectionNoteLength) fieldErrors.correctionNote = await translateError(request, 'workspace.errorCorrectionNote');
    if (body.intent === 'preview') return renderForm(request, reply, { report, values, fieldErrors, preview: true });
    if (!parsed.success || fieldErrors.correctionNote) return renderForm(request, reply, { report, values, fieldErrors, status: 422 });
    try {
      if (!report) {
        const created = await createReport({ fields: parsed.data, actor: actorOf(request) }, deps);
        return reply.redirect(`/admin/beretninger/${created.id}?gemt=1`, 303);
      }
      const version = versionSchema.safeParse(values.version);
      await updateReportFields({ id: report.id, version: version.success ? version.data : 0, fields: parsed.data, actor: actorOf(request), correctionNote: correctionNote || undefined }, deps);
      return reply.redirect(`/admin/beretninger/${report.id}?gemt=1`, 303);
    } catch (error) {
      if (isAppError(error) && error.code === 'reports.year_taken') {
        return renderForm(request, reply, { report, values, fieldErrors: { year: await translateError(request, 'workspace.errorYearTaken', { year: parsed.data.year }) }, status: 422 });
      }
      if (isAppError(error) && error.code === 'reports.conflict' && report) {
        const ctx = await createViewContext({ request }, deps);
        const details = error.details as { by: string; at: string };
        const current = await getWorkspaceReport({ id: report.id }, deps);
        // The editor's text stays; the version moves on only when they save again knowingly.
        return renderForm(request, reply, { report: current, values: { ...values, version: String(current.version) }, status: 409, notice: { kind: 'error', text: ctx.t('workspace.conflict', { name: details.by, time: formatDateTime({ iso: details.at, locale: ctx.locale }) }) } });
      }
      throw error;
    }
  };

  app.post('/beretninger', async (request, reply) => saveForm(request, reply, undefined));
  app.get<{ Params: { id: string } }>('/beretninger/:id', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    return renderForm(request, reply, { report, values: valuesOf(report) });
  });
  app.post<{ Params: { id: string } }>('/beretninger/:id', async (request, reply) => saveForm(request, reply, await getWorkspaceReport({ id: request.params.id }, deps)));

  /**
   * Publishing (or scheduling) a PDF with accessibility problems asks first (not blocked): the
   * confirmation page unless the form confirms it (`bekraeft=ja`). The page carries the media
   * warning's confirmation if given (see publishConfirmationFields). True when the confirmation page
   * was sent (a FastifyReply is thenable, so it is not returned through an await).
   */
  const confirmPublishing = async (request: FastifyRequest, reply: FastifyReply, report: Report, action: 'udgiv' | 'planlaeg'): Promise<boolean> => {
    if (isPublishConfirmed({ body: request.body, warning: 'accessibility' })) return false;
    const warning = await findPublishWarning({ reportId: report.id }, deps);
    if (!warning?.result) return false;
    const ctx = await createViewContext({ request }, deps);
    const problems = warning.result.checks.filter((check) => check.status === 'fail' && !check.informational).map((check) => check.code);
    const fields = publishConfirmationHiddenFields({ body: request.body, warning: 'accessibility', schedule: action === 'planlaeg' });
    await reply.type(html).send(renderPage(<PublishConfirmPage ctx={ctx} report={report} documentId={warning.row.id} fileName={warning.row.fileName} problems={problems} action={`/admin/beretninger/${report.id}/${action}`} fields={fields} />));
    return true;
  };
  app.post<{ Params: { id: string } }>('/beretninger/:id/udgiv', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    if (await confirmPublishing(request, reply, report, 'udgiv')) return reply;
    const { changed } = await publishReport({ id: report.id, actor: actorOf(request) }, deps);
    return reply.redirect(doneUrl({ id: report.id, done: changed ? 'udgivet' : 'allerede-udgivet' }), 303);
  });

  const simple: [string, typeof unpublishReport, Done][] = [
    ['traek-tilbage', unpublishReport, 'trukket-tilbage'],
    ['papirkurv', trashReport, 'i-papirkurven'],
    ['gendan', restoreFromTrash, 'gendannet'],
  ];
  for (const [path, run, done] of simple) {
    app.post<{ Params: { id: string } }>(`/beretninger/:id/${path}`, async (request, reply) => {
      await run({ id: request.params.id, actor: actorOf(request) }, deps);
      return reply.redirect(doneUrl({ id: request.params.id, done }), 303);
    });
  }

  app.post<{ Params: { id: string } }>('/beretninger/:id/planlaeg', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const at = copenhagenLocalToUtc({ date: String(body.date ?? ''), time: String(body.time ?? '') });
    if (!at || at <= deps.clock.now().toISOString()) {
      const scheduleValues = { date: String(body.date ?? '').slice(0, 20), time: String(body.time ?? '').slice(0, 20) };
      return renderForm(request, reply, { report, values: valuesOf(report), status: 422, scheduleError: await translateError(request, 'workspace.errorSchedule'), scheduleValues });
    }
    if (await confirmPublishing(request, reply, report, 'planlaeg')) return reply;
    await scheduleReport({ id: report.id, at, actor: actorOf(request) }, deps);
    return reply.redirect(doneUrl({ id: report.id, done: 'planlagt' }), 303);
  });

  const adminOnly = (request: FastifyRequest) => {
    if (request.user?.role !== 'admin') throw createError({ code: 'auth.forbidden', status: 403, message: 'Kun administratorer kan slette beretninger endeligt.' });
  };
  app.get<{ Params: { id: string } }>('/beretninger/:id/slet', async (request, reply) => {
    adminOnly(request);
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    if (report.deletedAt === null) return reply.redirect(`/admin/beretninger/${report.id}`, 303);
    const ctx = await createViewContext({ request }, deps);
    return reply.type(html).send(renderPage(<DeleteConfirmPage ctx={ctx} report={report} />));
  });
  app.post<{ Params: { id: string } }>('/beretninger/:id/slet', async (request, reply) => {
    adminOnly(request);
    await deleteReportForever({ id: request.params.id, actor: actorOf(request) }, deps);
    return reply.redirect('/admin', 303);
  });

  app.get<{ Params: { id: string } }>('/beretninger/:id/historik', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    const { revisions, documents } = await listRevisions({ reportId: report.id }, deps);
    const ctx = await createViewContext({ request }, deps);
    return reply.type(html).send(renderPage(<HistoryPage ctx={ctx} report={report} revisions={revisions} documents={documents} />));
  });
  app.get<{ Params: { id: string }; Querystring: { fra?: string; til?: string } }>('/beretninger/:id/historik/forskel', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    const from = versionSchema.safeParse(request.query.fra);
    const to = versionSchema.safeParse(request.query.til);
    const { revisions, documents } = await listRevisions({ reportId: report.id }, deps);
    const ctx = await createViewContext({ request }, deps);
    const exists = (n: { success: boolean; data?: number }) => n.success && revisions.some((r) => r.number === n.data);
    if (!exists(from) || !exists(to) || !from.success || !to.success) {
      // Back to the history with what was typed and a message linked to the field, not a dead-end error page.
      const typed = { from: String(request.query.fra ?? '').slice(0, 20), to: String(request.query.til ?? '').slice(0, 20) };
      const compareError = { field: exists(from) ? ('til' as const) : ('fra' as const), message: ctx.t('admin.errorCompare') };
      return reply.code(422).type(html).send(renderPage(<HistoryPage ctx={ctx} report={report} revisions={revisions} documents={documents} compare={{ ...typed, error: compareError }} />));
    }
    const result = await getRevisionDiff({ reportId: report.id, from: from.data, to: to.data }, deps);
    return reply.type(html).send(renderPage(<DiffPage ctx={ctx} report={report} from={from.data} to={to.data} diff={result.diff} documents={documents} />));
  });
  app.post<{ Params: { id: string; number: string } }>('/beretninger/:id/historik/:number/gendan', async (request, reply) => {
    const number = versionSchema.safeParse(request.params.number);
    if (!number.success) throw createError({ code: 'reports.not_found', status: 404, message: 'Versionen findes ikke.' });
    await restoreRevision({ reportId: request.params.id, number: number.data, actor: actorOf(request) }, deps);
    return reply.redirect(doneUrl({ id: request.params.id, done: 'version-gendannet', version: number.data }), 303);
  });

  // The upload: its own scope, so multipart parsing applies to this route only.
  app.register(async (upload) => {
    // One byte over the limit, so the storage step (which counts) refuses it rather than busboy truncating silently.
    await upload.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 5, parts: 6 } });
    upload.post<{ Params: { id: string } }>('/beretninger/:id/pdf', async (request, reply) => {
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      const wantsJson = String(request.headers.accept ?? '').includes('application/json');
      let typedNote = '';
      /** The message at the file field, or at the correction note; the note as typed is kept either way. */
      const refuse = async (status: number, message: string, at: 'file' | 'note' = 'file') => {
        // Do not read the rest of a refused body: close the connection after answering.
        reply.header('connection', 'close');
        if (wantsJson) return reply.code(status).send({ ok: false, message });
        return renderForm(request, reply, { report, values: valuesOf(report), status, uploadError: at === 'file' ? message : undefined, uploadNote: { value: typedNote, error: at === 'note' ? message : undefined } });
      };
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > maxBytes + 64 * 1024) return refuse(413, await translateError(request, 'workspace.uploadTooLarge', { mb: deps.config.maxUploadMb }));
      let file: Awaited<ReturnType<typeof request.file>>;
      try {
        file = await request.file();
      } catch {
        return refuse(400, await translateError(request, 'workspace.uploadMissing'));
      }
      // The note comes before the file in the form; counted as the edit form counts it, refused rather than cut.
      typedNote = fieldValue(file?.fields.correctionNote);
      const correctionNote = normaliseLineBreaks(typedNote).trim();
      if (!file || file.filename === '') return refuse(422, await translateError(request, 'workspace.uploadMissing'));
      if (correctionNote.length > maxCorrectionNoteLength) {
        file.file.resume();
        return refuse(422, await translateError(request, 'workspace.errorCorrectionNote'), 'note');
      }
      cutSlowBody({ stream: file.file, seconds: deps.config.uploadBodyTimeoutSeconds });
      try {
        const document = await addDocumentFromUpload({ reportId: report.id, stream: file.file, fileName: file.filename, userId: request.user?.id ?? null }, deps);
        if (file.file.truncated) throw createError({ code: 'storage.too_large', status: 413, message: 'Filen er for stor.' });
        await useDocument({ id: report.id, document, actor: actorOf(request), correctionNote: correctionNote || undefined }, deps);
      } catch (error) {
        if (isAppError(error) && (error.status < 500 || error.code === 'documents.busy')) {
          const ctx = await createViewContext({ request }, deps);
          if (error.code === 'documents.busy') {
            reply.header('retry-after', String(error.details?.retryAfterSeconds ?? 30));
            return refuse(503, ctx.t('workspace.uploadBusy'));
          }
          if (error.status === 408) return refuse(408, ctx.t('workspace.uploadTooSlow', { seconds: deps.config.uploadBodyTimeoutSeconds }));
          // The refused PDF's reason from the catalogue for English; Danish keeps the use case's message, which also says what to do.
          const problem = error.details?.problem;
          const message = error.status === 413 ? ctx.t('workspace.uploadTooLarge', { mb: deps.config.maxUploadMb }) : ctx.locale === 'da' ? error.message : typeof problem === 'string' ? describeIngestReason({ code: problem, t: ctx.t }) : ctx.t('common.requestInvalid');
          return refuse(error.status, message);
        }
        throw error;
      }
      if (wantsJson) return reply.send({ ok: true, redirect: `/admin/beretninger/${report.id}?uploadet=1` });
      return reply.redirect(`/admin/beretninger/${report.id}?uploadet=1`, 303);
    });
  });
}
