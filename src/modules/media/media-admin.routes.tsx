import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import type { ViewContext } from '../../ui/view-context.js';
import { renderPage } from '../../ui/render.js';
import { isAppError, type AppError } from '../../shared/errors.js';
import { formatDateTime } from '../../shared/format.js';
import { cutSlowBody } from '../../shared/body-timeout.js';
import { requireActor } from '../auth/auth.routes.js';
import { getWorkspaceReport } from '../reports/reports-admin.usecases.js';
import type { Report } from '../reports/reports.types.js';
import { copenhagenLocalToUtc, isPublishConfirmed, publishConfirmationHiddenFields } from '../reports/reports-admin.models.js';
import {
  addMediaFromUpload, assertMediaUnchanged, createFfmpegCheck, getWorkspaceMedia, listPublishWarnings, listWorkspaceMedia, removeMedia, replaceMediaFile, restoreMedia, storeCaptions, storePoster, updateMediaDetails, type MediaDetails,
} from './media.usecases.js';
import { mediaDetailsVersion } from './media.models.js';
import type { StoredMedia } from './media.repository.js';
import type { MediaFormHandlers } from './media.types.js';
import { MediaEditPage, MediaWorkspacePage, PublishMediaConfirmPage, type MediaFormErrors, type MediaFormValues } from './media.views.js';

const html = 'text/html; charset=utf-8';

type FieldName = keyof MediaFormErrors;

/** An upload's refusal in the editor's language: Danish keeps the use case's message (it says what to do), English the catalogue's. */
function describeRefusal({ error, ctx, config }: { error: AppError; ctx: ViewContext; config: Dependencies['config'] }): string {
  if (error.code === 'storage.too_large') return ctx.t('media.uploadTooLarge', { mb: config.maxUploadMb });
  if (error.status === 408) return ctx.t('workspace.uploadTooSlow', { seconds: config.uploadBodyTimeoutSeconds });
  if (error.code === 'media.conflict') return describeConflict({ error, ctx });
  if (ctx.locale === 'da') return error.message;
  const problem = error.details?.problem;
  return typeof problem === 'string' ? ctx.t(`media.reason.${problem}` as MessageKey, { kb: Number(error.details?.kb ?? 0), mb: Number(error.details?.mb ?? 0) }) : ctx.t('common.requestInvalid');
}

/** Who changed the item and when, after the editor opened its form (the report form's message, for one film or sound). */
function describeConflict({ error, ctx }: { error: AppError; ctx: ViewContext }): string {
  return ctx.t('media.conflict', { name: String(error.details?.by ?? '?'), title: String(error.details?.title ?? ''), time: formatDateTime({ iso: String(error.details?.at ?? ''), locale: ctx.locale }) });
}

/** The form's text fields, checked; messages are catalogue keys. */
function parseDetails({ fields, transcriptMaxKb }: { fields: Record<string, string>; transcriptMaxKb: number }): { details: MediaDetails; values: MediaFormValues; errors: Partial<Record<FieldName, MessageKey>> } {
  const values: MediaFormValues = { title: fields.titel ?? '', description: fields.beskrivelse ?? '', position: fields.raekkefoelge ?? '', transcriptMd: fields.udskrift ?? '' };
  const errors: Partial<Record<FieldName, MessageKey>> = {};
  if (values.title.trim().length > 200) errors.titel = 'media.errorTitle';
  if (values.description.trim().length > 2000) errors.beskrivelse = 'media.errorDescription';
  const position = values.position.trim() === '' ? undefined : /^\d{1,3}$/.test(values.position.trim()) ? Number(values.position.trim()) : Number.NaN;
  if (Number.isNaN(position)) errors.raekkefoelge = 'media.errorPosition';
  if (new TextEncoder().encode(values.transcriptMd).length > transcriptMaxKb * 1024) errors.udskrift = 'media.reason.transcript_too_long';
  return { details: { title: values.title, description: values.description, position: Number.isNaN(position) ? undefined : position, transcriptMd: values.transcriptMd }, values, errors };
}

/**
 * The editors' media screens under /admin (register inside the guarded group): a report's films and
 * sounds, the streamed upload (multipart, MAX_UPLOAD_MB, upload.js's progress bar), one item's
 * details with captions, poster, transcript and a new file, remove and restore; and the check that
 * asks before a report with films without captions (or sounds without a transcript) is published.
 */
export function registerMediaWorkspaceRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const maxBytes = deps.config.maxUploadMb * 1024 * 1024;
  const ffmpegAvailable = createFfmpegCheck();
  const base = (report: Report) => `/admin/beretninger/${report.id}/medier`;

  const renderList = async (request: FastifyRequest, reply: FastifyReply, { report, status = 200, notice, errors, title }: { report: Report; status?: number; notice?: string; errors?: MediaFormErrors; title?: string }) => {
    const ctx = await createViewContext({ request }, deps);
    const { current, removed } = await listWorkspaceMedia({ reportId: report.id }, deps);
    return reply.code(status).type(html).send(renderPage(<MediaWorkspacePage ctx={ctx} report={report} current={current} removed={removed} maxUploadMb={deps.config.maxUploadMb} ffmpegMissing={!(await ffmpegAvailable())} notice={notice} errors={errors} title={title} />));
  };
  /** `opened`: the version the form carries on (the one it was opened on after a refusal, the current one after a conflict). */
  const renderEdit = async (request: FastifyRequest, reply: FastifyReply, { report, media, values, opened, status = 200, errors, conflict }: { report: Report; media: StoredMedia; values?: MediaFormValues; opened?: string; status?: number; errors?: MediaFormErrors; conflict?: string }) => {
    const ctx = await createViewContext({ request }, deps);
    const shown = values ?? { title: media.title, description: media.description, position: String(media.position), transcriptMd: media.transcriptMd ?? '' };
    return reply.code(status).type(html).send(renderPage(<MediaEditPage ctx={ctx} report={report} media={media} values={shown} version={opened ?? mediaDetailsVersion(media)} maxUploadMb={deps.config.maxUploadMb} maxPosterMb={deps.config.mediaPosterMaxMb} errors={errors} conflict={conflict} />));
  };
  const mediaOf = async (report: Report, mediaId: string) => {
    const media = await getWorkspaceMedia({ mediaId }, deps);
    if (media.reportId !== report.id) throw Object.assign(new Error('not found'), { statusCode: 404 });
    return media;
  };
  /** The redirect after an action names what happened; the page says it back (with the item's title for remove and restore). */
  const notice = async (request: FastifyRequest, report: Report) => {
    const query = request.query as Record<string, unknown>;
    const ctx = await createViewContext({ request }, deps);
    if (query.tilfoejet === '1') return ctx.t('media.added');
    if (query.gemt === '1') return ctx.t('media.saved');
    for (const [param, key] of [['fjernet', 'media.removedNotice'], ['gendannet', 'media.restoredNotice']] as const) {
      const id = query[param];
      if (typeof id !== 'string') continue;
      const media = await getWorkspaceMedia({ mediaId: id }, deps).catch(() => undefined);
      if (media?.reportId === report.id) return ctx.t(key, { title: media.title });
    }
    return undefined;
  };

  app.get<{ Params: { id: string } }>('/beretninger/:id/medier', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    return renderList(request, reply, { report, notice: await notice(request, report) });
  });
  app.get<{ Params: { id: string; mediaId: string } }>('/beretninger/:id/medier/:mediaId', async (request, reply) => {
    const report = await getWorkspaceReport({ id: request.params.id }, deps);
    return renderEdit(request, reply, { report, media: await mediaOf(report, request.params.mediaId) });
  });

  for (const [path, run, done] of [['fjern', removeMedia, 'fjernet'], ['gendan', restoreMedia, 'gendannet']] as const) {
    app.post<{ Params: { id: string; mediaId: string } }>(`/beretninger/:id/medier/:mediaId/${path}`, async (request, reply) => {
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      await mediaOf(report, request.params.mediaId);
      await run({ mediaId: request.params.mediaId, actor: requireActor(request) }, deps);
      return reply.redirect(`${base(report)}?${done}=${encodeURIComponent(request.params.mediaId)}`, 303);
    });
  }

  /**
   * Publishing or scheduling asks first when films lack captions or sounds a transcript (a page with
   * the warnings and "Udgiv alligevel"); once the form confirms it (`bekraeftMedier=ja`) the route goes
   * ahead, to its own check of the PDF's accessibility. The page carries that check's confirmation if
   * already given (publishConfirmationFields). A schedule with an invalid or past time is left to the
   * route, which shows the form with its error. Runs before the publish and schedule handlers.
   */
  app.addHook('preHandler', async (request, reply) => {
    const match = request.method === 'POST' ? /^\/admin\/beretninger\/([^/?]+)\/(udgiv|planlaeg)(?:\?|$)/.exec(request.url) : null;
    if (!match) return;
    if (isPublishConfirmed({ body: request.body, warning: 'media' })) return;
    const action = match[2] as 'udgiv' | 'planlaeg';
    if (action === 'planlaeg') {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const at = copenhagenLocalToUtc({ date: String(body.date ?? ''), time: String(body.time ?? '') });
      if (!at || at <= deps.clock.now().toISOString()) return;
    }
    const report = await getWorkspaceReport({ id: decodeURIComponent(match[1]!) }, deps);
    const warnings = await listPublishWarnings({ reportId: report.id }, deps);
    if (warnings.length === 0) return;
    const ctx = await createViewContext({ request }, deps);
    const fields = publishConfirmationHiddenFields({ body: request.body, warning: 'media', schedule: action === 'planlaeg' });
    return reply.code(200).type(html).send(renderPage(<PublishMediaConfirmPage ctx={ctx} report={report} warnings={warnings} action={`/admin/beretninger/${report.id}/${action}`} fields={fields} />));
  });

  // The uploads: their own scope, so multipart parsing applies to these routes only.
  app.register(async (upload) => {
    // One byte over the limit, so the storage step (which counts) refuses it rather than busboy truncating silently.
    await upload.register(multipart, { limits: { fileSize: maxBytes + 1, files: 3, fields: 8, parts: 11, fieldSize: deps.config.mediaTranscriptMaxKb * 1024 + 1 } });

    /**
     * Reads the form part by part: text fields as they come (the forms put them first), each file
     * streamed straight to `onFile`. A refusal answers 4xx with the message at its field (JSON for
     * upload.js) and closes the connection rather than reading the rest of the body.
     */
    const handleForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      { onFields, onFile, onDone, onRefused, onConflict }: MediaFormHandlers<MultipartFile, FastifyReply, MessageKey, MediaFormErrors, AppError>,
    ) => {
      const ctx = await createViewContext({ request }, deps);
      const wantsJson = String(request.headers.accept ?? '').includes('application/json');
      const fields: Record<string, string> = {};
      let checked = false;
      const refuse = async (status: number, errors: MediaFormErrors) => {
        reply.header('connection', 'close');
        if (wantsJson) return reply.code(status).send({ ok: false, message: Object.values(errors)[0] });
        return onRefused({ status, errors, fields });
      };
      const check = async () => {
        if (checked) return undefined;
        checked = true;
        const problems = await onFields(fields);
        if (!problems || Object.keys(problems).length === 0) return undefined;
        return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, ctx.t(key, { kb: deps.config.mediaTranscriptMaxKb })])) as MediaFormErrors;
      };
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > maxBytes + 4 * 1024 * 1024) return refuse(413, { fil: ctx.t('media.uploadTooLarge', { mb: deps.config.maxUploadMb }) });
      let current: FieldName = 'fil';
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          if (part.filename === '') {
            part.file.resume();
            continue;
          }
          const problems = await check();
          if (problems) {
            part.file.resume();
            return refuse(422, problems);
          }
          current = part.fieldname === 'undertekster' ? 'undertekster' : part.fieldname === 'plakat' ? 'plakat' : 'fil';
          cutSlowBody({ stream: part.file, seconds: deps.config.uploadBodyTimeoutSeconds });
          await onFile({ name: part.fieldname, part, fields });
          if (part.file.truncated) return refuse(413, { [current]: ctx.t('media.uploadTooLarge', { mb: deps.config.maxUploadMb }) });
        }
        const problems = await check();
        if (problems) return refuse(422, problems);
        const redirect = await onDone(fields);
        if (wantsJson) return reply.send({ ok: true, redirect });
        return reply.redirect(redirect, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'media.conflict' && onConflict && !wantsJson) {
          reply.header('connection', 'close');
          return onConflict({ error, message: describeConflict({ error, ctx }), fields });
        }
        if (isAppError(error) && error.status < 500) return refuse(error.status, { [current]: describeRefusal({ error, ctx, config: deps.config }) });
        if (isAppError(error) && error.code === 'media.ffmpeg_missing') return refuse(503, { fil: describeRefusal({ error, ctx, config: deps.config }) });
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return refuse(413, { [current]: ctx.t('media.uploadTooLarge', { mb: deps.config.maxUploadMb }) });
        throw error;
      }
    };

    upload.post<{ Params: { id: string } }>('/beretninger/:id/medier', async (request, reply) => {
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      let added = false;
      return handleForm(request, reply, {
        // The title as the edit form checks it (the other fields are not on this form, so pass).
        onFields: async (fields) => parseDetails({ fields, transcriptMaxKb: deps.config.mediaTranscriptMaxKb }).errors,
        onFile: async ({ name, part, fields }) => {
          if (name !== 'fil' || added) return void part.file.resume();
          await addMediaFromUpload({ reportId: report.id, stream: part.file, fileName: part.filename, details: { title: fields.titel ?? '' }, actor: requireActor(request) }, deps);
          added = true;
        },
        onDone: async () => {
          if (!added) throw Object.assign(new Error('missing'), { missing: true });
          return `${base(report)}?tilfoejet=1`;
        },
        onRefused: async ({ status, errors, fields }) => renderList(request, reply, { report, status, errors, title: fields.titel }),
      }).catch(async (error: unknown) => {
        if (!(error as { missing?: boolean }).missing) throw error;
        const ctx = await createViewContext({ request }, deps);
        return renderList(request, reply, { report, status: 422, errors: { fil: ctx.t('media.uploadMissing') } });
      });
    });

    /** The version the form was opened on (absent from forms opened before the field: then no check). */
    const openedOf = (fields: Record<string, string>) => (fields.version ? fields.version : undefined);

    upload.post<{ Params: { id: string; mediaId: string } }>('/beretninger/:id/medier/:mediaId', async (request, reply) => {
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      const media = await mediaOf(report, request.params.mediaId);
      const stored: { captionsKey?: string; poster?: { key: string; type: string } } = {};
      return handleForm(request, reply, {
        onFields: async (fields) => {
          const { errors } = parseDetails({ fields, transcriptMaxKb: deps.config.mediaTranscriptMaxKb });
          if (Object.keys(errors).length > 0) return errors;
          // Before any file of the form is taken: a form opened on other details changes nothing.
          await assertMediaUnchanged({ mediaId: media.id, opened: openedOf(fields) }, deps);
          return undefined;
        },
        onFile: async ({ name, part }) => {
          if (name === 'undertekster') stored.captionsKey = await storeCaptions({ stream: part.file }, deps);
          else if (name === 'plakat' && media.kind === 'video') stored.poster = await storePoster({ stream: part.file }, deps);
          else if (name === 'fil') await replaceMediaFile({ mediaId: media.id, stream: part.file, fileName: part.filename, actor: requireActor(request) }, deps);
          else part.file.resume();
        },
        onDone: async (fields) => {
          const { details } = parseDetails({ fields, transcriptMaxKb: deps.config.mediaTranscriptMaxKb });
          await updateMediaDetails({ mediaId: media.id, details, captionsKey: stored.captionsKey, poster: stored.poster, removeCaptions: fields.fjernUndertekster === '1', opened: openedOf(fields), actor: requireActor(request) }, deps);
          return `${base(report)}?gemt=1`;
        },
        onRefused: async ({ status, errors, fields }) => renderEdit(request, reply, { report, media: await getWorkspaceMedia({ mediaId: media.id }, deps), values: parseDetails({ fields, transcriptMaxKb: deps.config.mediaTranscriptMaxKb }).values, opened: openedOf(fields), status, errors }),
        // The editor's input stays; the version moves on, so saving again (knowingly) applies it.
        onConflict: async ({ error, message, fields }) =>
          renderEdit(request, reply, { report, media: await getWorkspaceMedia({ mediaId: media.id }, deps), values: parseDetails({ fields, transcriptMaxKb: deps.config.mediaTranscriptMaxKb }).values, opened: String(error.details?.version ?? ''), status: 409, conflict: message }),
      });
    });
  });
}
