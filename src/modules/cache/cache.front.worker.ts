// The HTTP front (issue #21): a worker thread that owns the listening socket, answers page cache
// hits from its own copy of the cache, and passes every other request to the app over a private
// Unix socket. Started by cache.front.ts; see there for why.
//
// First, before any other module runs: keeps Node's process.nextTick on V8's fast path in this
// isolate too (see the module).
import '../../shared/next-tick-shape.js';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
// The module's binding, not the global: Node 20's global `performance` is a getter run on every use.
import { performance } from 'node:perf_hooks';
import { createProxyTrust, proxyAddr } from '../../shared/proxy-trust.js';
import { createHostCheck, trustedForwardedHost } from '../../shared/allowed-hosts.js';
import { createPageCache, type CachedPage, type CachedVariant, type PageCache } from './cache.usecases.js';
import { createHitAnswerer, createOrigins, isHttps } from './cache.lookup.js';
import { type FromFront, type FrontCacheName, type FrontHits, type FrontSettings, type ToFront } from './cache.front.protocol.js';
import { createViewTally } from './cache.front.views.js';

/**
 * Headers that belong to one connection, not to the request or response (RFC 9110 7.6.1), and the
 * forwarded ones the front sets itself. Never passed on.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'proxy-authorization', 'proxy-authenticate']);
const FORWARDED = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']);

const port = parentPort;
if (!port) throw new Error('cache.front.worker runs as a worker thread (cache.front.ts starts it)');
const settings = workerData as FrontSettings;
const send = (message: FromFront) => port.postMessage(message);

const trust = createProxyTrust({ setting: settings.trustProxy });
const isAllowedHost = createHostCheck({ allowedHosts: settings.allowedHosts, trust });
const originOf = createOrigins({ publicUrl: settings.publicUrl });
const caches: Record<FrontCacheName, PageCache> = { pages: createPageCache(settings.caches.pages), search: createPageCache(settings.caches.search) };
for (const name of ['pages', 'search'] as const) for (let i = 0; i < settings.caches[name].generation; i++) caches[name].invalidate();

/** The X-Forwarded-Host the app is told (as Fastify's `request.host` reads it): none unless a trusted proxy sent one. */
const forwardedHostOf = (req: IncomingMessage) => (req.headers['x-forwarded-host'] === undefined ? '' : trustedForwardedHost(req, trust));

// ---- Hits, and their tally for the app (metrics, the hit log, readership statistics) ----

/** Hits by route, then [GET 200, GET 304, HEAD 200, HEAD 304]: two lookups and an increment per hit, no key built. */
let served = new Map<string, FrontHits['served'][number][]>();
/** Page views: only what countView (statistics.usecases) reads of a cache hit's request (path, user agent, Referer, Host). */
const views = createViewTally();
/** Distinct views kept between reports: about 300 bytes each, so at most a few MB. */
const MAX_VIEWS_KEPT = 10_000;

function tally(req: IncomingMessage, route: string, status: number, seconds: number): void {
  const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
  let slots = served.get(route);
  if (!slots) served.set(route, (slots = []));
  const slot = (slots[(method === 'HEAD' ? 2 : 0) + (status === 304 ? 1 : 0)] ??= { route, method, status, count: 0, seconds: 0 });
  slot.count += 1;
  slot.seconds += seconds;
  if (!settings.countViews || method !== 'GET') return;
  // As countView decides: a request without a user agent is a bot's, and DNT or Sec-GPC opts out. A
  // hit has no session cookie (the cache never answers one), so the cookie is not looked at.
  const { headers } = req;
  const userAgent = headers['user-agent'];
  if (!userAgent || headers.dnt === '1' || headers['sec-gpc'] === '1') return;
  views.count(req.url ?? '/', userAgent, headers.referer ?? '', headers.host ?? '');
  // Bounded: many different user agents and referrers within a second (a flood of made-up ones) are sent at once instead of kept.
  if (views.size() >= MAX_VIEWS_KEPT) report();
}

function report(): void {
  const viewed = views.take();
  if (served.size > 0) send({ type: 'hits', hits: { served: [...served.values()].flatMap((slots) => slots.filter(Boolean)), views: viewed }, caches: { pages: { size: caches.pages.size(), bytes: caches.pages.bytes() }, search: { size: caches.search.size(), bytes: caches.search.bytes() } } });
  served = new Map();
}
setInterval(report, settings.reportMs).unref();

const answerHit = createHitAnswerer({ trust, isAllowedHost, originOf, cacheOf: (lookup) => (lookup.search ? caches.search : caches.pages), forwardedHostOf });

/** A cache hit, answered here by the app's own hit path (cache.lookup's createHitAnswerer) and tallied; false for everything else. */
function answer(req: IncomingMessage, res: ServerResponse): boolean {
  const started = performance.now();
  const hit = answerHit(req, res);
  if (!hit) return false;
  tally(req, hit.route, hit.status, (performance.now() - started) / 1000);
  return true;
}

// ---- Everything else: passed to the app ----

// Kept-alive connections to the app; its server keeps an idle one longer than this agent does (cache.front.ts).
const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });

/**
 * The request's headers for the app: as the client sent them (names as spelled, repeats kept), less
 * the hop-by-hop ones, with X-Forwarded-For, -Proto and -Host replaced by what TRUST_PROXY lets the
 * client's side say. The app trusts these from the front only (its socket is private).
 */
function headersForApp(req: IncomingMessage): string[] {
  const raw = req.rawHeaders;
  const connectionTokens = new Set(String(req.headers.connection ?? '').toLowerCase().split(',').map((t) => t.trim()).filter(Boolean));
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (HOP_BY_HOP.has(name) || FORWARDED.has(name) || connectionTokens.has(name)) continue;
    out.push(raw[i] ?? '', raw[i + 1] ?? '');
  }
  // Fastify reads the client's address as the last untrusted hop: here it is the only one.
  out.push('X-Forwarded-For', proxyAddr(req, trust), 'X-Forwarded-Proto', isHttps(req, trust) ? 'https' : 'http');
  const forwardedHost = forwardedHostOf(req);
  if (forwardedHost) out.push('X-Forwarded-Host', forwardedHost);
  return out;
}

/** The app's response headers for the client, less the hop-by-hop ones (Node frames the body itself). */
function headersForClient(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has((raw[i] ?? '').toLowerCase())) out.push(raw[i] ?? '', raw[i + 1] ?? '');
  return out;
}

const UNAVAILABLE = 'Beretning kan ikke svare lige nu. Prøv igen om lidt.\n';

/**
 * A reader who leaves before the app's answer is complete: an answer this small (or without a body)
 * is read to its end and dropped, so the connection to the app stays open for the next request. When
 * many readers leave at once (a proxy restarting, a load test ending), ending each connection made
 * the next requests open as many new ones at the same moment; some waited seconds for theirs.
 * A larger answer, one of unknown length, or a request whose body is still arriving ends it.
 */
const DROP_ANSWER_MAX_BYTES = 256 * 1024;

function passOn(req: IncomingMessage, res: ServerResponse, retried = false): void {
  let readerGone = false;
  let answered: IncomingMessage | undefined;
  const letGo = () => {
    const bodyless = req.method === 'HEAD' || answered?.statusCode === 204 || answered?.statusCode === 304;
    // Without a Content-Length the length is NaN, which is not small.
    const cheap = !answered || bodyless || Number(answered.headers['content-length']) <= DROP_ANSWER_MAX_BYTES;
    if (!req.complete || !cheap) return void upstream.destroy();
    if (!answered) return; // dropped when it comes
    answered.unpipe(res);
    answered.resume();
  };
  const upstream = httpRequest({ socketPath: settings.appSocket, method: req.method, path: req.url, headers: headersForApp(req), agent, setHost: false }, (answer) => {
    answered = answer;
    if (readerGone) return letGo();
    res.sendDate = false; // the app's Date is among its headers
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headersForClient(answer.rawHeaders));
    // An answer the app breaks off cuts the reader's short; a reader who leaves is handled by letGo.
    answer.on('close', () => {
      if (!answer.complete && !readerGone) res.destroy();
    });
    answer.pipe(res);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (readerGone || res.destroyed) return;
    // A kept-alive connection the app closed just as this request went out: once more on a new one (a GET or HEAD has no body to resend).
    if (!retried && upstream.reusedSocket && error.code === 'ECONNRESET' && (req.method === 'GET' || req.method === 'HEAD') && !res.headersSent) return passOn(req, res, true);
    if (res.headersSent) return void res.destroy();
    send({ type: 'log', level: 'error', msg: 'the HTTP front could not reach the app', err: `${error.code ?? ''} ${error.message}`.trim() });
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(UNAVAILABLE) });
    res.end(UNAVAILABLE);
  });
  // The reader went away before the answer was complete: a long download or an upload ends the app's request too.
  res.on('close', () => {
    if (res.writableFinished) return;
    readerGone = true;
    letGo();
  });
  if (retried) return void upstream.end();
  // pipe, not pipeline: an error of the app's side must not destroy the reader's socket before the 502 is written.
  req.on('error', () => upstream.destroy());
  req.pipe(upstream);
}

// ---- The server ----

const server = createServer({ requestTimeout: settings.requestTimeoutMs }, (req, res) => {
  if (answer(req, res)) return;
  passOn(req, res);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  send({ type: 'failed', message: error.message, code: error.code });
});
server.listen(settings.port, settings.host, () => {
  const address = server.address();
  if (address && typeof address === 'object') send({ type: 'listening', address: address.address, port: address.port });
});

port.on('message', (message: ToFront) => {
  if (message.type === 'keep') caches[message.cache].keep({ key: message.key, page: asKept(message.page) });
  else if (message.type === 'invalidate') caches[message.cache].invalidate();
  else if (message.type === 'close') {
    // No new connections; idle kept-alive ones close now, requests in flight finish within the grace period.
    const timer = setTimeout(() => server.closeAllConnections(), message.graceMs);
    server.close(() => {
      clearTimeout(timer);
      report();
      agent.destroy();
      send({ type: 'closed' });
      port.close();
    });
    server.closeIdleConnections();
  }
});

/**
 * A page as it arrives, made as cheap to send as a page made in this isolate: its bodies as Buffers
 * again (without copying), and its header strings internalized. A message's strings are new copies;
 * `writeHead` compares each name with the ones it knows (content-length, date, …), which for an
 * internalized string is one pointer comparison. V8 internalizes a string used as a property name:
 * the name Object.keys gives back is that copy (an integer-like one aside, e.g. a Content-Length value,
 * which is left as it is).
 */
function asKept(page: CachedPage): CachedPage {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const internalize = (text: string) => (/^\d+$/.test(text) ? text : (Object.keys({ [text]: 0 })[0] ?? text));
  const rows = (byVariant: Record<CachedVariant, string[]>) => ({ br: byVariant.br.map(internalize), gzip: byVariant.gzip.map(internalize), identity: byVariant.identity.map(internalize), notModified: byVariant.notModified.map(internalize) });
  return { ...page, identity: buffer(page.identity), br: buffer(page.br), gzip: buffer(page.gzip), rawHeaders: rows(page.rawHeaders), rawHeadersOverTls: rows(page.rawHeadersOverTls) };
}
