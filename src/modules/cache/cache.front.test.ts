import { spawnSync } from 'node:child_process';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../app.test-utils.js';
import type { Config } from '../../config/config.js';
import { createHttpFront, FRONT_YOUNG_GENERATION_MB } from './cache.front.js';
import { listenBehindFront } from './cache.test-utils.js';

type Answer = { status: number; rawHeaders: string[]; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** An answer read to its end. */
function collect(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, headers: res.headers, body: Buffer.concat(chunks) }));
  });
}

/** One request over its own connection (to PORT, or straight to `socketPath`); `body` is sent in chunks without Content-Length (chunked, as a streaming upload is). */
function send({ port, socketPath, method = 'GET', path, headers = {}, body }: { port?: number; socketPath?: string; method?: string; path: string; headers?: Record<string, string>; body?: Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ ...(socketPath ? { socketPath } : { host: '127.0.0.1', port }), method, path, headers, agent: false }, (res) => void collect(res).then(resolve, reject));
    req.on('error', reject);
    if (!body) return void req.end();
    Readable.from((function* () {
      for (let at = 0; at < body.length; at += 64 * 1024) yield body.subarray(at, at + 64 * 1024);
    })()).pipe(req);
  });
}

/** The CSRF cookie and token a POST needs. */
async function csrfOf(port: number): Promise<{ cookie: string; token: string }> {
  const answer = await send({ port, path: '/csrf-token' });
  const { token } = JSON.parse(answer.body.toString()) as { token: string };
  return { cookie: String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '', token };
}

/** 64 MB, in chunks of 64 KB. */
const LARGE_DOWNLOAD_CHUNKS = 1024;

const namesOf = (raw: string[]) => raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());

/** An app behind the HTTP front, as `npm start` runs it, with a few routes that show what the app was told. */
async function startBehindFront({ config = {} }: { config?: Partial<Config> } = {}) {
  const { app: seeded, deps, close } = await createTestApp({ reports: [{ year: 2024 }], config });
  await seeded.close();
  const connections = { count: 0 };
  const produced = { bytes: 0 };
  const slowAnswers = { count: 0 };
  const { app, front, port, close: closeBehind } = await listenBehindFront(deps, {
    routes: (app) => {
      app.get('/test/large-download', async (_request, reply) => reply.type('application/octet-stream').send(Readable.from((function* () {
        for (let i = 0; i < LARGE_DOWNLOAD_CHUNKS; i++) {
          produced.bytes += 64 * 1024;
          yield Buffer.alloc(64 * 1024, i % 256);
        }
      })())));
      app.server.on('connection', () => (connections.count += 1));
      // onResponse: once the answer is sent in full.
      app.get('/test/slow', { onResponse: async () => void (slowAnswers.count += 1) }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { slow: true };
      });
      app.get('/test/slow-download', async (_request, reply) => reply.type('application/octet-stream').send(Readable.from((async function* () {
        for (let i = 0; i < 40; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          yield Buffer.alloc(64 * 1024, i);
        }
      })())));
      app.get('/test/client', async (request) => ({ ip: request.ip, protocol: request.protocol, host: request.host }));
      app.addContentTypeParser('application/octet-stream', { bodyLimit: 16 * 1024 * 1024 }, (_request, payload, done) => {
        let length = 0;
        payload.on('data', (chunk: Buffer) => (length += chunk.length));
        payload.on('end', () => done(null, { length }));
        payload.on('error', done);
      });
      app.post('/test/upload', async (request) => request.body);
      // Reads nothing of the body for a second.
      app.addContentTypeParser('application/x-slow', { bodyLimit: 128 * 1024 * 1024 }, (_request, payload, done) => {
        payload.pause();
        setTimeout(() => {
          let length = 0;
          payload.on('data', (chunk: Buffer) => (length += chunk.length));
          payload.on('end', () => done(null, { length }));
          payload.on('error', done);
          payload.resume();
        }, 1000);
      });
      app.post('/test/slow-upload', async (request) => request.body);
      app.get('/test/download', async (_request, reply) => reply.type('application/octet-stream').send(Readable.from((function* () {
        for (let i = 0; i < 48; i++) yield Buffer.alloc(64 * 1024, i);
      })())));
    },
  });
  return {
    deps,
    front,
    port,
    connections,
    produced,
    slowAnswers,
    closeApp: () => app.close(),
    close: async () => {
      await closeBehind();
      await close();
    },
  };
}

describe('the HTTP front (HTTP_FRONT=worker)', () => {
  it('tells the app the client\'s address, protocol and host as TRUST_PROXY decides them, and nothing a client may not say', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'a.example, beretning.example', host: 'localhost' };
    // The default trusts loopback: the test connects from 127.0.0.1, as a proxy on the same machine would.
    const trusting = await startBehindFront();
    try {
      expect(JSON.parse((await send({ port: trusting.port, path: '/test/client', headers: forwarded })).body.toString())).toEqual({ ip: '203.0.113.7', protocol: 'https', host: 'beretning.example' });
      expect(JSON.parse((await send({ port: trusting.port, path: '/test/client', headers: { host: 'localhost' } })).body.toString())).toEqual({ ip: '127.0.0.1', protocol: 'http', host: 'localhost' });
    } finally {
      await trusting.close();
    }
    const trustingNone = await startBehindFront({ config: { trustProxy: 'none' } });
    try {
      expect(JSON.parse((await send({ port: trustingNone.port, path: '/test/client', headers: forwarded })).body.toString())).toEqual({ ip: '127.0.0.1', protocol: 'http', host: 'localhost' });
    } finally {
      await trustingNone.close();
    }
  });

  it('passes on uploads and downloads as streams, HEAD, the app\'s status and repeated headers, and no header of its own connection', async () => {
    const { port, close } = await startBehindFront();
    try {
      // 5 MB sent chunked (no Content-Length), counted by the app as it arrives; with a CSRF token, as every POST needs.
      const { cookie, token } = await csrfOf(port);
      const upload = await send({ port, method: 'POST', path: '/test/upload', headers: { 'content-type': 'application/octet-stream', cookie, 'x-csrf-token': token }, body: Buffer.alloc(5 * 1024 * 1024, 7) });
      expect(upload.status).toBe(200);
      expect(JSON.parse(upload.body.toString())).toEqual({ length: 5 * 1024 * 1024 });
      const download = await send({ port, path: '/test/download' });
      expect(download.body.length).toBe(48 * 64 * 1024);
      expect(download.body[47 * 64 * 1024]).toBe(47);

      // The login page: its CSRF cookie, the security headers, one Date, and Node's own framing of the connection to the reader.
      const login = await send({ port, path: '/log-ind', headers: { connection: 'keep-alive, x-private', 'x-private': 'hop' } });
      expect(login.status).toBe(200);
      const names = namesOf(login.rawHeaders);
      expect(names.filter((n) => n === 'date')).toHaveLength(1);
      expect(names).toContain('content-security-policy');
      expect(login.headers['set-cookie']?.[0]).toMatch(/^beretning_csrf=/);
      expect(login.headers['keep-alive']).not.toMatch(/timeout=65/); // the app's hint to the front is not the reader's
      const head = await send({ port, method: 'HEAD', path: '/log-ind' });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      // A form without its CSRF token: the app's own refusal, not the front's.
      const refused = await send({ port, method: 'POST', path: '/log-ind', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('email=a%40b.dk&password=x') });
      expect(refused.status).toBe(403);
      expect((await send({ port, path: '/findes-ikke' })).status).toBe(404);
    } finally {
      await close();
    }
  });

  it('makes the app wait for a reader who reads slowly: a download is not gathered in memory', async () => {
    const { port, produced, close } = await startBehindFront();
    try {
      let received = 0;
      let reader: IncomingMessage | undefined;
      const done = new Promise<number>((resolve, reject) => {
        const outgoing = request({ port, host: '127.0.0.1', path: '/test/large-download', agent: false }, (res) => {
          reader = res;
          res.pause();
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('end', () => resolve(received));
        });
        outgoing.on('error', reject).end();
      });
      while (!reader) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // What socket and stream buffers hold, not the 64 MB the app would make at once.
      expect(produced.bytes).toBeLessThan(16 * 1024 * 1024);
      reader.resume();
      expect(await done).toBe(LARGE_DOWNLOAD_CHUNKS * 64 * 1024);
    } finally {
      await close();
    }
  });

  it('makes a reader who uploads wait for an app that reads slowly: an upload is not gathered in memory', async () => {
    const { port, close } = await startBehindFront();
    try {
      const { cookie, token } = await csrfOf(port);
      let sent = 0;
      const answer = new Promise<Answer>((resolve, reject) => {
        const outgoing = request({ port, host: '127.0.0.1', method: 'POST', path: '/test/slow-upload', headers: { 'content-type': 'application/x-slow', cookie, 'x-csrf-token': token }, agent: false }, (res) => void collect(res).then(resolve, reject));
        outgoing.on('error', reject);
        Readable.from((function* () {
          for (let i = 0; i < LARGE_DOWNLOAD_CHUNKS; i++) {
            sent += 64 * 1024;
            yield Buffer.alloc(64 * 1024, i % 256);
          }
        })()).pipe(outgoing);
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      // What socket and stream buffers hold, not the 64 MB the reader would send at once.
      expect(sent).toBeLessThan(16 * 1024 * 1024);
      const { status, body } = await answer;
      expect(status).toBe(200);
      expect(JSON.parse(body.toString())).toEqual({ length: LARGE_DOWNLOAD_CHUNKS * 64 * 1024 });
    } finally {
      await close();
    }
  });

  it('keeps its connection to the app when a reader leaves before a small answer, and ends it when a reader leaves a download', async () => {
    const { port, connections, slowAnswers, close } = await startBehindFront();
    /** A request the reader gives up after `ms` (before the answer, or part way through it). */
    const leaveAfter = (path: string, ms: number) =>
      new Promise<void>((resolve) => {
        const outgoing = request({ port, host: '127.0.0.1', path, agent: false }, (res) => res.on('data', () => undefined));
        outgoing.on('error', () => resolve());
        outgoing.on('close', () => resolve());
        outgoing.end();
        setTimeout(() => outgoing.destroy(), ms);
      });
    try {
      expect((await send({ port, path: '/test/client' })).status).toBe(200);
      const opened = connections.count;
      await leaveAfter('/test/slow', 50);
      // The app answers (300 ms later, or later on a busy machine), and the front drops that answer.
      for (const deadline = Date.now() + 10_000; slowAnswers.count === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(slowAnswers.count).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await send({ port, path: '/test/client' })).status).toBe(200);
      expect(connections.count).toBe(opened);
      await leaveAfter('/test/slow-download', 120);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await send({ port, path: '/test/client' })).status).toBe(200);
      expect(connections.count).toBe(opened + 1);
    } finally {
      await close();
    }
  });

  it('keeps the pages the app renders until a change, and counts the hits it answers in /metrics and the readership statistics', async () => {
    const { port, deps, close } = await startBehindFront();
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'accept-encoding': 'br' };
    try {
      const rendered = await send({ port, path: '/', headers: browser });
      expect(rendered.headers['cache-control']).toBe('private, no-cache'); // the render, with this reader's CSRF token
      for (let i = 0; i < 3; i++) expect((await send({ port, path: '/', headers: browser })).headers['cache-control']).toMatch(/^public/);
      // The front reports its hits once a second.
      let metrics = '';
      for (let tries = 0; tries < 40 && !/beretning_page_cache_hits_total 3/.test(metrics); tries++) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        metrics = (await send({ port, path: '/metrics' })).body.toString();
      }
      expect(metrics).toMatch(/beretning_page_cache_hits_total 3/);
      expect(metrics).toMatch(/http_requests_total\{route="\/",method="GET",status="200"\} 4/);
      const views = deps.statistics.drain({ now: deps.clock.now().getTime() }).filter((row) => row.metric === 'view');
      expect(views.reduce((sum, row) => sum + row.count, 0)).toBe(4);

      // A publish empties the front's copy too: the next reader gets a new render.
      await deps.events.emit('report.changed', { reportId: 'x' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await send({ port, path: '/', headers: browser })).headers['cache-control']).toBe('private, no-cache');
      expect((await send({ port, path: '/', headers: browser })).headers['cache-control']).toMatch(/^public/);
    } finally {
      await close();
    }
  });

  it('renders a page once for readers who ask for it at the same time after a publish', async () => {
    const { port, deps, close } = await startBehindFront();
    try {
      await send({ port, path: '/beretninger/2024' });
      await deps.events.emit('report.changed', { reportId: 'x' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answers = await Promise.all(Array.from({ length: 10 }, () => send({ port, path: '/beretninger/2024', headers: { 'accept-encoding': 'gzip' } })));
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 200));
      expect(answers.filter((answer) => answer.headers['cache-control'] === 'private, no-cache')).toHaveLength(1);
      expect(answers.filter((answer) => String(answer.headers['cache-control']).startsWith('public'))).toHaveLength(9);
    } finally {
      await close();
    }
  });

  it('answers a request the front passed on just before the page reached it from the page it sent, without rendering it again', async () => {
    const { front, close } = await startBehindFront();
    // Straight to the app's socket, with what the front sends: a request the front let through before its copy arrived.
    const toApp = (path: string) => send({ socketPath: front.appSocket, path, headers: { host: 'localhost', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'accept-encoding': 'gzip' } });
    try {
      expect((await toApp('/beretninger/2024')).headers['cache-control']).toBe('private, no-cache'); // rendered, kept, sent to the front
      const again = await toApp('/beretninger/2024');
      expect(again.status).toBe(200);
      expect(again.headers['cache-control']).toMatch(/^public/);
      expect(again.headers['content-encoding']).toBe('gzip');
    } finally {
      await close();
    }
  });

  it('answers 502 with a message in Danish when the app does not answer, and keeps answering its cached pages', async () => {
    const { port, closeApp, close } = await startBehindFront();
    try {
      await send({ port, path: '/' });
      await closeApp();
      const down = await send({ port, path: '/log-ind' });
      expect(down.status).toBe(502);
      expect(down.body.toString()).toMatch(/Beretning kan ikke svare lige nu/);
      expect((await send({ port, path: '/' })).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('starts its worker again when it dies, on the same port, with an empty cache', async () => {
    const { port, front, close } = await startBehindFront();
    try {
      await send({ port, path: '/' });
      expect((await send({ port, path: '/' })).headers['cache-control']).toMatch(/^public/);
      const first = front.worker();
      await first?.terminate();
      let answer: Answer | undefined;
      for (let tries = 0; tries < 50 && !answer; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await send({ port, path: '/' }).catch(() => undefined);
      }
      expect(front.worker()).not.toBe(first);
      expect(answer?.headers['cache-control']).toBe('private, no-cache'); // rendered again
      expect((await send({ port, path: '/' })).headers['cache-control']).toMatch(/^public/);
    } finally {
      await close();
    }
  });

  it('stops with the listen error when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { deps, close } = await createTestApp();
    const front = await createHttpFront({ ...deps, config: { ...deps.config, port: (taken.address() as AddressInfo).port, host: '127.0.0.1' } });
    try {
      await expect(front.start()).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await front.close({ graceMs: 100 });
      taken.close();
      await close();
    }
  });
});

describe('the HTTP front worker heap', () => {
  it('gets the young generation its resourceLimits ask for under npm start\'s --max-semi-space-size=1, while the app keeps its own', () => {
    // A process started as `npm start` starts node (the flag), with a worker made as startWorker
    // makes it: each side fills its new space with short-lived objects and says how big it grew.
    const fill = `const { getHeapSpaceStatistics } = await import('node:v8');
      const keep = []; let most = 0;
      for (let i = 0; i < 2e6; i++) { keep.push({ i }); if (keep.length > 200000) keep.length = 0; if (i % 10000 === 0) most = Math.max(most, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size); }
      return most / 1048576;`;
    const script = `
      import { Worker } from 'node:worker_threads';
      import { letWorkerLimitsDecideSemiSpace } from ${JSON.stringify(new URL('./cache.front.ts', import.meta.url).href)};
      letWorkerLimitsDecideSemiSpace();
      const worker = new Worker(${JSON.stringify(`(async () => { const most = await (async () => { ${fill} })(); (await import('node:worker_threads')).parentPort.postMessage(most); })();`)}, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: ${FRONT_YOUNG_GENERATION_MB} } });
      const workerMb = await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      const appMb = await (async () => { ${fill} })();
      console.log(JSON.stringify({ workerMb, appMb }));`;
    const run = spawnSync(process.execPath, ['--max-semi-space-size=1', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { workerMb, appMb } = JSON.parse(run.stdout) as { workerMb: number; appMb: number };
    expect(workerMb).toBe((FRONT_YOUNG_GENERATION_MB / 3) * 2); // two of its three semi-spaces' worth
    expect(appMb).toBe(2); // the flag's two 1 MB semi-spaces
  });
});
