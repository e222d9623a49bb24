import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { loginAs } from '../auth/auth.test-utils.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let url: string;
let draftUrl: string;
let size: number;
let bytes: Buffer;

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2020, pdfName: 'Årsberetning æøå 2020.pdf', pages: 3 }, { year: 2021, published: null }] });
  const page = await t.app.inject({ url: '/beretninger/2020' });
  url = page.body.match(/href="(\/filer\/[a-f0-9]{64}\/[^"]+)"/)![1]!;
  const documents = await t.deps.db.selectFrom('documents').selectAll().execute();
  const published = documents.find((d) => d.fileName.startsWith('Års'))!;
  const draft = documents.find((d) => d !== published)!;
  draftUrl = `/filer/${draft.sha256}/x.pdf`;
  size = published.size;
  bytes = t.deps.storage.objects.get(published.storageKey)!;
});
afterAll(async () => t.close());

describe('downloading a PDF', () => {
  it('sends the PDF with type, length, the original name (RFC 6266/5987), nosniff and immutable caching', async () => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(size));
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-disposition']).toBe(`inline; filename="Aarsberetning aeoeaa 2020.pdf"; filename*=UTF-8''%C3%85rsberetning%20%C3%A6%C3%B8%C3%A5%202020.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['accept-ranges']).toBe('bytes');
  });

  it('offers an attachment download with ?download', async () => {
    const res = await t.app.inject({ url: `${url}?download=1` });
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('has a strong ETag and answers 304 to If-None-Match', async () => {
    const first = await t.app.inject({ url });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[a-f0-9]{64}"$/);
    const again = await t.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers a Range request with 206 and Content-Range', async () => {
    const res = await t.app.inject({ url, headers: { range: 'bytes=0-99' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-99/${size}`);
    expect(res.headers['content-length']).toBe('100');
    expect(res.rawPayload.equals(bytes.subarray(0, 100))).toBe(true);
    const tail = await t.app.inject({ url, headers: { range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(bytes.subarray(size - 10))).toBe(true);
  });

  it('answers an unsatisfiable range with 416', async () => {
    const res = await t.app.inject({ url, headers: { range: `bytes=${size + 10}-${size + 20}` } });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
  });

  it('ignores a Range whose If-Range does not match, and sends the whole file', async () => {
    const res = await t.app.inject({ url, headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(size));
  });

  it('gives a signed-in editor an unpublished report\'s PDF marked private, so no shared cache keeps it for readers', async () => {
    const { cookie } = await loginAs({ app: t.app, deps: t.deps, role: 'editor' });
    const draft = await t.app.inject({ url: draftUrl, headers: { cookie } });
    expect(draft.statusCode).toBe(200);
    expect(draft.headers['cache-control']).toBe('private, no-store');
    const published = await t.app.inject({ url, headers: { cookie } });
    expect(published.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('does not give readers the PDF of an unpublished report, nor unknown or malformed hashes', async () => {
    expect((await t.app.inject({ url: draftUrl })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/filer/${'0'.repeat(64)}/x.pdf` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/filer/..%2F..%2Fetc%2Fpasswd/x.pdf' })).statusCode).toBe(404);
  });
});
