import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../dependencies.types.js';

/** Fingerprinted static files from memory, precompressed, cached for a year. */
export function registerAssetRoutes({ app }: { app: FastifyInstance }, { assets }: Pick<Dependencies, 'assets'>): void {
  app.get('/assets/*', async (request, reply) => {
    const asset = assets.byUrl.get(request.url.split('?')[0] ?? '');
    if (!asset) return reply.callNotFound();
    reply.header('Cache-Control', 'public, max-age=31536000, immutable').header('ETag', asset.etag).header('Vary', 'Accept-Encoding').type(asset.contentType);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    const accept = String(request.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accept)) return reply.header('Content-Encoding', 'br').send(asset.brotli);
    if (/\bgzip\b/.test(accept)) return reply.header('Content-Encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
