// What a request asks of the page cache: its key, its route, the variant it gets. Shared by the
// cache's hooks in the app and by the HTTP front's worker (cache.front.worker.ts), which must find
// exactly the pages the app stores; so this module imports nothing that runs at load.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { chooseLocale } from '../../ui/i18n/locale.js';
import type { Locale } from '../../ui/i18n/locales.js';
import type { ProxyTrust } from '../../shared/proxy-trust.js';
import { lastEntry } from '../../shared/allowed-hosts.js';
import { chooseEncoding, matchesEtag, type CachedPage, type CachedVariant, type PageCache, type PageKey } from './cache.usecases.js';

/** Public pages that are the same for every anonymous reader of one language. */
const CACHEABLE_PATH = /^\/(beretninger(\/\d{4}(\/laes(\/kapitel\/[1-9]\d{0,3})?|\/film\/[a-z0-9-]{1,80})?)?)?$/;
/** Search result pages: the same for every anonymous reader of one language and query string. */
const CACHEABLE_SEARCH = /^\/soeg\?[^#]{1,300}$/;
/** Origins kept with their scope strings (a few are real; made-up Host values only make it start over). */
const MAX_SCOPED_ORIGINS = 64;

export type PageLookup = { key: PageKey; route: string; search: boolean };

/**
 * The cache key and route of a request that may be served from the cache, or undefined. A reader
 * is anonymous when they send no credentials and no cookie but the language and CSRF ones; the
 * language is the cookie's (exactly `da` or `en`), else Accept-Language's.
 */
export function lookUp({ method, url, headers, origin }: { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders; origin: Origin }): PageLookup | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || !url || headers.authorization) return undefined;
  const route = routeOf(url);
  if (!route) return undefined;
  let language: string | undefined;
  if (headers.cookie) {
    for (const part of headers.cookie.split(';')) {
      const eq = part.indexOf('=');
      const name = (eq === -1 ? part : part.slice(0, eq)).trim();
      if (name === 'beretning_csrf' || name === '') continue;
      if (name !== 'sprog') return undefined;
      language = part.slice(eq + 1).trim();
      if (language !== 'da' && language !== 'en') return undefined;
    }
  }
  const locale = chooseLocale({ cookie: language, acceptLanguage: headers['accept-language'] });
  // By name, as the hit path reads a page's variants: `scopes[locale]` is a keyed load that goes megamorphic once both languages
  // are read. The last branch reads one key only (and stops compiling if a language is added without a branch of its own).
  return { key: { url, scope: locale === 'en' ? origin.scopes.en : origin.scopes[locale satisfies 'da'] }, route, search: route === '/soeg' };
}

/** A request's origin: its key ('' with PUBLIC_URL), and the scope of its pages in each locale. */
export type Origin = { key: string; scopes: Record<Locale, string> };

/**
 * Without PUBLIC_URL a page's absolute links (share tags, the citation's permanent link) are made from
 * the request's protocol and Host / X-Forwarded-Host, which the sender chooses: they are part of the
 * key, so a request with a forged host gets a copy of its own and never shapes the one other readers get.
 * The same strings for the same origin every time (their hashes computed once), not built per
 * request: the last request's origin is compared first (readers of one site send one Host), then
 * the origins seen before, at most MAX_SCOPED_ORIGINS of them (then it starts over).
 * `forwardedHost` is the X-Forwarded-Host the app sees ('' for none).
 */
export function createOrigins({ publicUrl }: { publicUrl: string }): (args: { https: boolean; host: string; forwardedHost: string }) => Origin {
  const everywhere: Origin = { key: '', scopes: { da: 'da', en: 'en' } };
  const byKey = new Map<string, Origin>();
  const originOfKey = (key: string): Origin => {
    let origin = byKey.get(key);
    if (!origin) {
      if (byKey.size >= MAX_SCOPED_ORIGINS) byKey.clear();
      origin = { key, scopes: { da: `da|${key}`, en: `en|${key}` } };
      byKey.set(key, origin);
    }
    return origin;
  };
  let last = { https: false, forwardedHost: '', host: '', origin: originOfKey('http||') };
  return ({ https, host, forwardedHost }) => {
    if (publicUrl) return everywhere;
    if (https !== last.https || host !== last.host || forwardedHost !== last.forwardedHost) last = { https, forwardedHost, host, origin: originOfKey(`${https ? 'https' : 'http'}|${forwardedHost}|${host}`) };
    return last.origin;
  };
}

const REPORTS = '/beretninger';
/** `/beretninger/` and a year's four digits. */
const REPORT_PAGE_LENGTH = REPORTS.length + 5;

/** Whether `url` is `/beretninger/` and four ASCII digits (what `\/\d{4}` in CACHEABLE_PATH matches). */
function isReportPage(url: string): boolean {
  if (url.length !== REPORT_PAGE_LENGTH || !url.startsWith(REPORTS) || url.charCodeAt(REPORTS.length) !== 0x2f) return false;
  for (let i = REPORTS.length + 1; i < REPORT_PAGE_LENGTH; i += 1) {
    const code = url.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/**
 * The route pattern of a cacheable URL (the metrics' label), or undefined. The front page, the
 * archive and a report's page, the most asked for, without a regular expression: its match array
 * and captured strings were about 1 % of a cache hit's instructions (bench/http-callgrind.ts).
 */
export function routeOf(url: string): string | undefined {
  if (url === '/') return '/';
  if (url === REPORTS) return '/beretninger';
  if (isReportPage(url)) return '/beretninger/:year';
  const match = CACHEABLE_PATH.exec(url);
  if (!match) return CACHEABLE_SEARCH.test(url) ? '/soeg' : undefined;
  if (match[1] === undefined) return '/';
  if (match[2] === undefined) return '/beretninger';
  if (match[3] === undefined) return '/beretninger/:year';
  if (match[3].startsWith('/film/')) return '/beretninger/:year/film/:slug';
  return match[4] === undefined ? '/beretninger/:year/laes' : '/beretninger/:year/laes/kapitel/:chapter';
}

/** What a hit answers: 304 when If-None-Match names the page, else the best encoding the reader accepts. */
export function variantOf({ page, headers }: { page: CachedPage; headers: IncomingHttpHeaders }): CachedVariant {
  if (matchesEtag({ ifNoneMatch: headers['if-none-match'], etag: page.etag })) return 'notModified';
  return chooseEncoding({ acceptEncoding: headers['accept-encoding'] });
}

// As Fastify decides `request.protocol` with trustProxy: the last X-Forwarded-Proto from a trusted proxy, else the socket.
export function isHttps(req: IncomingMessage, trust: ProxyTrust): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  if (typeof forwarded === 'string' && forwarded && trust(req.socket?.remoteAddress, 0)) return lastEntry(forwarded) === 'https';
  return Boolean((req.socket as TLSSocket | undefined)?.encrypted);
}

/**
 * The hit path: answers a request from the kept pages when it is a hit (the page's precomputed
 * header array handed to writeHead, the body in the encoding the reader accepts, or 304), and says
 * which route and status it answered; undefined for anything else, which the app answers. The one
 * path of the app's early handler (cache.routes.ts) and of the HTTP front's worker, so both send the
 * same bytes. `forwardedHostOf` is the X-Forwarded-Host the app sees (the front rewrites it).
 */
export function createHitAnswerer({ trust, isAllowedHost, originOf, cacheOf, forwardedHostOf }: { trust: ProxyTrust; isAllowedHost: ((req: IncomingMessage) => boolean) | undefined; originOf: ReturnType<typeof createOrigins>; cacheOf: (lookup: PageLookup) => PageCache; forwardedHostOf: (req: IncomingMessage) => string }): (req: IncomingMessage, res: ServerResponse) => { route: string; status: number } | undefined {
  return (req, res) => {
    const { headers } = req;
    if (isAllowedHost && !isAllowedHost(req)) return undefined; // the app answers 400
    const https = isHttps(req, trust);
    const lookup = lookUp({ method: req.method, url: req.url, headers, origin: originOf({ https, host: headers.host ?? '', forwardedHost: forwardedHostOf(req) }) });
    if (!lookup) return undefined;
    const page = cacheOf(lookup).get(lookup.key);
    if (!page) return undefined; // the app renders it, counts the miss and keeps the page
    const variant = variantOf({ page, headers });
    const status = variant === 'notModified' ? 304 : 200;
    const rows = https ? page.rawHeadersOverTls : page.rawHeaders;
    // Each read by its name, not as `rows[variant]`: a property read by a key that varies (readers
    // asking for br, gzip, none or a 304) is one of V8's megamorphic keyed loads, a cache lookup per read.
    // The last branch reads one key only (and stops compiling if a variant is added without a branch of its own).
    res.writeHead(status, variant === 'br' ? rows.br : variant === 'gzip' ? rows.gzip : variant === 'identity' ? rows.identity : rows[variant satisfies 'notModified']);
    res.end(variant === 'br' ? page.br : variant === 'gzip' ? page.gzip : variant === 'identity' ? page.identity : undefined);
    return { route: lookup.route, status };
  };
}
