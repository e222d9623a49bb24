import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { createNotFoundError } from '../../shared/errors.js';
import { MOVED_REPORT_CACHE_CONTROL, parseYear } from '../reports/reports.models.js';
import { orMovedReport } from '../reports/reports.usecases.js';
import { getReadingVersion } from './reading.usecases.js';
import { loadDocumentOutline } from '../documents/documents.usecases.js';
import { ReadingVersionPage } from './reading.views.js';

export function registerReadingRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get<{ Params: { year: string } }>('/beretninger/:year/laes', async (request, reply) => {
    const year = parseYear(request.params.year);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const found = await orMovedReport(getReadingVersion({ year }, { db: deps.db, loadOutline: ({ documentId }) => loadDocumentOutline({ documentId }, deps) }), { year }, deps);
    if ('movedTo' in found) return reply.code(301).header('Cache-Control', MOVED_REPORT_CACHE_CONTROL).redirect(`/beretninger/${found.movedTo}/laes`, 301);
    const { report, reading } = found;
    const ctx = await createViewContext({ request }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<ReadingVersionPage ctx={ctx} report={report} reading={reading} />));
  });
}
