import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { createAnonymousCsrf, loginAs, testPassword } from '../auth/auth.test-utils.js';
import { disableUser, enableUser, resetPassword } from '../auth/auth.usecases.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => { await current?.close(); current = undefined; });

async function setUp() {
  current = await createTestApp({ reports: [{ year: 2020 }] });
  return current;
}

/** Creates a token through the workspace form, as an editor would; returns the token shown once. */
async function createToken({ app, cookie, csrfToken, name = 'Mit script', scope = 'write', days = '90' }: { app: TestApp['app']; cookie: string; csrfToken: string; name?: string; scope?: string; days?: string }) {
  const response = await app.inject({ method: 'POST', url: '/admin/api-noegler', headers: { cookie }, payload: { _csrf: csrfToken, name, scope, days } });
  expect(response.statusCode).toBe(201);
  expect(response.headers['cache-control']).toBe('no-store');
  const token = /id="ny-noegle"[^>]*value="(brt_[A-Za-z0-9_-]{43})"|value="(brt_[A-Za-z0-9_-]{43})"[^>]*id="ny-noegle"/.exec(response.body);
  const value = token?.[1] ?? token?.[2];
  if (!value) throw new Error(`no token on the page:\n${response.body}`);
  return { token: value, page: response.body };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens in the workspace', () => {
  it('an editor finds the page in the navigation, creates a token shown once, and the database holds only its hash', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps, role: 'editor' });
    const workspace = await app.inject({ url: '/admin', headers: { cookie: editor.cookie } });
    expect(workspace.body).toContain('href="/admin/api-noegler"');
    const empty = await app.inject({ url: '/admin/api-noegler', headers: { cookie: editor.cookie } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Du har ingen API-nøgler.');

    const { token, page } = await createToken({ app, ...editor, name: 'Udgivelsesscript' });
    expect(page).toContain('Kopiér nøglen nu');
    const list = await app.inject({ url: '/admin/api-noegler', headers: { cookie: editor.cookie } });
    expect(list.body).toContain('Udgivelsesscript');
    expect(list.body).toContain(`${token.slice(0, 12)}…`);
    expect(list.body).toContain('Læse og skrive');
    expect(list.body).toContain('Aldrig');
    expect(list.body).not.toContain(token);

    const rows = await deps.db.selectFrom('apiTokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token.slice(12));
    expect(rows[0]?.expiresAt).toBe('2026-08-30T10:00:00.000Z'); // 90 days from the test clock
    const audit = await deps.db.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'token.created').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).not.toContain(token.slice(12));
  });

  it('a form with a missing name or an expiry over a year is refused with linked messages and nothing stored', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const response = await app.inject({ method: 'POST', url: '/admin/api-noegler', headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, name: '  ', scope: 'admin', days: '1000' } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('data-error-summary');
    expect(response.body).toContain('href="#noegle-navn"');
    expect(response.body).toContain('Skriv et navn til nøglen.');
    expect(response.body).toContain('Vælg om nøglen må læse eller også skrive.');
    expect(response.body).toContain('30, 90 eller 365 dage');
    expect(response.body).toMatch(/id="noegle-navn"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="noegle-navn"/);
    expect(await deps.db.selectFrom('apiTokens').selectAll().execute()).toHaveLength(0);
  });

  it('creating or revoking without the CSRF token is refused', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const response = await app.inject({ method: 'POST', url: '/admin/api-noegler', headers: { cookie: editor.cookie }, payload: { name: 'x', scope: 'read', days: '30' } });
    expect(response.statusCode).toBe(403);
    expect(await deps.db.selectFrom('apiTokens').selectAll().execute()).toHaveLength(0);
  });

  it('a revoked token answers 401; another editor cannot revoke it', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const other = await loginAs({ app, deps, email: 'anden-redaktoer@eksempel.dk' });
    const { token } = await createToken({ app, ...editor, scope: 'read' });
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).statusCode).toBe(200);
    const row = await deps.db.selectFrom('apiTokens').select('id').executeTakeFirstOrThrow();

    const foreign = await app.inject({ method: 'POST', url: `/admin/api-noegler/${row.id}/tilbagekald`, headers: { cookie: other.cookie }, payload: { _csrf: other.csrfToken } });
    expect(foreign.statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).statusCode).toBe(200);

    const revoke = await app.inject({ method: 'POST', url: `/admin/api-noegler/${row.id}/tilbagekald`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect(revoke.statusCode).toBe(303);
    const after = await app.inject({ url: String(revoke.headers.location), headers: { cookie: editor.cookie } });
    expect(after.body).toContain('er tilbagekaldt');
    expect(after.body).toContain('Tilbagekaldt');
    const refused = await app.inject({ url: '/api/v1/reports', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(refused.json()).toMatchObject({ status: 401, code: 'tokens.revoked', title: 'API-nøglen er tilbagekaldt.' });
  });

  it('an expired token answers 401, in the reader’s language', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const { token } = await createToken({ app, ...editor, days: '30' });
    deps.clock.advance(29 * 86_400_000);
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).statusCode).toBe(200);
    deps.clock.advance(2 * 86_400_000);
    const refused = await app.inject({ url: '/api/v1/reports', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'tokens.expired', title: 'API-nøglen er udløbet. Opret en ny i arbejdsområdet.' });
    const english = await app.inject({ url: '/api/v1/reports', headers: { ...bearer(token), 'accept-language': 'en' } });
    expect(english.json().title).toBe('The API token has expired. Create a new one in the workspace.');
    // The session from a month ago has ended too; the editor signs in again and sees the token as expired.
    const csrf = createAnonymousCsrf();
    const login = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: csrf.cookie }, payload: { email: editor.user.email, password: testPassword, _csrf: csrf.csrfToken } });
    const session = login.cookies.find((c) => c.name === 'beretning_session')?.value;
    const list = await app.inject({ url: '/admin/api-noegler', headers: { cookie: `beretning_session=${session}` } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Udløbet');
    expect(list.body).not.toContain('>Tilbagekald<');
  });

  it('an unknown token, a malformed one and the token of a disabled user answer 401', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const { token } = await createToken({ app, ...editor });
    for (const wrong of [`brt_${'x'.repeat(43)}`, 'nonsense', '']) {
      const res = await app.inject({ url: '/api/v1/reports', headers: bearer(wrong) });
      expect(res.statusCode, wrong).toBe(401);
      expect(res.json().code).toBe('tokens.invalid');
    }
    await disableUser({ id: editor.user.id }, deps);
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('an admin sees other users\' active tokens and revokes one, audited with its owner; the owner\'s script is refused', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const admin = await loginAs({ app, deps, role: 'admin' });
    const { token } = await createToken({ app, ...editor, name: 'Eksport\u202Etxt.exe' });
    const row = await deps.db.selectFrom('apiTokens').select(['id', 'userId']).executeTakeFirstOrThrow();
    const page = await app.inject({ url: '/admin/api-noegler', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Andre brugeres aktive nøgler');
    expect(page.body).toContain(`<bdi>${editor.user.email}</bdi>`);
    expect(page.body).toContain('<bdi>Eksport\u202Etxt.exe</bdi>');
    // An editor's page has no such section.
    expect((await app.inject({ url: '/admin/api-noegler', headers: { cookie: editor.cookie } })).body).not.toContain('Andre brugeres aktive nøgler');

    const revoke = await app.inject({ method: 'POST', url: `/admin/api-noegler/${row.id}/tilbagekald`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } });
    expect(revoke.statusCode).toBe(303);
    expect((await app.inject({ url: String(revoke.headers.location), headers: { cookie: admin.cookie } })).body).toContain('er tilbagekaldt');
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).json().code).toBe('tokens.revoked');
    const audit = await deps.db.selectFrom('auditLog').select(['actorId', 'details']).where('action', '=', 'token.revoked').executeTakeFirstOrThrow();
    expect(audit.actorId).toBe(admin.user.id);
    expect(JSON.parse(audit.details)).toMatchObject({ ownerUserId: row.userId });
  });

  it('disabling a user revokes their tokens (audited), so enabling them again does not bring the tokens back', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const { token } = await createToken({ app, ...editor });
    await disableUser({ id: editor.user.id }, deps);
    await enableUser({ id: editor.user.id }, deps);
    const refused = await app.inject({ url: '/api/v1/reports', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('tokens.revoked');
    expect(await deps.db.selectFrom('auditLog').select('action').where('action', '=', 'token.revoked').execute()).toHaveLength(1);
  });

  it('a password reset revokes the user\'s tokens with their sessions: a token made with a stolen session does not outlive it', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const { token } = await createToken({ app, ...editor });
    expect((await app.inject({ url: '/api/v1/reports', headers: bearer(token) })).statusCode).toBe(200);
    await resetPassword({ email: editor.user.email, password: 'et-helt-nyt-kodeord' }, deps);
    const refused = await app.inject({ url: '/api/v1/reports', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('tokens.revoked');
    const audit = await deps.db.selectFrom('auditLog').select('action').where('targetType', '=', 'api_token').execute();
    expect(audit.map((row) => row.action)).toContain('token.revoked');
  });

  it('a bearer value that is not ours is left alone outside the API (a proxy guarding /healthz or /metrics), but refused inside it', async () => {
    const { app, deps } = await setUp();
    const proxy = { authorization: 'Bearer proxy-secret-for-the-scraper' };
    expect((await app.inject({ url: '/healthz', headers: proxy })).statusCode).toBe(200);
    expect((await app.inject({ url: '/beretninger/2020', headers: proxy })).statusCode).toBe(200);
    expect((await app.inject({ url: '/admin', headers: proxy })).statusCode).toBe(303);
    expect((await app.inject({ url: '/api/v1/reports', headers: proxy })).statusCode).toBe(401);
    const { token } = await createToken({ app, ...(await loginAs({ app, deps })) });
    expect((await app.inject({ url: '/healthz', headers: bearer(token) })).statusCode).toBe(403);
  });

  it('a token never drives the HTML workspace, even with a session cookie beside it', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const { token } = await createToken({ app, ...editor });
    for (const [method, url] of [['GET', '/admin'], ['GET', '/admin/api-noegler'], ['POST', '/admin/api-noegler'], ['GET', '/beretninger/2020'], ['GET', '/api/v1/../admin']] as const) {
      const res = await app.inject({ method, url, headers: { ...bearer(token), cookie: editor.cookie }, payload: method === 'POST' ? { name: 'via token', scope: 'write', days: '365' } : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('tokens.api_only');
    }
    expect(await deps.db.selectFrom('apiTokens').selectAll().execute()).toHaveLength(1);
    const refusals = await deps.db.selectFrom('auditLog').select('details').where('action', '=', 'token.refused').execute();
    expect(refusals).toHaveLength(5);
  });
});
