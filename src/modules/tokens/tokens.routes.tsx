import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { requireActor, type ApiTokenAuthenticator } from '../auth/auth.routes.js';
import { tokenFormSchema, type TokenFormField } from './tokens.schemas.js';
import { isApiPath, TOKEN_PREFIX } from './tokens.models.js';
import { authenticateApiToken, createApiToken, findRevokedTokenName, listApiTokens, listOtherUsersActiveTokens, revokeApiToken } from './tokens.usecases.js';
import { ApiTokensPage, emptyTokenForm, type TokenFormState } from './tokens.views.js';

const html = 'text/html; charset=utf-8';

const actorOf = requireActor;

/**
 * The hook for `registerAuthHooks({ app, authenticateApiToken })`: a Bearer token becomes the
 * request's user, or the request is refused with a problem detail in the reader's language. A
 * bearer value without our `brt_` prefix outside /api/v1 is left alone (not ours to judge).
 */
export function createApiTokenAuthenticator(deps: Pick<Dependencies, 'db' | 'clock'>): ApiTokenAuthenticator {
  return async ({ token, request }) => {
    // Outside the API a bearer value that is not one of ours belongs to something in front of us (a proxy guarding /metrics, say).
    if (!token.startsWith(TOKEN_PREFIX) && !isApiPath(request.url)) return 'not_ours';
    const result = await authenticateApiToken({ token, method: request.method, url: request.url, ip: request.ip }, deps);
    if (result.ok) return result.user;
    const t = createTranslator({ locale: request.locale ?? 'da' });
    return { refused: { status: result.status, code: `tokens.${result.problem}`, title: t(`tokens.problem.${result.problem}` as MessageKey) } };
  };
}

/**
 * /admin/api-noegler (register inside the guarded workspace group; editors and admins): list,
 * create and revoke one's own tokens. A new token is shown in the answer to the POST that made it
 * and never again, so that answer must not be cached anywhere.
 */
export function registerApiTokenRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const render = async ({ request, reply, status = 200, form = emptyTokenForm, created, revokedId }: { request: FastifyRequest; reply: FastifyReply; status?: number; form?: TokenFormState; created?: { token: string; name: string }; revokedId?: string }) => {
    const ctx = await createViewContext({ request }, deps);
    const tokens = await listApiTokens({ userId: actorOf(request).id }, deps);
    const others = request.user?.role === 'admin' ? await listOtherUsersActiveTokens({ actorId: actorOf(request).id }, deps) : undefined;
    const revoked = revokedId === undefined ? undefined : tokens.find((t) => t.id === revokedId && t.revokedAt !== null);
    const revokedName = revoked?.name ?? (revokedId !== undefined && request.user?.role === 'admin' ? (await findRevokedTokenName({ id: revokedId }, deps)) : undefined);
    const notice = revokedName !== undefined ? ctx.t('tokens.revoked', { name: revokedName }) : undefined;
    reply.header('Cache-Control', 'no-store');
    return reply.code(status).type(html).send(renderPage(<ApiTokensPage ctx={ctx} tokens={tokens} others={others} form={form} created={created} notice={notice} now={deps.clock.now()} />));
  };

  app.get('/api-noegler', async (request, reply) => {
    const revoked = (request.query as Record<string, unknown>).tilbagekaldt;
    return render({ request, reply, revokedId: typeof revoked === 'string' ? revoked : undefined });
  });

  app.post('/api-noegler', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).slice(0, 1000) : '');
    const values = { name: text('name'), scope: text('scope'), days: text('days') };
    const parsed = tokenFormSchema.safeParse(values);
    if (!parsed.success) {
      const t = createTranslator({ locale: request.locale ?? 'da' });
      const fieldErrors: TokenFormState['fieldErrors'] = {};
      for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as TokenFormField] ??= t(issue.message as MessageKey);
      return render({ request, reply, status: 422, form: { ...values, scope: values.scope === 'write' || values.scope === 'statistics' ? values.scope : 'read', days: values.days || emptyTokenForm.days, fieldErrors } });
    }
    const { token, apiToken } = await createApiToken({ actor: actorOf(request), ...parsed.data }, deps);
    return render({ request, reply, status: 201, created: { token, name: apiToken.name } });
  });

  app.post<{ Params: { id: string } }>('/api-noegler/:id/tilbagekald', async (request, reply) => {
    const token = await revokeApiToken({ id: request.params.id, actor: { ...actorOf(request), role: request.user?.role } }, deps);
    return reply.redirect(`/admin/api-noegler?tilbagekaldt=${encodeURIComponent(token.id)}`, 303);
  });
}
