// The HTTP front (issue #21), the app's side: starts the worker (cache.front.worker.ts), sends it the
// pages to keep, and brings back the hits it answered.
//
// Why a worker: a cache hit is a few hundred nanoseconds of our code, but Node's HTTP and stream code
// it runs through is shared by everything in one V8 isolate, and in the app's isolate its inline
// caches have seen Fastify's, the uploads' and the PDF pipeline's object shapes: they stay
// megamorphic, and the same two lines (writeHead, end) cost 1.25–1.5× what they cost in a bare
// `node:http` server. In an isolate of its own, they run at the bare server's speed (bench:http).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Dependencies } from '../../dependencies.types.js';
import { createPagePreparer, pageCacheBudget, pageVaryFor, PAGE_CACHE_ENTRIES, type CachedPage, type PageCache, type PageKey } from './cache.usecases.js';
import { SEARCH_CACHE_ENTRIES } from './cache.routes.js';
import type { FromFront, FrontCacheName, FrontHits, FrontSettings, ToFront } from './cache.front.protocol.js';

/** How often the worker sends its hits: the metrics, the hit log and the readership statistics lag this much behind. */
const REPORT_MS = 1000;
/** The app's private server keeps an idle connection from the front this long: longer than the front's agent keeps it (it reads the Keep-Alive hint), so the app never closes one the front is about to use. */
export const APP_KEEP_ALIVE_MS = 65_000;
/**
 * The worker's young generation (V8's `maxYoungGenerationSizeMb`: three semi-spaces' worth): 2 MB
 * semi-spaces, fewer scavenges per hit than 1 MB ones (issue #21, http-callgrind: a hit 1.08× the
 * bare server's instructions against 1.12×). 4 MB ones gave 1.07× for 5–15 MB more RSS under load,
 * 8 MB ones no better than 4.
 * The app's own isolate, which renders but no longer answers hits, runs with `npm start`'s
 * `--max-semi-space-size=1`: together under the 120 MB of idle RSS that a second isolate would
 * otherwise push them over.
 */
export const FRONT_YOUNG_GENERATION_MB = 6;

/**
 * V8 lets a `--max-semi-space-size` flag win over an isolate's resource limits, so under `npm start`
 * (which passes `--max-semi-space-size=1` for the app) the worker got 1 MB semi-spaces, not the
 * ones above: its new space never grew past 2 MB. V8 reads the flag only when it makes an isolate.
 * The app's is made and keeps its size, so the flag is set back to none before the worker's is made
 * (both checked in cache.front.test.ts). It is not put back afterwards: the worker makes its isolate
 * on its own thread, after `new Worker` has returned.
 */
export function letWorkerLimitsDecideSemiSpace(): void {
  setFlagsFromString('--max-semi-space-size=0');
}

/** What the app needs of the front: its page caches' stand-ins, and the hits it answered. */
export type FrontLink = { caches: Record<FrontCacheName, PageCache>; onHits: (listener: (hits: FrontHits) => void) => void };

export type HttpFront = {
  link: FrontLink;
  /** The app's private socket: `app.listen({ path })`. */
  appSocket: string;
  /** Starts the worker on PORT and HOST; resolves with the address it listens on. */
  start: () => Promise<{ address: string; port: number }>;
  /** The running worker, if any (for tests and diagnostics). */
  worker: () => Worker | undefined;
  /** Stops accepting, lets requests in flight finish within `graceMs`, then ends the worker. */
  close: (args: { graceMs: number }) => Promise<void>;
};

/**
 * The worker: its compiled file beside this one (dist/), else its TypeScript source registered
 * with tsx first (npm run dev, the tests; Node 20 does not pass `--import` on to a worker).
 */
function startWorker(options: { workerData: FrontSettings; name: string }): Worker {
  const compiled = new URL('./cache.front.worker.js', import.meta.url);
  const common = { ...options, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: FRONT_YOUNG_GENERATION_MB } };
  letWorkerLimitsDecideSemiSpace();
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, common);
  const source = new URL('./cache.front.worker.ts', import.meta.url).href;
  const boot = `(async () => { const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(source)}); })();`;
  return new Worker(boot, { ...common, eval: true });
}

export async function createHttpFront(deps: Pick<Dependencies, 'config' | 'logger' | 'statistics'>): Promise<HttpFront> {
  const { config, logger } = deps;
  const dir = await mkdtemp(join(tmpdir(), 'beretning-front-'));
  const appSocket = join(dir, 'app.sock');
  const budget = pageCacheBudget(config);
  const bounds: Record<FrontCacheName, { maxEntries: number; maxBytes: number }> = { pages: { maxEntries: PAGE_CACHE_ENTRIES, maxBytes: budget.pages }, search: { maxEntries: SEARCH_CACHE_ENTRIES, maxBytes: budget.search } };
  let worker: Worker | undefined;
  let stopping = false;
  /** Where the first worker listens: a worker started again listens there too (PORT=0 included). */
  let bound: { address: string; port: number } | undefined;
  const listeners: ((hits: FrontHits) => void)[] = [];
  const post = (message: ToFront) => worker?.postMessage(message);
  const caches = { pages: createFrontPageCache({ name: 'pages', post, vary: pageVaryFor(config) }), search: createFrontPageCache({ name: 'search', post, vary: pageVaryFor(config) }) };

  const spawn = () =>
    new Promise<{ address: string; port: number }>((resolve, reject) => {
      const settings: FrontSettings = {
        port: bound?.port ?? config.port,
        host: config.host,
        appSocket,
        trustProxy: config.trustProxy,
        allowedHosts: config.allowedHosts,
        publicUrl: config.publicUrl,
        requestTimeoutMs: (config.uploadBodyTimeoutSeconds + 30) * 1000,
        countViews: deps.statistics.enabled,
        caches: { pages: { ...bounds.pages, generation: caches.pages.generation() }, search: { ...bounds.search, generation: caches.search.generation() } },
        reportMs: REPORT_MS,
      };
      const started = startWorker({ workerData: settings, name: 'beretning-http-front' });
      let listening = false;
      worker = started;
      started.on('message', (message: FromFront) => {
        if (message.type === 'listening') {
          listening = true;
          bound ??= { address: message.address, port: message.port };
          resolve({ address: message.address, port: message.port });
        } else if (message.type === 'failed') {
          if (!listening) reject(new Error(message.message)); // Node's own: `listen EADDRINUSE: address already in use 127.0.0.1:3000`
          else logger.error({ err: message.message }, 'the HTTP front failed');
        } else if (message.type === 'hits') {
          caches.pages.reported(message.caches.pages);
          caches.search.reported(message.caches.search);
          for (const listener of listeners) listener(message.hits);
        } else if (message.type === 'log') logger[message.level]({ err: message.err }, message.msg);
      });
      started.on('error', (error) => {
        logger.error({ err: error }, 'the HTTP front stopped with an error');
        if (!listening) reject(error);
      });
      started.on('exit', (code) => {
        if (worker === started) worker = undefined;
        if (stopping || !listening) return;
        // Its kept pages are gone with it: a new one starts empty, at the app's generation.
        logger.error({ code }, 'the HTTP front stopped: starting it again');
        for (const cache of [caches.pages, caches.search]) cache.lost();
        setTimeout(() => {
          if (!stopping) spawn().catch((error: unknown) => logger.error({ err: error }, 'the HTTP front could not start again'));
        }, 1000).unref();
      });
    });

  return {
    link: { caches, onHits: (listener) => void listeners.push(listener) },
    appSocket,
    start: spawn,
    worker: () => worker,
    close: async ({ graceMs }) => {
      stopping = true;
      const running = worker;
      if (running) {
        await new Promise<void>((resolve) => {
          running.on('message', (message: FromFront) => {
            if (message.type === 'closed') resolve();
          });
          running.once('exit', () => resolve());
          running.postMessage({ type: 'close', graceMs } satisfies ToFront);
        });
        await running.terminate();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * How long the app answers a page from its own copy after sending it to the front. A request the
 * front passed on just before the page reached it (a message away) would otherwise be rendered again:
 * after a publish under load, every reader who asked in that moment cost a render.
 */
export const SENT_PAGE_MS = 2000;
/** The pages sent within SENT_PAGE_MS take at most this many bytes (bodies in every encoding); the oldest go first. */
export const SENT_PAGES_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The app's stand-in for a cache the front keeps: `put` prepares the page here (compression in
 * libuv's pool, as the app's own cache does) and sends it to the front, in order with the
 * invalidations, so a page rendered across an invalidation is dropped there as it would be here.
 * `get` finds only the pages sent in the last SENT_PAGE_MS (until the next invalidation): a cacheable
 * request that reaches the app is one the front did not have, and after that it has it.
 */
export function createFrontPageCache({ name, post, vary, now = Date.now }: { name: FrontCacheName; post: (message: ToFront) => void; vary: string; now?: () => number }): PageCache & { reported: (counts: { size: number; bytes: number }) => void; lost: () => void } {
  let generation = 0;
  let counts = { size: 0, bytes: 0 };
  const prepare = createPagePreparer({ vary });
  // Sent pages by `scope⇥url`, oldest first; dropped when older than SENT_PAGE_MS or over SENT_PAGES_MAX_BYTES.
  const sent = new Map<string, { page: CachedPage; at: number; bytes: number }>();
  let sentBytes = 0;
  let sweep: NodeJS.Timeout | undefined;
  const forgetOld = () => {
    const at = now();
    for (const [flatKey, entry] of sent) {
      if (at - entry.at < SENT_PAGE_MS && sentBytes <= SENT_PAGES_MAX_BYTES) break;
      sent.delete(flatKey);
      sentBytes -= entry.bytes;
    }
  };
  // An idle server lets go of them too.
  const sweepLater = () => {
    sweep ??= setTimeout(() => {
      sweep = undefined;
      forgetOld();
      if (sent.size > 0) sweepLater();
    }, SENT_PAGE_MS).unref();
  };
  const forgetSent = () => {
    sent.clear();
    sentBytes = 0;
  };
  const send = (key: PageKey, page: CachedPage) => {
    post({ type: 'keep', cache: name, key, page });
    const flatKey = `${key.scope}\t${key.url}`;
    const old = sent.get(flatKey);
    if (old) {
      sent.delete(flatKey);
      sentBytes -= old.bytes;
    }
    const bytes = page.identity.length + page.br.length + page.gzip.length;
    sent.set(flatKey, { page, at: now(), bytes });
    sentBytes += bytes;
    forgetOld();
    sweepLater();
  };
  return {
    get({ url, scope }) {
      const entry = sent.get(`${scope}\t${url}`);
      // Only pages of this generation are there: an invalidation empties it.
      return entry && now() - entry.at < SENT_PAGE_MS ? entry.page : undefined;
    },
    async put({ key, body, contentType, headers = {}, renderedIn = generation }) {
      const page = await prepare({ body, contentType, headers, renderedIn });
      if (page?.generation === generation) send(key, page);
      return page;
    },
    keep({ key, page }) {
      if (page.generation !== generation) return false;
      send(key, page);
      return true;
    },
    invalidate() {
      generation += 1;
      counts = { size: 0, bytes: 0 };
      forgetSent();
      post({ type: 'invalidate', cache: name });
    },
    generation: () => generation,
    size: () => counts.size,
    bytes: () => counts.bytes,
    reported: (latest) => {
      counts = latest;
    },
    // The front's worker died with its copies: a new one starts empty, and gets each page when the app renders it again.
    lost: () => {
      counts = { size: 0, bytes: 0 };
      forgetSent();
    },
  };
}
