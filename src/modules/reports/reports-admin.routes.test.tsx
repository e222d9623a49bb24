import { describe, expect, it } from 'vitest';
import { createTestPdf, useTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createDraft, multipart, reportForm, upload } from './reports-admin.test-utils.js';

const setUp = useTestApp();

describe('report workspace', () => {
  it('readers are sent to log in; editors see every report with its status', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2024, title: 'Beretning 2024' }] });
    const anonymous = await app.inject({ url: '/admin' });
    expect(anonymous.statusCode).toBeGreaterThanOrEqual(300);
    expect(anonymous.statusCode).toBeLessThan(404);
    const { cookie } = await loginAs({ app, deps });
    const page = await app.inject({ url: '/admin', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Beretning 2024');
    expect(page.body).toContain('Udgivet');
  });

  it('an editor creates a draft (not public), previews the foreword without saving, publishes it, and it appears on the public page', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const preview = await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie }, payload: { _csrf: csrfToken, intent: 'preview', ...reportForm } });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<strong>godt</strong>');
    expect((await app.inject({ url: '/admin', headers: { cookie } })).body).not.toContain('Beretning 2025');
    const id = await createDraft({ app, cookie, csrfToken });
    expect((await app.inject({ url: '/beretninger/2025' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie }, payload: { _csrf: csrfToken } })).statusCode).toBe(303);
    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Vi nåede meget.');
  });

  it('bad fields re-render with Danish messages and the input kept', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const response = await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie }, payload: { _csrf: csrfToken, ...reportForm, year: '25', title: '', periodStart: '2025-13-01', forewordMd: 'Mit udkast' } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Skriv et årstal med fire cifre');
    expect(response.body).toContain('Skriv en titel');
    expect(response.body).toContain('Mit udkast');
  });

  it('a year outside 1900–2100 (0000, 0225, 9999) is refused at the year field, naming the range, with nothing saved; 1900 and 2100 are fine', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    for (const year of ['0000', '0225', '1899', '2101', '9999']) {
      const response = await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie }, payload: { _csrf: csrfToken, intent: 'save', ...reportForm, year } });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('href="#beretning-year"');
      expect(response.body).toContain('Skriv et årstal med fire cifre mellem 1900 og 2100, fx 2025.');
      expect(response.body).toContain(`value="${year}"`);
    }
    expect(await deps.db.selectFrom('reports').select('id').execute()).toEqual([]);
    for (const year of ['1900', '2100']) {
      expect((await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie }, payload: { _csrf: csrfToken, intent: 'save', ...reportForm, year } })).statusCode).toBe(303);
    }
  });

  it('two editors at once: the second save is refused naming who changed it and when, with the input kept', async () => {
    const { app, deps } = await setUp();
    const anna = await loginAs({ app, deps });
    const bo = await loginAs({ app, deps });
    const id = await createDraft({ app, ...anna });
    const first = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}`, headers: { cookie: anna.cookie }, payload: { _csrf: anna.csrfToken, intent: 'save', version: '1', ...reportForm, title: 'Annas titel' } });
    expect(first.statusCode).toBe(303);
    const second = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}`, headers: { cookie: bo.cookie }, payload: { _csrf: bo.csrfToken, intent: 'save', version: '1', ...reportForm, title: 'Bos titel' } });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain(anna.user.name);
    expect(second.body).toContain('1. juni 2026');
    expect(second.body).toContain('value="Bos titel"');
  });

  it('the workspace has the language switch too: an editor can change to English without leaving it', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const page = await app.inject({ url: `/admin/beretninger/${id}/historik`, headers: { cookie } });
    const href = /<a class="language-switch" href="([^"]+)" lang="en" hreflang="en">English<\/a>/.exec(page.body)?.[1];
    expect(href).toBe(`/sprog/en?tilbage=${encodeURIComponent(`/admin/beretninger/${id}/historik`)}`);
    const switched = await app.inject({ url: href!, headers: { cookie } });
    expect(switched.headers.location).toBe(`/admin/beretninger/${id}/historik`);
    const english = await app.inject({ url: `/admin/beretninger/${id}/historik`, headers: { cookie: `${cookie}; sprog=en` } });
    expect(english.body).toContain('<a class="language-switch" href="/sprog/da?tilbage=');
    expect(english.body).toContain('>Dansk</a>');
  });

  it('a report that does not exist, or a page only for admins, answers inside the workspace with the way back to the reports', async () => {
    const { app, deps } = await setUp();
    const { cookie } = await loginAs({ app, deps });
    const missing = await app.inject({ url: '/admin/beretninger/findes-ikke', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<h1>Siden findes ikke</h1>');
    expect(missing.body).toContain('<a href="/admin">Tilbage til beretningerne</a>');
    expect(missing.body).toContain('Logget ind som');
    expect(missing.body).not.toContain('Gå til forsiden');
    const forbidden = await app.inject({ url: '/admin/brugere', headers: { cookie: `${cookie}; sprog=en` } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).toContain('<a href="/admin">Back to the reports</a>');
    // A reader on a public address keeps the public page.
    expect((await app.inject({ url: '/findes-ikke', headers: { cookie } })).body).toContain('<a href="/">Gå til forsiden</a>');
  });

  it('/admin shows the reports by status and what needs attention: failed and capped PDFs, scheduled publications with their time, missing foreword, cover and accessibility address', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2024 }, { year: 2023 }, { year: 2022, foreword: '' }, { year: 2021, published: null }] });
    const { cookie } = await loginAs({ app, deps });
    const byYear = async (year: number) => deps.db.selectFrom('reports').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
    await deps.db.updateTable('documents').set({ ingestStatus: 'fejlet', ingestError: 'timeout' }).where('id', '=', (await byYear(2024)).currentDocumentId!).execute();
    await deps.db.updateTable('documents').set({ ingestStatus: 'færdig', pagesCapped: 1 }).where('id', '=', (await byYear(2023)).currentDocumentId!).execute();
    await deps.db.updateTable('documents').set({ ingestStatus: 'færdig', coverSmallKey: null }).where('id', '=', (await byYear(2022)).currentDocumentId!).execute();
    await deps.db.updateTable('reports').set({ status: 'scheduled', scheduledAt: '2026-06-10T08:00:00.000Z' }).where('year', '=', 2021).execute();
    const page = await app.inject({ url: '/admin', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, '');
    expect(page.body).toMatch(/data-count="published"><span class="workspace-counts__number">3<\/span> <span>Udgivet/);
    expect(page.body).toMatch(/data-count="scheduled"><span class="workspace-counts__number">1<\/span>/);
    const attention = [
      'Beretning 2024: PDF’en beretning-2024.pdf kunne ikke læses',
      'Beretning 2023: PDF’en beretning-2023.pdf blev kun læst delvist',
      'Beretning 2021: udgives 10. juni 2026 kl. 10.00',
      'Beretning 2022: mangler forord',
      'Beretning 2022: mangler forsidebillede',
      'Adressen på tilgængelighedserklæringen mangler.',
    ];
    for (const line of attention) expect(text).toContain(line);
    expect(page.body.indexOf('data-attention="failed"')).toBeLessThan(page.body.indexOf('data-attention="scheduled"'));
  });

  it('comparing versions that do not exist, or a blank field, goes back to the history with the input kept and the field named', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}`, headers: { cookie }, payload: { _csrf: csrfToken, intent: 'save', version: '1', ...reportForm, title: 'Ny titel' } });
    const missing = await app.inject({ url: `/admin/beretninger/${id}/historik/forskel?fra=1&til=9`, headers: { cookie } });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('<h1>Historik for beretning 2025</h1>');
    expect(missing.body).toContain('<a href="#versioner">Vælg en version i kolonnen Fra og en i kolonnen Til.</a>');
    expect(missing.body).toMatch(/<input[^>]*id="fra-1"[^>]*checked/);
    expect(missing.body).not.toMatch(/<input[^>]*name="til"[^>]*checked/);
    const blank = await app.inject({ url: `/admin/beretninger/${id}/historik/forskel?fra=&til=2`, headers: { cookie } });
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toMatch(/<input[^>]*id="til-2"[^>]*checked/);
  });

  it('history lists every save; a diff shows what changed; restoring the first revision is a new revision', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}`, headers: { cookie }, payload: { _csrf: csrfToken, intent: 'save', version: '1', ...reportForm, title: 'Ny titel', forewordMd: 'Året var svært.' } });
    const diff = await app.inject({ url: `/admin/beretninger/${id}/historik/forskel?fra=1&til=2`, headers: { cookie } });
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('Ny titel');
    expect(diff.body).toMatch(/<ins>.*svært/);
    const restore = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/historik/1/gendan`, headers: { cookie }, payload: { _csrf: csrfToken } });
    expect(restore.statusCode).toBe(303);
    const history = await app.inject({ url: `/admin/beretninger/${id}/historik`, headers: { cookie } });
    expect(history.body).toContain('Version 3');
    expect(history.body).toContain('Tidligere version gendannet');
    // Each version says what it changed, and versions are chosen by radio buttons per row.
    expect(history.body).toContain('<span data-changes="true">Titel og forord ændret</span>');
    expect(history.body).toContain('<span data-changes="true">Første version</span>');
    expect(history.body).toMatch(/<input class="revision-radio" type="radio" name="fra" value="2" id="fra-2" checked/);
    expect(history.body).toMatch(/<input class="revision-radio" type="radio" name="til" value="3" id="til-3" checked/);
    expect(history.body).not.toContain('type="number"');
    const edit = await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie } });
    expect(edit.body).toContain('value="Beretning 2025"');
  });

  it('a scheduled report is published when the clock reaches its time (Copenhagen time), even after a restart', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const past = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/planlaeg`, headers: { cookie }, payload: { _csrf: csrfToken, date: '2026-05-01', time: '09:00' } });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('i fremtiden');
    // The editor's date and time stay in the form, and the message is tied to the field.
    expect(past.body).toMatch(/<input[^>]*id="planlaeg-dato" name="date" value="2026-05-01" aria-invalid="true" aria-describedby="planlaeg-dato-fejl"/);
    expect(past.body).toMatch(/<input[^>]*id="planlaeg-tid" name="time" value="09:00"/);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/planlaeg`, headers: { cookie }, payload: { _csrf: csrfToken, date: '2026-06-02', time: '09:00' } })).statusCode).toBe(303);
    expect((await app.inject({ url: '/admin', headers: { cookie } })).body).toContain('Planlagt');
    expect((await app.inject({ url: '/beretninger/2025' })).statusCode).toBe(404);
    (deps.clock as unknown as { set: (to: string) => void }).set('2026-06-02T07:00:00.000Z'); // 09:00 summer time
    // A "restart": a new app on the same database checks due reports when it starts.
    const { createApp } = await import('../../app.js');
    const restarted = await createApp(deps);
    await restarted.ready();
    await restarted.close(); // waits for the catch-up check it started

    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.statusCode).toBe(200);
  });

  it('trash hides a published report; restore brings it back; delete for good only from the trash, admins only, after confirmation', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2024, title: 'Beretning 2024' }] });
    const editor = await loginAs({ app, deps });
    const admin = await loginAs({ app, deps, role: 'admin' });
    const id = (await deps.db.selectFrom('reports').select('id').where('year', '=', 2024).executeTakeFirstOrThrow()).id;
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/slet`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } })).statusCode).toBe(409);
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/papirkurv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/admin', headers: { cookie: editor.cookie } })).body).toContain('I papirkurven');
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/gendan`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect((await app.inject({ url: '/beretninger/2024' })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/papirkurv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } });
    expect((await app.inject({ url: `/admin/beretninger/${id}/slet`, headers: { cookie: editor.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/slet`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(403);
    const confirm = await app.inject({ url: `/admin/beretninger/${id}/slet`, headers: { cookie: admin.cookie } });
    expect(confirm.body).toContain('Ja, slet endeligt');
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/slet`, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken } })).statusCode).toBe(303);
    expect((await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie: admin.cookie } })).statusCode).toBe(404);
  });

  it('publishing a published report again (a double click, a stale tab) changes nothing: same publication date, no new revision, and the editor is told', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const publish = () => app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie }, payload: { _csrf: csrfToken } });
    expect((await publish()).headers.location).toBe(`/admin/beretninger/${id}?besked=udgivet`);
    const before = await deps.db.selectFrom('reports').select(['publishedAt', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const revisionsBefore = await deps.db.selectFrom('reportRevisions').select('number').where('reportId', '=', id).execute();
    (deps.clock as unknown as { advance: (ms: number) => void }).advance(5 * 60_000);
    const again = await publish();
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/admin/beretninger/${id}?besked=allerede-udgivet`);
    expect(await deps.db.selectFrom('reports').select(['publishedAt', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await deps.db.selectFrom('reportRevisions').select('number').where('reportId', '=', id).execute()).toHaveLength(revisionsBefore.length);
    const page = await app.inject({ url: String(again.headers.location), headers: { cookie } });
    expect(page.body).toContain('Beretningen var allerede udgivet. Intet er ændret.');
  });

  it('every change is in the audit log and announced as report.changed', async () => {
    const { app, deps } = await setUp();
    const seen: string[] = [];
    deps.events.on('report.changed', ({ reportId }) => { seen.push(reportId); });
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie }, payload: { _csrf: csrfToken } });
    expect(seen).toEqual([id, id]);
    const actions = await deps.db.selectFrom('auditLog').select('action').where('targetId', '=', id).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['report.created', 'report.published']);
  });
});

describe('PDF upload', () => {
  it('a PDF becomes the report’s PDF; replacing it keeps the old file in the history with the same public URL pattern', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const first = await upload({ app, cookie, csrfToken, id, fileName: 'første.pdf', content: await createTestPdf({ title: 'Første' }) });
    expect(first.statusCode).toBe(303);
    const second = await upload({ app, cookie, csrfToken, id, fileName: 'anden.pdf', content: await createTestPdf({ title: 'Anden' }) });
    expect(second.statusCode).toBe(303);
    expect((await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie } })).body).toContain('anden.pdf');
    const history = await app.inject({ url: `/admin/beretninger/${id}/historik`, headers: { cookie } });
    expect(history.body).toContain('første.pdf');
    expect(history.body).toContain('anden.pdf');
    expect(history.body).toMatch(/href="\/filer\/[a-f0-9]{64}\//);
    expect(history.body).toContain('<span data-changes="true">Ny PDF</span>');
  });

  it('with Accept: application/json (the progress bar) it answers JSON', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const { payload, contentType } = await multipart({ fileName: 'b.pdf', content: await createTestPdf() });
    const response = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(csrfToken)}`, headers: { cookie, 'content-type': contentType, accept: 'application/json' }, payload });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true });
  });

  it.each([
    ['not a PDF', 'tekst.pdf', Buffer.from('Hej, jeg er tekst og ikke en PDF.'), 422, 'ikke en PDF'],
    ['a damaged PDF', 'skadet.pdf', Buffer.from('%PDF-1.7\nnonsense without any objects\n%%EOF'), 422, 'PDF'],
    ['an empty file', 'tom.pdf', Buffer.alloc(0), 422, 'PDF'],
  ])('refuses %s with a Danish message and keeps the report unchanged', async (_label, fileName, content, status, text) => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const response = await upload({ app, cookie, csrfToken, id, fileName, content });
    expect(response.statusCode).toBe(status);
    expect(response.body).toContain(text);
    expect(response.body).toContain('Beretningen har ingen PDF endnu.');
  });

  it('refuses a file over MAX_UPLOAD_MB with 413 and a Danish message', async () => {
    const { app, deps } = await setUp({ config: { maxUploadMb: 1 } });
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const big = Buffer.concat([await createTestPdf(), Buffer.alloc(1024 * 1024 + 10, 32)]);
    const response = await upload({ app, cookie, csrfToken, id, fileName: 'stor.pdf', content: big });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('Filen er for stor. En PDF må højst fylde 1 MB.');
    // Far over the limit: refused from its declared length before it is read, with the same message.
    const huge = await upload({ app, cookie, csrfToken, id, fileName: 'stor.pdf', content: Buffer.concat([big, Buffer.alloc(1024 * 1024, 32)]) });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('Filen er for stor. En PDF må højst fylde 1 MB.');
  });

  it('refuses an upload without a file, and one without the CSRF token', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const { payload, contentType } = await multipart({ fileName: 'b.pdf', content: await createTestPdf() });
    const noToken = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf`, headers: { cookie, 'content-type': contentType }, payload });
    expect(noToken.statusCode).toBe(403);
    const empty = new FormData();
    empty.append('other', 'x');
    const request = new Request('http://localhost/', { method: 'POST', body: empty });
    const none = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(csrfToken)}`, headers: { cookie, 'content-type': request.headers.get('content-type') as string }, payload: Buffer.from(await request.arrayBuffer()) });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Vælg en PDF-fil');
  });
});

describe('corrections of a published report', () => {
  async function multipartWithNote({ note, fileName, content }: { note: string; fileName: string; content: Buffer }) {
    const form = new FormData();
    form.append('correctionNote', note);
    form.append('pdf', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), fileName);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') as string };
  }

  it('the edit form offers a public correction note only for a published report; a corrected foreword shows "Rettet <dato>" with the note', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2020, foreword: 'Vi havde 12 medlemmer.' }] });
    const editor = await loginAs({ app, deps });
    const report = await deps.db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
    const form = await app.inject({ url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie } });
    // Two notes on one page, each label saying which correction it explains; the reading-state table is named by its heading only.
    expect(form.body).toContain('<label class="form-label" for="beretning-correctionNote">Offentlig note om rettelsen af forordet</label>');
    expect(form.body).toContain('<label class="form-label" for="beretning-pdf-rettelse">Offentlig note om den nye PDF</label>');
    expect(form.body.match(/Læsning af PDF’en/g)).toHaveLength(1);
    const draftId = await createDraft({ app, ...editor });
    expect((await app.inject({ url: `/admin/beretninger/${draftId}`, headers: { cookie: editor.cookie } })).body).not.toContain('Offentlig note');
    expect((await app.inject({ url: '/beretninger/2020' })).body).not.toContain('Rettet ');

    const saved = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, intent: 'save', version: String(report.version), year: '2020', title: report.title, periodStart: '', periodEnd: '', forewordMd: 'Vi havde 21 medlemmer.', correctionNote: 'Antallet af medlemmer var byttet om.' } });
    expect(saved.statusCode).toBe(303);
    const page = await app.inject({ url: '/beretninger/2020' });
    expect(page.body).toContain('Vi havde 21 medlemmer.');
    expect(page.body).toMatch(/<strong>Rettet 1\. juni 2026<\/strong>/);
    expect(page.body).toContain('Antallet af medlemmer var byttet om.');
  });

  it('a note is kept only with a correction: saving a published report without changing its foreword stores none', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2020, foreword: 'Uændret.' }] });
    const editor = await loginAs({ app, deps });
    const report = await deps.db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
    const saved = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, intent: 'save', version: String(report.version), year: '2020', title: 'Ny titel', periodStart: '', periodEnd: '', forewordMd: 'Uændret.', correctionNote: 'Ingen rettelse' } });
    expect(saved.statusCode).toBe(303);
    expect(await deps.db.selectFrom('reportCorrections').selectAll().execute()).toHaveLength(0);
    expect((await app.inject({ url: '/beretninger/2020' })).body).not.toContain('Ingen rettelse');
  });

  it('a note over 1,000 characters is refused with a linked message, the editor’s text kept and nothing saved', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2020, foreword: 'Før.' }] });
    const editor = await loginAs({ app, deps });
    const report = await deps.db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
    const long = 'x'.repeat(1001);
    const res = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, intent: 'save', version: String(report.version), year: '2020', title: report.title, periodStart: '', periodEnd: '', forewordMd: 'Efter.', correctionNote: long } });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#beretning-correctionNote"');
    expect(res.body).toContain('Rettelsesnoten må højst være 1.000 tegn.');
    expect(res.body).toContain('Efter.');
    expect(res.body).toContain(long);
    expect((await deps.db.selectFrom('reports').select('forewordMd').where('id', '=', report.id).executeTakeFirstOrThrow()).forewordMd).toBe('Før.');
  });

  it('line breaks count as one character, as the browser counts them: a 999-character note with 99 CRLF line breaks and a foreword of 50,000 are saved, with LF', async () => {
    const { app, deps } = await setUp({ reports: [{ year: 2020, foreword: 'Før.' }] });
    const editor = await loginAs({ app, deps });
    const report = await deps.db.selectFrom('reports').selectAll().where('year', '=', 2020).executeTakeFirstOrThrow();
    const lines = (count: number, length: number) => Array.from({ length: count }, () => 'x'.repeat(length - 1)).join('\n') + '\n';
    const note = lines(100, 10).slice(0, 999); // 99 line breaks, 999 characters as the browser counts them
    const foreword = lines(5_000, 10); // 50,000 characters, 5,000 line breaks
    expect([note.length, note.split('\n').length - 1, foreword.length]).toEqual([999, 99, 50_000]);
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const res = await app.inject({ method: 'POST', url: `/admin/beretninger/${report.id}`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, intent: 'save', version: String(report.version), year: '2020', title: report.title, periodStart: '', periodEnd: '', forewordMd: crlf(foreword), correctionNote: crlf(note) } });
    expect(res.statusCode).toBe(303);
    expect((await deps.db.selectFrom('reports').select('forewordMd').where('id', '=', report.id).executeTakeFirstOrThrow()).forewordMd).toBe(foreword);
    const stored = await deps.db.selectFrom('reportCorrections').select('note').where('reportId', '=', report.id).execute();
    expect(stored.map((c) => c.note)).toEqual([note.trim()]);
  });

  it('a PDF upload whose note is over 1,000 characters is refused at the note with the text kept, not cut; one with CRLF line breaks that fits is kept whole', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const id = await createDraft({ app, ...editor });
    expect((await upload({ app, ...editor, id, fileName: 'beretning-2025.pdf', content: await createTestPdf({ pages: 2 }) })).statusCode).toBe(303);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
    const long = 'Tabel 3 havde forkerte tal. '.repeat(40).trim(); // 1,119 characters
    const tooLong = await multipartWithNote({ note: long, fileName: 'beretning-2025-rettet.pdf', content: await createTestPdf({ title: 'Rettet', pages: 3 }) });
    const refused = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(editor.csrfToken)}`, headers: { cookie: editor.cookie, 'content-type': tooLong.contentType }, payload: tooLong.payload });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#beretning-pdf-rettelse"');
    expect(refused.body).toContain('Rettelsesnoten må højst være 1.000 tegn.');
    expect(refused.body).toMatch(/id="beretning-pdf-rettelse"[^>]*aria-invalid="true"/);
    expect(refused.body).toContain(`>${long}</textarea>`);
    expect(await deps.db.selectFrom('documents').select('id').where('reportId', '=', id).execute()).toHaveLength(1);
    expect(await deps.db.selectFrom('reportCorrections').selectAll().execute()).toEqual([]);

    const note = `${'x'.repeat(9)}\r\n`.repeat(99) + 'y'.repeat(9); // 999 characters with LF, 1,098 as sent
    const fits = await multipartWithNote({ note, fileName: 'beretning-2025-rettet.pdf', content: await createTestPdf({ title: 'Rettet', pages: 3 }) });
    const res = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(editor.csrfToken)}`, headers: { cookie: editor.cookie, 'content-type': fits.contentType }, payload: fits.payload });
    expect(res.headers.location).toBe(`/admin/beretninger/${id}?uploadet=1`);
    expect((await deps.db.selectFrom('reportCorrections').select('note').execute()).map((c) => c.note)).toEqual([note.replace(/\r\n/g, '\n')]);
  });

  it('uploading the same PDF again changes nothing: no "Rettet", no earlier version of itself, no new revision', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const id = await createDraft({ app, ...editor });
    const pdf = await createTestPdf({ pages: 2 });
    expect((await upload({ app, ...editor, id, fileName: 'beretning-2025.pdf', content: pdf })).statusCode).toBe(303);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
    const revisionsBefore = await deps.db.selectFrom('reportRevisions').select('number').where('reportId', '=', id).execute();
    expect((await upload({ app, ...editor, id, fileName: 'beretning-2025.pdf', content: pdf })).statusCode).toBe(303);
    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Rettet ');
    expect(page.body).not.toContain('Tidligere udgaver');
    expect(await deps.db.selectFrom('documents').select('id').where('reportId', '=', id).execute()).toHaveLength(1);
    expect(await deps.db.selectFrom('reportRevisions').select('number').where('reportId', '=', id).execute()).toHaveLength(revisionsBefore.length);
  });

  it('replacing a published report’s PDF with a note shows the note, and the earlier PDF stays downloadable', async () => {
    const { app, deps } = await setUp();
    const editor = await loginAs({ app, deps });
    const id = await createDraft({ app, ...editor });
    expect((await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie: editor.cookie } })).body).not.toContain('for="beretning-pdf-rettelse"');
    expect((await upload({ app, ...editor, id, fileName: 'beretning-2025.pdf', content: await createTestPdf({ pages: 2 }) })).statusCode).toBe(303);
    expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken } })).statusCode).toBe(303);
    const original = await deps.db.selectFrom('documents').selectAll().where('reportId', '=', id).executeTakeFirstOrThrow();
    expect((await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie: editor.cookie } })).body).toContain('for="beretning-pdf-rettelse"');
    const { payload, contentType } = await multipartWithNote({ note: 'Tabel 3 havde forkerte tal.', fileName: 'beretning-2025-rettet.pdf', content: await createTestPdf({ title: 'Rettet', pages: 3 }) });
    const res = await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(editor.csrfToken)}`, headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
    expect(res.headers.location).toBe(`/admin/beretninger/${id}?uploadet=1`);
    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.body).toMatch(/<strong>Rettet 1\. juni 2026<\/strong>/);
    expect(page.body).toContain('Tabel 3 havde forkerte tal.');
    expect(page.body).toContain('beretning-2025-rettet.pdf');
    expect(page.body).toContain(`href="/filer/${original.sha256}/`);
    expect((await app.inject({ url: `/filer/${original.sha256}/${original.fileName}` })).statusCode).toBe(200);
  });
});
