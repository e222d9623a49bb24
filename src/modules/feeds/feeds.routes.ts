import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { getSite } from '../site/site.usecases.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import { listPublicMediaForReports } from '../media/media.usecases.js';
import { toPublicMedia } from '../media/media.models.js';
import { openDataCacheHeaders, resolvePublicOrigin } from '../../shared/public-url.js';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { buildAtomFeed, buildRobotsTxt, buildSitemap } from './feeds.models.js';

function originOf(request: FastifyRequest, deps: Dependencies): string {
  return resolvePublicOrigin({ publicUrl: deps.config.publicUrl, protocol: request.protocol, host: request.host });
}

/** Atom feed, sitemap and robots.txt. */
export function registerFeedRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/feed.xml', async (request, reply) => {
    const [site, reports] = await Promise.all([getSite(deps), listPublishedReports(deps)]);
    // The feed speaks the organisation's language, not the reader's interface choice.
    const feedTitle = createTranslator({ locale: site.language === 'en' ? 'en' : 'da' })('opendata.feedTitle');
    const stored = await listPublicMediaForReports({ reportIds: reports.map((r) => r.id) }, deps);
    const years = new Map(reports.map((r) => [r.id, r.year]));
    const media = new Map([...stored].map(([reportId, items]) => [reportId, items.map((item) => toPublicMedia({ media: item, year: years.get(reportId)! }))]));
    const xml = buildAtomFeed({ site, reports, origin: originOf(request, deps), feedTitle, now: deps.clock.now().toISOString(), media });
    return reply.headers(openDataCacheHeaders(deps.config)).type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.get('/sitemap.xml', async (request, reply) => {
    const [site, reports] = await Promise.all([getSite(deps), listPublishedReports(deps)]);
    return reply.headers(openDataCacheHeaders(deps.config)).type('application/xml; charset=utf-8').send(buildSitemap({ site, reports, origin: originOf(request, deps), now: deps.clock.now().toISOString() }));
  });

  app.get('/robots.txt', async (request, reply) => reply.headers(openDataCacheHeaders(deps.config)).type('text/plain; charset=utf-8').send(buildRobotsTxt({ origin: originOf(request, deps) })));
}
