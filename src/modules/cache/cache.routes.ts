import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
// The module's binding, not the global: Node 20's global `performance` is a getter run on every use.
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createProxyTrust } from '../../shared/proxy-trust.js';
import { createHostCheck } from '../../shared/allowed-hosts.js';
import { createPageCache, pageCacheBudget, invalidatePageCacheOnChanges, pageVaryFor, type CachedPage, type PageCache, type PageKey } from './cache.usecases.js';
import { createHitAnswerer, createOrigins, isHttps, lookUp, variantOf, type PageLookup } from './cache.lookup.js';
import type { FrontHits } from './cache.front.protocol.js';

export { PAGE_CACHE_CONTROL, STRICT_TRANSPORT_SECURITY } from './cache.usecases.js';

/** Search pages get a cache of their own, small (about 25 KB per page), so many different queries never push the public pages out. */
export const SEARCH_CACHE_ENTRIES = 200;

/** The search pages' cache, with its share of PAGE_CACHE_MB. */
export function createSearchPageCache(config: Dependencies['config']): PageCache {
  return createPageCache({ maxEntries: SEARCH_CACHE_ENTRIES, maxBytes: pageCacheBudget(config).search, vary: pageVaryFor(config) });
}
/**
 * Without PUBLIC_URL the key holds the request's origin (its links are made from it): pages are kept
 * for at most this many origins per generation, so a flood of made-up Host values renders pages
 * but cannot fill the cache with copies (ALLOWED_HOSTS refuses them before that).
 */
const MAX_ORIGINS = 8;
/** How long a request for a page being rendered waits for that render before it renders the page itself. */
const RENDER_WAIT_MS = 5000;
/** Renders that others may wait for, at most: past that (a flood of distinct searches) each request renders its own. */
const MAX_WAITED_RENDERS = 1000;

/** The promise's value, or undefined once `ms` have passed. */
function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

// Headers of the render that are not the page's own: computed per response, or set below.
const NOT_STORED = new Set(['set-cookie', 'cache-control', 'content-length', 'content-type', 'etag', 'vary', 'content-encoding', 'strict-transport-security', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

export type PageCacheObserver = {
  /**
   * Pages were served from the cache (`count` of them): the one place a per-hit counter attaches
   * (the hit metric). Called synchronously on every path: once per hit before Fastify and in the
   * onRequest hook (for `inject` and anything the early path leaves), and once per batch with the
   * HTTP front's hits. It runs on every hit: keep it to a few increments.
   */
  onHit?: (count: number) => void;
  onMiss?: () => void;
  /** Hits answered before Fastify saw them (its hooks, onResponse included, never ran): `count` of them, `seconds` each on average. */
  onServed?: (args: { route: string; method: string; status: number; seconds: number; count?: number }) => void;
};

type EarlyHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A Fastify `serverFactory` whose HTTP server offers every request to the page cache first: a
 * hit is written straight to the socket (no routing, no request objects, no hooks, no logger
 * child), everything else goes to Fastify. Only `app.listen` uses it; `inject` goes through
 * Fastify, where the onRequest hook below serves the same bytes and headers.
 */
export function createEarlyServer({ requestTimeoutMs, keepAliveTimeoutMs }: { requestTimeoutMs: number; keepAliveTimeoutMs?: number }): { serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server; setHandler: (handler: EarlyHandler) => void } {
  let early: EarlyHandler | undefined;
  return {
    serverFactory: (handler) =>
      // Node's own cut-off for a whole request (default 300 s), kept as a backstop behind the upload routes' UPLOAD_BODY_TIMEOUT_SECONDS, which answer 408 themselves.
      createServer({ requestTimeout: requestTimeoutMs, ...(keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: keepAliveTimeoutMs }) }, (req, res) => {
        if (early?.(req, res)) return;
        handler(req, res);
      }),
    setHandler: (handler) => {
      early = handler;
    },
  };
}

/**
 * Serves cached public pages before any route runs (before the auth hooks: only readers without
 * credentials qualify), and caches what the route renders. Never for signed-in readers, never a query string
 * (but search pages, in a small cache of their own), never a response that sets a cookie other than the CSRF secret. The visitor's CSRF token is
 * removed from the cached copy (the reader who caused the render still gets theirs); on a cached
 * copy js/csrf.js fetches a token from /csrf-token before a form is sent. The headers of the
 * render (helmet's security headers and CSP included) are stored with the page once, so a hit
 * sends them without running helmet again.
 *
 * Behind the HTTP front (cache.front.ts) the kept pages live in the front's worker, which answers
 * the hits: `cache` and `searchCache` are then its stand-ins here (they prepare and send pages), and
 * `front.onHits` brings the hits it counted, to be counted here as the early path counts its own.
 */
export function registerPageCache(
  { app, cache, searchCache: givenSearchCache, early, front, observer = {} }: { app: FastifyInstance; cache: PageCache; searchCache?: PageCache; early?: ReturnType<typeof createEarlyServer>; front?: { onHits: (listener: (hits: FrontHits) => void) => void }; observer?: PageCacheObserver },
  deps: Dependencies,
): void {
  const searchCache = givenSearchCache ?? createSearchPageCache(deps.config);
  const trust = createProxyTrust({ setting: deps.config.trustProxy });
  const isAllowedHost = createHostCheck({ allowedHosts: deps.config.allowedHosts, trust });
  const origins = { generation: -1, keys: new Set<string>() };
  /** May a page rendered for this origin be kept? Always with PUBLIC_URL; else for the first MAX_ORIGINS origins of the generation. */
  const mayKeepOrigin = (originKey: string, generation: number) => {
    if (originKey === '') return true;
    if (origins.generation !== generation) {
      origins.generation = generation;
      origins.keys.clear();
    }
    if (origins.keys.has(originKey)) return true;
    if (origins.keys.size >= MAX_ORIGINS) return false;
    origins.keys.add(originKey);
    return true;
  };
  invalidatePageCacheOnChanges({ cache }, deps);
  invalidatePageCacheOnChanges({ cache: searchCache }, deps);
  const cacheOf = (lookup: { search: boolean }) => (lookup.search ? searchCache : cache);
  const toStore = new WeakMap<FastifyRequest, { key: PageKey; search: boolean; renderedIn: number }>();
  // Pages being rendered, by cache and key: a request for one of them waits for that render and is
  // answered with its kept copy, so a publish under load costs one render per page, not one per reader
  // who asks before the first render is kept. The rendering request's entry in `renderers` settles it
  // (with the kept page, or undefined when it was not kept) and removes it.
  const rendering = new Map<string, { generation: number; since: number; page: Promise<CachedPage | undefined> }>();
  const renderers = new WeakMap<FastifyRequest, (page: CachedPage | undefined) => void>();
  const renderingKey = (lookup: { key: PageKey; search: boolean }) => `${lookup.search ? 'search' : 'pages'}\t${lookup.key.scope}\t${lookup.key.url}`;
  /** The render of this page in this generation that a request may still wait for. */
  const renderToWaitFor = (flatKey: string, generation: number) => {
    const inFlight = rendering.get(flatKey);
    return inFlight && inFlight.generation === generation && Date.now() - inFlight.since < RENDER_WAIT_MS ? inFlight : undefined;
  };
  /**
   * A miss: the page rendered for this request is kept (onSend), and others who ask for it meanwhile
   * may wait for it, unless someone else's render is already waited for or too many are.
   */
  const startRender = ({ request, lookup, flatKey, generation, originKey }: { request: FastifyRequest; lookup: PageLookup; flatKey: string; generation: number; originKey: string }) => {
    if (!mayKeepOrigin(originKey, generation)) return;
    toStore.set(request, { ...lookup, renderedIn: generation });
    if (renderToWaitFor(flatKey, generation)) return;
    if (rendering.size >= MAX_WAITED_RENDERS) for (const [key, { since }] of rendering) if (Date.now() - since >= RENDER_WAIT_MS) rendering.delete(key);
    if (rendering.size >= MAX_WAITED_RENDERS) return;
    let settle: (kept: CachedPage | undefined) => void = () => undefined;
    const entry = { generation, since: Date.now(), page: new Promise<CachedPage | undefined>((resolve) => (settle = resolve)) };
    rendering.set(flatKey, entry);
    renderers.set(request, (kept) => {
      renderers.delete(request);
      if (rendering.get(flatKey) === entry) rendering.delete(flatKey);
      settle(kept);
    });
  };
  const originOf = createOrigins({ publicUrl: deps.config.publicUrl });

  app.get('/csrf-token', async (request, reply) => {
    return reply.header('Cache-Control', 'no-store').send({ token: request.csrfToken });
  });

  // Hits are counted, not logged one line each: a summary line per PAGE_CACHE_HIT_LOG_SECONDS.
  const hitLog = createHitLog({ intervalSeconds: deps.config.pageCacheHitLogSeconds }, deps);
  app.addHook('onClose', async () => hitLog.stop());

  // Every hit: a few comparisons, two map lookups (cache key, parsed Accept-* headers), and the
  // page's precomputed header array handed to writeHead (cache.lookup's createHitAnswerer).
  const answerHit = createHitAnswerer({ trust, isAllowedHost, originOf, cacheOf, forwardedHostOf: (req) => String(req.headers['x-forwarded-host'] ?? '') });
  early?.setHandler((req, res) => {
    const started = performance.now();
    const hit = answerHit(req, res);
    if (!hit) return false; // Fastify answers it; for a miss, its onRequest hook counts it and stores the page
    const { route, status } = hit;
    // A hit was served (Fastify's onResponse hook, which counts and logs the other requests, never runs for it).
    observer.onHit?.(1);
    // Readership statistics: a synchronous in-memory count (Fastify's onResponse hook counts the pages it answers).
    if (req.method === 'GET') deps.statistics.countView({ path: req.url ?? '/', headers: req.headers, now: Date.now() });
    hitLog.count({ route, status });
    if (observer.onServed) observer.onServed({ route, method: req.method ?? 'GET', status, seconds: (performance.now() - started) / 1000 });
    if (deps.logger.isLevelEnabled('debug')) deps.logger.debug({ method: req.method, url: req.url, statusCode: status, cache: 'hit' }, 'request completed');
    return true;
  });

  // The front's hits, a batch a few times a second: counted as the early path counts its own.
  front?.onHits(({ served, views }) => {
    const now = Date.now();
    for (const { route, method, status, count, seconds } of served) {
      observer.onHit?.(count);
      hitLog.count({ route, status, count });
      observer.onServed?.({ route, method, status, seconds: seconds / count, count });
    }
    for (const { path, headers, count } of views) deps.statistics.countView({ path, headers, now, count });
  });

  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw.headers;
    const origin = originOf({ https: isHttps(request.raw, trust), host: raw.host ?? '', forwardedHost: String(raw['x-forwarded-host'] ?? '') });
    const lookup = lookUp({ method: request.method, url: request.url, headers: request.headers, origin });
    if (!lookup) return;
    const pages = cacheOf(lookup);
    let page = pages.get(lookup.key);
    if (!page) {
      const flatKey = renderingKey(lookup);
      const current = renderToWaitFor(flatKey, pages.generation());
      const rendered = current ? await settleWithin(current.page, RENDER_WAIT_MS) : undefined;
      // The generation read again: a publish while this request waited makes that render stale.
      if (!rendered || rendered.generation !== pages.generation()) {
        observer.onMiss?.();
        startRender({ request, lookup, flatKey, generation: pages.generation(), originKey: origin.key });
        return;
      }
      page = rendered;
    }
    observer.onHit?.(1);
    const { status, headers, body } = cachedResponse({ page, headers: request.headers });
    return reply.code(status).headers(headers).send(body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const stored = toStore.get(request);
    if (!stored || request.user || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (!contentType.startsWith('text/html')) return payload;
    const cookies = ([] as string[]).concat((reply.getHeader('set-cookie') as string | string[] | undefined) ?? []);
    if (cookies.some((c) => !c.startsWith('beretning_csrf='))) return payload;
    const body = request.csrfToken ? payload.split(request.csrfToken).join('') : payload;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || NOT_STORED.has(name.toLowerCase())) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    // Set by the language's onSend hook (ui/i18n/language.routes), which runs after this one: a hit
    // answered before Fastify must say its language too (the key holds it: the reader's locale).
    headers['content-language'] ??= request.locale;
    // The reader who caused the render waits for the compression (off the event loop), so the next reader gets the kept copy.
    const kept = await cacheOf(stored).put({ key: stored.key, body, contentType, headers, renderedIn: stored.renderedIn });
    renderers.get(request)?.(kept);
    // This reader gets the page as rendered, with their own token (forms work without JavaScript);
    // it is theirs alone, so no shared cache may keep it. Later readers get the cached copy.
    reply.header('Cache-Control', 'private, no-cache');
    return payload;
  });

  // A render that was not kept (an error, another status, a signed-in reader, a cookie, an abort):
  // the readers waiting for it render the page themselves.
  const renderEnded = async (request: FastifyRequest) => renderers.get(request)?.(undefined);
  app.addHook('onResponse', renderEnded);
  app.addHook('onRequestAbort', renderEnded);
}

/**
 * Hits summed by route and status, logged as one info line per `intervalSeconds` (0: never) and
 * when the app closes, instead of a JSON line per hit: a hit costs two increments, not a log write.
 */
function createHitLog({ intervalSeconds }: { intervalSeconds: number }, { logger }: Pick<Dependencies, 'logger'>): { count: (hit: { route: string; status: number; count?: number }) => void; stop: () => void } {
  let counts = new Map<string, { ok: number; notModified: number }>();
  let total = 0;
  let since = Date.now();
  const flush = () => {
    if (total === 0) return;
    const byRoute: Record<string, { '200'?: number; '304'?: number }> = {};
    for (const [route, { ok, notModified }] of counts) byRoute[route] = { ...(ok ? { '200': ok } : {}), ...(notModified ? { '304': notModified } : {}) };
    logger.info({ hits: total, seconds: Math.round((Date.now() - since) / 1000), byRoute }, 'page cache hits');
    counts = new Map();
    total = 0;
    since = Date.now();
  };
  const timer = intervalSeconds > 0 ? setInterval(flush, intervalSeconds * 1000) : undefined;
  timer?.unref();
  return {
    count({ route, status, count = 1 }) {
      if (!timer) return;
      let entry = counts.get(route);
      if (!entry) counts.set(route, (entry = { ok: 0, notModified: 0 }));
      if (status === 304) entry.notModified += count;
      else entry.ok += count;
      total += count;
    },
    stop() {
      if (timer) clearInterval(timer);
      flush();
    },
  };
}

function cachedResponse({ page, headers }: { page: CachedPage; headers: IncomingHttpHeaders }): { status: number; headers: Record<string, string>; body?: Buffer } {
  const variant = variantOf({ page, headers });
  if (variant === 'notModified') return { status: 304, headers: page.headers.notModified };
  return { status: 200, headers: page.headers[variant], body: variant === 'identity' ? page.identity : page[variant] };
}
