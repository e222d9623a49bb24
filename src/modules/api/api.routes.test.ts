import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createTestApp } from '../../app.test-utils.js';
import { createComponentSchemas } from './api.models.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

// The same schemas the OpenAPI document publishes validate every response here.
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const components = createComponentSchemas();
ajv.addSchema({ $id: 'openapi', components: { schemas: components } });
function validate(name: string, body: unknown): void {
  const check = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!check) throw new Error(`no schema ${name}`);
  const ok = check(body);
  expect(check.errors ?? [], `${name}: ${JSON.stringify(check.errors)}`).toEqual([]);
  expect(ok).toBe(true);
}

beforeAll(async () => {
  t = await createTestApp({
    reports: [
      { year: 2018 },
      { year: 2019, foreword: 'Forord 2019' },
      { year: 2020, title: 'Beretning 2020', foreword: 'Første afsnit med **fed** tekst og <script>alert(1)</script>.', pages: 3 },
      { year: 2021, published: null, foreword: 'Kladde' },
    ],
  });
});
afterAll(async () => t.close());

describe('the open JSON API', () => {
  it('gives the organisation', async () => {
    const res = await t.app.inject({ url: '/api/v1/organisation' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    validate('Organisation', res.json());
    expect(res.json().name).toBe('Testforeningen');
  });

  it('lists published reports newest first, without drafts, with pagination', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports?pageSize=2' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    validate('ReportList', body);
    expect(body.total).toBe(3);
    expect(body.pageCount).toBe(2);
    expect(body.items.map((r: { year: number }) => r.year)).toEqual([2020, 2019]);
    const page2 = (await t.app.inject({ url: '/api/v1/reports?pageSize=2&page=2' })).json();
    expect(page2.items.map((r: { year: number }) => r.year)).toEqual([2018]);
  });

  it('filters the list by year and by a span of years', async () => {
    expect((await t.app.inject({ url: '/api/v1/reports?year=2019' })).json().items.map((r: { year: number }) => r.year)).toEqual([2019]);
    expect((await t.app.inject({ url: '/api/v1/reports?yearFrom=2019&yearTo=2021' })).json().items.map((r: { year: number }) => r.year)).toEqual([2020, 2019]);
  });

  it('gives one report with foreword as Markdown and safe HTML, its PDF with page count, and its outline', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/2020', headers: { host: 'beretning.example' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    validate('Report', body);
    expect(body.forewordMarkdown).toContain('**fed**');
    expect(body.forewordHtml).toContain('<strong>fed</strong>');
    expect(body.forewordHtml).not.toContain('<script>');
    expect(body.document.pageCount).toBe(3);
    expect(body.document.url).toMatch(/^http:\/\/beretning\.example\/filer\/[0-9a-f]{64}\//);
    expect(Array.isArray(body.outline)).toBe(true);
    expect(body.url).toBe('http://beretning.example/beretninger/2020');
  });

  it('answers a draft or unknown year with a 404 problem detail', async () => {
    for (const url of ['/api/v1/reports/2021', '/api/v1/reports/1999', '/api/v1/reports/abc', '/api/v1/findes-ikke']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      validate('Problem', res.json());
    }
  });

  it('answers a bad query with a 400 problem detail in Danish', async () => {
    for (const url of ['/api/v1/reports?page=0', '/api/v1/reports?year=abc', '/api/v1/reports?pageSize=1000']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      validate('Problem', res.json());
      expect(res.json().title).toMatch(/skal være/);
    }
  });

  it('is read-only for the public: writes without an API token are refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { year: 2022 } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    validate('Problem', res.json());
    expect((await t.app.inject({ url: '/api/v1/reports?year=2022' })).json().total).toBe(0);
  });

  it('documents search with the shape the search endpoint returns', async () => {
    const res = await t.app.inject({ url: '/api/v1/search?q=kommunerne' });
    expect(res.statusCode).toBe(200);
    validate('SearchResult', res.json());
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 whose schemas compile and every $ref resolves', async () => {
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/organisation', '/reports', '/reports/{year}', '/search', '/reports/{id}/pdf', '/reports/{id}/publish']));
    // The write operations ask for a bearer token, and the scheme they name exists.
    for (const [path, method] of [['/reports', 'post'], ['/reports/{id}/pdf', 'put'], ['/reports/{id}/publish', 'post']] as const) {
      expect(doc.paths[path][method].security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/reports'].get.security).toBeUndefined();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.replace(/.*\/([^/"]+)"$/, '$1');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>)) {
      for (const op of Object.values(methods)) {
        expect(op.operationId, path).toBeTruthy();
        expect(Object.keys(op.responses).length, path).toBeGreaterThan(0);
      }
    }
    const fresh = new Ajv2020({ strict: false });
    expect(() => fresh.addSchema({ $id: 'doc', components: doc.components }).getSchema('doc#/components/schemas/Report')).not.toThrow();
  });

  it('is readable as a page at /api/docs without external scripts', async () => {
    const res = await t.app.inject({ url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('API-dokumentation');
    expect(res.body).toContain('/reports/{year}');
    expect(res.body).toContain('id="schema-Report"');
    expect(res.body).toContain('POST http://localhost:80/api/v1/reports');
    expect(res.body).toContain('Kræver en API-nøgle med skriveadgang');
    expect(res.body).toContain('href="#schema-ReportCreate"');
    expect(res.body).not.toMatch(/<script[^>]+src="https?:/);
  });
});
