import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { chooseEncoding, invalidatePageCacheOnChanges, matchesEtag, type CachedPage, type PageCache } from './cache.usecases.js';

/** Public pages that are the same for every anonymous reader of one language. */
const CACHEABLE_PATH = /^\/(beretninger(\/\d{4}(\/laes)?)?)?$/;
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
// The language comes from a cookie or Accept-Language, so a shared cache must key on both.
const VARY = 'Accept-Encoding, Accept-Language, Cookie';

export type PageCacheObserver = { onHit?: () => void; onMiss?: () => void };

/**
 * Serves cached public pages before any route runs (before the auth hooks: only readers without
 * credentials qualify), and caches what the route renders. Never for signed-in readers, never a query string,
 * never a response that sets a cookie other than the CSRF secret. The visitor's CSRF token is
 * removed from the cached copy (the reader who caused the render still gets theirs); on a cached
 * copy js/csrf.js fetches a token from /csrf-token before a form is sent.
 */
export function registerPageCache({ app, cache, observer = {} }: { app: FastifyInstance; cache: PageCache; observer?: PageCacheObserver }, deps: Dependencies): void {
  invalidatePageCacheOnChanges({ cache }, deps);
  const toStore = new WeakMap<FastifyRequest, string>();

  app.get('/csrf-token', async (request, reply) => {
    return reply.header('Cache-Control', 'no-store').send({ token: request.csrfToken });
  });

  app.addHook('onRequest', async (request, reply) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isAnonymous(request) || !CACHEABLE_PATH.test(request.url)) return;
    const key = `${request.locale}|${request.url}`;
    const page = cache.get(key);
    if (!page) {
      observer.onMiss?.();
      toStore.set(request, key);
      return;
    }
    observer.onHit?.();
    return sendCachedPage({ page, request, reply });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = toStore.get(request);
    if (!key || request.user || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (!contentType.startsWith('text/html')) return payload;
    const cookies = ([] as string[]).concat((reply.getHeader('set-cookie') as string | string[] | undefined) ?? []);
    if (cookies.some((c) => !c.startsWith('beretning_csrf='))) return payload;
    const body = request.csrfToken ? payload.split(request.csrfToken).join('') : payload;
    cache.put({ key, body, contentType });
    // This reader gets the page as rendered, with their own token (forms work without JavaScript);
    // it is theirs alone, so no shared cache may keep it. Later readers get the cached copy.
    reply.header('Cache-Control', 'private, no-cache');
    return payload;
  });
}


// Registered before the auth hooks so a cache hit costs no session lookup or CSRF work: a reader
// is anonymous when they send no credentials and no cookie but the language and CSRF ones.
const ANONYMOUS_COOKIES = new Set(['sprog', 'beretning_csrf']);
function isAnonymous(request: FastifyRequest): boolean {
  if (request.headers.authorization) return false;
  return Object.keys(request.cookies ?? {}).every((name) => ANONYMOUS_COOKIES.has(name));
}

function setPageHeaders({ page, reply, encoding }: { page: CachedPage; reply: FastifyReply; encoding: 'br' | 'gzip' | 'identity' }): void {
  reply.header('ETag', page.etag).header('Cache-Control', PAGE_CACHE_CONTROL).header('Vary', VARY).header('Content-Type', page.contentType);
  if (encoding !== 'identity') reply.header('Content-Encoding', encoding);
  reply.header('Content-Length', String((encoding === 'identity' ? page.identity : page[encoding]).length));
}

async function sendCachedPage({ page, request, reply }: { page: CachedPage; request: FastifyRequest; reply: FastifyReply }) {
  if (matchesEtag({ ifNoneMatch: request.headers['if-none-match'], etag: page.etag })) {
    return reply.code(304).header('ETag', page.etag).header('Cache-Control', PAGE_CACHE_CONTROL).header('Vary', VARY).send();
  }
  const encoding = chooseEncoding({ acceptEncoding: request.headers['accept-encoding'] });
  setPageHeaders({ page, reply, encoding });
  return reply.code(200).send(encoding === 'identity' ? page.identity : page[encoding]);
}
