import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { LoginPage } from './auth.views.js';

/** Every route under /admin: readers are sent to log in (pages) or get 401 (JSON). */
export function registerAdminGuard({ app }: { app: FastifyInstance }, _deps: Dependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.user) return;
    const accept = String(request.headers.accept ?? '');
    if (accept.includes('application/json') && !accept.includes('text/html')) {
      return reply.code(401).type('application/problem+json').send({ type: 'about:blank', title: 'Log ind for at fortsætte.', status: 401, code: 'auth.required' });
    }
    return reply.redirect(`/log-ind?returnTo=${encodeURIComponent(request.url)}`, 303);
  });
}

export function registerAuthRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/log-ind', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    return reply.type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={ctx} />));
  });

  app.post('/log-ind', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email : '';
    return reply.code(503).type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={ctx} state={{ email, error: ctx.t('common.loginNotAvailable') }} />));
  });
}
