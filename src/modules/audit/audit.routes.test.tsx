import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { createAnonymousCsrf, createTestUser, loginAs } from '../auth/auth.test-utils.js';
import { recordAudit, runAsCommandLine } from './audit.usecases.js';
import { createUser } from '../auth/auth.usecases.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('/admin/log', () => {
  it('records login, failed login and logout with who, when and from which IP', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const editor = await createTestUser({ role: 'editor' }, deps);
    const anon = createAnonymousCsrf();
    await app.inject({ method: 'POST', url: '/log-ind', remoteAddress: '192.0.2.7', headers: { cookie: anon.cookie }, payload: { _csrf: anon.csrfToken, email: editor.email, password: 'forkert-forkert' } });
    const ok = await app.inject({ method: 'POST', url: '/log-ind', remoteAddress: '192.0.2.8', headers: { cookie: anon.cookie }, payload: { _csrf: anon.csrfToken, email: editor.email, password: editor.password } });
    expect(ok.statusCode).toBe(303);
    const admin = await loginAs({ app, deps, role: 'admin' });
    await app.inject({ method: 'POST', url: '/log-ud', headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } });
    const again = await loginAs({ app, deps, role: 'admin' });
    const page = await app.inject({ url: '/admin/log', headers: { cookie: again.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mislykket log ind');
    expect(page.body).toContain('192.0.2.7');
    expect(page.body).toContain('Logget ind');
    expect(page.body).toContain('192.0.2.8');
    expect(page.body).toContain('Logget ud');
    expect(page.body).toContain(editor.email);
  });

  it('names the thing in words, linked while it exists ("Bruger anna@kl.dk", "Beretning 2024"), and shows a command-line change as "kommandolinje (os-user)"', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    const { app, deps } = current;
    const admin = await loginAs({ app, deps, role: 'admin' });
    const anna = await runAsCommandLine({ osUser: 'drift' }, () => createUser({ email: 'anna@kl.dk', role: 'editor', password: 'en-lang-adgangskode' }, deps));
    const report = await deps.db.selectFrom('reports').select(['id']).where('year', '=', 2024).executeTakeFirstOrThrow();
    await recordAudit({ action: 'report.published', actorId: admin.user.id, actorEmail: admin.user.email, targetType: 'report', targetId: report.id, details: { year: 2024 } }, deps);
    await recordAudit({ action: 'report.deleted', actorId: admin.user.id, actorEmail: admin.user.email, targetType: 'report', targetId: 'slettet-for-laengst', details: { year: 2011 } }, deps);
    const page = await app.inject({ url: '/admin/log', headers: { cookie: admin.cookie } });
    expect(page.body).toContain(`<a href="/admin/brugere#bruger-${anna.id}">Bruger <bdi>anna@kl.dk</bdi></a>`);
    expect(page.body).toContain(`<a href="/admin/beretninger/${report.id}">Beretning <bdi>2024</bdi></a>`);
    expect(page.body).toContain('<td>Beretning <bdi>2011</bdi></td>'); // gone: named, not linked
    expect(page.body).toContain('<span data-actor="cli">kommandolinje (<bdi>drift</bdi>)</span>');
    expect(page.body).not.toMatch(/user [A-Za-z0-9_-]{16,}/);
  });

  it('filters by user and by period (Copenhagen days), newest first, 50 a page', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const admin = await loginAs({ app, deps, role: 'admin' });
    const someone = await createTestUser({ role: 'editor', email: 'filter@eksempel.dk' }, deps);
    deps.clock.set('2026-03-10T23:30:00.000Z'); // 00.30 on 11 March in Copenhagen
    await recordAudit({ action: 'report.published', actorId: someone.id, actorEmail: someone.email, targetType: 'report', targetId: 'r1', details: { year: 2025 }, ip: '10.0.0.1' }, deps);
    deps.clock.set('2026-03-12T10:00:00.000Z');
    for (let i = 0; i < 55; i += 1) await recordAudit({ action: 'report.saved', actorId: someone.id, actorEmail: someone.email, targetType: 'report', targetId: `r${i}`, details: { year: 2000 + i } }, deps);

    const byDay = await app.inject({ url: '/admin/log?fra=2026-03-11&til=2026-03-11', headers: { cookie: admin.cookie } });
    expect(byDay.statusCode).toBe(200);
    expect(byDay.body).toContain('Beretning udgivet');
    expect(byDay.body).toContain('Beretning <bdi>2025</bdi>');
    expect(byDay.body).not.toContain('report.saved');

    const byUser = await app.inject({ url: `/admin/log?bruger=${someone.id}`, headers: { cookie: admin.cookie } });
    expect(byUser.body).toContain('Side 1 af 2');
    expect(byUser.body).not.toContain('Bruger oprettet');
    expect(byUser.body).toContain(`href="/admin/log?bruger=${someone.id}&amp;side=2"`);
    const second = await app.inject({ url: `/admin/log?bruger=${someone.id}&side=2`, headers: { cookie: admin.cookie } });
    expect(second.body).toContain('Side 2 af 2');
    expect(second.body).toContain('Beretning udgivet');
  });

  it('names report and document actions and their details in the reader\'s language, not by their codes', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const admin = await loginAs({ app, deps, role: 'admin' });
    for (const action of ['report.trashed', 'report.deleted', 'document.retried']) {
      await recordAudit({ action, actorId: admin.user.id, actorEmail: admin.user.email, targetType: 'report', targetId: 'r1', details: { year: 2013, title: 'Uden PDF' } }, deps);
    }
    const da = await app.inject({ url: '/admin/log', headers: { cookie: admin.cookie } });
    for (const text of ['Beretning flyttet til papirkurven', 'Beretning slettet endeligt', 'PDF læst igen', 'Beretning <bdi>2013</bdi>', 'titel: Uden PDF']) expect(da.body).toContain(text);
    expect(da.body).not.toMatch(/report\.(trashed|deleted)|document\.retried|year: 2013/);
    const en = await app.inject({ url: '/admin/log', headers: { cookie: `${admin.cookie}; sprog=en` } });
    for (const text of ['Report moved to trash', 'Report deleted for good', 'PDF read again', 'Report <bdi>2013</bdi>', 'title: Uden PDF']) expect(en.body).toContain(text);
  });

  it('a bad date re-renders with 422 and an error summary', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const admin = await loginAs({ app, deps, role: 'admin' });
    const response = await app.inject({ url: '/admin/log?fra=i-går', headers: { cookie: admin.cookie } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('href="#log-fra"');
  });
});
