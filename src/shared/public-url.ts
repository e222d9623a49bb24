/**
 * The site's public origin for absolute links (feeds, sitemaps, share tags, the API):
 * PUBLIC_URL when set, else the request's own protocol and host (Fastify honours X-Forwarded-* via trustProxy).
 */
export function resolvePublicOrigin({ publicUrl, protocol, host }: { publicUrl: string; protocol: string; host: string | undefined }): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${protocol}://${host ?? 'localhost'}`;
}

/** Open data (feeds, sitemap, robots.txt, the read API): shared caches may keep it this long. */
export const OPEN_DATA_CACHE_CONTROL = 'public, max-age=300';

/**
 * Cache headers of a public answer whose links are absolute: with PUBLIC_URL empty they come from the
 * forwarded host and protocol, so a shared cache must keep one copy per value (Vary).
 */
export function openDataCacheHeaders({ publicUrl }: { publicUrl: string }): Record<string, string> {
  return publicUrl ? { 'cache-control': OPEN_DATA_CACHE_CONTROL } : { 'cache-control': OPEN_DATA_CACHE_CONTROL, vary: 'X-Forwarded-Host, X-Forwarded-Proto' };
}
