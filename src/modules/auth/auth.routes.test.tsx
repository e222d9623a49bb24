import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../app.test-utils.js';
import { createAnonymousCsrf, createTestUser, loginAs, postLogin } from './auth.test-utils.js';
import { CSRF_COOKIE, LOGIN_PAGE_CACHE_CONTROL, SESSION_COOKIE } from './auth.routes.js';
import { disableUser } from './auth.usecases.js';

const setup = useTestApp();

describe('logging in', () => {
  it('a right password opens a session in an HttpOnly, SameSite=Lax cookie and goes to /admin', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({ role: 'editor' }, deps);
    const response = await postLogin({ app, email: user.email.toUpperCase(), password: user.password });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin');
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();
    const admin = await app.inject({ url: '/admin/log', headers: { cookie: `${SESSION_COOKIE}=${cookie?.value}` } });
    expect(admin.statusCode).not.toBe(303);
  });

  it('the session cookie is Secure when the request came over TLS', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const { cookie, csrfToken } = createAnonymousCsrf();
    const response = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie, 'x-forwarded-proto': 'https' }, payload: { email: user.email, password: user.password, _csrf: csrfToken } });
    expect(response.statusCode).toBe(303);
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    expect(response.headers['strict-transport-security']).toContain('max-age=');
  });

  it('a return address with letters beyond Latin-1 (€) is followed after logging in, instead of a 500 once the session is made', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const response = await postLogin({ app, email: user.email, password: user.password, returnTo: '/admin/beretninger?q=€' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/beretninger?q=%E2%82%AC');
  });

  it('every login gets a new session id', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const first = (await postLogin({ app, email: user.email, password: user.password })).cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    const second = (await postLogin({ app, email: user.email, password: user.password })).cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(first).not.toBe(second);
  });

  it('logging in again ends the session the browser had, so it does not stay alive beside the new one', async () => {
    const { app, deps } = await setup();
    const first = await loginAs({ app, deps, role: 'admin' });
    const other = await createTestUser({ role: 'editor' }, deps);
    const response = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: first.cookie }, payload: { email: other.email, password: other.password, _csrf: first.csrfToken } });
    expect(response.statusCode).toBe(303);
    expect((await app.inject({ url: '/admin/brugere', headers: { cookie: first.cookie } })).statusCode).toBe(303);
  });

  it('goes back to a local returnTo, never to another site', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    expect((await postLogin({ app, email: user.email, password: user.password, returnTo: '/admin/log?side=2' })).headers.location).toBe('/admin/log?side=2');
    expect((await postLogin({ app, email: user.email, password: user.password, returnTo: '//evil.example/x' })).headers.location).toBe('/admin');
    expect((await postLogin({ app, email: user.email, password: user.password, returnTo: 'https://evil.example/' })).headers.location).toBe('/admin');
  });

  it('an unknown e-mail and a wrong password get the same message, 422, and the e-mail stays in the form', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const wrong = await postLogin({ app, email: user.email, password: 'forkert-adgangskode' });
    const unknown = await postLogin({ app, email: 'ingen@eksempel.dk', password: 'forkert-adgangskode' });
    expect(wrong.statusCode).toBe(422);
    expect(unknown.statusCode).toBe(422);
    expect(wrong.body).toContain('E-mail eller adgangskode er forkert.');
    expect(unknown.body).toContain('E-mail eller adgangskode er forkert.');
    expect(wrong.body).toContain(`value="${user.email}"`);
    expect(wrong.cookies.find((c) => c.name === SESSION_COOKIE && c.value)).toBeUndefined();
  });

  it('empty fields are named in an error summary', async () => {
    const { app } = await setup();
    const response = await postLogin({ app, email: '', password: '' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Skriv din e-mail.');
    expect(response.body).toContain('Skriv din adgangskode.');
  });

  it('a disabled user cannot log in, and their open sessions end at once', async () => {
    const { app, deps } = await setup();
    const admin = await createTestUser({ role: 'admin' }, deps);
    const { cookie, user } = await loginAs({ app, deps, role: 'editor' });
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).not.toBe(303);
    await disableUser({ id: user.id, actor: { id: admin.id, email: admin.email, ip: '127.0.0.1' } }, deps);
    const after = await app.inject({ url: '/admin/log', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/log-ind?returnTo=%2Fadmin%2Flog');
    const again = await postLogin({ app, email: user.email, password: 'korrekt-hest-batteri-1' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('E-mail eller adgangskode er forkert.');
  });
});

describe('access rules', () => {
  it('an anonymous reader is sent from /admin pages to the login page', async () => {
    const { app } = await setup();
    const response = await app.inject({ url: '/admin/brugere' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/log-ind?returnTo=%2Fadmin%2Fbrugere');
  });

  it('an anonymous JSON request to /admin gets 401', async () => {
    const { app } = await setup();
    const response = await app.inject({ url: '/admin/brugere', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'auth.required' });
  });

  it('the login page carries returnTo into the form', async () => {
    const { app } = await setup();
    const response = await app.inject({ url: '/log-ind?returnTo=%2Fadmin%2Flog' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('name="returnTo" value="/admin/log"');
  });
});

describe('CSRF', () => {
  it('a POST without a token gets 403 with a Danish page and logs nobody in', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const { cookie } = createAnonymousCsrf();
    const response = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie }, payload: { email: user.email, password: user.password } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Af sikkerhedshensyn skal du skrive din adgangskode igen');
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('without JavaScript, logging in from a cached page (its dialog has no token) shows the login form again with a fresh token; the second try logs in', async () => {
    const { app, deps } = await setup({ reports: [{ year: 2024 }] });
    const user = await createTestUser({}, deps);
    await app.inject('/');
    const cached = await app.inject('/');
    expect(cached.headers['cache-control']).toContain('public');
    const emptyToken = /name="_csrf" value="([^"]*)"/.exec(cached.body)?.[1];
    expect(emptyToken).toBe('');
    expect(cached.cookies).toHaveLength(0);

    // A new browser without JavaScript sends the dialog as it is: no cookie, an empty token.
    const first = await app.inject({ method: 'POST', url: '/log-ind', payload: { _csrf: '', email: user.email, password: user.password, returnTo: '/admin/beretninger' } });
    expect(first.statusCode).toBe(403);
    expect(first.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    expect(first.headers['cache-control']).toBe(LOGIN_PAGE_CACHE_CONTROL);
    expect(first.body).toContain('Af sikkerhedshensyn skal du skrive din adgangskode igen. Du er ikke logget ind endnu.');
    expect(first.body).toContain(`value="${user.email}"`);
    expect(first.body).toMatch(/<a href="#login-password"/);
    const secret = first.cookies.find((c) => c.name === CSRF_COOKIE)?.value ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(token).not.toBe('');

    const second = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: `${CSRF_COOKIE}=${secret}` }, payload: { _csrf: token, email: user.email, password: user.password, returnTo: /name="returnTo" value="([^"]+)"/.exec(first.body)?.[1] ?? '' } });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe('/admin/beretninger');
    expect(second.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBeTruthy();
  });

  it('in English, the second-try message is English', async () => {
    const { app } = await setup();
    const response = await app.inject({ method: 'POST', url: '/log-ind', headers: { 'accept-language': 'en' }, payload: { email: 'a@b.dk', password: 'x' } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('For your security, please enter your password again. You are not logged in yet.');
  });

  it('a POST without the CSRF cookie gets 403, even with a token from elsewhere', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const { csrfToken } = createAnonymousCsrf();
    const response = await app.inject({ method: 'POST', url: '/log-ind', payload: { email: user.email, password: user.password, _csrf: csrfToken } });
    expect(response.statusCode).toBe(403);
  });

  it('logging out without a token is refused and the session stays', async () => {
    const { app, deps } = await setup();
    const { cookie } = await loginAs({ app, deps });
    expect((await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie }, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie, 'x-csrf-token': 'forkert' }, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).not.toBe(303);
  });

  it('the anonymous token does not work once signed in: the token is bound to the session', async () => {
    const { app, deps } = await setup();
    const { cookie } = await loginAs({ app, deps });
    const secret = cookie.split(`${CSRF_COOKIE}=`)[1] ?? '';
    const { createCsrfToken } = await import('./auth.models.js');
    const anonymousToken = createCsrfToken({ secret, sessionKey: undefined });
    expect((await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie }, payload: { _csrf: anonymousToken } })).statusCode).toBe(403);
  });

  it('logging out after the session has expired just goes to the front page', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    deps.clock.advance(9 * 3600_000);
    const out = await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie }, payload: { _csrf: csrfToken } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/');
  });

  it('the header x-csrf-token is accepted instead of the form field', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    expect((await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie, 'x-csrf-token': csrfToken }, payload: {} })).statusCode).toBe(303);
  });

  it('every page gives a reader a CSRF cookie and puts the matching token in the login dialog', async () => {
    const { app } = await setup();
    const response = await app.inject({ url: '/' });
    const cookie = response.cookies.find((c) => c.name === CSRF_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    expect(token).toBeTruthy();
    const { createCsrfToken } = await import('./auth.models.js');
    expect(token).toBe(createCsrfToken({ secret: cookie?.value ?? '', sessionKey: undefined }));
  });
});

describe('security headers', () => {
  it('every response has a strict CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    const { app } = await setup();
    for (const url of ['/', '/log-ind', '/findes-ikke', '/admin']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('cookies stay off cacheable responses', () => {
  it('redirects, assets and PDFs set no cookie; pages set the CSRF cookie', async () => {
    const { app } = await setup({ reports: [{ year: 2023 }] });
    const front = await app.inject({ url: '/' });
    expect(front.cookies.map((c) => c.name)).toEqual([CSRF_COOKIE]);
    const css = /href="(\/assets\/css\/site\.[^"]+)"/.exec(front.body)?.[1] ?? '';
    expect((await app.inject({ url: css })).headers['set-cookie']).toBeUndefined();
    const pdf = /href="(\/filer\/[^"]+\.pdf)"/.exec(front.body)?.[1] ?? '';
    const download = await app.inject({ url: pdf });
    expect(download.statusCode).toBe(200);
    expect(download.headers['set-cookie']).toBeUndefined();
    expect((await app.inject({ url: '/admin/log' })).headers['set-cookie']).toBeUndefined();
  });

  it('the login page and a failed login, which carry the reader\'s own CSRF token and cookie, may be kept by no cache; public pages with the login dialog stay cached', async () => {
    const { app, deps } = await setup({ reports: [{ year: 2023 }] });
    const user = await createTestUser({}, deps);
    const page = await app.inject({ url: '/log-ind' });
    expect(page.statusCode).toBe(200);
    expect(page.cookies.map((c) => c.name)).toEqual([CSRF_COOKIE]);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const failed = await postLogin({ app, email: user.email, password: 'forkert-adgangskode' });
    expect(failed.statusCode).toBe(422);
    expect(failed.headers['cache-control']).toBe('private, no-store');
    const empty = await postLogin({ app, email: '', password: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.headers['cache-control']).toBe('private, no-store');
    // The front page embeds the login dialog: its first render is the reader's own, the copies after it are public.
    expect((await app.inject({ url: '/' })).headers['cache-control']).toBe('private, no-cache');
    const cached = await app.inject({ url: '/' });
    expect(cached.headers['cache-control']).toContain('public');
    expect(cached.body).toContain('id="log-ind-dialog"');
  });

  it('the open-data JSON sets no cookie, so a cache in front never hands one reader\'s CSRF secret to all; /csrf-token does', async () => {
    const { app } = await setup({ reports: [{ year: 2023 }] });
    for (const url of ['/api/v1/reports', '/api/v1/reports/2023', '/api/v1/organisation', '/api/v1/search?q=klima', '/api/v1/openapi.json', '/healthz']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['set-cookie'], url).toBeUndefined();
    }
    const token = await app.inject({ url: '/csrf-token' });
    expect(token.cookies.map((c) => c.name)).toEqual([CSRF_COOKIE]);
  });
});

describe('several instances', () => {
  it('share sessions and the login rate limit through the database', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createTestDependencies } = await import('../../dependencies.test-utils.js');
    const { createApp } = await import('../../app.js');
    const dir = await mkdtemp(join(tmpdir(), 'beretning-instances-'));
    const databaseUrl = process.env.TEST_DATABASE_URL ? undefined : `sqlite:${join(dir, 'shared.db')}`;
    if (!databaseUrl) {
      await rm(dir, { recursive: true, force: true });
      return; // on PostgreSQL each test app has its own schema; the SQLite file shows the same thing
    }
    const depsA = await createTestDependencies({ databaseUrl });
    const depsB = await createTestDependencies({ databaseUrl });
    const appA = await createApp(depsA);
    const appB = await createApp(depsB);
    try {
      const { cookie } = await loginAs({ app: appA, deps: depsA, role: 'admin' });
      expect((await appB.inject({ url: '/admin/log', headers: { cookie } })).statusCode).toBe(200);
      const user = await createTestUser({}, depsA);
      for (let i = 0; i < 5; i += 1) {
        const target = i % 2 === 0 ? appA : appB;
        expect((await postLogin({ app: target, email: user.email, password: 'forkert-forkert', ip: '10.1.1.1' })).statusCode).toBe(422);
      }
      expect((await postLogin({ app: appA, email: user.email, password: user.password, ip: '10.1.1.1' })).statusCode).toBe(429);
      expect((await postLogin({ app: appB, email: user.email, password: user.password, ip: '10.1.1.1' })).statusCode).toBe(429);
    } finally {
      await appA.close();
      await appB.close();
      await depsA.close();
      await depsB.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
