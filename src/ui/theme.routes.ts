import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../dependencies.types.js';
import { getSite } from '../modules/site/site.usecases.js';
import { createThemeCss, themeStylesheetUrl } from './theme.js';

/** The organisation's theme colours. The current address is cached for good; an old one gets the current colours, briefly cached. */
export function registerThemeRoutes({ app }: { app: FastifyInstance }, { db }: Pick<Dependencies, 'db'>): void {
  app.get('/tema/:file', async (request, reply) => {
    const site = await getSite({ db });
    const css = createThemeCss(site.primaryColor);
    if (!css) return reply.callNotFound();
    const current = themeStylesheetUrl(site.primaryColor) === request.url.split('?')[0];
    return reply
      .type('text/css; charset=utf-8')
      .header('Cache-Control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
      .send(css);
  });
}
