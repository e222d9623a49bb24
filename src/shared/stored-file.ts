import type { FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import type { Readable } from 'node:stream';

const ONE_YEAR = 31_536_000;

/** Whether If-None-Match names this ETag (weak or strong, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers with a content-addressed stored file: a strong ETag, `immutable` when anyone may have it
 * (`private, no-store` when only a signed-in editor may: no CDN or proxy keeps a draft's file), 304
 * for If-None-Match, and one byte range (206, If-Range honoured, 416 when outside the file). A
 * multi-range request gets the whole file. Headers set earlier on `reply` (Content-Disposition) stay.
 */
export async function sendStoredFile(
  { request, reply, size, etag, contentType, isPublic, read }: { request: FastifyRequest; reply: FastifyReply; size: number; etag: string; contentType: string; isPublic: boolean; read: (range?: { start: number; end: number }) => Promise<Readable> },
): Promise<FastifyReply> {
  reply
    .header('ETag', etag)
    .header('Cache-Control', isPublic ? `public, max-age=${ONE_YEAR}, immutable` : 'private, no-store')
    .header('Accept-Ranges', 'bytes')
    .header('X-Content-Type-Options', 'nosniff');
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  const rangeHeader = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (rangeHeader !== undefined && (ifRange === undefined || ifRange === etag)) {
    const ranges = parseRange(size, rangeHeader, { combine: true });
    if (ranges === -1) return reply.code(416).header('Content-Range', `bytes */${size}`).type('text/plain; charset=utf-8').send('Det ønskede udsnit af filen findes ikke.');
    if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
      const range = ranges[0]!;
      const stream = await read(range);
      return reply.code(206).header('Content-Type', contentType).header('Content-Range', `bytes ${range.start}-${range.end}/${size}`).header('Content-Length', String(range.end - range.start + 1)).send(stream);
    }
  }
  return reply.code(200).header('Content-Type', contentType).header('Content-Length', String(size)).send(await read());
}
