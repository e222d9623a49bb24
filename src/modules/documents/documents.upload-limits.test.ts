import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestPdf, type TestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createDraft, upload } from '../reports/reports-admin.test-utils.js';
import { isAppError } from '../../shared/errors.js';
import { addDocumentFromUpload } from './documents.usecases.js';
import { createObjectStreamBombPdf } from './documents.test-utils.js';

const MiB = 1024 * 1024;
const hasProc = existsSync('/proc/self/task');
const hasPrlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasProc || !hasPrlimit) console.warn('skipping upload limit tests that need Linux with /proc and prlimit');

/** PDF child processes of this test process that are alive now. */
function livePdfChildren(): number {
  const pids = readdirSync(`/proc/${process.pid}/task`).flatMap((task) => {
    try {
      return readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  return pids.filter((pid) => {
    try {
      return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8')) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pdf-child');
    } catch {
      return false;
    }
  }).length;
}

let bomb: Buffer;
beforeAll(async () => {
  // 2 KB on disk; its object stream (catalog, pages) inflates to 1 GiB as soon as the file is opened.
  bomb = await createObjectStreamBombPdf({ decodedBytes: 1024 * MiB });
});

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function reportIdOf(app: TestApp): Promise<string> {
  return (await app.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
}

describe.skipIf(!hasProc || !hasPrlimit)('the upload check within the configured PDF limits', () => {
  it('judges an upload within INGEST_MEMORY_MB and says a 2 KB object-stream bomb is too large (it said "damaged", after up to 1 GiB)', async () => {
    t = await createTestApp({ reports: [{ year: 2022 }], config: { ingestMemoryMb: 256 } });
    expect(bomb.length).toBeLessThan(4096);
    const reportId = await reportIdOf(t);
    const refused = await addDocumentFromUpload({ reportId, stream: Readable.from([bomb]), fileName: 'bombe.pdf', userId: null }, t.deps).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe('documents.too_large');
    expect(isAppError(refused) && String(refused.details?.detail)).toMatch(/of 256 MiB/);
    // Nothing of it is kept.
    expect(await t.deps.db.selectFrom('documents').select('id').where('fileName', '=', 'bombe.pdf').execute()).toEqual([]);
  }, 60_000);

  it('runs at most PDF_MAX_CHILDREN PDF children at once across uploads, queues as many more, refuses the rest with 503 and Retry-After', async () => {
    t = await createTestApp({ reports: [{ year: 2022 }], config: { ingestMemoryMb: 256, pdfMaxChildren: 1 } });
    const reportId = await reportIdOf(t);
    const deps = t.deps;
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, livePdfChildren()); }, 20);
    const results = await Promise.all(
      [0, 1, 2].map((i) => addDocumentFromUpload({ reportId, stream: Readable.from([Buffer.concat([bomb, Buffer.from(`% ${i}\n`)])]), fileName: `bombe-${i}.pdf`, userId: null }, deps).then(() => 'stored', (error: unknown) => (isAppError(error) ? error.code : String(error)))),
    );
    clearInterval(sampler);
    expect(results.filter((r) => r === 'documents.too_large')).toHaveLength(2);
    expect(results.filter((r) => r === 'documents.busy')).toHaveLength(1);
    expect(peak).toBe(1);
    expect(deps.pdfSlots.running()).toBe(0);

    // The workspace answers a full line with 503, Retry-After and the reason in words.
    const hold = await deps.pdfSlots.acquire();
    const waiting = deps.pdfSlots.acquire();
    const { cookie, csrfToken } = await loginAs({ app: t.app, deps });
    const id = await createDraft({ app: t.app, cookie, csrfToken });
    const busy = await upload({ app: t.app, cookie, csrfToken, id, fileName: 'ny.pdf', content: await createTestPdf({ title: 'Ny', pages: 1 }) });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('30');
    expect(busy.body).toContain('Der bliver læst mange PDF’er lige nu. Prøv igen om et halvt minut.');
    hold!();
    (await waiting)!();
  }, 90_000);
});

describe('a slow upload', () => {
  it('is cut after UPLOAD_BODY_TIMEOUT_SECONDS with 408 in Danish, and nothing is stored', async () => {
    t = await createTestApp({ reports: [{ year: 2022 }], config: { uploadBodyTimeoutSeconds: 1 } });
    const { cookie, csrfToken } = await loginAs({ app: t.app, deps: t.deps });
    const id = await createDraft({ app: t.app, cookie, csrfToken });
    const boundary = '----langsom';
    const body = new PassThrough();
    body.write(`--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="langsom.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`);
    // …and then nothing more: the rest never comes.
    const res = await t.app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(csrfToken)}`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    body.destroy();
    expect(res.statusCode).toBe(408);
    expect(res.body).toContain('Filen kom for langsomt frem og blev afbrudt efter 1 sekunder. Intet er gemt.');
    expect(await t.deps.db.selectFrom('documents').select('id').where('fileName', '=', 'langsom.pdf').execute()).toEqual([]);
  }, 30_000);
});
