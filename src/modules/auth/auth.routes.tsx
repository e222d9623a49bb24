import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import type { RequestUser } from '../../shared/http.types.js';
import { isAppError } from '../../shared/errors.js';
import { createSecret } from '../../shared/ids.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { ErrorPage } from '../../ui/error-pages.js';
import { LoginPage, ResumeFormPage, UsersPage, type NewUserFormState } from './auth.views.js';
import { createCsrfToken, isValidCsrfToken, safeReturnTo, sessionKeyOf } from './auth.models.js';
import { changeUserRole, createUser, disableUser, enableUser, findSession, listUsers, logIn, logOut, minPasswordLength } from './auth.usecases.js';
import type { Actor, UserRole } from './auth.types.js';
import { sendProblem } from '../../shared/problem.js';

export const SESSION_COOKIE = 'beretning_session';
export const CSRF_COOKIE = 'beretning_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Where a page served from the shared cache (its forms without a token) fetches one, as JSON (the route is in cache.routes). */
const CSRF_TOKEN_PATH = '/csrf-token';
/**
 * Every answer that is the login page (its form, again after a failed try, or the retry without a
 * token) carries this reader's CSRF token and often sets its cookie: no cache may keep it. Public
 * pages with the login dialog are kept by the page cache (cache.routes), which sets their own header.
 */
export const LOGIN_PAGE_CACHE_CONTROL = 'private, no-store';

/**
 * The hook point for API tokens (issue 9): given a request with `Authorization: Bearer …`, return
 * its user, or undefined to answer 401. Requests it authenticates skip the CSRF check (a browser
 * never adds that header by itself, so a cross-site page cannot forge one).
 */
export type ApiTokenRefusal = { refused: { status: 401 | 403; code: string; title: string } };
type MaybeUser = Promise<RequestUser | ApiTokenRefusal | 'not_ours' | undefined>;
/**
 * Returns the user, a refusal (e.g. 403 for a use the token's scope does not allow), undefined for
 * 401, or 'not_ours' for a bearer value meant for someone else (e.g. a proxy in front of /metrics):
 * the request then goes on as if it had no Authorization header.
 */
export type ApiTokenAuthenticator = (args: { token: string; request: FastifyRequest }) => MaybeUser;

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A form sent after its session ended (idle or absolute expiry) from a page of this site: the
 * request carries the old session cookie and a CSRF token made for that session. The editor's
 * input is then carried through the login page instead of being thrown away (see registerAdminGuard).
 */
const expiredSessionKeys = new WeakMap<FastifyRequest, string>();
const resumableRequests = new WeakSet<FastifyRequest>();
/** The prefix of the hidden fields that carry a form's input through the login page. */
export const RESUME_PREFIX = 'resume:';
const maxResumeFields = 50;

function isUrlEncodedPost(request: FastifyRequest): boolean {
  return request.method === 'POST' && String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/** A form body's text fields (the CSRF token left out), at most maxResumeFields. */
function formFieldsOf(body: unknown, { prefix = '' }: { prefix?: string } = {}): [string, string][] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && entry[0] !== CSRF_FIELD && typeof entry[1] === 'string')
    .map(([name, value]): [string, string] => [name.slice(prefix.length), value])
    .filter(([name]) => name !== '' && name !== CSRF_FIELD)
    .slice(0, maxResumeFields);
}

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && value.length <= 200 ? value : undefined;
}

/** Who acts in this request, for the audit log. Only for signed-in requests. */
export function actorOf(request: FastifyRequest): Actor | undefined {
  return request.user ? { id: request.user.id, email: request.user.email, ip: request.ip } : undefined;
}

/** Who acts, on a route a guard (admin guard, API token) has already signed in: the user as the use cases record them. */
export function requireActor(request: FastifyRequest): Actor & { name: string } {
  const user = request.user;
  if (!user) throw new Error(`${request.url} reached without a user: its guard must run first`);
  return { id: user.id, email: user.email, name: user.name, ip: request.ip };
}

/**
 * Registered once on the root app, before any route: sets `request.user` from the session cookie
 * (or an API token) and `request.csrfToken`, and refuses every POST/PUT/PATCH/DELETE without a
 * valid CSRF token with 403, before its handler runs.
 */
export function registerAuthHooks({ app, authenticateApiToken }: { app: FastifyInstance; authenticateApiToken?: ApiTokenAuthenticator }, deps: Dependencies): void {
  // Per request and server-side only: the session's digest (for the CSRF token), API-token requests, and requests whose CSRF cookie was just made.
  const sessionKeys = new WeakMap<FastifyRequest, string>();
  const apiTokenRequests = new WeakSet<FastifyRequest>();
  const freshSecrets = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request, reply) => {
    // Fingerprinted static files need no user and carry no form: spare them the session lookup.
    if ((request.method === 'GET' || request.method === 'HEAD') && request.url.startsWith('/assets/')) return;
    const authorization = request.headers.authorization;
    if (authenticateApiToken && authorization?.startsWith('Bearer ')) {
      const result = await authenticateApiToken({ token: authorization.slice('Bearer '.length).trim(), request });
      if (result !== 'not_ours') {
        if (!result || 'refused' in result) {
          const { status, code, title } = result?.refused ?? { status: 401, code: 'auth.invalid_token', title: 'Ugyldig API-nøgle.' };
          if (status === 401) reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
          return sendProblem(reply, { status, title, code });
        }
        request.user = result;
        apiTokenRequests.add(request);
        return;
      }
    }

    const token = sessionToken(request);
    if (token) {
      const session = await findSession({ token }, deps);
      if (session) {
        request.user = session.user;
        sessionKeys.set(request, session.sessionKey);
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        expiredSessionKeys.set(request, sessionKeyOf(token));
      }
    }

    let secret = request.cookies[CSRF_COOKIE];
    if (!secret || secret.length < 32 || secret.length > 100) {
      secret = createSecret();
      request.cookies[CSRF_COOKIE] = secret;
      // A brand-new secret cannot match any token the request carries; it is sent (onSend) only with pages and JSON.
      freshSecrets.add(request);
    }
    request.csrfToken = createCsrfToken({ secret, sessionKey: sessionKeys.get(request) });
  });

  // The new secret goes out only with what carries a token: pages and /csrf-token. Never with redirects, assets,
  // PDFs or the open-data JSON (/api/v1, /healthz), so those stay cacheable and a cache in front that keeps one
  // never hands the same secret to every reader. It lives as long as the browser session.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!freshSecrets.has(request)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    const carriesToken = type.startsWith('text/html') || (type.startsWith('application/json') && request.url.split('?')[0] === CSRF_TOKEN_PATH);
    if (carriesToken) reply.setCookie(CSRF_COOKIE, request.cookies[CSRF_COOKIE] ?? '', cookieOptions(request));
    return payload;
  });

  // After the body is parsed (forms carry the token as `_csrf`), before any handler.
  app.addHook('preHandler', async (request, reply) => {
    if (!stateChanging.has(request.method) || apiTokenRequests.has(request)) return;
    // Logging out without a live session changes nothing, so a page left open past the idle expiry may still do it.
    if (request.method === 'POST' && request.url === '/log-ud' && !request.user) return;
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const header = request.headers[CSRF_HEADER];
    const query = request.query as Record<string, unknown> | undefined;
    // Multipart bodies are streamed by their handler, so their form puts the token in the action URL.
    const isMultipart = String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const given = typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : typeof header === 'string' ? header : isMultipart && typeof query?.[CSRF_FIELD] === 'string' ? (query[CSRF_FIELD] as string) : undefined;
    if (!freshSecrets.has(request) && isValidCsrfToken({ token: given, secret: request.cookies[CSRF_COOKIE], sessionKey: sessionKeys.get(request) })) return;
    // A form from this site whose session has ended since the page was loaded: the token proves where it came from.
    const expiredKey = expiredSessionKeys.get(request);
    if (expiredKey && !freshSecrets.has(request) && isValidCsrfToken({ token: given, secret: request.cookies[CSRF_COOKIE], sessionKey: expiredKey })) {
      resumableRequests.add(request);
      return;
    }
    request.log.info({ code: 'auth.csrf' }, 'request refused: missing or invalid CSRF token');
    // A cached public page's login dialog carries no token (the copy is shared), so without
    // JavaScript the first try arrives without one: show the login form again with a fresh token
    // and the e-mail kept, log nobody in, and ask for the password once more.
    if (request.method === 'POST' && request.url.split('?')[0] === '/log-ind' && !wantsJsonOnly(request)) return sendLoginRetry({ request, reply }, deps);
    return sendRefusal({ request, reply, status: 403, code: 'auth.csrf', title: 'auth.csrfTitle', text: 'auth.csrfText' }, deps);
  });
}

async function sendLoginRetry({ request, reply }: { request: FastifyRequest; reply: FastifyReply }, deps: Dependencies) {
  const ctx = await createViewContext({ request }, deps);
  const body = (request.body ?? {}) as LoginBody;
  const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
  const returnTo = safeReturnTo(body.returnTo);
  return reply
    .code(403)
    .header('Cache-Control', LOGIN_PAGE_CACHE_CONTROL)
    .type('text/html; charset=utf-8')
    .send(renderPage(<LoginPage ctx={ctx} state={{ email, returnTo, fieldErrors: { password: ctx.t('auth.loginRetry') } }} />));
}

async function sendRefusal(
  { request, reply, status, code, title, text }: { request: FastifyRequest; reply: FastifyReply; status: number; code: string; title: 'auth.csrfTitle' | 'auth.forbiddenTitle'; text: 'auth.csrfText' | 'auth.forbiddenText' },
  deps: Dependencies,
) {
  const ctx = await createViewContext({ request }, deps);
  if (request.url.startsWith('/api/') || wantsJsonOnly(request)) {
    return sendProblem(reply, { status, title: ctx.t(title), detail: ctx.t(text), code });
  }
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(<ErrorPage ctx={ctx} title={ctx.t(title)} message={ctx.t(text)} />));
}

const loginRequired = { status: 401, title: 'Log ind for at fortsætte.', code: 'auth.required' };

function wantsJsonOnly(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Every route under /admin: readers are sent to log in (pages) or get 401 (JSON). */
/**
 * Where to go after logging in: the page asked for, or, for a form sent (POST), the page it was sent
 * from (its Referer, when on this site): an action address such as …/pdf or …/udgiv has no page of its own.
 */
function loginUrlFor(request: FastifyRequest): string {
  if (request.method === 'GET' || request.method === 'HEAD') return `/log-ind?returnTo=${encodeURIComponent(request.url)}`;
  let from: string | undefined;
  try {
    const referer = new URL(String(request.headers.referer ?? ''));
    if (referer.host === request.host) from = safeReturnTo(`${referer.pathname}${referer.search}`);
  } catch {
    from = undefined;
  }
  return `/log-ind?returnTo=${encodeURIComponent(from ?? '/admin')}`;
}

export function registerAdminGuard({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.user) return;
    if (wantsJsonOnly(request)) return sendProblem(reply, loginRequired);
    // A form sent after the session ended: decided once its body is read (below), so the input is not lost.
    if (expiredSessionKeys.has(request) && isUrlEncodedPost(request)) return;
    return reply.redirect(loginUrlFor(request), 303);
  });
  // Runs after the CSRF check: only a form from this site (its token made for the ended session) is carried
  // through the login page; nothing is changed before the editor has logged in and sent it again.
  app.addHook('preHandler', async (request, reply) => {
    if (request.user) return;
    if (!resumableRequests.has(request)) return reply.redirect(loginUrlFor(request), 303);
    const ctx = await createViewContext({ request }, deps);
    const resume = formFieldsOf(request.body);
    return reply
      .code(401)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderPage(<LoginPage ctx={ctx} state={{ returnTo: request.url, resume, notice: ctx.t('auth.sessionEndedResume') }} />));
  });
}

/**
 * A role guard for a group of routes (register it inside the group's plugin, after the admin
 * guard): `registerRoleGuard({ app: group, role: 'admin' }, deps)`. Editors get 403.
 */
export function registerRoleGuard({ app, role }: { app: FastifyInstance; role: UserRole }, deps: Dependencies): void {
  app.addHook('onRequest', requireRole({ role }, deps));
}

/** The same check for one route: `app.post('/x', { onRequest: requireRole({ role: 'admin' }, deps) }, handler)`. */
export function requireRole({ role }: { role: UserRole }, deps: Dependencies) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user) {
      if (wantsJsonOnly(request)) return sendProblem(reply, loginRequired);
      return reply.redirect(loginUrlFor(request), 303);
    }
    if (role === 'admin' && request.user.role !== 'admin') {
      return sendRefusal({ request, reply, status: 403, code: 'auth.forbidden', title: 'auth.forbiddenTitle', text: 'auth.forbiddenText' }, deps);
    }
  };
}

type LoginBody = { email?: unknown; password?: unknown; returnTo?: unknown };

export function registerAuthRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/log-ind', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    if (request.user) return reply.redirect(returnTo ?? '/admin', 303);
    const ctx = await createViewContext({ request }, deps);
    return reply.header('Cache-Control', LOGIN_PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={ctx} state={{ returnTo }} />));
  });

  app.post('/log-ind', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const body = (request.body ?? {}) as LoginBody;
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const returnTo = safeReturnTo(body.returnTo);
    // The input of a form sent after its session ended (registerAdminGuard), carried through this login.
    const resume = returnTo ? formFieldsOf(request.body, { prefix: RESUME_PREFIX }) : [];
    const fieldErrors = { email: email ? undefined : ctx.t('auth.emailRequired'), password: password ? undefined : ctx.t('auth.passwordRequired') };
    // Carried input (and, once logged in, the page that sends it with a new token) is this editor's alone.
    if (resume.length > 0) reply.header('Cache-Control', LOGIN_PAGE_CACHE_CONTROL);
    const render = (status: number, state: { error?: string; fieldErrors?: typeof fieldErrors }) =>
      reply.code(status).header('Cache-Control', LOGIN_PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={ctx} state={{ email, returnTo, resume, notice: resume.length > 0 ? ctx.t('auth.sessionEndedResume') : undefined, ...state }} />));
    if (fieldErrors.email || fieldErrors.password) return render(422, { fieldErrors });
    try {
      const { token } = await logIn({ email, password, ip: request.ip }, deps);
      // The session this browser had (another user, or the same) ends: it is not left alive beside the new one.
      const previous = sessionToken(request);
      if (previous) await logOut({ token: previous }, deps);
      // A new session id at every login: a planted cookie never becomes a signed-in session.
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: deps.config.sessionMaxDays * 86400 });
      if (returnTo && resume.length > 0) {
        // Signed in again: the editor sends what they wrote with one button, with a token for the new session.
        const csrfToken = createCsrfToken({ secret: request.cookies[CSRF_COOKIE] ?? '', sessionKey: sessionKeyOf(token) });
        return reply.type('text/html; charset=utf-8').send(renderPage(<ResumeFormPage ctx={{ ...ctx, csrfToken }} action={returnTo} fields={resume} />));
      }
      return reply.redirect(returnTo ?? '/admin', 303);
    } catch (error) {
      if (isAppError(error) && error.code === 'auth.invalid_credentials') return render(422, { error: ctx.t('auth.invalidCredentials') });
      if (isAppError(error) && error.code === 'auth.rate_limited') {
        const retryAt = new Date(String(error.details?.retryAt));
        const seconds = Math.max(1, Math.ceil((retryAt.getTime() - deps.clock.now().getTime()) / 1000));
        const time = new Intl.DateTimeFormat(ctx.locale === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' }).format(retryAt);
        reply.header('Retry-After', String(seconds));
        return render(429, { error: ctx.t('auth.rateLimited', { time, minutes: Math.ceil(seconds / 60) }) });
      }
      throw error;
    }
  });

  app.post('/log-ud', async (request, reply) => {
    const token = sessionToken(request);
    if (token) await logOut({ token, actor: actorOf(request) }, deps);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Done = Promise<unknown>;

/** /admin/brugere: admins list, add, disable/enable users and change their role. Register behind the admin role guard. */
export function registerUserAdminRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const renderUsers = async ({ request, reply, status = 200, newUser, notice, error }: { request: FastifyRequest; reply: FastifyReply; status?: number; newUser?: NewUserFormState; notice?: string; error?: string }) => {
    const ctx = await createViewContext({ request }, deps);
    const users = await listUsers({ db: deps.db });
    return reply.code(status).type('text/html; charset=utf-8').send(renderPage(<UsersPage ctx={ctx} users={users} newUser={newUser} notice={notice} error={error} minPasswordLength={minPasswordLength} />));
  };

  app.get('/brugere', async (request, reply) => {
    const changedId = (request.query as Record<string, unknown>).gemt;
    const changed = typeof changedId === 'string' ? (await listUsers({ db: deps.db })).find((u) => u.id === changedId) : undefined;
    const ctx = await createViewContext({ request }, deps);
    return renderUsers({ request, reply, notice: changed ? ctx.t('auth.usersUpdated', { email: changed.email }) : undefined });
  });

  app.post('/brugere', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const email = text('email').trim().slice(0, 320);
    const name = text('name').trim();
    const password = text('password');
    const role = text('role');
    const fieldErrors: NonNullable<NewUserFormState['fieldErrors']> = {};
    if (!emailPattern.test(email) || email.length > 254) fieldErrors.email = ctx.t('auth.userEmailInvalid');
    if (name.length > 200) fieldErrors.name = ctx.t('auth.userNameTooLong');
    if (role !== 'admin' && role !== 'editor') fieldErrors.role = ctx.t('auth.userRoleInvalid');
    if (password.length < minPasswordLength || password.length > 1000) fieldErrors.password = ctx.t('auth.userPasswordShort', { min: minPasswordLength });
    const state: NewUserFormState = { email, name, role: role === 'admin' ? 'admin' : 'editor', fieldErrors };
    if (Object.keys(fieldErrors).length > 0) return renderUsers({ request, reply, status: 422, newUser: state });
    try {
      const user = await createUser({ email, name, role: role as UserRole, password, actor: actorOf(request) }, deps);
      return reply.redirect(`/admin/brugere?gemt=${encodeURIComponent(user.id)}`, 303);
    } catch (error) {
      if (isAppError(error) && error.code === 'auth.email_taken') return renderUsers({ request, reply, status: 422, newUser: { ...state, fieldErrors: { email: ctx.t('auth.userEmailTaken') } } });
      throw error;
    }
  });

  type ChangeRun = (args: { id: string; body: Record<string, unknown>; request: FastifyRequest }) => Done;
  const change = (path: string, run: ChangeRun) => {
    app.post<{ Params: { id: string } }>(`/brugere/:id/${path}`, async (request, reply) => {
      const ctx = await createViewContext({ request }, deps);
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await run({ id: request.params.id, body, request });
        return reply.redirect(`/admin/brugere?gemt=${encodeURIComponent(request.params.id)}`, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'auth.last_admin') return renderUsers({ request, reply, status: 409, error: ctx.t('auth.lastAdmin') });
        if (isAppError(error) && error.code === 'auth.invalid_input') return renderUsers({ request, reply, status: 422, error: ctx.t('auth.userRoleInvalid') });
        throw error;
      }
    });
  };
  change('rolle', ({ id, body, request }) => changeUserRole({ id, role: body.role as UserRole, actor: actorOf(request) }, deps));
  change('deaktiver', ({ id, request }) => disableUser({ id, actor: actorOf(request) }, deps));
  change('aktiver', ({ id, request }) => enableUser({ id, actor: actorOf(request) }, deps));
}
