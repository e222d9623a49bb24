import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from './documents.usecases.js';
import { loadImage } from '@napi-rs/canvas';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let runAll: () => Promise<void>;

const shaOf = async (year: number) => {
  const row = await t.deps.db.selectFrom('documents').innerJoin('reports', 'reports.id', 'documents.reportId').select('documents.sha256').where('reports.year', '=', year).executeTakeFirstOrThrow();
  return row.sha256;
};

beforeAll(async () => {
  t = await createTestApp({ reports: [{ year: 2023, title: 'Beretning 2023', pages: 2 }, { year: 2022, title: 'Beretning 2022', pages: 2 }, { year: 2021, title: 'Kladde 2021', pages: 2, published: null }] });
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  runAll = async () => { while (await runner.runOnce()); };
});
afterAll(async () => t.close());

describe('covers before ingestion', () => {
  it('the report page shows no image (and no broken one) while the PDF is not read yet', async () => {
    const res = await t.app.inject({ url: '/beretninger/2023' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<img');
    expect((await t.app.inject({ url: `/omslag/${await shaOf(2023)}-320.webp` })).statusCode).toBe(404);
  });
});

describe('covers after ingestion', () => {
  beforeAll(async () => runAll());

  it('serves a published report\'s cover as an immutable WebP image in both widths, with ETag and 304', async () => {
    const sha = await shaOf(2023);
    const small = await t.app.inject({ url: `/omslag/${sha}-320.webp` });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-type']).toBe('image/webp');
    expect(small.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await loadImage(small.rawPayload)).width).toBe(320);
    const large = await t.app.inject({ url: `/omslag/${sha}-640.webp` });
    expect((await loadImage(large.rawPayload)).width).toBe(640);
    expect((await t.app.inject({ url: `/omslag/${sha}-640.png` })).statusCode).toBe(404); // not stored as PNG
    const again = await t.app.inject({ url: `/omslag/${sha}-320.webp`, headers: { 'if-none-match': String(small.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for a draft report\'s cover, another width, or an address that is not a cover', async () => {
    expect((await t.app.inject({ url: `/omslag/${await shaOf(2021)}-320.webp` })).statusCode).toBe(404);
    const sha = await shaOf(2023);
    for (const file of [`${sha}-100.webp`, `${sha}-320.gif`, `${sha.toUpperCase()}-320.webp`, '..%2F..%2Fetc%2Fpasswd', `${'0'.repeat(64)}-320.png`]) {
      expect((await t.app.inject({ url: `/omslag/${file}` })).statusCode, file).toBe(404);
    }
  });

  it('the report page shows the cover with alt text, its size and both widths', async () => {
    const sha = await shaOf(2023);
    const res = await t.app.inject({ url: '/beretninger/2023' });
    const img = /<img [^>]*class="report-cover[^"]*"[^>]*>/.exec(res.body)?.[0] ?? '';
    expect(img).toContain('alt="Forside af Beretning 2023"');
    expect(img).toContain(`src="/omslag/${sha}-320.webp"`);
    expect(img).toContain(`srcset="/omslag/${sha}-320.webp 320w, /omslag/${sha}-640.webp 640w"`);
    expect(img).toMatch(/width="320"/);
    const stored = await t.deps.db.selectFrom('documents').select('coverSmallHeight').where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(stored.coverSmallHeight).toBeGreaterThan(400); // A4 portrait at 320 px wide
    expect(img).toContain(`height="${stored.coverSmallHeight}"`);
    expect(img).not.toContain('loading="lazy"');
    expect(res.body).toMatch(new RegExp(`<meta property="og:image" content="http://localhost(:80)?/omslag/${sha}-640\\.webp"`));
  });

  it('the English report page gives the alt text in English', async () => {
    const res = await t.app.inject({ url: '/beretninger/2023', headers: { 'accept-language': 'en' } });
    expect(res.body).toContain('alt="Cover of Beretning 2023"');
  });

  it('the front page shows the newest cover, and the earlier reports\' covers load lazily', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.body).toContain('alt="Forside af Beretning 2023"');
    expect(res.body).toMatch(/<img [^>]*alt="Forside af Beretning 2022"[^>]*loading="lazy"|<img [^>]*loading="lazy"[^>]*alt="Forside af Beretning 2022"/);
  });

  it('the archive lists every published report with its cover, lazily loaded, and not the draft', async () => {
    const res = await t.app.inject({ url: '/beretninger' });
    const images = [...res.body.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(2);
    expect(images.every((img) => img.includes('loading="lazy"') && /height="\d+"/.test(img))).toBe(true);
    expect(images.map((img) => /alt="([^"]*)"/.exec(img)?.[1])).toEqual(['Forside af Beretning 2023', 'Forside af Beretning 2022']);
  });

  it('the API gives the cover addresses', async () => {
    const sha = await shaOf(2023);
    const res = await t.app.inject({ url: '/api/v1/reports/2023' });
    const body = res.json() as { document: { coverUrl: string | null; coverLargeUrl: string | null } };
    expect(body.document.coverUrl).toMatch(new RegExp(`^http://localhost(:80)?/omslag/${sha}-320\\.webp$`));
    expect(body.document.coverLargeUrl).toMatch(new RegExp(`^http://localhost(:80)?/omslag/${sha}-640\\.webp$`));
  });
});
