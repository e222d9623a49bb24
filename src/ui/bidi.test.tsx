import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.test-utils.js';
import { loginAs } from '../modules/auth/auth.test-utils.js';

const setup = useTestApp();
// A right-to-left override inside a name must not reorder the text around it: each name is its own <bdi>.
const RLO = '\u202E';

describe('names people typed are shown bidi-isolated', () => {
  it('report titles on the public pages and in search, file names, and user names in the workspace', async () => {
    const title = `Beretning ${RLO}2024 fdp.exe`;
    const t = await setup({ reports: [{ year: 2024, title: 'Beretning 2024' }] });
    const report = await t.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    await t.deps.db.updateTable('reports').set({ title }).where('id', '=', report.id).execute();
    await t.deps.events.emit('report.changed', { reportId: report.id });
    const isolated = `<bdi>${title}</bdi>`;
    /** Occurrences of the title in text (not in attribute values, <title> or JSON-LD) that are not the whole content of a <bdi>. */
    const bare = (html: string) => {
      const text = html.replace(/="[^"]*"/g, '=""').replace(/<title>[\s\S]*?<\/title>/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
      return text.split(title).length - 1 - (text.split(new RegExp(`<bdi[^>]*>${title}</bdi>`)).length - 1);
    };
    for (const url of ['/', '/beretninger', '/beretninger/2024', '/beretninger/2024/laes']) {
      const page = await t.app.inject({ url });
      expect(page.body, url).toMatch(new RegExp(`<bdi[^>]*>${title}</bdi>`));
      expect(bare(page.body), url).toBe(0);
    }
    const { cookie } = await loginAs({ app: t.app, deps: t.deps, role: 'admin', email: 'anna@eksempel.dk' });
    await t.deps.db.updateTable('users').set({ name: `Anna ${RLO}nesnaH` }).execute();
    const users = await t.app.inject({ url: '/admin/brugere', headers: { cookie } });
    expect(users.body).toContain(`<bdi>Anna ${RLO}nesnaH</bdi>`);
    const list = await t.app.inject({ url: '/admin', headers: { cookie } });
    expect(list.body).toContain(isolated);
    const documents = await t.app.inject({ url: '/admin/dokumenter', headers: { cookie } });
    expect(documents.body).toMatch(/<bdi class="documents-table__name">beretning-2024\.pdf<\/bdi>/);
  });
});
