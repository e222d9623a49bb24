import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestPdf, useTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createDraft, upload } from '../reports/reports-admin.test-utils.js';
import { createCoverKey } from './documents.usecases.js';

const setup = useTestApp();
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('which PDFs readers may fetch', () => {
  it('a PDF only ever attached to a draft stays private when the report is published with another PDF; the published one and earlier published ones are public', async () => {
    const t = await setup();
    const { cookie, csrfToken } = await loginAs({ app: t.app, deps: t.deps });
    const id = await createDraft({ app: t.app, cookie, csrfToken });
    const draftOnly = await createTestPdf({ title: 'Udkast', pages: 1 });
    const first = await createTestPdf({ title: 'Udgivet', pages: 1 });
    const corrected = await createTestPdf({ title: 'Rettet', pages: 1 });
    expect((await upload({ app: t.app, cookie, csrfToken, id, fileName: 'udkast.pdf', content: draftOnly })).statusCode).toBe(303);
    expect((await upload({ app: t.app, cookie, csrfToken, id, fileName: 'udgivet.pdf', content: first })).statusCode).toBe(303);
    // The draft PDF got a cover at ingestion; its cover must stay private too.
    const draftDocument = await t.deps.db.selectFrom('documents').select('id').where('fileName', '=', 'udkast.pdf').executeTakeFirstOrThrow();
    const coverKey = createCoverKey({ sha256: sha(draftOnly), width: 320, format: 'webp' });
    await t.deps.storage.save({ key: coverKey, stream: (await import('node:stream')).Readable.from([Buffer.from('RIFF')]) });
    await t.deps.db.updateTable('documents').set({ coverSmallKey: coverKey }).where('id', '=', draftDocument.id).execute();
    expect((await t.app.inject({ method: 'POST', url: `/admin/beretninger/${id}/udgiv`, headers: { cookie }, payload: { _csrf: csrfToken } })).statusCode).toBe(303);
    // A correction after publication: the first published PDF stays available as an earlier version.
    expect((await upload({ app: t.app, cookie, csrfToken, id, fileName: 'rettet.pdf', content: corrected })).statusCode).toBe(303);

    const reader = (url: string) => t.app.inject({ url });
    expect((await reader(`/filer/${sha(draftOnly)}/udkast.pdf`)).statusCode).toBe(404);
    expect((await reader(`/omslag/${sha(draftOnly)}-320.webp`)).statusCode).toBe(404);
    const current = await reader(`/filer/${sha(corrected)}/rettet.pdf`);
    expect(current.statusCode).toBe(200);
    expect(current.headers['cache-control']).toContain('immutable');
    expect((await reader(`/filer/${sha(first)}/udgivet.pdf`)).statusCode).toBe(200);
    // The editor still gets the draft's file, never cached by anyone else.
    const editor = await t.app.inject({ url: `/filer/${sha(draftOnly)}/udkast.pdf`, headers: { cookie } });
    expect(editor.statusCode).toBe(200);
    expect(editor.headers['cache-control']).toBe('private, no-store');
  });
});
