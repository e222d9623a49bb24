import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { create as contentDisposition } from 'content-disposition';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { createNotFoundError } from '../../shared/errors.js';
import { sendStoredFile } from '../../shared/stored-file.js';
import { resolvePublicOrigin } from '../../shared/public-url.js';
import { serializeJsonLd } from '../../ui/report-sharing.js';
import { parseYear } from '../reports/reports.models.js';
import { getPublishedReport } from '../reports/reports.usecases.js';
import { sanitizeFileName, toAsciiFileName } from '../documents/documents.models.js';
import { createMediaJsonLd, toPublicMedia } from './media.models.js';
import type { MediaFileRole } from './media.repository.js';
import { getMediaDownload, getPublicMediaItem } from './media.usecases.js';
import { MediaItemPage } from './media.views.js';

/**
 * Readers' media: the files (content-addressed, Range, ETag, immutable; editors also see a draft's,
 * never cached), the captions and posters, and each item's page with its transcript.
 */
export function registerMediaRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const send = async ({ request, reply, role, sha256 }: { request: FastifyRequest; reply: FastifyReply; role: MediaFileRole; sha256: string }) => {
    const download = await getMediaDownload({ role, sha256, user: request.user }, deps);
    if (role === 'file') {
      const fileName = sanitizeFileName({ fileName: download.media.fileName });
      const attachment = (request.query as Record<string, unknown> | undefined)?.download !== undefined;
      reply.header('Content-Disposition', contentDisposition(fileName, { type: attachment ? 'attachment' : 'inline', fallback: toAsciiFileName({ fileName }) }));
    }
    return sendStoredFile({ request, reply, size: download.size, etag: `"${sha256}"`, contentType: download.contentType, isPublic: download.isPublic, read: (range) => deps.storage.read({ key: download.key, range }) });
  };

  app.get<{ Params: { file: string } }>('/medier/tekster/:file', async (request, reply) => {
    const match = /^([a-f0-9]{64})\.vtt$/.exec(request.params.file);
    if (!match) throw createNotFoundError({ code: 'media.not_found' });
    return send({ request, reply, role: 'captions', sha256: match[1]! });
  });
  app.get<{ Params: { file: string } }>('/medier/plakater/:file', async (request, reply) => {
    const match = /^([a-f0-9]{64})\.(jpg|png|webp)$/.exec(request.params.file);
    if (!match) throw createNotFoundError({ code: 'media.not_found' });
    return send({ request, reply, role: 'poster', sha256: match[1]! });
  });
  app.get<{ Params: { sha256: string; name: string } }>('/medier/:sha256/:name', async (request, reply) => send({ request, reply, role: 'file', sha256: request.params.sha256 }));

  app.get<{ Params: { year: string; slug: string } }>('/beretninger/:year/film/:slug', async (request, reply) => {
    const year = parseYear(request.params.year);
    if (year === undefined) throw createNotFoundError({ code: 'reports.not_found' });
    const report = await getPublishedReport({ year }, deps);
    const media = toPublicMedia({ media: await getPublicMediaItem({ reportId: report.id, slug: request.params.slug }, deps), year });
    const ctx = await createViewContext({ request }, deps);
    const origin = resolvePublicOrigin({ publicUrl: deps.config.publicUrl, protocol: request.protocol, host: request.host });
    const head = (
      <>
        <link rel="canonical" href={`${origin}${media.pageUrl}`} />
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(createMediaJsonLd({ media, origin, report })) }} />
      </>
    );
    return reply.type('text/html; charset=utf-8').send(renderPage(<MediaItemPage ctx={ctx} report={report} media={media} head={head} />));
  });
}
