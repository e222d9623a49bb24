import { Readable } from 'node:stream';
import { requireActor } from '../auth/auth.routes.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createTranslator, type MessageKey, type Translate } from '../../ui/i18n/i18n.js';
import { isAppError } from '../../shared/errors.js';
import { resolvePublicOrigin } from '../../shared/public-url.js';
import { addDocumentFromUpload } from '../documents/documents.usecases.js';
import { cutSlowBody } from '../../shared/body-timeout.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { reportFormSchema } from '../reports/reports-admin.schemas.js';
import { createReport, getWorkspaceReport, publishReport, scheduleReport, useDocument } from '../reports/reports-admin.usecases.js';
import type { Report } from '../reports/reports.types.js';
import { reportCreateSchema, reportPublishSchema } from './api.schemas.js';
import { toApiManagedReport } from './api.models.js';
import { sendProblem } from '../../shared/problem.js';

type FieldProblem = { field: string; message: string };

const translatorOf = (request: FastifyRequest): Translate => createTranslator({ locale: request.locale ?? 'da' });

const actorOf = requireActor;

// The API's field names, and the workspace form's message for a value of the wrong type in each.
const apiField: Record<string, string> = { forewordMd: 'forewordMarkdown' };
const typeMessages: Record<string, MessageKey> = { year: 'workspace.errorYear', title: 'workspace.errorTitle', periodStart: 'workspace.errorDate', periodEnd: 'workspace.errorDate', forewordMarkdown: 'workspace.errorForeword' };
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The write API under /api/v1, for scripts with an editor's API token (write scope; see the tokens
 * module): create a draft, put its PDF, publish. JSON in and out, RFC 9457 problems on error, the
 * same rules as the workspace (they call the same use cases).
 */
export function registerApiWriteRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const maxBytes = deps.config.maxUploadMb * 1024 * 1024;
  const origin = (request: FastifyRequest) => resolvePublicOrigin({ publicUrl: deps.config.publicUrl, protocol: request.protocol, host: request.host });
  const answer = async (request: FastifyRequest, reply: FastifyReply, report: Report, status = 200) => {
    const document = report.currentDocumentId ? await createDocumentsRepository({ db: deps.db }).getById({ id: report.currentDocumentId }) : undefined;
    return reply.code(status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(toApiManagedReport({ report, document, origin: origin(request) }));
  };

  app.register(async (api) => {
    // The PDF is streamed to storage by the handler, never buffered: this parser hands over the request stream.
    api.addContentTypeParser('application/pdf', (_request, payload, done) => done(null, payload));
    // Scripts often send Content-Type: application/json with no body (publish now): read that as no body, not as bad JSON.
    const parseJson = api.getDefaultJsonParser('error', 'error');
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      return text === '' ? done(null, undefined) : parseJson(request, text, done);
    });
    // Before the CSRF check, so a request without credentials learns it needs a token (401), not a form token.
    api.addHook('onRequest', async (request, reply) => {
      if (request.user) return;
      reply.header('WWW-Authenticate', 'Bearer');
      return sendProblem(reply, { status: 401, title: translatorOf(request)('tokens.problem.required'), code: 'auth.required' });
    });

    api.post('/api/v1/reports', async (request, reply) => {
      const t = translatorOf(request);
      const body = request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendProblem(reply, { status: 422, title: t('apiWrite.notObject'), code: 'api.invalid_body' });
      const shape = reportCreateSchema.safeParse(body);
      const errors: FieldProblem[] = [];
      if (!shape.success) {
        for (const issue of shape.error.issues) {
          const field = String(issue.path[0] ?? '');
          if (!errors.some((e) => e.field === field)) errors.push({ field, message: t(typeMessages[field] ?? 'common.requestInvalid') });
        }
        return sendProblem(reply, { status: 422, title: t('apiWrite.invalid'), code: 'api.invalid_report', errors });
      }
      const { year, title, periodStart, periodEnd, forewordMarkdown } = shape.data;
      const form = reportFormSchema.safeParse({ year: String(year), title, periodStart: periodStart ?? '', periodEnd: periodEnd ?? '', forewordMd: forewordMarkdown ?? '' });
      if (!form.success) {
        for (const issue of form.error.issues) {
          const field = apiField[String(issue.path[0])] ?? String(issue.path[0]);
          if (!errors.some((e) => e.field === field)) errors.push({ field, message: t(issue.message as MessageKey) });
        }
        return sendProblem(reply, { status: 422, title: t('apiWrite.invalid'), code: 'api.invalid_report', errors });
      }
      try {
        const report = await createReport({ fields: form.data, actor: actorOf(request) }, deps);
        return answer(request, reply, report, 201);
      } catch (error) {
        // The workspace re-renders its form (422); for an API client a year already taken is a conflict.
        if (isAppError(error) && error.code === 'reports.year_taken') return sendProblem(reply, { status: 409, title: t('workspace.errorYearTaken', { year }), code: error.code });
        throw error;
      }
    });

    api.put<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/api/v1/reports/:id/pdf', async (request, reply) => {
      const t = translatorOf(request);
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      // A refused body is not read to its end: the connection closes after the answer.
      const refuse = (status: number, title: string, code: string) => sendProblem(reply.header('connection', 'close'), { status, title, code });
      if (Number(request.headers['content-length'] ?? 0) > maxBytes) return refuse(413, `${t('common.requestTooLarge')} (${deps.config.maxUploadMb} MB)`, 'storage.too_large');
      if (!(request.body instanceof Readable)) return refuse(415, t('apiWrite.pdfType'), 'api.unsupported_media_type');
      const text = (name: string, max: number) => (typeof request.query[name] === 'string' ? (request.query[name] as string).slice(0, max) : '');
      const fileName = text('fileName', 200) || `beretning-${report.year}.pdf`;
      cutSlowBody({ stream: request.body, seconds: deps.config.uploadBodyTimeoutSeconds });
      try {
        const document = await addDocumentFromUpload({ reportId: report.id, stream: request.body, fileName, userId: request.user?.id ?? null }, deps);
        const updated = await useDocument({ id: report.id, document, actor: actorOf(request), correctionNote: text('correctionNote', 1000) || undefined }, deps);
        return answer(request, reply, updated);
      } catch (error) {
        if (isAppError(error) && error.code === 'documents.busy') {
          reply.header('retry-after', String(error.details?.retryAfterSeconds ?? 30));
          return refuse(503, t('workspace.uploadBusy'), error.code);
        }
        if (isAppError(error) && error.status === 408) return refuse(408, t('workspace.uploadTooSlow', { seconds: deps.config.uploadBodyTimeoutSeconds }), error.code);
        if (isAppError(error) && error.status < 500) {
          const title = error.status === 413 ? `${t('common.requestTooLarge')} (${deps.config.maxUploadMb} MB)` : request.locale === 'da' ? error.message : t('common.requestInvalid');
          return refuse(error.status, title, error.code);
        }
        throw error;
      }
    });

    api.post<{ Params: { id: string } }>('/api/v1/reports/:id/publish', async (request, reply) => {
      const t = translatorOf(request);
      const body = request.body ?? {};
      const parsed = typeof body === 'object' && !Array.isArray(body) ? reportPublishSchema.safeParse(body) : undefined;
      if (!parsed?.success) return sendProblem(reply, { status: 422, title: t('apiWrite.publishAt'), code: 'api.invalid_body', errors: [{ field: 'at', message: t('apiWrite.publishAt') }] });
      const report = await getWorkspaceReport({ id: request.params.id }, deps);
      const { at } = parsed.data;
      if (at === undefined) {
        // Publishing again changes nothing (a retried script must not move the publication date).
        if (report.status === 'published' && report.deletedAt === null) return answer(request, reply, report);
        return answer(request, reply, (await publishReport({ id: report.id, actor: actorOf(request) }, deps)).report);
      }
      const when = isoWithZone.test(at) ? new Date(at) : undefined;
      if (!when || Number.isNaN(when.getTime()) || when.getTime() <= deps.clock.now().getTime()) {
        return sendProblem(reply, { status: 422, title: t('apiWrite.publishAt'), code: 'api.invalid_time', errors: [{ field: 'at', message: t('apiWrite.publishAt') }] });
      }
      if (report.status === 'published') return sendProblem(reply, { status: 409, title: t('apiWrite.alreadyPublished'), code: 'reports.invalid_transition' });
      return answer(request, reply, await scheduleReport({ id: report.id, at: when.toISOString(), actor: actorOf(request) }, deps));
    });
  });
}
