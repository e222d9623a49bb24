// npx tsx bench/hit-handler.ts — the page cache's hit path alone, in-process: the cost of our own
// code per hit, without Node's HTTP parsing, sockets or the kernel. It starts the built app (dist/,
// built first unless BENCH_SKIP_BUILD=1) on demo content in a temporary folder, fills the cache with
// one real request for `/`, then calls the HTTP server's request listener directly, a million times a
// round, with stand-in request and response objects (plain objects with the fields the hit path
// reads; writeHead and end do nothing). Two header sets: wrk's (Host only) and a browser's. Prints CPU
// nanoseconds per hit (process.cpuUsage), each round. `npm run bench:http` says what a whole hit costs
// (tens of µs); this says how much of it is the hit path's own code.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDist } from './bench.utils.js';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const calls = Number(process.env.BENCH_CALLS ?? 1_000_000);
await buildDist();
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, 'dist', path)).href)) as T;

await load('shared/next-tick-shape.js');
const { loadConfigOrExit } = await load<typeof import('../src/config/config.js')>('config/config.js');
const { createDependencies } = await load<typeof import('../src/dependencies.js')>('dependencies.js');
const { createApp } = await load<typeof import('../src/app.js')>('app.js');
const { isDatabaseEmpty, loadDemoContent } = await load<typeof import('../src/modules/demo/demo.usecases.js')>('modules/demo/demo.usecases.js');

const dataDir = await mkdtemp(join(tmpdir(), 'beretning-hit-'));
const config = loadConfigOrExit({ env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', DEMO_CONTENT: 'auto', PORT: '0', HOST: '127.0.0.1' } });
const deps = await createDependencies({ config });
try {
  if (await isDatabaseEmpty(deps)) await loadDemoContent(deps);
  const app = await createApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (let i = 0; i < 2; i++) await (await fetch(`http://${host}/`)).text();
  const listener = app.server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  let answered = 0;
  const res = { writeHead: () => (answered += 1), end: () => undefined } as unknown as ServerResponse;
  const socket = { remoteAddress: '127.0.0.1', encrypted: false };
  const requestWith = (rawHeaders: string[]) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
    return { method: 'GET', url: '/', rawHeaders, headers, socket } as unknown as IncomingMessage;
  };
  const browser = ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Accept', 'text/html,application/xhtml+xml', 'Accept-Language', 'da,en;q=0.5', 'Accept-Encoding', 'gzip, deflate, br', 'Referer', 'https://www.kl.dk/nyheder'];
  for (const [name, extra] of [['wrk (Host only)', []], ['a browser', browser]] as const) {
    // New objects per request as Node makes them (a few hundred reused, so the loop measures the handler, not allocation).
    const requests = Array.from({ length: 500 }, () => requestWith(['Host', host, ...extra]));
    for (let round = 0; round < rounds; round++) {
      const before = answered;
      const started = process.cpuUsage();
      for (let i = 0; i < calls; i++) listener(requests[i % requests.length]!, res);
      const used = process.cpuUsage(started);
      if (answered - before !== calls) throw new Error('a call was not answered from the cache');
      process.stdout.write(`${name.padEnd(16)} round ${round + 1}: ${(((used.user + used.system) * 1000) / calls).toFixed(0)} ns CPU per hit\n`);
    }
  }
  await app.close();
} finally {
  await deps.close();
  await rm(dataDir, { recursive: true, force: true });
}
