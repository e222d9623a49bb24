import type { FastifyInstance } from 'fastify';
import { create as contentDisposition } from 'content-disposition';
import type { Dependencies } from '../../dependencies.types.js';
import { getDownload, getPublicCover } from './documents.usecases.js';
import { sanitizeFileName, toAsciiFileName } from './documents.models.js';
import { matchesEtag, sendStoredFile } from '../../shared/stored-file.js';

const ONE_YEAR = 31_536_000;

export function registerDocumentRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  // Covers of page 1 (320 and 640 px): content-addressed like the PDFs, so cached for good.
  app.get<{ Params: { file: string } }>('/omslag/:file', async (request, reply) => {
    const cover = await getPublicCover({ fileName: request.params.file }, deps);
    reply.header('ETag', cover.etag).header('Cache-Control', `public, max-age=${ONE_YEAR}, immutable`).header('X-Content-Type-Options', 'nosniff');
    if (matchesEtag(request.headers['if-none-match'], cover.etag)) return reply.code(304).send();
    return reply.code(200).header('Content-Type', cover.contentType).header('Content-Length', String(cover.size)).send(await deps.storage.read({ key: cover.key }));
  });

  app.get<{ Params: { sha256: string; name: string } }>('/filer/:sha256/:name', async (request, reply) => {
    const { document, size, isPublic } = await getDownload({ sha256: request.params.sha256, user: request.user }, deps);
    const etag = `"${document.sha256}"`;
    const fileName = sanitizeFileName({ fileName: document.fileName });
    const disposition = request.query && (request.query as Record<string, unknown>).download !== undefined ? 'attachment' : 'inline';

    reply.header('Content-Disposition', contentDisposition(fileName, { type: disposition, fallback: toAsciiFileName({ fileName }) }));
    // A PDF viewer's many Range requests are one download: the counter keeps one per reader, file and day.
    if (isPublic && !request.user && !matchesEtag(request.headers['if-none-match'], etag)) deps.statistics.countDownload({ item: document.reportId, file: document.sha256, address: request.ip, headers: request.headers, now: deps.clock.now().getTime() });
    // An unpublished report's PDF, shown to a signed-in editor, must not be kept by a CDN or proxy and handed to readers (isPublic).
    return sendStoredFile({ request, reply, size, etag, contentType: 'application/pdf', isPublic, read: (range) => deps.storage.read({ key: document.storageKey, range }) });
  });
}
