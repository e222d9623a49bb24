import type { FastifyInstance } from 'fastify';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import { createSecret } from '../../shared/ids.js';
import type { RequestUser } from '../../shared/http.types.js';
import { createUser } from './auth.usecases.js';
import { createCsrfToken, sessionKeyOf } from './auth.models.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.routes.js';
import type { UserRole } from './auth.types.js';

export const testPassword = 'korrekt-hest-batteri-1';

let counter = 0;

/** A user in the database: `await createTestUser({ role: 'editor' }, deps)`. */
export async function createTestUser(
  { role = 'editor', email, name, password = testPassword }: { role?: UserRole; email?: string; name?: string; password?: string } = {},
  deps: { db: Db; clock: Clock },
): Promise<RequestUser & { password: string }> {
  counter += 1;
  const user = await createUser({ email: email ?? `${role}${counter}@eksempel.dk`, name: name ?? `Test ${role} ${counter}`, role, password }, deps);
  return { id: user.id, email: user.email, name: user.name, role: user.role, password };
}

/** A CSRF cookie and its token for a reader without a session (e.g. to post the login form). */
export function createAnonymousCsrf(): { cookie: string; csrfToken: string } {
  const secret = createSecret();
  return { cookie: `${CSRF_COOKIE}=${secret}`, csrfToken: createCsrfToken({ secret, sessionKey: undefined }) };
}

/**
 * Logs in through POST /log-ind, as a browser would. Use the result with app.inject:
 *
 *     const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
 *     await app.inject({ method: 'POST', url: '/admin/x', headers: { cookie }, payload: { _csrf: csrfToken, … } });
 *
 * (or send the token as header `x-csrf-token`).
 */
export async function loginAs({ app, deps, role = 'editor', email }: { app: FastifyInstance; deps: { db: Db; clock: Clock }; role?: UserRole; email?: string }): Promise<{ cookie: string; csrfToken: string; user: RequestUser }> {
  const { password, ...user } = await createTestUser({ role, email }, deps);
  const secret = createSecret();
  const response = await app.inject({
    method: 'POST',
    url: '/log-ind',
    headers: { cookie: `${CSRF_COOKIE}=${secret}` },
    payload: { email: user.email, password, _csrf: createCsrfToken({ secret, sessionKey: undefined }) },
  });
  const session = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (response.statusCode !== 303 || !session) throw new Error(`loginAs: login failed with ${response.statusCode}`);
  return { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${secret}`, csrfToken: createCsrfToken({ secret, sessionKey: sessionKeyOf(session) }), user };
}

/** Posts the login form as a reader without a session would, from `ip`. */
export async function postLogin({ app, email, password, ip = '10.0.0.1', returnTo }: { app: FastifyInstance; email: string; password: string; ip?: string; returnTo?: string }) {
  const { cookie, csrfToken } = createAnonymousCsrf();
  return app.inject({ method: 'POST', url: '/log-ind', remoteAddress: ip, headers: { cookie }, payload: { email, password, _csrf: csrfToken, ...(returnTo ? { returnTo } : {}) } });
}
