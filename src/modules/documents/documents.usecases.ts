import type { Db } from '../../database/database.js';
import type { StorageDriver } from '../storage/storage.types.js';
import type { RequestUser } from '../../shared/http.types.js';
import { createDocumentsRepository } from './documents.repository.js';
import { createNotFoundError } from '../../shared/errors.js';
import type { StoredDocument } from './documents.types.js';
import type { Readable } from 'node:stream';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/events.js';
import type { Config } from '../../config/config.js';
import { createId } from '../../shared/ids.js';
import { storeContent } from '../storage/storage.usecases.js';
import { isPdfSignature } from './drivers/pdf-inspector.js';
import { runPdfChild } from './drivers/pdf-process.js';
import type { PdfProcessLimits } from './drivers/pdf-process.types.js';
import { createUploadRejectedError } from './documents.errors.js';

const createDocumentNotFoundError = () => createNotFoundError({ code: 'documents.not_found', message: 'Filen findes ikke.' });

/**
 * A PDF by its content hash. Readers get only files of published reports; signed-in editors get
 * any stored file (drafts, earlier versions). Unknown and hidden files answer alike: not found.
 */
export async function getDownload({ sha256, user }: { sha256: string; user: RequestUser | undefined }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<{ document: StoredDocument; size: number }> {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw createDocumentNotFoundError();
  const repository = createDocumentsRepository({ db });
  const document = user ? await repository.findAnyBySha({ sha256 }) : await repository.findPublicBySha({ sha256 });
  if (!document) throw createDocumentNotFoundError();
  const stat = await storage.stat({ key: document.storageKey });
  if (!stat) throw createDocumentNotFoundError();
  return { document, size: stat.size };
}

export type UploadDeps = { db: Db; storage: StorageDriver; clock: Clock; events: EventBus; config: Pick<Config, 'maxUploadMb'>; pdfLimits?: PdfProcessLimits };

/**
 * Stores an uploaded PDF and records it as a document of the report. The bytes stream once into
 * storage under their sha256 (never under the name given, which is kept only as metadata; over
 * MAX_UPLOAD_MB → 413), then stream from storage into a child process that opens them as a PDF,
 * so the server never holds the whole file. A file that is not a PDF with at least one page is
 * refused with a 422 in Danish and removed from storage (unless another document has the same
 * content). Emits `document.added`, which queues ingestion. Making it the report's current
 * document is the caller's decision.
 */
export async function addDocumentFromUpload(
  { reportId, stream, fileName, userId }: { reportId: string; stream: Readable; fileName: string; userId: string | null },
  deps: UploadDeps,
): Promise<StoredDocument> {
  const { db, storage, clock, events, config } = deps;
  const stored = await storeContent({ stream, maxBytes: config.maxUploadMb * 1024 * 1024 }, { storage });
  const repository = createDocumentsRepository({ db });
  const discard = async () => {
    if ((await repository.countByStorageKey({ storageKey: stored.key })) === 0) await storage.delete({ key: stored.key }).catch(() => undefined);
  };
  if (stored.size === 0 || !isPdfSignature(stored.head)) {
    await discard();
    throw createUploadRejectedError({ problem: 'not_pdf' });
  }
  const inspection = await runPdfChild({
    request: { mode: 'inspect', maxBytes: stored.size },
    input: await storage.read({ key: stored.key }),
    limits: deps.pdfLimits,
  });
  if (inspection.type !== 'inspected') {
    await discard();
    throw createUploadRejectedError({ problem: inspection.type === 'failed' ? inspection.problem : 'malformed', detail: inspection.type === 'failed' ? inspection.detail : undefined });
  }
  const document: StoredDocument = {
    id: createId(),
    reportId,
    sha256: stored.sha256,
    storageKey: stored.key,
    fileName: cleanFileName({ fileName }),
    size: stored.size,
    pageCount: inspection.pageCount,
    createdAt: clock.now().toISOString(),
    createdBy: userId,
  };
  await repository.insertDocument({ document });
  await events.emit('document.added', { documentId: document.id, reportId });
  return document;
}

/** The name as metadata only: no folders, no control characters, not empty, at most 200 characters. */
function cleanFileName({ fileName }: { fileName: string }): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').normalize('NFC').trim().slice(0, 200);
  return base === '' ? 'beretning.pdf' : base;
}
