import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { createTestUser, loginAs } from './auth.test-utils.js';
import { listUsers } from './auth.usecases.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
async function setup() {
  current = await createTestApp();
  return current;
}

describe('/admin/brugere', () => {
  it('an editor cannot see or change users: 403, nothing changes', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'editor' });
    const page = await app.inject({ url: '/admin/brugere', headers: { cookie } });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Denne side er kun for administratorer.');
    const add = await app.inject({ method: 'POST', url: '/admin/brugere', headers: { cookie }, payload: { _csrf: csrfToken, email: 'ny@eksempel.dk', role: 'admin', password: 'en-lang-adgangskode' } });
    expect(add.statusCode).toBe(403);
    expect((await listUsers(deps)).map((u) => u.email)).not.toContain('ny@eksempel.dk');
    for (const url of ['/admin/indstillinger', '/admin/log']) expect((await app.inject({ url, headers: { cookie } })).statusCode).toBe(403);
  });

  it('the workspace navigation shows Brugere, Indstillinger and Log to admins only', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const page = await app.inject({ url: '/admin/brugere', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/brugere" aria-current="page"');
    expect(page.body).toContain('href="/admin/indstillinger"');
    expect(page.body).toContain('href="/admin/log"');
    expect(page.body).toContain('action="/log-ud"');
    expect(page.body).toContain('<html lang="da"');
    expect(page.body).toContain('href="#indhold"');
  });

  it('the only active admin is offered neither "Deaktivér" nor a role change for themselves (the server would refuse both); with a second admin both are back', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const alone = await app.inject({ url: '/admin/brugere', headers: { cookie: admin.cookie } });
    expect(alone.body).toContain('Eneste aktive administrator');
    expect(alone.body).not.toContain('/deaktiver"');
    expect(alone.body).not.toContain('/rolle"');
    await createTestUser({ role: 'admin' }, deps);
    const two = await app.inject({ url: '/admin/brugere', headers: { cookie: admin.cookie } });
    expect(two.body).not.toContain('Eneste aktive administrator');
    expect(two.body.match(/\/deaktiver"/g)?.length).toBe(2);
  });

  it('an admin adds a user with a first password, who can then log in', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
    const add = await app.inject({ method: 'POST', url: '/admin/brugere', headers: { cookie }, payload: { _csrf: csrfToken, email: 'Ny@Eksempel.dk', name: 'Ny Redaktør', role: 'editor', password: 'en-lang-adgangskode' } });
    expect(add.statusCode).toBe(303);
    const page = await app.inject({ url: add.headers.location as string, headers: { cookie } });
    expect(page.body).toContain('Brugeren ny@eksempel.dk er ændret.');
    expect(page.body).toContain('Ny Redaktør');
    const users = await listUsers(deps);
    expect(users.find((u) => u.email === 'ny@eksempel.dk')?.role).toBe('editor');
  });

  it('a bad new user re-renders with 422, an error summary linking to the fields, and keeps the input', async () => {
    const { app, deps } = await setup();
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
    const response = await app.inject({ method: 'POST', url: '/admin/brugere', headers: { cookie }, payload: { _csrf: csrfToken, email: 'ikke-en-email', name: 'Navn', role: 'chef', password: 'kort' } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('href="#ny-bruger-email"');
    expect(response.body).toContain('href="#ny-bruger-adgangskode"');
    expect(response.body).toContain('href="#ny-bruger-rolle"');
    expect(response.body).toContain('value="ikke-en-email"');
    const existing = await createTestUser({ role: 'editor' }, deps);
    const taken = await app.inject({ method: 'POST', url: '/admin/brugere', headers: { cookie }, payload: { _csrf: csrfToken, email: existing.email, role: 'editor', password: 'en-lang-adgangskode' } });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Der findes allerede en bruger med den e-mail.');
  });

  it('an admin changes a role and disables a user; the disabled user is signed out at once', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const editor = await loginAs({ app, deps, role: 'editor' });
    const role = await app.inject({ method: 'POST', url: `/admin/brugere/${editor.user.id}/rolle`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken, role: 'admin' } });
    expect(role.statusCode).toBe(303);
    expect((await app.inject({ url: '/admin/log', headers: { cookie: editor.cookie } })).statusCode).toBe(200);
    const disable = await app.inject({ method: 'POST', url: `/admin/brugere/${editor.user.id}/deaktiver`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } });
    expect(disable.statusCode).toBe(303);
    expect((await app.inject({ url: '/admin/log', headers: { cookie: editor.cookie } })).statusCode).toBe(303);
    const page = await app.inject({ url: '/admin/brugere', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Deaktiveret');
  });

  it('the last active admin cannot be disabled or demoted', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const disable = await app.inject({ method: 'POST', url: `/admin/brugere/${admin.user.id}/deaktiver`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } });
    expect(disable.statusCode).toBe(409);
    expect(disable.body).toContain('Der skal være mindst én aktiv administrator.');
    const demote = await app.inject({ method: 'POST', url: `/admin/brugere/${admin.user.id}/rolle`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken, role: 'editor' } });
    expect(demote.statusCode).toBe(409);
  });

  it('a change without a CSRF token is refused with 403 and changes nothing', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const other = await createTestUser({ role: 'editor' }, deps);
    const response = await app.inject({ method: 'POST', url: `/admin/brugere/${other.id}/rolle`, headers: { cookie: admin.cookie }, payload: { role: 'admin' } });
    expect(response.statusCode).toBe(403);
    expect((await listUsers(deps)).find((u) => u.id === other.id)?.role).toBe('editor');
  });

  it('an unknown user id gets 404', async () => {
    const { app, deps } = await setup();
    const admin = await loginAs({ app, deps, role: 'admin' });
    const response = await app.inject({ method: 'POST', url: '/admin/brugere/findes-ikke/deaktiver', headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } });
    expect(response.statusCode).toBe(404);
  });
});
