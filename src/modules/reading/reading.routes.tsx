import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { createNotFoundError } from '../../shared/errors.js';
import { parseYear } from '../reports/reports.models.js';
import { getReadingVersion } from './reading.usecases.js';
import { loadDocumentOutline } from '../documents/documents.usecases.js';
import { ReadingVersionPage } from './reading.views.js';

export function registerReadingRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get<{ Params: { year: string } }>('/beretninger/:year/laes', async (request, reply) => {
    const year = parseYear(request.params.year);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const { report, reading } = await getReadingVersion({ year }, { db: deps.db, loadOutline: ({ documentId }) => loadDocumentOutline({ documentId }, deps) });
    const ctx = await createViewContext({ request }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<ReadingVersionPage ctx={ctx} report={report} reading={reading} />));
  });
}
