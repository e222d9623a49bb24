import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { useTestApp, type TestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { PAGE_CACHE_CONTROL } from '../cache/cache.routes.js';
import { createTestMedia, hasFfmpeg, mediaForm, noFfmpegMessage, testSrt } from './media.test-utils.js';

if (!hasFfmpeg) console.warn(noFfmpegMessage);

type Editor = { cookie: string; csrfToken: string };

const reportIdOf = async (deps: TestApp['deps'], year: number) => (await deps.db.selectFrom('reports').select('id').where('year', '=', year).executeTakeFirstOrThrow()).id;

async function uploadMedia({ app, editor, reportId, content, title, json = false }: { app: FastifyInstance; editor: Editor; reportId: string; content: Buffer; title?: string; json?: boolean }) {
  const { payload, contentType } = await mediaForm({ fields: title ? { titel: title } : {}, files: [{ name: 'fil', fileName: 'aarets-film.mp4', content }] });
  return app.inject({ method: 'POST', url: `/admin/beretninger/${reportId}/medier?_csrf=${encodeURIComponent(editor.csrfToken)}`, headers: { cookie: editor.cookie, 'content-type': contentType, ...(json ? { accept: 'application/json' } : {}) }, payload });
}

async function editMedia({ app, editor, reportId, mediaId, fields, files = [] }: { app: FastifyInstance; editor: Editor; reportId: string; mediaId: string; fields: Record<string, string>; files?: { name: string; fileName: string; content: Buffer | string }[] }) {
  const { payload, contentType } = await mediaForm({ fields, files });
  return app.inject({ method: 'POST', url: `/admin/beretninger/${reportId}/medier/${mediaId}?_csrf=${encodeURIComponent(editor.csrfToken)}`, headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
}

const post = (app: FastifyInstance, editor: Editor, url: string, body: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { cookie: editor.cookie }, payload: { _csrf: editor.csrfToken, ...body } });

describe.skipIf(!hasFfmpeg)('media in the workspace and for readers', () => {
  const testApp = useTestApp();
  let film: Buffer;
  let sound: Buffer;
  beforeAll(() => {
    film = createTestMedia({ kind: 'mp4', seconds: 2 });
    sound = createTestMedia({ kind: 'ogg', seconds: 2 });
  });

  /** A draft 2025 with one film uploaded through the workspace; its row. */
  async function draftWithFilm() {
    const t = await testApp({ reports: [{ year: 2025, published: null, pdfName: 'beretning-2025.pdf' }] });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    const response = await uploadMedia({ app: t.app, editor, reportId, content: film, title: 'Året der gik' });
    expect(response.statusCode).toBe(303);
    const media = await t.deps.db.selectFrom('reportMedia').selectAll().where('reportId', '=', reportId).executeTakeFirstOrThrow();
    return { ...t, editor, reportId, media };
  }

  it('an uploaded film is probed (length, size, codecs), gets a poster from ffmpeg and is listed in the workspace', async () => {
    const { app, editor, reportId, media } = await draftWithFilm();
    expect(media).toMatchObject({ kind: 'video', title: 'Året der gik', slug: 'aaret-der-gik', mimeType: 'video/mp4', width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac', position: 1 });
    expect(media.posterKey).toMatch(/^files\//);
    const page = await app.inject({ url: `/admin/beretninger/${reportId}/medier`, headers: { cookie: editor.cookie } });
    expect(page.body).toContain('Året der gik');
    expect(page.body).toContain('Mangler undertekster');
  });

  it('a PDF named .mp4 is refused in Danish at the file field, with JSON for the progress bar script', async () => {
    const t = await testApp({ reports: [{ year: 2025, published: null }] });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    const html = await uploadMedia({ app: t.app, editor, reportId, content: Buffer.from('%PDF-1.7\nikke en film') });
    expect(html.statusCode).toBe(422);
    expect(html.body).toContain('hverken video eller lyd');
    expect(html.body).toContain('aria-invalid="true"');
    const json = await uploadMedia({ app: t.app, editor, reportId, content: Buffer.from('%PDF-1.7\nikke en film'), json: true });
    expect(json.json()).toEqual({ ok: false, message: expect.stringContaining('hverken video eller lyd') });
    expect(await t.deps.db.selectFrom('reportMedia').selectAll().execute()).toEqual([]);
  });

  it('a film over MAX_UPLOAD_MB is refused with the limit for films and sounds, not a PDF\'s, and nothing is added', async () => {
    const t = await testApp({ reports: [{ year: 2025, published: null }], config: { maxUploadMb: 1 } });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    const tooLarge = Buffer.concat([film, Buffer.alloc(1024 * 1024)]);
    const html = await uploadMedia({ app: t.app, editor, reportId, content: tooLarge });
    expect(html.statusCode).toBe(413);
    expect(html.body).toContain('Filen er for stor. En film eller lydfil må højst fylde 1 MB.');
    expect(html.body).not.toContain('PDF');
    const json = await uploadMedia({ app: t.app, editor, reportId, content: tooLarge, json: true });
    expect(json.json()).toEqual({ ok: false, message: 'Filen er for stor. En film eller lydfil må højst fylde 1 MB.' });
    expect(await t.deps.db.selectFrom('reportMedia').selectAll().execute()).toEqual([]);
  });

  it('a new upload with a title over 200 characters is refused at the title, with the input kept, and nothing is added', async () => {
    const t = await testApp({ reports: [{ year: 2025, published: null }] });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    const longTitle = 'Å'.repeat(250);
    const refused = await uploadMedia({ app: t.app, editor, reportId, content: film, title: longTitle });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Skriv en titel på højst 200 tegn.');
    expect(refused.body).toMatch(/name="titel" value="Å{250}"[^>]*aria-invalid="true"/);
    expect(await t.deps.db.selectFrom('reportMedia').selectAll().execute()).toEqual([]);
    expect((await uploadMedia({ app: t.app, editor, reportId, content: film, title: 'Å'.repeat(200) })).statusCode).toBe(303);
  });

  it('a draft\'s film, poster and item page are not public; a signed-in editor may fetch the film, never cached', async () => {
    const { app, editor, media } = await draftWithFilm();
    expect((await app.inject({ url: `/medier/${media.sha256}/film.mp4` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/medier/plakater/${media.posterKey!.split('/').pop()}.jpg` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/beretninger/2025/film/aaret-der-gik' })).statusCode).toBe(404);
    const asEditor = await app.inject({ url: `/medier/${media.sha256}/film.mp4`, headers: { cookie: editor.cookie } });
    expect(asEditor.statusCode).toBe(200);
    expect(asEditor.headers['cache-control']).toBe('private, no-store');
  });

  it('publishing a film without captions asks first; "Udgiv alligevel" publishes', async () => {
    const { app, editor, reportId } = await draftWithFilm();
    const asked = await post(app, editor, `/admin/beretninger/${reportId}/udgiv`);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Filmen &quot;Året der gik&quot; har ingen undertekster.');
    expect((await app.inject({ url: '/beretninger/2025' })).statusCode).toBe(404);
    const confirmed = await post(app, editor, `/admin/beretninger/${reportId}/udgiv`, { bekraeftMedier: 'ja' });
    expect(confirmed.statusCode).toBe(303);
    expect((await app.inject({ url: '/beretninger/2025' })).statusCode).toBe(200);
  });

  /** The draft's PDF found to have an accessibility problem (a missing title), as the checks store it. */
  async function withAccessibilityProblem(deps: TestApp['deps'], reportId: string) {
    const { currentDocumentId } = await deps.db.selectFrom('reports').select('currentDocumentId').where('id', '=', reportId).executeTakeFirstOrThrow();
    const result = { version: 1, failures: 1, checks: [{ code: 'title', status: 'fail', pages: [], count: 1 }] };
    await deps.db.updateTable('documents').set({ accessibilityJson: JSON.stringify(result), accessibilityFailures: 1 }).where('id', '=', currentDocumentId!).execute();
  }

  /** Clicks the confirmation page's "Udgiv alligevel" as a browser without JavaScript would: its form's action and hidden fields, as they are. */
  async function confirmOnPage(app: FastifyInstance, editor: Editor, page: string) {
    const form = /<form method="post" action="([^"]+\/(?:udgiv|planlaeg))" class="inline-form">([\s\S]*?)<\/form>/.exec(page);
    expect(form).not.toBeNull();
    const fields = Object.fromEntries([...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!]));
    return app.inject({ method: 'POST', url: form![1]!, headers: { cookie: editor.cookie }, payload: fields });
  }

  it('a draft with both a film without captions and a PDF with accessibility problems is published once each warning is confirmed', async () => {
    const { app, deps, editor, reportId } = await draftWithFilm();
    await withAccessibilityProblem(deps, reportId);
    const media = await post(app, editor, `/admin/beretninger/${reportId}/udgiv`);
    expect(media.body).toContain('Filmen &quot;Året der gik&quot; har ingen undertekster.');
    const accessibility = await confirmOnPage(app, editor, media.body);
    expect(accessibility.body).toContain('Udgiv med tilgængelighedsproblemer?');
    const published = await confirmOnPage(app, editor, accessibility.body);
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/admin/beretninger/${reportId}?besked=udgivet`);
    expect((await app.inject({ url: '/beretninger/2025' })).statusCode).toBe(200);
  });

  it('scheduling asks about the film without captions too, as publishing does, and keeps the date and time through both warnings', async () => {
    const { app, deps, editor, reportId } = await draftWithFilm();
    await withAccessibilityProblem(deps, reportId);
    const schedule = { date: '2026-06-02', time: '09:00' };
    // An invalid time is the form's error, not a warning first.
    expect((await post(app, editor, `/admin/beretninger/${reportId}/planlaeg`, { date: '2026-05-01', time: '09:00' })).statusCode).toBe(422);
    const media = await post(app, editor, `/admin/beretninger/${reportId}/planlaeg`, schedule);
    expect(media.body).toContain('Filmen &quot;Året der gik&quot; har ingen undertekster.');
    const accessibility = await confirmOnPage(app, editor, media.body);
    expect(accessibility.body).toContain('Udgiv med tilgængelighedsproblemer?');
    const scheduled = await confirmOnPage(app, editor, accessibility.body);
    expect(scheduled.statusCode).toBe(303);
    expect(scheduled.headers.location).toBe(`/admin/beretninger/${reportId}?besked=planlagt`);
    const row = await deps.db.selectFrom('reports').select(['status', 'scheduledAt']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', scheduledAt: '2026-06-02T07:00:00.000Z' });
  });

  it('an audio file without a transcript is warned about too', async () => {
    const t = await testApp({ reports: [{ year: 2025, published: null }] });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    expect((await uploadMedia({ app: t.app, editor, reportId, content: sound, title: 'Podcast' })).statusCode).toBe(303);
    const asked = await post(t.app, editor, `/admin/beretninger/${reportId}/udgiv`);
    expect(asked.body).toContain('Lyden &quot;Podcast&quot; har ingen udskrift.');
  });

  it('SRT captions become WebVTT; the published report page shows "Se og hør" with the captions track, no autoplay, preload none and a sized poster', async () => {
    const { app, editor, reportId, media } = await draftWithFilm();
    const saved = await editMedia({ app, editor, reportId, mediaId: media.id, fields: { titel: 'Året der gik', beskrivelse: 'Borgmesteren fortæller.', raekkefoelge: '1', udskrift: 'Velkommen til **årets beretning** om klimatilpasning.' }, files: [{ name: 'undertekster', fileName: 'film.srt', content: testSrt }] });
    expect(saved.statusCode).toBe(303);
    expect((await post(app, editor, `/admin/beretninger/${reportId}/udgiv`)).statusCode).toBe(303); // nothing to warn about now

    const page = await app.inject({ url: '/beretninger/2025' });
    expect(page.body).toContain('<h2 id="se-og-hoer">Se og hør</h2>');
    const video = /<video[^>]*>[\s\S]*?<\/video>/.exec(page.body)?.[0] ?? '';
    expect(video).toContain('preload="none"');
    expect(video).not.toContain('autoplay');
    expect(video).toMatch(/width="320"[^>]*height="180"|height="180"[^>]*width="320"/);
    const track = /<track[^>]*src="([^"]+)"/.exec(video)?.[1];
    expect(video).toContain('kind="captions"');
    const vtt = await app.inject({ url: track! });
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-type']).toContain('text/vtt');
    expect(vtt.body).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nVelkommen til årets beretning\n\n00:00:01.500 --> 00:00:02.000\nTak fordi du ser med\n');
    expect(page.body).toContain('href="/beretninger/2025/film/aaret-der-gik"');
    expect(page.body).toContain('"@type":"VideoObject"');

    const item = await app.inject({ url: '/beretninger/2025/film/aaret-der-gik' });
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain('<strong>årets beretning</strong>');
    // The film's page is cached for the next reader like the report page.
    const cached = await app.inject({ url: '/beretninger/2025/film/aaret-der-gik' });
    expect(cached.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    expect(cached.body).toContain('<strong>årets beretning</strong>');
    expect(item.body).toContain('"transcript":"Velkommen til årets beretning om klimatilpasning."');

    // Open data: the API lists the media with URLs, captions and transcript; the feed has the film as an enclosure.
    const api = (await app.inject({ url: '/api/v1/reports/2025' })).json() as { media: Record<string, unknown>[] };
    expect(api.media).toEqual([expect.objectContaining({ slug: 'aaret-der-gik', kind: 'video', title: 'Året der gik', pageUrl: expect.stringMatching(/\/beretninger\/2025\/film\/aaret-der-gik$/), captionsUrl: expect.stringMatching(/\/medier\/tekster\/[a-f0-9]{64}\.vtt$/), transcriptMarkdown: 'Velkommen til **årets beretning** om klimatilpasning.' })]);
    const openApi = (await app.inject({ url: '/api/v1/openapi.json' })).body;
    expect(openApi).toContain('"Media"');
    const feed = (await app.inject({ url: '/feed.xml' })).body;
    expect(feed).toMatch(/<link rel="enclosure" type="video\/mp4" length="\d+" title="Året der gik" href="[^"]+\/medier\/[a-f0-9]{64}\/aarets-film.mp4"\/>/);
  });

  it('the published film answers Range requests with 206, ETag and immutable caching', async () => {
    const { app, editor, reportId, media } = await draftWithFilm();
    await post(app, editor, `/admin/beretninger/${reportId}/udgiv`, { bekraeftMedier: 'ja' });
    const url = `/medier/${media.sha256}/aarets-film.mp4`;
    const whole = await app.inject({ url });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(whole.headers.etag).toBe(`"${media.sha256}"`);
    expect(whole.rawPayload.equals(film)).toBe(true);
    const part = await app.inject({ url, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${film.length}`);
    expect(part.rawPayload.equals(film.subarray(100, 200))).toBe(true);
    expect((await app.inject({ url, headers: { 'if-none-match': `"${media.sha256}"` } })).statusCode).toBe(304);
    expect((await app.inject({ url, headers: { range: `bytes=${film.length + 10}-` } })).statusCode).toBe(416);
  });

  it('a transcript is found by search, and the hit leads to the film\'s page', async () => {
    const { app, editor, reportId, media } = await draftWithFilm();
    await editMedia({ app, editor, reportId, mediaId: media.id, fields: { titel: 'Året der gik', udskrift: 'Vi taler om vandløbsrestaurering i kommunerne.' } });
    await post(app, editor, `/admin/beretninger/${reportId}/udgiv`, { bekraeftMedier: 'ja' });
    const result = await app.inject({ url: '/soeg?q=vandl%C3%B8bsrestaurering' });
    expect(result.body).toContain('href="/beretninger/2025/film/aaret-der-gik"');
    expect(result.body).toContain('Se filmen og læs udskriften');
  });

  it('adding, replacing, changing, removing and restoring are each a revision and an audit entry; a removed film is gone for readers until restored', async () => {
    const { app, deps, editor, reportId, media } = await draftWithFilm();
    await post(app, editor, `/admin/beretninger/${reportId}/udgiv`, { bekraeftMedier: 'ja' });
    const other = createTestMedia({ kind: 'mp4', seconds: 2, tone: 880 });
    expect((await editMedia({ app, editor, reportId, mediaId: media.id, fields: { titel: 'Året der gik' }, files: [{ name: 'fil', fileName: 'ny.mp4', content: other }] })).statusCode).toBe(303);
    const replaced = await deps.db.selectFrom('reportMedia').selectAll().where('id', '=', media.id).executeTakeFirstOrThrow();
    expect(replaced.sha256).not.toBe(media.sha256);
    expect((await app.inject({ url: `/medier/${media.sha256}/x.mp4` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/medier/${replaced.sha256}/x.mp4` })).statusCode).toBe(200);

    // Read twice, so a copy is in the page cache: removing the film must take it out too.
    for (let i = 0; i < 2; i++) expect((await app.inject({ url: '/beretninger/2025/film/aaret-der-gik' })).statusCode).toBe(200);
    await post(app, editor, `/admin/beretninger/${reportId}/medier/${media.id}/fjern`);
    expect((await app.inject({ url: '/beretninger/2025' })).body).not.toContain('Se og hør');
    expect((await app.inject({ url: `/medier/${replaced.sha256}/x.mp4` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/beretninger/2025/film/aaret-der-gik' })).statusCode).toBe(404);
    const restored = await post(app, editor, `/admin/beretninger/${reportId}/medier/${media.id}/gendan`);
    expect(restored.statusCode).toBe(303);
    expect((await app.inject({ url: String(restored.headers.location), headers: { cookie: editor.cookie } })).body).toContain('&quot;Året der gik&quot; er gendannet.');
    expect((await app.inject({ url: '/beretninger/2025' })).body).toContain('Se og hør');

    const history = await app.inject({ url: `/admin/beretninger/${reportId}/historik`, headers: { cookie: editor.cookie } });
    for (const label of ['Film eller lyd tilføjet', 'Film eller lyd erstattet', 'Film eller lyd fjernet', 'Film eller lyd gendannet']) expect(history.body).toContain(label);
    const audit = (await deps.db.selectFrom('auditLog').select('action').where('action', 'like', 'media.%').orderBy('at').execute()).map((e) => e.action);
    expect(audit).toEqual(['media.added', 'media.replaced', 'media.removed', 'media.restored']);
  }, 120_000);

  /** The edit form's hidden fields and text as a browser would post them again. */
  const formOf = (page: string) => ({
    version: /<input type="hidden" name="version" value="([^"]*)"\/>/.exec(page)?.[1] ?? '',
    titel: /name="titel" value="([^"]*)"/.exec(page)?.[1] ?? '',
    udskrift: /name="udskrift"[^>]*>([^<]*)<\/textarea>/.exec(page)?.[1] ?? '',
  });

  it('two editors on the same film: the later save from a stale form gets 409 with its input kept, nothing overwritten; saving again applies it', async () => {
    const { app, deps, editor: first, reportId, media } = await draftWithFilm();
    const second = await loginAs({ app, deps });
    const editUrl = `/admin/beretninger/${reportId}/medier/${media.id}`;
    const openedByFirst = formOf((await app.inject({ url: editUrl, headers: { cookie: first.cookie } })).body);
    const openedBySecond = formOf((await app.inject({ url: editUrl, headers: { cookie: second.cookie } })).body);
    expect(openedBySecond.version).not.toBe('');

    expect((await editMedia({ app, editor: first, reportId, mediaId: media.id, fields: { version: openedByFirst.version, titel: 'Året der gik', udskrift: 'Borgmesterens tale.' } })).statusCode).toBe(303);
    const stale = await editMedia({ app, editor: second, reportId, mediaId: media.id, fields: { version: openedBySecond.version, titel: 'Året der gik, kort', udskrift: '' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`${first.user.name} har ændret &quot;Året der gik&quot;`);
    expect(stale.body).toContain('Dine ændringer er ikke gemt');
    expect(formOf(stale.body).titel).toBe('Året der gik, kort');
    const row = await deps.db.selectFrom('reportMedia').selectAll().where('id', '=', media.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Året der gik', transcriptMd: 'Borgmesterens tale.' });

    // Knowingly, from the 409 page: the second editor's version applies.
    const again = await editMedia({ app, editor: second, reportId, mediaId: media.id, fields: formOf(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(await deps.db.selectFrom('reportMedia').select(['title', 'transcriptMd']).where('id', '=', media.id).executeTakeFirstOrThrow()).toEqual({ title: 'Året der gik, kort', transcriptMd: null });
  });

  it('a stale form with a new file changes nothing: the file is not replaced either', async () => {
    const { app, deps, editor, reportId, media } = await draftWithFilm();
    const opened = formOf((await app.inject({ url: `/admin/beretninger/${reportId}/medier/${media.id}`, headers: { cookie: editor.cookie } })).body);
    expect((await editMedia({ app, editor, reportId, mediaId: media.id, fields: { ...opened, udskrift: 'Først.' } })).statusCode).toBe(303);
    const other = createTestMedia({ kind: 'mp4', seconds: 2, tone: 880 });
    const stale = await editMedia({ app, editor, reportId, mediaId: media.id, fields: opened, files: [{ name: 'fil', fileName: 'ny.mp4', content: other }] });
    expect(stale.statusCode).toBe(409);
    expect(await deps.db.selectFrom('reportMedia').select(['sha256', 'transcriptMd']).where('id', '=', media.id).executeTakeFirstOrThrow()).toEqual({ sha256: media.sha256, transcriptMd: 'Først.' });
  });

  it('without ffmpeg the workspace says once, in Danish, what to install, and the upload is refused with the same advice', async () => {
    const t = await testApp({ reports: [{ year: 2025, published: null }] });
    const editor = await loginAs({ app: t.app, deps: t.deps });
    const reportId = await reportIdOf(t.deps, 2025);
    vi.stubEnv('PATH', '/nonexistent');
    try {
      const page = await t.app.inject({ url: `/admin/beretninger/${reportId}/medier`, headers: { cookie: editor.cookie } });
      expect(page.body).toContain('apt-get install ffmpeg');
      const refused = await uploadMedia({ app: t.app, editor, reportId, content: film });
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain('apt-get install ffmpeg');
      expect((await t.app.inject({ url: '/admin', headers: { cookie: editor.cookie } })).statusCode).toBe(200);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
