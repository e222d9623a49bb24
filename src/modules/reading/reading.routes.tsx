import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { createNotFoundError } from '../../shared/errors.js';
import { MOVED_REPORT_CACHE_CONTROL, parseYear } from '../reports/reports.models.js';
import { orMovedReport } from '../reports/reports.usecases.js';
import { getReadingVersion } from './reading.usecases.js';
import { loadDocumentOutline } from '../documents/documents.usecases.js';
import { chapterPath, findChapterOfPage } from './reading-chapters.models.js';
import { ReadingVersionPage } from './reading.views.js';

function parsePositive(value: string): number | undefined {
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined;
}

export function registerReadingRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const load = async ({ yearParam, reply, suffix }: { yearParam: string; reply: FastifyReply; suffix: string }) => {
    const year = parseYear(yearParam);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const found = await orMovedReport(getReadingVersion({ year }, { db: deps.db, config: deps.config, loadOutline: ({ documentId }) => loadDocumentOutline({ documentId }, deps) }), { year }, deps);
    if ('movedTo' in found) {
      reply.code(301).header('Cache-Control', MOVED_REPORT_CACHE_CONTROL).redirect(`/beretninger/${found.movedTo}/laes${suffix}`, 301);
      return undefined;
    }
    return found;
  };
  const render = async ({ request, reply, found, chapterNumber }: { request: FastifyRequest; reply: FastifyReply; found: NonNullable<Awaited<ReturnType<typeof load>>>; chapterNumber: number }) => {
    const ctx = await createViewContext({ request }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<ReadingVersionPage ctx={ctx} report={found.report} reading={found.reading} chapterNumber={chapterNumber} />));
  };

  app.get<{ Params: { year: string } }>('/beretninger/:year/laes', async (request, reply) => {
    const found = await load({ yearParam: request.params.year, reply, suffix: '' });
    if (!found) return reply;
    return render({ request, reply, found, chapterNumber: 1 });
  });

  // A long report's chapters, one web page each; the first is /laes itself.
  app.get<{ Params: { year: string; chapter: string } }>('/beretninger/:year/laes/kapitel/:chapter', async (request, reply) => {
    const number = parsePositive(request.params.chapter);
    if (number === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const found = await load({ yearParam: request.params.year, reply, suffix: `/kapitel/${number}` });
    if (!found) return reply;
    if (number === 1) return reply.redirect(chapterPath({ year: found.report.year, number: 1 }), 301);
    if (number > found.reading.chapters.length) throw createNotFoundError({ code: 'reports.not_found' });
    return render({ request, reply, found, chapterNumber: number });
  });

  // /laes/side/N: the web page that holds PDF page N, at its anchor. A fragment (#side-N) never
  // reaches the server, so this is the stable address of a page whatever chapter holds it.
  app.get<{ Params: { year: string; page: string } }>('/beretninger/:year/laes/side/:page', async (request, reply) => {
    const pageNumber = parsePositive(request.params.page);
    if (pageNumber === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const found = await load({ yearParam: request.params.year, reply, suffix: `/side/${pageNumber}` });
    if (!found) return reply;
    const chapter = findChapterOfPage({ chapters: found.reading.chapters, pageNumber });
    if (!chapter) throw createNotFoundError({ code: 'reports.not_found' });
    return reply.redirect(`${chapterPath({ year: found.report.year, number: chapter.number })}#side-${pageNumber}`, 302);
  });
}
