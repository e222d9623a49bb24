import { memoiseHeaderParse } from '../../shared/string-memo.js';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { EventBus } from '../../shared/events.js';

export type CachedPage = {
  etag: string;
  contentType: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  generation: number;
  /** Every response header but Date, computed once at store time (security headers and CSP included), per encoding and for 304. */
  headers: Record<CachedVariant, Record<string, string>>;
  /**
   * The same headers as flat [name, value, name, value, …] arrays for `res.writeHead` (it walks an
   * array without the object's key enumeration), in the same order; `overTls` ends with
   * Strict-Transport-Security, as the object spread with it did.
   */
  rawHeaders: Record<CachedVariant, string[]>;
  rawHeadersOverTls: Record<CachedVariant, string[]>;
};

export type CachedVariant = 'br' | 'gzip' | 'identity' | 'notModified';

/** Sent only when the request came over TLS (directly or through the proxy). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Which page a cache entry is: the URL (path and query) and the scope it was rendered for (the
 * reader's locale, and without PUBLIC_URL the origin too, as one string the caller keeps per
 * scope). Two parts, not one string: a hit then hashes only the request's URL, never a key built
 * anew for every request.
 */
export type PageKey = { url: string; scope: string };

export type PageCache = {
  get: (key: PageKey) => CachedPage | undefined;
  /**
   * Compresses once (brotli and gzip, in libuv's thread pool: the event loop stays free for hits) and
   * keeps the page until the next invalidation or until newer pages need its bytes. `renderedIn` is
   * the generation when the render began: a page rendered across an invalidation (a publish while it
   * was being made) may show the old state, so it is returned but not kept. Undefined when
   * `maxPendingFills` pages are being compressed already (a flood of misses): the page is not kept.
   */
  put: (args: { key: PageKey; body: string; contentType: string; headers?: Record<string, string>; renderedIn?: number }) => Promise<CachedPage | undefined>;
  /** Keeps a page `put` prepared elsewhere (the HTTP front's worker keeps the pages the app prepares), unless it was rendered in an older generation or is too big; true when kept. */
  keep: (args: { key: PageKey; page: CachedPage }) => boolean;
  /** Drops every page at once: call it on publish, settings change, or a NOTIFY from another instance. */
  invalidate: () => void;
  generation: () => number;
  size: () => number;
  /** Bytes the kept pages take: bodies in every encoding, keys and headers. */
  bytes: () => number;
};

export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
// The language comes from a cookie or Accept-Language, so a shared cache must key on both.
export const PAGE_VARY = 'Accept-Encoding, Accept-Language, Cookie';

/**
 * Vary for public pages: without PUBLIC_URL their links (canonical, og:url, JSON-LD, the citation)
 * are made from the forwarded host and protocol too, so a shared cache must keep a copy per value.
 */
export function pageVaryFor({ publicUrl }: { publicUrl: string }): string {
  return publicUrl ? PAGE_VARY : `${PAGE_VARY}, X-Forwarded-Host, X-Forwarded-Proto`;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzipCallback);
/** What a kept page costs beyond its bodies and key: its header objects and arrays (measured: about 1.5 KB with the CSP). */
const ENTRY_OVERHEAD_BYTES = 2048;

/** PAGE_CACHE_MB, split once: search result pages get an eighth (many different queries never push the public pages out), the public pages the rest. */
export function pageCacheBudget({ pageCacheMb }: { pageCacheMb: number }): { pages: number; search: number } {
  const total = pageCacheMb * 1024 * 1024;
  return { pages: total - total / 8, search: total / 8 };
}

/**
 * Rendered public pages in memory, keyed by locale and URL, bounded by `maxBytes` (PAGE_CACHE_MB)
 * and `maxEntries`, the oldest dropped first. A generation counter makes invalidation O(1): entries
 * of an older generation are never served and are replaced.
 */
export function createPageCache({ maxEntries = PAGE_CACHE_ENTRIES, maxBytes = 64 * 1024 * 1024, maxPendingFills = MAX_PENDING_FILLS, cacheControl = PAGE_CACHE_CONTROL, vary = PAGE_VARY }: { maxEntries?: number; maxBytes?: number; maxPendingFills?: number; cacheControl?: string; vary?: string } = {}): PageCache {
  type Entry = { page: CachedPage; bytes: number; key: PageKey };
  // The kept pages by `scope⇥url`, oldest first (what is dropped when the cache is full), and the
  // same entries by URL, then scope: what a hit looks up.
  const pages = new Map<string, Entry>();
  const byUrl = new Map<string, Map<string, Entry>>();
  let generation = 0;
  let bytes = 0;
  const prepare = createPagePreparer({ maxPendingFills, cacheControl, vary });
  const remove = (flatKey: string) => {
    const entry = pages.get(flatKey);
    if (!entry) return;
    pages.delete(flatKey);
    const scopes = byUrl.get(entry.key.url);
    scopes?.delete(entry.key.scope);
    if (scopes?.size === 0) byUrl.delete(entry.key.url);
    bytes -= entry.bytes;
  };
  // Rendered before an invalidation (it may show the old state), or too big to share the cache with others: not kept.
  const keep = ({ key, page }: { key: PageKey; page: CachedPage }): boolean => {
    const flatKey = `${key.scope}\t${key.url}`;
    const cost = page.identity.length + page.br.length + page.gzip.length + flatKey.length * 4 + ENTRY_OVERHEAD_BYTES;
    if (page.generation !== generation || cost > maxBytes / 4) return false;
    remove(flatKey);
    for (const oldest of pages.keys()) {
      if (bytes + cost <= maxBytes && pages.size < maxEntries) break;
      remove(oldest);
    }
    const entry: Entry = { page, bytes: cost, key: { url: key.url, scope: key.scope } };
    pages.set(flatKey, entry);
    let scopes = byUrl.get(key.url);
    if (!scopes) byUrl.set(key.url, (scopes = new Map()));
    scopes.set(key.scope, entry);
    bytes += cost;
    return true;
  };
  return {
    get({ url, scope }) {
      const entry = byUrl.get(url)?.get(scope);
      if (!entry || entry.page.generation !== generation) return undefined;
      return entry.page;
    },
    async put({ key, body, contentType, headers = {}, renderedIn = generation }) {
      const page = await prepare({ body, contentType, headers, renderedIn });
      if (page) keep({ key, page });
      return page;
    },
    keep,
    invalidate() {
      generation += 1;
      pages.clear();
      byUrl.clear();
      bytes = 0;
    },
    generation: () => generation,
    size: () => pages.size,
    bytes: () => bytes,
  };
}

/** Pages a cache keeps at most, by default (the public pages' cache). */
export const PAGE_CACHE_ENTRIES = 2000;
/** Pages being compressed at once; past that a page is served and not kept (a flood of misses). */
const MAX_PENDING_FILLS = 4;

/**
 * preparePage, at most `maxPendingFills` at once: undefined when that many are being compressed
 * already. What `put` does before keeping, here and in the HTTP front's stand-in (cache.front.ts).
 */
export function createPagePreparer({ maxPendingFills = MAX_PENDING_FILLS, cacheControl = PAGE_CACHE_CONTROL, vary = PAGE_VARY }: { maxPendingFills?: number; cacheControl?: string; vary?: string } = {}): (args: { body: string; contentType: string; headers: Record<string, string>; renderedIn: number }) => Promise<CachedPage | undefined> {
  let pendingFills = 0;
  return async (args) => {
    if (pendingFills >= maxPendingFills) return undefined;
    pendingFills += 1;
    try {
      return await preparePage({ ...args, cacheControl, vary });
    } finally {
      pendingFills -= 1;
    }
  };
}

/**
 * A rendered page as the cache keeps it: compressed once (brotli and gzip, in libuv's thread pool:
 * the event loop stays free for hits), its ETag, and every header of every variant computed once.
 */
export async function preparePage({ body, contentType, headers, renderedIn, cacheControl = PAGE_CACHE_CONTROL, vary = PAGE_VARY }: { body: string; contentType: string; headers: Record<string, string>; renderedIn: number; cacheControl?: string; vary?: string }): Promise<CachedPage> {
  const identity = Buffer.from(body, 'utf8');
  const [br, gzip] = await Promise.all([
    brotliAsync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzipAsync(identity, { level: 9 }),
  ]);
  // Weak: the brotli, gzip and plain bodies are one page in three encodings, and a strong ETag must
  // differ between them (RFC 9110 §8.8.1); a weak one names what they share, as nginx does when it compresses.
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  const common = { ...headers, etag, 'cache-control': cacheControl, vary };
  const variants: Record<CachedVariant, Record<string, string>> = {
    br: { ...common, 'content-type': contentType, 'content-encoding': 'br', 'content-length': String(br.length) },
    gzip: { ...common, 'content-type': contentType, 'content-encoding': 'gzip', 'content-length': String(gzip.length) },
    identity: { ...common, 'content-type': contentType, 'content-length': String(identity.length) },
    notModified: common,
  };
  const flat = (overTls: boolean) => {
    const rows = (variant: CachedVariant) => [...Object.entries(variants[variant]), ...(overTls ? [['strict-transport-security', STRICT_TRANSPORT_SECURITY]] : [])].flat();
    return { br: rows('br'), gzip: rows('gzip'), identity: rows('identity'), notModified: rows('notModified') };
  };
  return { etag, contentType, identity, br, gzip, generation: renderedIn, headers: variants, rawHeaders: flat(false), rawHeadersOverTls: flat(true) };
}

/** Every publish, report edit, new or ingested document and settings change empties the cache at once. */
export function invalidatePageCacheOnChanges({ cache }: { cache: PageCache }, { events }: { events: EventBus }): void {
  events.on('report.changed', () => cache.invalidate());
  events.on('site.changed', () => cache.invalidate());
  events.on('document.added', () => cache.invalidate());
  events.on('document.ingested', () => cache.invalidate());
  // Another instance's change, through PostgreSQL NOTIFY (src/modules/instances).
  events.on('cache.invalidate', () => cache.invalidate());
}

/** The best encoding the client accepts among brotli, gzip and none. */
export function chooseEncoding({ acceptEncoding }: { acceptEncoding: string | undefined }): 'br' | 'gzip' | 'identity' {
  return acceptEncoding ? encodingOfAcceptEncoding(acceptEncoding) : 'identity';
}

const encodingOfAcceptEncoding = memoiseHeaderParse(parseAcceptEncoding);

function parseAcceptEncoding(acceptEncoding: string): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** True when an If-None-Match header names this ETag by weak comparison (with or without `W/`), or is `*`. */
export function matchesEtag({ ifNoneMatch, etag }: { ifNoneMatch: string | undefined; etag: string }): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true; // what a browser sends back: the tag it was given, alone (no list to split)
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === opaque || t === `W/${opaque}`;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The page cache of this app: `invalidate()` when another instance reports a change. */
    pageCache: PageCache;
  }
}
