import { memoiseHeaderParse } from '../../shared/header-memo.js';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
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

export type PageCache = {
  get: (key: string) => CachedPage | undefined;
  /**
   * Compresses once (brotli and gzip) and keeps the page until the next invalidation. `renderedIn` is
   * the generation when the render began: a page rendered across an invalidation (a publish while it
   * was being made) may show the old state, so it is returned but not kept.
   */
  put: (args: { key: string; body: string; contentType: string; headers?: Record<string, string>; renderedIn?: number }) => CachedPage;
  /** Drops every page at once: call it on publish, settings change, or a NOTIFY from another instance. */
  invalidate: () => void;
  generation: () => number;
  size: () => number;
};

export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
// The language comes from a cookie or Accept-Language, so a shared cache must key on both.
export const PAGE_VARY = 'Accept-Encoding, Accept-Language, Cookie';

/**
 * Rendered public pages in memory, keyed by locale and URL. A generation counter makes
 * invalidation O(1): entries of an older generation are never served and are replaced.
 */
export function createPageCache({ maxEntries = 2000, cacheControl = PAGE_CACHE_CONTROL, vary = PAGE_VARY }: { maxEntries?: number; cacheControl?: string; vary?: string } = {}): PageCache {
  const pages = new Map<string, CachedPage>();
  let generation = 0;
  return {
    get(key) {
      const page = pages.get(key);
      if (!page || page.generation !== generation) return undefined;
      return page;
    },
    put({ key, body, contentType, headers = {}, renderedIn = generation }) {
      const identity = Buffer.from(body, 'utf8');
      const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
      const br = brotliCompressSync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } });
      const gzip = gzipSync(identity, { level: 9 });
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
      const page: CachedPage = { etag, contentType, identity, br, gzip, generation, headers: variants, rawHeaders: flat(false), rawHeadersOverTls: flat(true) };
      if (renderedIn !== generation) return page;
      if (pages.size >= maxEntries && !pages.has(key)) pages.delete(pages.keys().next().value as string);
      pages.set(key, page);
      return page;
    },
    invalidate() {
      generation += 1;
      pages.clear();
    },
    generation: () => generation,
    size: () => pages.size,
  };
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

/** True when an If-None-Match header names this strong ETag (or `*`). */
export function matchesEtag({ ifNoneMatch, etag }: { ifNoneMatch: string | undefined; etag: string }): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The page cache of this app: `invalidate()` when another instance reports a change. */
    pageCache: PageCache;
  }
}
