import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { getSite } from '../site/site.usecases.js';
import { orMovedReport, listPublishedReports } from '../reports/reports.usecases.js';
import { getReadingVersion } from '../reading/reading.usecases.js';
import { MOVED_REPORT_CACHE_CONTROL, parseYear } from '../reports/reports.models.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { openDataCacheHeaders, resolvePublicOrigin } from '../../shared/public-url.js';
import { createNotFoundError } from '../../shared/errors.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { reportListQuerySchema } from './api.schemas.js';
import { createOpenApiDocument, paginateReports, toApiAccessibility, toApiOrganisation, toApiReport } from './api.models.js';
import { getDocumentAccessibility } from '../accessibility/accessibility.usecases.js';
import { listPublicMedia } from '../media/media.usecases.js';
import { toPublicMedia } from '../media/media.models.js';
import { ApiDocsPage } from './api.views.js';
import { sendProblem } from '../../shared/problem.js';

function originOf(request: FastifyRequest, deps: Dependencies): string {
  return resolvePublicOrigin({ publicUrl: deps.config.publicUrl, protocol: request.protocol, host: request.host });
}

function sendJson(reply: FastifyReply, body: unknown, deps: Dependencies): FastifyReply {
  // Public data: anyone may fetch it from a browser on another site, and shared caches may keep it a while.
  return reply.header('Access-Control-Allow-Origin', '*').headers(openDataCacheHeaders(deps.config)).type('application/json; charset=utf-8').send(body);
}

function sendPublicProblem(reply: FastifyReply, problem: { status: number; title: string; code: string }): FastifyReply {
  return sendProblem(reply.header('Access-Control-Allow-Origin', '*'), problem);
}

/** The public, read-only JSON API (/api/v1) and its documentation. /api/v1/search is the search module's. */
export function registerApiRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/api/v1/openapi.json', async (request, reply) => sendJson(reply, createOpenApiDocument({ origin: originOf(request, deps) }), deps));

  app.get('/api/v1/organisation', async (request, reply) => {
    const site = await getSite(deps);
    return sendJson(reply, toApiOrganisation({ site, origin: originOf(request, deps) }), deps);
  });

  app.get('/api/v1/reports', async (request, reply) => {
    const parsed = reportListQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      return sendPublicProblem(reply, { status: 400, title: parsed.error.issues[0]?.message ?? 'Ugyldig forespørgsel.', code: 'api.bad_query' });
    }
    const reports = await listPublishedReports(deps);
    return sendJson(reply, paginateReports({ reports, query: parsed.data, origin: originOf(request, deps) }), deps);
  });

  app.get<{ Params: { year: string } }>('/api/v1/reports/:year', async (request, reply) => {
    const year = parseYear(request.params.year);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found', message: 'Beretningen findes ikke.' });
    const found = await orMovedReport(getReadingVersion({ year }, deps), { year }, deps);
    if ('movedTo' in found) return reply.code(301).header('Access-Control-Allow-Origin', '*').header('Cache-Control', MOVED_REPORT_CACHE_CONTROL).redirect(`/api/v1/reports/${found.movedTo}`, 301);
    const { report, reading } = found;
    const accessibility = report.document ? toApiAccessibility({ accessibility: await getDocumentAccessibility({ documentId: report.document.id }, deps) }) : null;
    const media = (await listPublicMedia({ reportId: report.id }, deps)).map((item) => toPublicMedia({ media: item, year: report.year }));
    return sendJson(reply, toApiReport({ report, origin: originOf(request, deps), forewordHtml: renderMarkdown(report.forewordMd), toc: reading.toc, accessibility, media }), deps);
  });

  app.get('/api/docs', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const document = createOpenApiDocument({ origin: originOf(request, deps) });
    return reply.type('text/html; charset=utf-8').send(renderPage(<ApiDocsPage ctx={ctx} document={document} />));
  });
}
