/**
 * The site's public origin for absolute links (feeds, sitemaps, share tags, the API):
 * PUBLIC_URL when set, else the request's own protocol and host (Fastify honours X-Forwarded-* via trustProxy).
 */
export function resolvePublicOrigin({ publicUrl, protocol, host }: { publicUrl: string; protocol: string; host: string | undefined }): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${protocol}://${host ?? 'localhost'}`;
}
