import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createDraft, reportForm } from './reports-admin.test-utils.js';

const setUp = useTestApp();

describe('the workspace says what an action did', () => {
  const follow = async ({ app, cookie, csrfToken, url, payload = {}, english = false }: { app: TestApp['app']; cookie: string; csrfToken: string; url: string; payload?: Record<string, string>; english?: boolean }) => {
    const done = await app.inject({ method: 'POST', url, headers: { cookie }, payload: { _csrf: csrfToken, ...payload } });
    expect(done.statusCode).toBe(303);
    const page = await app.inject({ url: String(done.headers.location), headers: { cookie: english ? `${cookie}; sprog=en` : cookie } });
    expect(page.statusCode).toBe(200);
    const notice = /<div class="alert alert--success" role="status" data-notice="success">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '';
    return { page, notice };
  };

  it('publish, unpublish, trash (with the way back), restore and restoring a version each confirm what happened, not "saved"', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const base = `/admin/beretninger/${id}`;
    const published = await follow({ app, cookie, csrfToken, url: `${base}/udgiv` });
    expect(published.notice).toContain('Beretningen er udgivet.');
    expect(published.page.body).not.toContain('Beretningen er gemt.');
    expect((await follow({ app, cookie, csrfToken, url: `${base}/traek-tilbage` })).notice).toContain('Beretningen er trukket tilbage og er nu en kladde.');
    const trashed = await follow({ app, cookie, csrfToken, url: `${base}/papirkurv` });
    expect(trashed.notice).toContain('Beretningen er lagt i papirkurven.');
    // The way back is in the message itself, a real form with the CSRF token.
    expect(trashed.notice).toMatch(new RegExp(`<form method="post" action="${base}/gendan"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/><button[^>]*>Gendan fra papirkurven</button>`));
    const restored = await follow({ app, cookie, csrfToken, url: `${base}/gendan` });
    expect(restored.notice).toContain('Beretningen er gendannet fra papirkurven.');
    expect(restored.notice).not.toContain('<form');
    const version = await follow({ app, cookie, csrfToken, url: `${base}/historik/1/gendan` });
    expect(version.notice).toContain('Version 1 er gendannet.');
    // A save still says saved.
    expect((await follow({ app, cookie, csrfToken, url: base, payload: { intent: 'save', ...reportForm, version: String((await deps.db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version) } })).notice).toContain('Beretningen er gemt.');
  });

  it('scheduling names the time in Danish time, in Danish and in English', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const danish = await follow({ app, cookie, csrfToken, url: `/admin/beretninger/${id}/planlaeg`, payload: { date: '2026-12-03', time: '09:00' } });
    expect(danish.notice).toContain('Udgivelsen er planlagt til 3. december 2026 kl. 09.00.');
    const english = await follow({ app, cookie, csrfToken, url: `/admin/beretninger/${id}/traek-tilbage`, english: true });
    expect(english.notice).toContain('The report is unpublished and is now a draft.');
    const englishSchedule = await follow({ app, cookie, csrfToken, url: `/admin/beretninger/${id}/planlaeg`, payload: { date: '2026-12-03', time: '09:00' }, english: true });
    expect(englishSchedule.notice).toContain('Publishing is scheduled for 3 December 2026 at 09:00.');
  });

  it('a notice name that is not one of the actions shows nothing', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    for (const query of ['besked=%3Cscript%3E', 'besked=version-gendannet&version=x', 'besked=planlagt']) {
      const page = await app.inject({ url: `/admin/beretninger/${id}?${query}`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('data-notice');
    }
  });
});

describe('the schedule form shows the current schedule', () => {
  it('a scheduled report\'s date and time fields hold its time in Danish time, and the form says when it is scheduled', async () => {
    const { app, deps } = await setUp();
    const { cookie, csrfToken } = await loginAs({ app, deps });
    const id = await createDraft({ app, cookie, csrfToken });
    const draft = await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie } });
    expect(draft.body).toMatch(/<input[^>]*id="planlaeg-dato" name="date" value(="")?\/>/);
    expect(draft.body).not.toContain('data-schedule-current');
    // Winter (UTC+1) and summer (UTC+2) time both come back as typed.
    for (const [date, time, stored] of [['2026-12-03', '09:00', '2026-12-03T08:00:00.000Z'], ['2027-06-15', '23:30', '2027-06-15T21:30:00.000Z']] as const) {
      expect((await app.inject({ method: 'POST', url: `/admin/beretninger/${id}/planlaeg`, headers: { cookie }, payload: { _csrf: csrfToken, date, time } })).statusCode).toBe(303);
      expect((await deps.db.selectFrom('reports').select('scheduledAt').where('id', '=', id).executeTakeFirstOrThrow()).scheduledAt).toBe(stored);
      const page = await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie } });
      expect(page.body).toMatch(new RegExp(`<input[^>]*id="planlaeg-dato" name="date" value="${date}"`));
      expect(page.body).toMatch(new RegExp(`<input[^>]*id="planlaeg-tid" name="time" value="${time}"`));
      expect(page.body).toMatch(/<p data-schedule-current[^>]*>Udgivelsen er planlagt til [^<]+\. Skriv en anden dato/);
    }
    const english = await app.inject({ url: `/admin/beretninger/${id}`, headers: { cookie: `${cookie}; sprog=en` } });
    expect(english.body).toContain('Publishing is scheduled for 15 June 2027 at 23:30. Enter another date and time to move it.');
  });
});
