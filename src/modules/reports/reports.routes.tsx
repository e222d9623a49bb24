import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { orMovedReport, getFrontPage, getPublishedReport, listPublishedReports } from './reports.usecases.js';
import { ArchivePage, FrontPage, ReportPage } from './reports.views.js';
import { MOVED_REPORT_CACHE_CONTROL, parseYear } from './reports.models.js';
import { createNotFoundError } from '../../shared/errors.js';
import { resolvePublicOrigin } from '../../shared/public-url.js';
import { getPublicCorrections } from '../corrections/corrections.usecases.js';
import { listPublicMedia } from '../media/media.usecases.js';
import { toPublicMedia } from '../media/media.models.js';

export function registerReportRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const { latest, earlier } = await getFrontPage({ yearsShown: ctx.site.yearsShown }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<FrontPage ctx={ctx} latest={latest} earlier={earlier} />));
  });

  app.get('/beretninger', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const reports = await listPublishedReports(deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<ArchivePage ctx={ctx} reports={reports} />));
  });

  app.get<{ Params: { year: string } }>('/beretninger/:year', async (request, reply) => {
    const year = parseYear(request.params.year);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const report = await orMovedReport(getPublishedReport({ year }, deps), { year }, deps);
    if ('movedTo' in report) return reply.code(301).header('Cache-Control', MOVED_REPORT_CACHE_CONTROL).redirect(`/beretninger/${report.movedTo}`, 301);
    const corrections = await getPublicCorrections({ reportId: report.id, currentDocumentId: report.currentDocumentId }, deps);
    const media = (await listPublicMedia({ reportId: report.id }, deps)).map((item) => toPublicMedia({ media: item, year: report.year }));
    const ctx = await createViewContext({ request }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<ReportPage ctx={ctx} report={report} corrections={corrections} media={media} sharing={{ origin: resolvePublicOrigin({ publicUrl: deps.config.publicUrl, protocol: request.protocol, host: request.host }), coverUrl: report.document?.cover?.largeUrl ?? null }} />));
  });
}
