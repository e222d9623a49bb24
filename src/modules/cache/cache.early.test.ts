import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createTestApp } from '../../app.test-utils.js';
import { listenBehindFront, startListeningApp } from './cache.test-utils.js';

type Answer = { status: number; headers: string[]; body: Buffer };

/** One request over a real connection: status, every header as sent (name case and order kept; Date aside, it is the clock's) and the body's bytes. */
function send({ port, method = 'GET', path, headers }: { port: number; method?: string; path: string; headers: Record<string, string | string[]> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]?.toLowerCase() !== 'date') raw.push(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
        resolve({ status: res.statusCode ?? 0, headers: raw, body: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

const languages: Record<string, Record<string, string>> = {
  'Danish (no preference)': {},
  'English by Accept-Language': { 'accept-language': 'en-GB,en;q=0.9' },
  'English by the language cookie': { cookie: 'sprog=en' },
  'Danish by the language cookie, with a CSRF cookie': { cookie: 'beretning_csrf=abc; sprog=da', 'accept-language': 'en' },
};
const encodings: Record<string, Record<string, string>> = {
  none: {},
  identity: { 'accept-encoding': 'identity' },
  gzip: { 'accept-encoding': 'gzip' },
  brotli: { 'accept-encoding': 'gzip, deflate, br' },
};

/** The same headers with their names spelled otherwise (`Accept-Encoding`, `ACCEPT-ENCODING`). */
const spelled = (headers: Record<string, string>, spell: (name: string) => string) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [spell(name), value]));
const titleCase = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

describe.each([
  { where: 'before Fastify, in the app', front: false },
  { where: 'by the HTTP front\'s worker', front: true },
])('cache hits answered $where', ({ front }) => {
  it('send byte for byte the status, headers and body the Fastify path sends, for /, a report page and a 304, in each language and encoding, over HTTP and behind a TLS proxy, for GET and HEAD', async () => {
    const { app: seeded, deps, close } = await createTestApp({ reports: [{ year: 2024 }, { year: 2023 }] });
    await seeded.close();
    const app = await createApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    // HTTP_FRONT=worker: the same pages from the front's copy, the app behind it (as npm start runs it).
    const behind = front ? await listenBehindFront(deps) : undefined;
    const early = behind ? behind.port : (app.server.address() as AddressInfo).port;
    // The path every request took before hits were answered in the request listener: Fastify's own
    // handler (routing, the hooks, the page cache's onRequest hook, helmet, onSend, reply.send).
    const fastifyOnly = createServer({ requestTimeout: app.server.requestTimeout }, (req, res) => app.routing(req, res));
    const viaFastify = await listen(fastifyOnly);
    try {
      let compared = 0;
      for (const path of ['/', '/beretninger/2024']) {
        for (const [language, languageHeaders] of Object.entries(languages)) {
          for (const proxy of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
            // One Host for both servers (without PUBLIC_URL it is part of the cache key).
            const base = { host: 'beretning.example', ...languageHeaders, ...proxy };
            const first = await send({ port: early, path, headers: base }); // renders and fills the cache
            expect(first.status).toBe(200);
            // The front's pages are not the in-process app's: that one renders its own first.
            if (front) expect((await send({ port: viaFastify, path, headers: base })).status).toBe(200);
            const hit = await send({ port: early, path, headers: base });
            const etag = hit.headers[hit.headers.findIndex((h) => h.toLowerCase() === 'etag') + 1] ?? '';
            expect(etag, `${path} ${language}`).toMatch(/^W\/"/);
            const cases: Record<string, { method?: string; headers: Record<string, string | string[]>; status: number }> = {
              ...Object.fromEntries(Object.entries(encodings).map(([name, headers]) => [name, { headers: { ...base, ...headers }, status: 200 }])),
              'If-None-Match': { headers: { ...base, 'accept-encoding': 'br', 'if-none-match': etag }, status: 304 },
              HEAD: { method: 'HEAD', headers: { ...base, 'accept-encoding': 'br' }, status: 200 },
              // Any spelling of a header name, and a header sent twice, read as Node reads them.
              'header names as browsers spell them': { headers: spelled({ ...base, 'accept-encoding': 'gzip, deflate, br', 'if-none-match': etag }, titleCase), status: 304 },
              'header names in capitals': { headers: spelled({ ...base, 'accept-encoding': 'gzip' }, (name) => name.toUpperCase()), status: 200 },
              // Node joins them ("gzip, br": brotli), where the first or the last alone would give gzip.
              'Accept-Encoding twice, gzip first': { headers: { ...base, 'accept-encoding': ['gzip', 'br'] }, status: 200 },
              'Accept-Encoding twice, gzip last': { headers: { ...base, 'accept-encoding': ['br', 'gzip'] }, status: 200 },
            };
            for (const [name, { method, headers, status }] of Object.entries(cases)) {
              const label = `${method ?? 'GET'} ${path}, ${language}, ${name}${'x-forwarded-proto' in proxy ? ', TLS' : ''}`;
              const viaEarly = await send({ port: early, method, path, headers });
              const viaHook = await send({ port: viaFastify, method, path, headers });
              expect(viaEarly.status, label).toBe(status);
              expect(viaEarly.headers, label).toContain('content-security-policy');
              expect(viaEarly.headers, label).toEqual(viaHook.headers);
              expect(viaEarly.status, label).toBe(viaHook.status);
              expect(viaEarly.body.equals(viaHook.body), label).toBe(true);
              compared += 1;
            }
          }
        }
      }
      expect(compared).toBe(2 * 4 * 2 * 10);
    } finally {
      await new Promise((resolve) => fastifyOnly.close(resolve));
      await behind?.close();
      await app.close();
      await close();
    }
  }, 120_000); // 320 requests and 32 renders: about 12 s on SQLite on a quiet machine

  it('are counted in /metrics and summed in one log line per interval instead of one line each', async () => {
    const { port, lines, close } = await startListeningApp({ reports: [{ year: 2024 }], front });
    try {
      await send({ port, path: '/', headers: {} });
      const hit = await send({ port, path: '/', headers: {} });
      const etag = hit.headers[hit.headers.findIndex((h) => h.toLowerCase() === 'etag') + 1] ?? '';
      for (let i = 0; i < 4; i++) await send({ port, path: '/', headers: { 'accept-encoding': 'br' } });
      await send({ port, path: '/', headers: { 'if-none-match': etag } });
      // The front reports its hits once a second.
      let metrics = '';
      for (let tries = 0; tries < 40 && !/beretning_page_cache_hits_total 6/.test(metrics); tries++) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        metrics = (await send({ port, path: '/metrics', headers: {} })).body.toString('utf8');
      }
      expect(metrics).toMatch(/beretning_page_cache_hits_total 6/);
      expect(metrics).toMatch(/http_requests_total\{route="\/",method="GET",status="304"\} 1/);
      // The render and /metrics are logged one line each; the six hits are not, until the summary.
      // (/metrics read again while the front's report was on its way: one line each too.)
      expect(lines.filter((l) => l.includes('"request completed"') && !l.includes('/metrics'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('"page cache hits"'))).toHaveLength(0);
    } finally {
      await close();
    }
    const summary = lines.filter((l) => l.includes('"page cache hits"'));
    expect(summary).toHaveLength(1);
    expect(JSON.parse(summary[0] ?? '{}')).toMatchObject({ hits: 6, byRoute: { '/': { '200': 5, '304': 1 } } });
  });
});
