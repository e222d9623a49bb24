import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { listAuditEntries } from '../audit/audit.usecases.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const valid = { name: 'Nyt Forbund', title: 'Nye beretninger', breadcrumb: 'Politik\r\n\r\nOm os ', intro: 'Velkommen.', yearsShown: '3', accessibilityUrl: 'https://was.digst.dk/eksempel', logoUrl: '/assets/logo.svg', primaryColor: '#123456' };

describe('/admin/indstillinger', () => {
  it('an admin saves the settings and the public page shows them at once', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const { app, deps } = current;
    let announced = 0;
    deps.events.on('site.changed', () => { announced += 1; });
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
    const form = await app.inject({ url: '/admin/indstillinger', headers: { cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Testforeningen');
    const save = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie }, payload: { _csrf: csrfToken, ...valid } });
    expect(save.statusCode).toBe(303);
    expect(save.headers.location).toBe('/admin/indstillinger?gemt=1');
    expect(announced).toBe(1);
    const page = await app.inject({ url: '/' });
    expect(page.body).toContain('Nyt Forbund');
    expect(page.body).toContain('Nye beretninger');
    expect(page.body).toContain('Om os');
    expect(page.body).toContain('Velkommen.');
    expect(page.body).toContain('https://was.digst.dk/eksempel');
    const { entries } = await listAuditEntries({ filter: { page: 1, pageSize: 10 } }, deps);
    const entry = entries.find((e) => e.action === 'site.updated');
    expect(entry).toMatchObject({ actorEmail: expect.stringContaining('admin'), ip: expect.any(String) });
    expect(entry?.details.fields).toEqual(expect.arrayContaining(['name', 'title', 'breadcrumb']));
  });

  it('bad values re-render with 422, an error summary linking to each field, the input kept and nothing saved', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const { app, deps } = current;
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
    const response = await app.inject({
      method: 'POST',
      url: '/admin/indstillinger',
      headers: { cookie },
      payload: { _csrf: csrfToken, ...valid, name: '', yearsShown: 'mange', accessibilityUrl: 'javascript:alert(1)', logoUrl: 'https://andet.example/logo.png', primaryColor: 'rød' },
    });
    expect(response.statusCode).toBe(422);
    for (const field of ['name', 'yearsShown', 'accessibilityUrl', 'logoUrl', 'primaryColor']) expect(response.body).toContain(`href="#indstilling-${field}"`);
    expect(response.body).toContain('Skriv organisationens navn.');
    expect(response.body).toContain('value="mange"');
    // Too long: the message names the limit.
    const long = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie }, payload: { _csrf: csrfToken, ...valid, title: 'x'.repeat(301) } });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Teksten er for lang: højst 300 tegn.');
    expect((await app.inject({ url: '/' })).body).toContain('Testforeningen');
  });

  it('an intro of 5,000 characters counted as saved is accepted, though the browser sends its line breaks as two characters each', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const { app, deps } = current;
    const { cookie, csrfToken } = await loginAs({ app, deps, role: 'admin' });
    const intro = Array.from({ length: 50 }, () => 'x'.repeat(98)).join('\r\n\r\n'); // 4,900 + 49 × 2 = 4,998 as saved, 5,096 as sent
    const save = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie }, payload: { _csrf: csrfToken, ...valid, intro } });
    expect(save.statusCode).toBe(303);
  });

  it('an editor gets 403 and a POST without CSRF token changes nothing', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const { app, deps } = current;
    const editor = await loginAs({ app, deps, role: 'editor' });
    expect((await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, ...valid } })).statusCode).toBe(403);
    const admin = await loginAs({ app, deps, role: 'admin' });
    expect((await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie: admin.cookie }, payload: valid })).statusCode).toBe(403);
    expect((await app.inject({ url: '/' })).body).toContain('Testforeningen');
  });

  it('two admins at once: the later save of a form opened before the other saved is refused with 409 and its input kept; saving again applies it', async () => {
    current = await createTestApp({ reports: [{ year: 2023 }] });
    const { app, deps } = current;
    const a = await loginAs({ app, deps, role: 'admin', email: 'a@eksempel.dk' });
    const b = await loginAs({ app, deps, role: 'admin', email: 'b@eksempel.dk' });
    const openedOn = (html: string) => /name="opened" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const formA = openedOn((await app.inject({ url: '/admin/indstillinger', headers: { cookie: a.cookie } })).body);
    const formB = openedOn((await app.inject({ url: '/admin/indstillinger', headers: { cookie: b.cookie } })).body);
    expect(formA).not.toBe('');
    const saveA = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie: a.cookie }, payload: { _csrf: a.csrfToken, ...valid, name: 'Navn fra A', opened: formA } });
    expect(saveA.statusCode).toBe(303);
    // B opened the form before A saved, and changes only the intro: A's name would go back to the old one.
    const saveB = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie: b.cookie }, payload: { _csrf: b.csrfToken, ...valid, name: 'Testforeningen', intro: 'Intro fra B.', opened: formB } });
    expect(saveB.statusCode).toBe(409);
    expect(saveB.body).toContain('En anden har ændret indstillingerne');
    expect(saveB.body).toContain('Intro fra B.');
    expect((await app.inject({ url: '/' })).body).toContain('Navn fra A');
    // Saved again from the conflict page (its form carries the newer time): B's settings apply, knowingly.
    const again = await app.inject({ method: 'POST', url: '/admin/indstillinger', headers: { cookie: b.cookie }, payload: { _csrf: b.csrfToken, ...valid, name: 'Navn fra A', intro: 'Intro fra B.', opened: openedOn(saveB.body) } });
    expect(again.statusCode).toBe(303);
    const page = (await app.inject({ url: '/' })).body;
    expect(page).toContain('Intro fra B.');
    expect(page).toContain('Navn fra A');
  });
});
