import type { FastifyInstance } from 'fastify';
import { isLocale } from './i18n.js';
import { LOCALE_COOKIE, safeReturnPath } from './locale.js';

/**
 * The language switch: a plain link, so it works without JavaScript; the choice is remembered in a
 * cookie for a year. (`request.locale` itself is set by the onRequest hook in app.tsx.) HTML
 * responses say which language they are in and that they vary with it, so caches keep them apart.
 */
export function registerLanguageRoutes({ app }: { app: FastifyInstance }): void {
  app.addHook('onSend', async (request, reply) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html')) return;
    reply.header('Content-Language', request.locale);
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/accept-language/i.test(vary)) reply.header('Vary', vary ? `${vary}, Accept-Language, Cookie` : 'Accept-Language, Cookie');
  });

  app.get<{ Params: { locale: string }; Querystring: { tilbage?: string } }>('/sprog/:locale', async (request, reply) => {
    const back = safeReturnPath(request.query.tilbage);
    if (!isLocale(request.params.locale)) return reply.redirect(back, 303);
    reply.setCookie(LOCALE_COOKIE, request.params.locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true, secure: request.protocol === 'https' });
    return reply.redirect(back, 303);
  });
}
