import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createTestApp, createTestPdf } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createComponentSchemas } from './api.models.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let current: TestApp | undefined;
afterEach(async () => { await current?.close(); current = undefined; });

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'openapi', components: { schemas: createComponentSchemas() } });
function validate(name: string, body: unknown): void {
  const check = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!check) throw new Error(`no schema ${name}`);
  check(body);
  expect(check.errors ?? [], `${name}: ${JSON.stringify(check.errors)}`).toEqual([]);
}

/** An editor signs in and makes a token on /admin/api-noegler with session and CSRF, as in the browser. */
async function tokenFromWorkspace({ app, deps, scope }: { app: TestApp['app']; deps: TestApp['deps']; scope: 'read' | 'write' }) {
  const editor = await loginAs({ app, deps, role: 'editor' });
  const page = await app.inject({ method: 'POST', url: '/admin/api-noegler', headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, name: `Script (${scope})`, scope, days: '90' } });
  expect(page.statusCode).toBe(201);
  const token = /value="(brt_[A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
  if (!token) throw new Error('no token shown');
  return { token, editor, auth: { authorization: `Bearer ${token}` } };
}

describe('the write API with an editor’s token', () => {
  it('a script creates a report, uploads its PDF and publishes it with only a Bearer token; readers then find it; every use is audited', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const { token, editor, auth } = await tokenFromWorkspace({ app, deps, scope: 'write' });

    const created = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 2025, title: 'Beretning 2025', periodStart: '2025-01-01', periodEnd: '2025-12-31', forewordMarkdown: 'Et **godt** år for foreningen.' } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const draft = created.json();
    validate('ManagedReport', draft);
    expect(draft).toMatchObject({ year: 2025, title: 'Beretning 2025', status: 'draft', document: null, version: 1 });
    expect((await app.inject({ url: '/api/v1/reports/2025' })).statusCode).toBe(404);

    const pdf = await createTestPdf({ title: 'Beretning 2025', pages: 3 });
    const uploaded = await app.inject({ method: 'PUT', url: `/api/v1/reports/${draft.id}/pdf?fileName=beretning-2025.pdf`, headers: { ...auth, 'content-type': 'application/pdf' }, payload: pdf });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    validate('ManagedReport', uploaded.json());
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(uploaded.json().document).toMatchObject({ sha256, fileName: 'beretning-2025.pdf', pageCount: 3, size: pdf.length });
    expect(uploaded.json().status).toBe('draft');

    const published = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: auth });
    expect(published.statusCode).toBe(200);
    validate('ManagedReport', published.json());
    expect(published.json()).toMatchObject({ status: 'published', publishedAt: '2026-06-01T10:00:00.000Z' });

    const publicApi = await app.inject({ url: '/api/v1/reports/2025' });
    expect(publicApi.statusCode).toBe(200);
    expect(publicApi.json().document).toMatchObject({ sha256, pageCount: 3 });
    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Et <strong>godt</strong> år for foreningen.');
    expect(page.body).toContain(`/filer/${sha256}/beretning-2025.pdf`);
    expect((await app.inject({ url: `/filer/${sha256}/beretning-2025.pdf` })).statusCode).toBe(200);

    const uses = await deps.db.selectFrom('auditLog').selectAll().where('action', '=', 'token.used').orderBy('id').execute();
    expect(uses.map((entry) => { const d = JSON.parse(entry.details) as { method: string; path: string }; return `${d.method} ${d.path}`; })).toEqual([
      'POST /api/v1/reports',
      `PUT /api/v1/reports/${draft.id}/pdf`,
      `POST /api/v1/reports/${draft.id}/publish`,
    ]);
    const tokenRow = await deps.db.selectFrom('apiTokens').selectAll().executeTakeFirstOrThrow();
    for (const entry of uses) expect(entry).toMatchObject({ actorId: editor.user.id, actorEmail: editor.user.email, targetType: 'api_token', targetId: tokenRow.id });
    expect(JSON.stringify(uses)).toContain(tokenRow.prefix);
    expect(JSON.stringify(uses)).not.toContain(token);
    // The report's own history names the editor behind the token, as for work done in the browser.
    const actions = await deps.db.selectFrom('auditLog').select(['action', 'actorId']).where('action', 'like', 'report.%').orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'report.created', actorId: editor.user.id },
      { action: 'report.document_replaced', actorId: editor.user.id },
      { action: 'report.published', actorId: editor.user.id },
    ]);
    expect(tokenRow.lastUsedAt).toBe('2026-06-01T10:00:00.000Z');
    // An admin reads the same uses in the workspace's audit log.
    const admin = await loginAs({ app, deps, role: 'admin' });
    const log = await app.inject({ url: '/admin/log', headers: { cookie: admin.cookie } });
    expect(log.body).toContain('API-nøgle brugt');
    expect(log.body).toContain(`begynder med: ${tokenRow.prefix}; metode: PUT; adresse: /api/v1/reports/${draft.id}/pdf`);
    // Shown once: the token list never shows the token again.
    expect((await app.inject({ url: '/admin/api-noegler', headers: { cookie: editor.cookie } })).body).not.toContain(token);
  });

  it('a read token may read but not write (403 problem), and its refusals are audited', async () => {
    current = await createTestApp({ reports: [{ year: 2020 }] });
    const { app, deps } = current;
    const { auth } = await tokenFromWorkspace({ app, deps, scope: 'read' });
    expect((await app.inject({ url: '/api/v1/reports', headers: auth })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 2025, title: 'Nej' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    validate('Problem', refused.json());
    expect(refused.json()).toMatchObject({ code: 'tokens.read_only' });
    expect(await deps.db.selectFrom('reports').select('id').where('year', '=', 2025).executeTakeFirst()).toBeUndefined();
    const audit = await deps.db.selectFrom('auditLog').select(['action', 'details']).where('action', 'in', ['token.used', 'token.refused']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['token.used', 'token.refused']);
    expect(JSON.parse(audit[1]?.details ?? '{}')).toMatchObject({ method: 'POST', path: '/api/v1/reports', reason: 'read_only' });
  });

  it('without a token the write API answers 401 and asks for one', async () => {
    current = await createTestApp();
    const res = await current.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { year: 2025, title: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    validate('Problem', res.json());
  });

  it('applies the workspace form’s rules: field problems (422) in the reader’s language, a taken year is a conflict (409)', async () => {
    current = await createTestApp({ reports: [{ year: 2020 }] });
    const { app, deps } = current;
    const { auth } = await tokenFromWorkspace({ app, deps, scope: 'write' });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 25, title: '', periodStart: '2025-13-01' } });
    expect(bad.statusCode).toBe(422);
    validate('Problem', bad.json());
    expect(bad.json().errors).toEqual(expect.arrayContaining([
      { field: 'year', message: expect.stringContaining('fire cifre') },
      { field: 'title', message: expect.stringContaining('Skriv en titel') },
      { field: 'periodStart', message: expect.any(String) },
    ]));
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...auth, 'accept-language': 'en' }, payload: { year: '2025', title: 7 } });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'year']);
    expect(wrongType.json().title).toMatch(/could not be saved/);
    const taken = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 2020, title: 'Igen' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'reports.year_taken', title: 'Der findes allerede en beretning for 2020.' });
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"year":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await deps.db.selectFrom('reports').selectAll().execute()).toHaveLength(1);
  });

  it('refuses a file that is not a PDF, a body that is not application/pdf, and an unknown report, keeping the current PDF', async () => {
    current = await createTestApp({ reports: [{ year: 2020 }] });
    const { app, deps } = current;
    const { auth } = await tokenFromWorkspace({ app, deps, scope: 'write' });
    const report = await deps.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
    const notPdf = await app.inject({ method: 'PUT', url: `/api/v1/reports/${report.id}/pdf`, headers: { ...auth, 'content-type': 'application/pdf' }, payload: Buffer.from('<html>ikke en pdf</html>') });
    expect(notPdf.statusCode).toBe(422);
    validate('Problem', notPdf.json());
    const wrongType = await app.inject({ method: 'PUT', url: `/api/v1/reports/${report.id}/pdf`, headers: auth, payload: { pdf: 'x' } });
    expect(wrongType.statusCode).toBe(415);
    const unknown = await app.inject({ method: 'PUT', url: '/api/v1/reports/findes-ikke/pdf', headers: { ...auth, 'content-type': 'application/pdf' }, payload: await createTestPdf() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await deps.db.selectFrom('reports').select('currentDocumentId').executeTakeFirstOrThrow()).currentDocumentId).toBe(report.currentDocumentId);
  });

  it('refuses a PDF over the upload limit with 413', async () => {
    current = await createTestApp({ config: { maxUploadMb: 1 } });
    const { app, deps } = current;
    const { auth } = await tokenFromWorkspace({ app, deps, scope: 'write' });
    const draft = (await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 2025, title: 'Stor' } })).json();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10, 32)]);
    const res = await app.inject({ method: 'PUT', url: `/api/v1/reports/${draft.id}/pdf`, headers: { ...auth, 'content-type': 'application/pdf' }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('storage.too_large');
    expect(await deps.db.selectFrom('documents').selectAll().execute()).toHaveLength(0);
  });

  it('schedules publication at a future time, refuses a past or zoneless one, and publishing twice keeps the first date', async () => {
    current = await createTestApp();
    const { app, deps } = current;
    const { auth } = await tokenFromWorkspace({ app, deps, scope: 'write' });
    const draft = (await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth, payload: { year: 2025, title: 'Planlagt' } })).json();
    for (const at of ['2020-01-01T08:00:00Z', '2030-05-01T08:00', 'i morgen']) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: auth, payload: { at } });
      expect(res.statusCode, at).toBe(422);
      expect(res.json().errors[0].field).toBe('at');
    }
    const scheduled = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: auth, payload: { at: '2026-06-02T08:00:00+02:00' } });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', scheduledAt: '2026-06-02T06:00:00.000Z' });
    const now = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: { ...auth, 'content-type': 'application/json' } });
    expect(now.json()).toMatchObject({ status: 'published', publishedAt: '2026-06-01T10:00:00.000Z' });
    deps.clock.advance(3_600_000);
    const again = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: auth });
    expect(again.json()).toMatchObject({ status: 'published', publishedAt: '2026-06-01T10:00:00.000Z' });
    const reschedule = await app.inject({ method: 'POST', url: `/api/v1/reports/${draft.id}/publish`, headers: auth, payload: { at: '2030-01-01T00:00:00Z' } });
    expect(reschedule.statusCode).toBe(409);
  });
});
