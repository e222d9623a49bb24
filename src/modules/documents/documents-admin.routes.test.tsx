import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from './documents.usecases.js';
import type { DocumentStateText } from './documents.types.js';

/** A PDF that needs a password to open (Standard security handler; the empty password does not fit). */
async function createPasswordProtectedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Fortroligt');
  doc.context.trailerInfo.Encrypt = doc.context.register(doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('00'.repeat(32)), U: PDFHexString.of('11'.repeat(32)), P: -4 }));
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('ab'.repeat(16)), PDFHexString.of('ab'.repeat(16))]);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let runAll: () => Promise<void>;
let editor: { cookie: string; csrfToken: string };
let goodId: string;
let lockedId: string;
let lockedReportId: string;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2024, title: 'Beretning 2024', pages: 3 }, { year: 2023, title: 'Beretning 2023', pages: 2 }] });
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  runAll = async () => { while (await runner.runOnce()); };
  const rows = await t.deps.db.selectFrom('documents').innerJoin('reports', 'reports.id', 'documents.reportId').select(['documents.id', 'documents.storageKey', 'reports.year', 'reports.id as reportId']).execute();
  const locked = rows.find((row) => row.year === 2023)!;
  goodId = rows.find((row) => row.year === 2024)!.id;
  lockedId = locked.id;
  lockedReportId = locked.reportId;
  // The stored bytes of 2023 become a password-protected PDF (uploads refuse those; this one got in before).
  const protectedPdf = await createPasswordProtectedPdf();
  t.deps.storage.objects.set(locked.storageKey, protectedPdf);
  await t.deps.db.updateTable('documents').set({ size: protectedPdf.length }).where('id', '=', locked.id).execute();
  editor = await loginAs({ app: t.app, deps: t.deps });
});
afterAll(async () => t.close());

const page = () => t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie } });
const json = async () => (await t.app.inject({ url: '/admin/dokumenter.json', headers: { cookie: editor.cookie, accept: 'application/json' } })).json() as { active: boolean; documents: DocumentStateText[] };
const rowOf = (html: string, id: string) => new RegExp(`<tr data-document="${id}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

describe('the document page (/admin/dokumenter)', () => {
  it('is for signed-in editors only, and so is its JSON', async () => {
    const html = await t.app.inject({ url: '/admin/dokumenter' });
    expect(html.statusCode).toBe(303);
    expect(html.headers.location).toContain('/log-ind');
    const data = await t.app.inject({ url: '/admin/dokumenter.json', headers: { accept: 'application/json' } });
    expect(data.statusCode).toBe(401);
    expect(data.body).not.toContain('Beretning 2024');
    expect((await t.app.inject({ url: '/admin/dokumenter.json' })).statusCode).toBe(303);
  });

  it('shows every document as waiting before it is read, with a link from the workspace navigation', async () => {
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/admin/dokumenter" aria-current="page">Dokumenter</a>');
    expect(rowOf(res.body, goodId)).toContain('Venter');
    expect(rowOf(res.body, goodId)).toContain('beretning-2024.pdf');
    expect(rowOf(res.body, goodId)).toContain('2024: Beretning 2024');
    expect(res.body).toContain('data-active="true"');
    expect(res.body).toMatch(/<script src="\/assets\/js\/documents\.[0-9a-f]+\.js" defer/);
    const data = await json();
    expect(data.active).toBe(true);
    expect(data.documents.find((d) => d.id === goodId)).toMatchObject({ status: 'venter', state: 'Venter', failed: false });
  });

  it('after reading: done with pages N of M, and the password-protected one failed with its reason and a retry button', async () => {
    await runAll();
    const res = await page();
    const good = rowOf(res.body, goodId);
    expect(good).toContain('Færdig');
    expect(good).toContain('sider 3 af 3');
    expect(good).toMatch(/<form[^>]*data-field="retry" hidden/);
    const locked = rowOf(res.body, lockedId);
    expect(locked).toContain('Fejlet');
    expect(locked).toContain('PDF’en er beskyttet med adgangskode');
    expect(locked).toMatch(new RegExp(`<form method="post" action="/admin/dokumenter/${lockedId}/proev-igen" class="inline-form" data-field="retry">`));
    expect(locked).toContain(`name="_csrf" value="${editor.csrfToken}"`);
    expect(res.body).toContain('data-active="false"');
    const data = await json();
    expect(data.active).toBe(false);
    expect(data.documents.find((d) => d.id === lockedId)).toMatchObject({ status: 'fejlet', failed: true, reason: 'PDF’en er beskyttet med adgangskode' });
  });

  it('speaks English to an English-speaking editor, reason included', async () => {
    const res = await t.app.inject({ url: '/admin/dokumenter', headers: { cookie: editor.cookie, 'accept-language': 'en' } });
    expect(rowOf(res.body, lockedId)).toContain('The PDF is protected by a password');
    expect(rowOf(res.body, goodId)).toContain('pages 3 of 3');
  });

  it('shows the same state on the report\'s workspace page', async () => {
    const res = await t.app.inject({ url: `/admin/beretninger/${lockedReportId}`, headers: { cookie: editor.cookie } });
    expect(res.statusCode).toBe(200);
    expect(rowOf(res.body, lockedId)).toContain('PDF’en er beskyttet med adgangskode');
    expect(rowOf(res.body, lockedId)).toContain(`value="/admin/beretninger/${lockedReportId}"`);
  });

  it('retry needs the CSRF token, then queues the document again and says so', async () => {
    const refused = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${lockedId}/proev-igen`, headers: { cookie: editor.cookie }, payload: {} });
    expect(refused.statusCode).toBe(403);
    expect((await json()).documents.find((d) => d.id === lockedId)?.status).toBe('fejlet');

    const res = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${lockedId}/proev-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, tilbage: '/admin/dokumenter' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/dokumenter?proevet=${lockedId}`);
    const after = await t.app.inject({ url: String(res.headers.location), headers: { cookie: editor.cookie } });
    expect(after.body).toContain('beretning-2023.pdf er sat i kø til at blive læst igen.');
    expect(rowOf(after.body, lockedId)).toContain('Venter');
    const jobs = await t.deps.db.selectFrom('jobs').select(['status', 'payloadJson']).where('status', '=', 'queued').execute();
    expect(jobs.map((job) => JSON.parse(job.payloadJson) as { documentId: string })).toEqual([{ documentId: lockedId }]);
    const audit = await t.deps.db.selectFrom('auditLog').select(['action', 'targetId']).where('action', '=', 'document.retried').execute();
    expect(audit).toEqual([{ action: 'document.retried', targetId: lockedId }]);
  });

  it('retry is only for a failed document: one waiting, being read or done is not queued again', async () => {
    // After the retry above, the document waits in the queue.
    const again = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${lockedId}/proev-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, tilbage: '/admin/dokumenter' } });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Kun en PDF, der ikke kunne læses, kan prøves igen.');
    const done = await t.deps.db.selectFrom('documents').select('id').where('ingestStatus', '=', 'færdig').executeTakeFirstOrThrow();
    expect((await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${done.id}/proev-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(409);
    expect(await t.deps.db.selectFrom('jobs').select('id').where('status', '=', 'queued').execute()).toHaveLength(1);
    expect(await t.deps.db.selectFrom('auditLog').select('id').where('action', '=', 'document.retried').execute()).toHaveLength(1);
    await t.deps.db.updateTable('documents').set({ ingestStatus: 'fejlet' }).where('id', '=', lockedId).execute();
  });

  it('retry goes back only to a workspace page, and an unknown document is not found', async () => {
    const failAgain = () => t.deps.db.updateTable('documents').set({ ingestStatus: 'fejlet' }).where('id', '=', lockedId).execute();
    const res = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${lockedId}/proev-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, tilbage: 'https://example.com/' } });
    expect(res.headers.location).toBe(`/admin/dokumenter?proevet=${lockedId}`);
    await failAgain();
    const back = await t.app.inject({ method: 'POST', url: `/admin/dokumenter/${lockedId}/proev-igen`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, tilbage: `/admin/beretninger/${lockedReportId}` } });
    expect(back.headers.location).toBe(`/admin/beretninger/${lockedReportId}`);
    const missing = await t.app.inject({ method: 'POST', url: '/admin/dokumenter/findes-ikke/proev-igen', headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect(missing.statusCode).toBe(404);
  });

  it('an upload that needs a password is refused with the reason in the editor\'s language', async () => {
    const form = new FormData();
    form.append('pdf', new Blob([new Uint8Array(await createPasswordProtectedPdf())], { type: 'application/pdf' }), 'laast.pdf');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    const headers = { cookie: editor.cookie, 'content-type': request.headers.get('content-type') as string };
    const url = `/admin/beretninger/${lockedReportId}/pdf?_csrf=${encodeURIComponent(editor.csrfToken)}`;
    const english = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'accept-language': 'en' }, payload });
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('The PDF is protected by a password');
    const danish = await t.app.inject({ method: 'POST', url, headers, payload });
    expect(danish.body).toContain("PDF'en er beskyttet med adgangskode");
  });
});
