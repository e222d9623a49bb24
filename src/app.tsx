import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Dependencies } from './dependencies.types.js';
import './shared/http.types.js';
import { isAppError } from './shared/errors.js';
import { createViewContext } from './ui/page-context.js';
import { renderPage } from './ui/render.js';
import { ErrorPage, NotFoundPage } from './ui/error-pages.js';
import { registerAssetRoutes } from './ui/assets.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { registerReportWorkspaceRoutes } from './modules/reports/reports-admin.routes.js';
import { registerDocumentWorkspaceRoutes } from './modules/documents/documents-admin.routes.js';
import { registerAccessibilityWorkspaceRoutes } from './modules/accessibility/accessibility.routes.js';
import { registerDocumentRoutes } from './modules/documents/documents.routes.js';
import { registerMediaRoutes } from './modules/media/media.routes.js';
import { registerMediaWorkspaceRoutes } from './modules/media/media-admin.routes.js';
import { registerAdminGuard, registerAuthHooks, registerAuthRoutes, registerRoleGuard, registerUserAdminRoutes } from './modules/auth/auth.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerSiteSettingsRoutes } from './modules/site/site.routes.js';
import { registerReadingRoutes } from './modules/reading/reading.routes.js';
import { registerSearchRoutes } from './modules/search/search.routes.js';
import { registerLanguageRoutes } from './ui/i18n/language.routes.js';
import { registerThemeRoutes } from './ui/theme.routes.js';
import { registerApiRoutes } from './modules/api/api.routes.js';
import { registerFeedRoutes } from './modules/feeds/feeds.routes.js';
import { chooseLocale, LOCALE_COOKIE } from './ui/i18n/locale.js';
import { createMetrics, registerOpsRoutes } from './modules/ops/ops.routes.js';
import { createPageCache, pageCacheBudget, pageVaryFor } from './modules/cache/cache.usecases.js';
import { createEarlyServer, registerPageCache, STRICT_TRANSPORT_SECURITY } from './modules/cache/cache.routes.js';
import { createApiTokenAuthenticator, registerApiTokenRoutes } from './modules/tokens/tokens.routes.js';
import { registerApiWriteRoutes } from './modules/api/api-write.routes.js';
import { sendProblem } from './shared/problem.js';
import { BEHIND_FRONT, createProxyTrust } from './shared/proxy-trust.js';
import { APP_KEEP_ALIVE_MS, type FrontLink } from './modules/cache/cache.front.js';
import { createHostCheck } from './shared/allowed-hosts.js';
import { registerStatisticsApiRoutes, registerStatisticsCounting, registerStatisticsRoutes } from './modules/statistics/statistics.routes.js';

const cspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  frameSrc: ["'self'"],
};
/** The same policy as a header value, for the few answers made before helmet's hooks run (frameworkErrors). */
const contentSecurityPolicy = Object.entries(cspDirectives)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
  .join(';');

/**
 * Builds the web application from its dependencies; does no I/O of its own. With `front` (HTTP_FRONT,
 * cache.front.ts) the page cache lives in the front's worker, which answers the hits; the app then
 * listens on the front's private socket, and trusts the front's X-Forwarded-* alone.
 */
export async function createApp(deps: Dependencies, { front }: { front?: FrontLink } = {}): Promise<FastifyInstance> {
  if (front) deps = { ...deps, config: { ...deps.config, trustProxy: BEHIND_FRONT } };
  // Page cache hits are answered by the HTTP server before Fastify sees them (see registerPageCache).
  const early = createEarlyServer({ requestTimeoutMs: (deps.config.uploadBodyTimeoutSeconds + 30) * 1000, ...(front ? { keepAliveTimeoutMs: APP_KEEP_ALIVE_MS } : {}) });
  const app = Fastify({
    // An address Fastify cannot decode (e.g. a link cut off inside %C3%A8): a page in the reader's language, not Fastify's English JSON.
    frameworkErrors: (error, request, rawReply) => {
      // Typed with the server's generic reply; ours sends HTML and text.
      const reply = rawReply as unknown as FastifyReply;
      const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 400;
      reply.header('Content-Security-Policy', contentSecurityPolicy).header('X-Content-Type-Options', 'nosniff');
      if (wantsJson(request)) return void sendProblem(reply, { status, title: 'Adressen kan ikke læses.', code: 'request.bad_url' });
      request.locale = chooseLocale({ cookie: undefined, acceptLanguage: request.headers['accept-language'] });
      void createViewContext({ request }, deps)
        .then((ctx) => reply.code(status).type('text/html; charset=utf-8').send(renderPage(<ErrorPage ctx={ctx} message={ctx.t('common.badUrl')} />)))
        .catch(() => reply.code(status).type('text/plain; charset=utf-8').send('Adressen kan ikke læses.'));
    },
    loggerInstance: deps.logger as FastifyBaseLogger,
    serverFactory: early.serverFactory,
    // One compact line per request from the ops onResponse hook instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Only proxies named by TRUST_PROXY may set X-Forwarded-*: a client cannot pick the IP the login rate limit counts.
    trustProxy: createProxyTrust({ setting: deps.config.trustProxy }),
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: false, // sent below only when the request came over TLS
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // Only for the routes that ask for it (search); the login has its own limits in the database.
  await app.register(rateLimit, { global: false });

  app.decorateRequest('user', undefined);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('locale', 'da');
  // The interface language: the reader's choice (cookie), else Accept-Language, else Danish.
  app.addHook('onRequest', async (request) => {
    request.locale = chooseLocale({ cookie: request.cookies[LOCALE_COOKIE], acceptLanguage: request.headers['accept-language'] });
  });
  // ALLOWED_HOSTS: a request for another host gets 400 before any page is made from its address.
  const isAllowedHost = createHostCheck({ allowedHosts: deps.config.allowedHosts, trust: createProxyTrust({ setting: deps.config.trustProxy }) });
  if (isAllowedHost) {
    app.addHook('onRequest', async (request, reply) => {
      if (isAllowedHost(request.raw)) return;
      if (wantsJson(request)) return sendProblem(reply, { status: 400, title: 'Ukendt værtsnavn.', code: 'request.unknown_host' });
      const ctx = await createViewContext({ request }, deps);
      return reply.code(400).type('text/html; charset=utf-8').send(renderPage(<ErrorPage ctx={ctx} message={ctx.t('common.unknownHost')} />));
    });
  }
  // The workspace is never kept by a browser's back-forward store or a shared cache: every answer under /admin, errors and redirects included.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url === '/admin' || request.url.startsWith('/admin/') || request.url.startsWith('/admin?')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
  // Before the auth hooks, so a cache hit for a reader without credentials skips session and CSRF work. `app.pageCache.invalidate()` for NOTIFY from other instances.
  const metrics = createMetrics(deps);
  const pageCache = front?.caches.pages ?? createPageCache({ maxBytes: pageCacheBudget(deps.config).pages, vary: pageVaryFor(deps.config) });
  app.decorate('pageCache', pageCache);
  registerPageCache({ app, cache: pageCache, ...(front ? { searchCache: front.caches.search, front } : {}), early, observer: { onHit: (count) => metrics.cacheHits.inc(count), onMiss: () => metrics.cacheMisses.inc(), onServed: metrics.observeRequest } }, deps);
  registerOpsRoutes({ app, metrics }, deps);
  // Who is signed in (session cookie, or an editor's API token: only under /api/v1, each use audited) and the CSRF check on every POST/PUT/PATCH/DELETE but token requests.
  registerAuthHooks({ app, authenticateApiToken: createApiTokenAuthenticator(deps) }, deps);
  // Readership statistics: public pages answered through Fastify (the early server's hits count themselves).
  registerStatisticsCounting({ app }, deps);

  // Set before any route is registered: Fastify binds a route to the handlers in place when it is added.
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return sendProblem(reply, { status: 404, title: 'Ikke fundet', code: 'not_found' });
    const ctx = await createViewContext({ request }, deps);
    return reply.code(404).type('text/html; charset=utf-8').send(renderPage(<NotFoundPage ctx={ctx} />));
  });

  app.setErrorHandler(async (error, request, reply) => {
    const status = isAppError(error) ? error.status : typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: isAppError(error) ? error.code : (error as { code?: string }).code, status }, 'request refused');
    const code = isAppError(error) ? error.code : status === 413 ? 'request.too_large' : status >= 500 ? 'internal' : 'request.invalid';
    const message = isAppError(error) && error.expose ? error.message : status === 413 ? 'Forespørgslen er for stor.' : status < 500 ? 'Forespørgslen kunne ikke behandles.' : undefined;
    if (wantsJson(request)) {
      return sendProblem(reply, { status, title: message ?? 'Der skete en fejl', code });
    }
    const ctx = await createViewContext({ request }, deps).catch(() => undefined);
    if (!ctx) return reply.code(status).type('text/plain; charset=utf-8').send(message ?? 'Der skete en fejl.');
    if (status === 404) return reply.code(404).type('text/html; charset=utf-8').send(renderPage(<NotFoundPage ctx={ctx} />));
    // Pages speak the reader's language; the use cases' own messages are Danish, so English gets the general one.
    const pageMessage = status === 413 ? ctx.t('common.requestTooLarge') : isAppError(error) && error.expose && ctx.locale === 'da' ? error.message : status < 500 ? ctx.t('common.requestInvalid') : undefined;
    return reply.code(status).type('text/html; charset=utf-8').send(renderPage(<ErrorPage ctx={ctx} message={pageMessage} />));
  });

  registerAssetRoutes({ app }, deps);
  registerReportRoutes({ app }, deps);
  registerDocumentRoutes({ app }, deps);
  registerMediaRoutes({ app }, deps);
  registerAuthRoutes({ app }, deps);
  registerReadingRoutes({ app }, deps);
  registerSearchRoutes({ app }, deps);
  registerLanguageRoutes({ app });
  registerThemeRoutes({ app }, deps);
  registerApiRoutes({ app }, deps);
  registerApiWriteRoutes({ app }, deps);
  registerFeedRoutes({ app }, deps);
  registerStatisticsApiRoutes({ app }, deps);

  // The workspace: one guard on the whole group, so no admin route can forget it.
  await app.register(
    async (admin) => {
      registerAdminGuard({ app: admin }, deps);
      // Before the report routes: its publish check (films without captions) is a hook on their publish route.
      registerMediaWorkspaceRoutes({ app: admin }, deps);
      registerReportWorkspaceRoutes({ app: admin }, deps);
      registerDocumentWorkspaceRoutes({ app: admin }, deps);
      registerAccessibilityWorkspaceRoutes({ app: admin }, deps);
      registerApiTokenRoutes({ app: admin }, deps);
      registerStatisticsRoutes({ app: admin }, deps);
      // Admins only: users, site settings, audit log. Editors get 403.
      await admin.register(async (adminOnly) => {
        registerRoleGuard({ app: adminOnly, role: 'admin' }, deps);
        registerUserAdminRoutes({ app: adminOnly }, deps);
        registerSiteSettingsRoutes({ app: adminOnly }, deps);
        registerAuditRoutes({ app: adminOnly }, deps);
      });
    },
    { prefix: '/admin' },
  );

  return app;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}
