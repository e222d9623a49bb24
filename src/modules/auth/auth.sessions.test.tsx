import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../app.test-utils.js';
import { createAnonymousCsrf, createTestUser, loginAs } from './auth.test-utils.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.routes.js';
import { createCsrfToken, sessionKeyOf } from './auth.models.js';

const setup = useTestApp();

describe('sessions', () => {
  it('end after the idle time', async () => {
    const { app, deps } = await setup();
    const { cookie } = await loginAs({ app, deps });
    deps.clock.advance(7 * 3600_000);
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).not.toBe(303);
    deps.clock.advance(7 * 3600_000);
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).not.toBe(303);
    deps.clock.advance(8 * 3600_000 + 1000);
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).toBe(303);
  });

  it('end at the absolute expiry however active', async () => {
    const { app, deps } = await setup({ config: { sessionMaxDays: 1, sessionIdleHours: 8 } });
    const { cookie } = await loginAs({ app, deps });
    for (let i = 0; i < 3; i += 1) {
      deps.clock.advance(7 * 3600_000);
      expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).not.toBe(303);
    }
    deps.clock.advance(4 * 3600_000);
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).toBe(303);
  });

  it('a form sent after the session ended is not lost: the login page carries it, and after logging in one button sends it', async () => {
    const { app, deps } = await setup({ reports: [{ year: 2024, title: 'Beretning 2024', foreword: 'Gammelt forord.' }] });
    const report = await deps.db.selectFrom('reports').select(['id', 'version']).where('year', '=', 2024).executeTakeFirstOrThrow();
    const user = await createTestUser({ role: 'editor' }, deps);
    const { cookie: anonymous, csrfToken: loginToken } = createAnonymousCsrf();
    const login = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: anonymous }, payload: { email: user.email, password: user.password, _csrf: loginToken } });
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const secret = anonymous.split('=')[1]!;
    const form = { year: '2024', title: 'Beretning 2024', periodStart: '', periodEnd: '', forewordMd: 'Et langt nyt forord, skrevet mens sessionen løb ud – æøå & <tegn>.', version: String(report.version) };
    // The editor's page was loaded with a token for that session; then the session ends while they write.
    const pageToken = createCsrfToken({ secret, sessionKey: sessionKeyOf(session) });
    deps.clock.advance(9 * 3600_000);

    // As a browser sends a form (application/x-www-form-urlencoded).
    const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const urlencoded = 'application/x-www-form-urlencoded';
    const sent = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${secret}`, 'content-type': urlencoded }, payload: formBody({ _csrf: pageToken, ...form }) });
    expect(sent.statusCode).toBe(401);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.body).toContain('Din session er udløbet');
    expect(sent.body).toContain('name="resume:forewordMd" value="Et langt nyt forord, skrevet mens sessionen løb ud – æøå &amp; &lt;tegn');
    expect((await deps.db.selectFrom('reports').select(['forewordMd']).where('id', '=', report.id).executeTakeFirstOrThrow()).forewordMd).toBe('Gammelt forord.');

    // Logging in from that page posts the carried fields along.
    const hidden = [...sent.body.matchAll(/<input type="hidden" name="(resume:[^"]+)" value(?:="([^"]*)")?/g)].map((m) => [m[1]!, (m[2] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')]);
    expect(hidden.map(([name]) => name)).toEqual(expect.arrayContaining(['resume:forewordMd', 'resume:version', 'resume:title']));
    const loginToken2 = createCsrfToken({ secret, sessionKey: undefined });
    const again = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: `${CSRF_COOKIE}=${secret}`, 'content-type': urlencoded }, payload: formBody({ email: user.email, password: user.password, _csrf: loginToken2, returnTo: `/admin/beretninger/${report.id}`, ...Object.fromEntries(hidden) }) });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Send det, du skrev');
    const newSession = again.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const resumeToken = /name="_csrf" value="([^"]+)"\/><input type="hidden" name="year"/.exec(again.body)?.[1];
    expect(resumeToken).toBe(createCsrfToken({ secret, sessionKey: sessionKeyOf(newSession) }));
    expect(again.body).toContain(`<form method="post" action="/admin/beretninger/${report.id}"`);

    const saved = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: `${SESSION_COOKIE}=${newSession}; ${CSRF_COOKIE}=${secret}`, 'content-type': urlencoded }, payload: formBody({ _csrf: resumeToken!, ...form }) });
    expect(saved.statusCode).toBe(303);
    expect((await deps.db.selectFrom('reports').select(['forewordMd']).where('id', '=', report.id).executeTakeFirstOrThrow()).forewordMd).toBe(form.forewordMd);
  });

  it('an upload sent after the session ended goes to the login page and back to the page it came from, not to the upload address', async () => {
    const { app, deps } = await setup();
    const { cookie } = await loginAs({ app, deps });
    deps.clock.advance(9 * 3600_000);
    const form = new FormData();
    form.append('pdf', new Blob([new Uint8Array([37, 80, 68, 70])], { type: 'application/pdf' }), 'a.pdf');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const sent = await app.inject({
      method: 'POST', url: '/admin/beretninger/abc/pdf?_csrf=x',
      headers: { cookie, host: 'beretning.example', referer: 'http://beretning.example/admin/beretninger/abc', 'content-type': request.headers.get('content-type') as string },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/log-ind?returnTo=${encodeURIComponent('/admin/beretninger/abc')}`);
    // Another site as Referer, or none: the workspace, never that site and never the action address.
    const foreign = await app.inject({ method: 'POST', url: '/admin/beretninger/abc/udgiv', headers: { referer: 'https://evil.example/admin/x', 'content-type': 'application/json' }, payload: '{}' });
    expect(foreign.headers.location).toBe(`/log-ind?returnTo=${encodeURIComponent('/admin')}`);
    expect((await app.inject({ url: '/admin/beretninger/abc' })).headers.location).toBe(`/log-ind?returnTo=${encodeURIComponent('/admin/beretninger/abc')}`);
  });

  it('a form from elsewhere is not carried after the session ended: without a token made for that session it is refused', async () => {
    const { app, deps } = await setup();
    const { cookie } = await loginAs({ app, deps });
    deps.clock.advance(9 * 3600_000);
    const forged = await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'year=2030&title=Falsk&_csrf=forkert' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Formularen kunne ikke sendes');
    expect(forged.body).not.toContain('Falsk');
  });

  it('logging out ends the session at once', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const out = await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie }, payload: { _csrf: csrfToken } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/');
    expect((await app.inject({ url: '/admin/log', headers: { cookie } })).statusCode).toBe(303);
  });
});
