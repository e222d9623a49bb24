import type { FastifyInstance } from 'fastify';
import parseRange from 'range-parser';
import { create as contentDisposition } from 'content-disposition';
import type { Dependencies } from '../../dependencies.types.js';
import { getDownload, getPublicCover } from './documents.usecases.js';
import { sanitizeFileName, toAsciiFileName } from './documents.models.js';

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

    reply
      .header('ETag', etag)
      // An unpublished report's PDF, shown to a signed-in editor, must not be kept by a CDN or proxy and handed to readers.
      .header('Cache-Control', isPublic ? `public, max-age=${ONE_YEAR}, immutable` : 'private, no-store')
      .header('Accept-Ranges', 'bytes')
      .header('Content-Disposition', contentDisposition(fileName, { type: disposition, fallback: toAsciiFileName({ fileName }) }))
      .header('X-Content-Type-Options', 'nosniff');

    if (matchesEtag(request.headers['if-none-match'], etag)) {
      return reply.code(304).send();
    }

    // A PDF viewer's many Range requests are one download: the counter keeps one per reader, file and day.
    if (isPublic && !request.user) deps.statistics.countDownload({ item: document.reportId, file: document.sha256, address: request.ip, headers: request.headers, now: deps.clock.now().getTime() });
    const rangeHeader = request.headers.range;
    const ifRange = request.headers['if-range'];
    const honourRange = rangeHeader !== undefined && (ifRange === undefined || ifRange === etag);
    if (honourRange) {
      const ranges = parseRange(size, rangeHeader, { combine: true });
      if (ranges === -1) {
        return reply.code(416).header('Content-Range', `bytes */${size}`).type('text/plain; charset=utf-8').send('Det ønskede udsnit af filen findes ikke.');
      }
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
        const range = ranges[0]!;
        const stream = await deps.storage.read({ key: document.storageKey, range });
        return reply
          .code(206)
          .header('Content-Type', 'application/pdf')
          .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
          .header('Content-Length', String(range.end - range.start + 1))
          .send(stream);
      }
    }
    const stream = await deps.storage.read({ key: document.storageKey });
    return reply.code(200).header('Content-Type', 'application/pdf').header('Content-Length', String(size)).send(stream);
  });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
