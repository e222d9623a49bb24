import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createTestApp, createTestPdf } from '../../app.test-utils.js';
import { addDocumentFromUpload } from './documents.usecases.js';
import { isAppError } from '../../shared/errors.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let reportId: string;
const added: { documentId: string; reportId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2020 }], config: { maxUploadMb: 1 } });
  reportId = (await t.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
  t.deps.events.on('document.added', (payload) => void added.push(payload));
});
afterAll(async () => t.close());

const upload = (bytes: Buffer, fileName = 'beretning.pdf') =>
  addDocumentFromUpload({ reportId, stream: Readable.from([bytes]), fileName, userId: null }, t.deps);

async function rejection(bytes: Buffer, fileName?: string) {
  const keysBefore = [...t.deps.storage.objects.keys()].sort();
  const error = await upload(bytes, fileName).then(() => undefined, (e: unknown) => e);
  const keysAfter = [...t.deps.storage.objects.keys()].sort();
  expect(keysAfter).toEqual(keysBefore);
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('uploading a PDF to a report', () => {
  it('stores the PDF under its hash, keeps the file name as metadata, counts pages and announces it', async () => {
    const pdf = await createTestPdf({ pages: 4, title: 'Upload' });
    const document = await upload(pdf, '../../etc/Årsberetning 2020.pdf');
    expect(document).toMatchObject({ reportId, fileName: 'Årsberetning 2020.pdf', size: pdf.length, pageCount: 4 });
    expect(document.storageKey).toContain(document.sha256);
    expect(t.deps.storage.objects.get(document.storageKey)?.equals(pdf)).toBe(true);
    const row = await t.deps.db.selectFrom('documents').selectAll().where('id', '=', document.id).executeTakeFirst();
    expect(row?.sha256).toBe(document.sha256);
    expect(added).toContainEqual({ documentId: document.id, reportId });
  });

  it('refuses a PNG renamed to .pdf with a Danish message and keeps nothing', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200)]);
    const error = await rejection(png, 'billede.pdf');
    expect(error).toMatchObject({ status: 422, code: 'documents.not_pdf' });
    expect(error.message).toMatch(/ikke en PDF/);
  });

  it('refuses an HTML file', async () => {
    expect(await rejection(Buffer.from('<!doctype html><title>x</title><p>Hej</p>'))).toMatchObject({ status: 422, code: 'documents.not_pdf' });
  });

  it('refuses an empty file', async () => {
    expect(await rejection(Buffer.alloc(0))).toMatchObject({ status: 422, code: 'documents.not_pdf' });
  });

  it('refuses a truncated PDF as damaged and keeps nothing', async () => {
    const pdf = await createTestPdf({ pages: 3, title: 'Afkortet' });
    const error = await rejection(pdf.subarray(0, 300));
    expect(error).toMatchObject({ status: 422, code: 'documents.malformed' });
    expect(error.message).toBe('PDF\'en er beskadiget og kan ikke åbnes.');
  });

  it('refuses a file over the upload limit with 413 and keeps nothing', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10)]);
    expect(await rejection(big)).toMatchObject({ status: 413, code: 'storage.too_large' });
  });

  it('stores the bytes of the same PDF uploaded twice once: under another name as two documents, under the same name as the same one', async () => {
    const pdf = await createTestPdf({ pages: 2, title: 'Delt' });
    const first = await upload(pdf);
    const keys = t.deps.storage.objects.size;
    const again = await upload(pdf, 'andet-navn.pdf');
    expect(again.id).not.toBe(first.id);
    expect((await upload(pdf)).id).toBe(first.id);
    expect(again.storageKey).toBe(first.storageKey);
    expect(t.deps.storage.objects.size).toBe(keys);
  });
});
