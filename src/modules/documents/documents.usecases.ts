import type { Db } from '../../database/database.js';
import type { StorageDriver } from '../storage/storage.types.js';
import type { RequestUser } from '../../shared/http.types.js';
import { createError, createNotFoundError } from '../../shared/errors.js';
import type { DocumentStateRow, StoredDocument } from './documents.types.js';
import { recordAudit } from '../audit/audit.usecases.js';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/events.js';
import type { Config } from '../../config/config.js';
import { createId } from '../../shared/ids.js';
import { storeContent } from '../storage/storage.usecases.js';
import { isPdfSignature } from './drivers/pdf-inspector.js';
import { BIDI_CONTROLS, coverFormatOfKey, parseCoverFileName } from './documents.models.js';
import { runPdfChild } from './drivers/pdf-process.js';
import type { CoverFormat, PdfChildMessage, PdfOutlineEntry, PdfProblem, PdfProcessLimits } from './drivers/pdf-process.types.js';
import { Readable } from 'node:stream';
import type { DatabaseDialect } from '../../database/database.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.usecases.js';
import { createDocumentsRepository, createIngestionRepository } from './documents.repository.js';
import { createPdfBusyError, createUploadRejectedError } from './documents.errors.js';
import type { PdfSlots } from './drivers/pdf-slots.js';
import { listPublishedDocumentIds } from '../corrections/corrections.usecases.js';
import { countFiguresWithoutAlt } from './documents-structure.models.js';
import { checkDocumentAccessibility, type AccessibilityConfig } from '../accessibility/accessibility.usecases.js';

const createDocumentNotFoundError = () => createNotFoundError({ code: 'documents.not_found', message: 'Filen findes ikke.' });

/**
 * A document with this content that readers may fetch: the current PDF of a published report, or an
 * earlier PDF its page lists as corrected. A PDF only ever attached to a draft (uploaded, then
 * replaced before publishing) stays private even after the report is published.
 */
async function findPublicDocument({ sha256 }: { sha256: string }, { db }: { db: Db }) {
  const candidates = await createDocumentsRepository({ db }).listInPublishedReportsBySha({ sha256 });
  const current = candidates.find((d) => d.id === d.reportCurrentDocumentId);
  if (current) return current;
  for (const candidate of candidates) {
    if ((await listPublishedDocumentIds({ reportId: candidate.reportId, currentDocumentId: candidate.reportCurrentDocumentId }, { db })).has(candidate.id)) return candidate;
  }
  return undefined;
}

/**
 * A PDF by its content hash. Readers get only published files (findPublicDocument); signed-in editors
 * get any stored file (drafts, earlier versions). Unknown and hidden files answer alike: not found.
 * `isPublic` is false for a PDF only a signed-in user may fetch: no shared cache may keep it.
 */
export async function getDownload({ sha256, user }: { sha256: string; user: RequestUser | undefined }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<{ document: StoredDocument; size: number; isPublic: boolean }> {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw createDocumentNotFoundError();
  const published = await findPublicDocument({ sha256 }, { db });
  const document = published ?? (user ? await createDocumentsRepository({ db }).findAnyBySha({ sha256 }) : undefined);
  if (!document) throw createDocumentNotFoundError();
  const stat = await storage.stat({ key: document.storageKey });
  if (!stat) throw createDocumentNotFoundError();
  return { document, size: stat.size, isPublic: published !== undefined };
}

/**
 * The stored cover of a published PDF (as findPublicDocument), by the address `<sha256>-<320|640>.<webp|png>`.
 * The storage key comes from the database, never from the address. Unknown, unpublished and not yet
 * rendered covers answer alike: not found.
 */
export async function getPublicCover({ fileName }: { fileName: string }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<{ key: string; size: number; etag: string; contentType: string }> {
  const wanted = parseCoverFileName({ fileName });
  if (!wanted) throw createDocumentNotFoundError();
  const row = await findPublicDocument({ sha256: wanted.sha256 }, { db });
  const key = wanted.width === 320 ? row?.coverSmallKey : row?.coverLargeKey;
  if (!key || coverFormatOfKey({ key }) !== wanted.format) throw createDocumentNotFoundError();
  const stat = await storage.stat({ key });
  if (!stat) throw createDocumentNotFoundError();
  return { key, size: stat.size, etag: `"${wanted.sha256}-${wanted.width}-${wanted.format}"`, contentType: `image/${wanted.format}` };
}

export type UploadDeps = { db: Db; storage: StorageDriver; clock: Clock; events: EventBus; pdfSlots: PdfSlots; config: Pick<Config, 'maxUploadMb' | 'ingestTimeoutSeconds' | 'ingestMemoryMb' | 'pdfMaxChildren'> };

/** The configured limits of one PDF child process (INGEST_TIMEOUT_SECONDS, INGEST_MEMORY_MB), for uploads and ingestion alike. */
export function pdfLimitsOf({ config }: { config: Pick<Config, 'ingestTimeoutSeconds' | 'ingestMemoryMb'> }): PdfProcessLimits {
  return { timeoutMs: config.ingestTimeoutSeconds * 1000, memoryBytes: config.ingestMemoryMb * 1024 * 1024 };
}

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
  // The same file under the same name again (a second click, a re-run script): the report's existing document, not a copy
  // that would count as a new version (a published report would then say "Rettet" with itself as the earlier PDF).
  const same = (await repository.listForReport({ reportId })).find((d) => d.sha256 === stored.sha256 && d.fileName === cleanFileName({ fileName }));
  if (same) return same;
  // As many uploads may wait for a slot as may run; past that the editor is asked to try again shortly.
  const release = await deps.pdfSlots.acquire({ maxWaiting: config.pdfMaxChildren });
  if (!release) {
    await discard();
    throw createPdfBusyError();
  }
  let inspection: PdfChildMessage;
  try {
    // The stored file, opened again should PDFium hand the check to a pdf.js child.
    inspection = await runPdfChild({ request: { mode: 'inspect', maxBytes: stored.size }, input: () => storage.read({ key: stored.key }), limits: pdfLimitsOf(deps), children: deps.pdfSlots.children });
  } finally {
    release();
  }
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
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').replace(BIDI_CONTROLS, '').normalize('NFC').trim().slice(0, 200);
  return base === '' ? 'beretning.pdf' : base;
}

export const ingestJobType = 'documents.ingest';

export type IngestDeps = { db: Db; dialect: DatabaseDialect; storage: StorageDriver; clock: Clock; events: EventBus; pdfSlots: PdfSlots; config: Pick<Config, 'ingestTimeoutSeconds' | 'ingestMemoryMb' | 'ingestMaxPages' | 'ingestMaxTextMb' | 'ingestEngine'> & AccessibilityConfig };

/** Why a document could not be read, as stored in `documents.ingest_error` (shown through the i18n catalogue). */
export type IngestProblem = PdfProblem | 'missing';

/** Marks the document as waiting and queues its ingestion (once: a job already waiting is reused). */
export async function enqueueIngestion({ documentId }: { documentId: string }, deps: Pick<IngestDeps, 'db' | 'dialect' | 'clock'>): Promise<void> {
  await createIngestionRepository({ db: deps.db }).updateState({ id: documentId, values: { ingestStatus: 'venter', ingestPagesDone: 0, ingestError: null } });
  await enqueueJob({ type: ingestJobType, payload: { documentId } }, deps);
}

/** `reindex`: every document is read again. */
export async function reindexAllDocuments(deps: Pick<IngestDeps, 'db' | 'dialect' | 'clock'>): Promise<number> {
  const ids = await createIngestionRepository({ db: deps.db }).listIds();
  for (const documentId of ids) await enqueueIngestion({ documentId }, deps);
  return ids.length;
}

/** An editor retries a failed document. */
export async function retryIngestion({ documentId }: { documentId: string }, deps: Pick<IngestDeps, 'db' | 'dialect' | 'clock'>): Promise<void> {
  const document = await createIngestionRepository({ db: deps.db }).getState({ id: documentId });
  if (!document) throw createDocumentNotFoundError();
  // Waiting, being read or done: another read would only repeat work (and a click could queue it many times).
  if (document.ingestStatus !== 'fejlet') throw createError({ code: 'documents.not_failed', status: 409, message: 'Kun en PDF, der ikke kunne læses, kan prøves igen.' });
  await enqueueIngestion({ documentId }, deps);
}

/** Every document with its ingestion state, newest report first (the workspace's document page). */
export async function listDocumentStates({ db }: { db: Db }): Promise<DocumentStateRow[]> {
  return createIngestionRepository({ db }).listStates();
}

/** Reports whose current PDF was read without yielding a cover image. */
export async function listReportIdsWithoutCover({ db }: { db: Db }): Promise<string[]> {
  return createIngestionRepository({ db }).listReportIdsWithoutCover();
}

/** One report's documents with their ingestion state, newest first. */
export async function listReportDocumentStates({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<DocumentStateRow[]> {
  return createIngestionRepository({ db }).listStatesForReport({ reportId });
}

/** An editor asks for a failed document to be read again; the audit log keeps who did. */
export async function retryIngestionAsEditor(
  { documentId, actor }: { documentId: string; actor: { id: string; email: string; ip?: string } },
  deps: Pick<IngestDeps, 'db' | 'dialect' | 'clock'>,
): Promise<{ fileName: string }> {
  const document = await createIngestionRepository({ db: deps.db }).getState({ id: documentId });
  if (!document) throw createDocumentNotFoundError();
  // Waiting, being read or done: another read would only repeat work (and a click could queue it many times).
  if (document.ingestStatus !== 'fejlet') throw createError({ code: 'documents.not_failed', status: 409, message: 'Kun en PDF, der ikke kunne læses, kan prøves igen.' });
  await enqueueIngestion({ documentId }, deps);
  await recordAudit({ actorId: actor.id, actorEmail: actor.email, action: 'document.retried', targetType: 'document', targetId: documentId, details: { fileName: document.fileName, reason: document.ingestError }, ip: actor.ip }, deps);
  return { fileName: document.fileName };
}

/** Queues ingestion of every document that enters (upload, import, demo). */
export function subscribeIngestion(deps: Pick<IngestDeps, 'db' | 'dialect' | 'clock' | 'events'> & { onQueued?: () => void }): void {
  deps.events.on('document.added', async ({ documentId }) => {
    await enqueueIngestion({ documentId }, deps);
    deps.onQueued?.();
  });
}

export function createCoverKey({ sha256, width, format }: { sha256: string; width: number; format: CoverFormat }): string {
  return `covers/${sha256.slice(0, 2)}/${sha256}-${width}.${format}`;
}

/**
 * Reads a stored PDF in a child process (see drivers/pdf-process.ts) and stores what it finds:
 * metadata, outline, covers, and each page's text and lines as they arrive (so progress shows).
 * A PDF that cannot be read fails with a reason and stays downloadable. A child that died
 * without an answer is retried by the queue (throw), and fails for good on the last try.
 */
export async function ingestDocument({ documentId, attempt = 1, maxAttempts = 1, signal }: { documentId: string; attempt?: number; maxAttempts?: number; signal?: AbortSignal }, deps: IngestDeps): Promise<void> {
  const repository = createIngestionRepository({ db: deps.db });
  const document = await repository.getState({ id: documentId });
  if (!document) return;
  const fail = async (problem: IngestProblem) => {
    await repository.updateState({ id: documentId, values: { ingestStatus: 'fejlet', ingestError: problem } });
  };
  if (!(await deps.storage.stat({ key: document.storageKey }))) return fail('missing');
  await repository.updateState({ id: documentId, values: { ingestStatus: 'behandles', ingestPagesDone: 0, ingestError: null } });
  await repository.deletePages({ documentId });

  let pending: Promise<void> = Promise.resolve();
  let pagesDone = 0;
  let tagged = false;
  let figuresWithoutAlt = 0;
  const coverKeys: Record<number, string> = {};
  let coverSmallHeight: number | null = null;
  const handle = async (message: PdfChildMessage) => {
    if (message.type === 'metadata') {
      const { metadata } = message;
      await repository.updateState({
        id: documentId,
        values: {
          pageCount: metadata.pageCount,
          ingestPagesTotal: Math.min(metadata.pageCount, deps.config.ingestMaxPages),
          pdfTitle: metadata.title,
          pdfAuthor: metadata.author,
          pdfLanguage: metadata.language,
          pdfCreatedAt: metadata.createdAt,
          outlineJson: JSON.stringify(metadata.outline),
          isRestricted: metadata.restricted ? 1 : 0,
        },
      });
    } else if (message.type === 'cover') {
      const key = createCoverKey({ sha256: document.sha256, width: message.width, format: message.format });
      await deps.storage.save({ key, stream: Readable.from([Buffer.from(message.data, 'base64')]) });
      coverKeys[message.width] = key;
      if (message.width === 320) coverSmallHeight = message.height;
    } else if (message.type === 'structure') {
      await repository.updatePageStructure({ documentId, pageNumber: message.pageNumber, structureJson: JSON.stringify(message.blocks) });
    } else if (message.type === 'restart') {
      // The child reads the document again from page 1 (with pdf.js): what it sent so far goes.
      await repository.deletePages({ documentId });
      pagesDone = 0;
      tagged = false;
      figuresWithoutAlt = 0;
      await repository.updateState({ id: documentId, values: { ingestPagesDone: 0 } });
    } else if (message.type === 'page') {
      if (message.structure) {
        tagged = true;
        figuresWithoutAlt += countFiguresWithoutAlt({ blocks: message.structure });
      }
      await repository.insertPage({ page: { documentId, pageNumber: message.pageNumber, text: message.text, blocksJson: JSON.stringify(message.lines), structureJson: message.structure ? JSON.stringify(message.structure) : null } });
      pagesDone += 1;
      await repository.updateState({ id: documentId, values: { ingestPagesDone: pagesDone } });
    }
  };
  // Ingestion waits for a slot however long the line: the job is already queued and heartbeating.
  const release = (await deps.pdfSlots.acquire())!;
  let result: PdfChildMessage;
  try {
    result = await runPdfChild({
      request: { mode: 'ingest', maxBytes: Math.max(document.size, 1), maxPages: deps.config.ingestMaxPages, maxTextChars: deps.config.ingestMaxTextMb * 1_000_000, coverWidths: [320, 640], engine: deps.config.ingestEngine },
      input: () => deps.storage.read({ key: document.storageKey }), // opened again should PDFium hand the document to a pdf.js child
      limits: pdfLimitsOf(deps),
      children: deps.pdfSlots.children,
      onMessage: (message) => {
        pending = pending.then(() => handle(message));
      },
      signal,
    });
  } finally {
    release();
  }
  await pending;
  if (signal?.aborted) throw new Error('stopped');
  if (result.type === 'ingested') {
    const accessibility = checkDocumentAccessibility({ facts: result.accessibility }, deps);
    await repository.updateState({
      id: documentId,
      values: {
        ingestStatus: 'færdig',
        ingestPagesDone: result.pagesIndexed,
        ingestedAt: deps.clock.now().toISOString(),
        pagesCapped: result.pagesCapped ? 1 : 0,
        textCapped: result.textCapped ? 1 : 0,
        pagesWithoutText: result.pagesWithoutText,
        coverSmallKey: coverKeys[320] ?? null,
        coverLargeKey: coverKeys[640] ?? null,
        coverSmallHeight,
        isTagged: tagged ? 1 : 0,
        figuresWithoutAlt,
        accessibilityJson: JSON.stringify(accessibility),
        accessibilityFailures: accessibility.failures,
      },
    });
    await deps.events.emit('document.ingested', { documentId, reportId: document.reportId });
    return;
  }
  const problem: IngestProblem = result.type === 'failed' ? result.problem : 'malformed';
  if (problem === 'crashed' && attempt < maxAttempts) {
    await repository.updateState({ id: documentId, values: { ingestStatus: 'venter' } });
    throw new Error(`PDF child process died: ${result.type === 'failed' ? result.detail : ''}`);
  }
  await fail(problem);
}

/** The queue's handler for ingestion jobs. */
export function createIngestionHandler(deps: IngestDeps): JobHandler {
  return async (payload, { attempt, maxAttempts, signal }) => {
    const { documentId } = payload as { documentId: string };
    await ingestDocument({ documentId, attempt, maxAttempts, signal }, deps);
  };
}

/** The PDF's bookmarks, flattened in reading order with their depth (1 = top level); empty before ingestion. */
export async function loadDocumentOutline({ documentId }: { documentId: string }, { db }: { db: Db }): Promise<{ title: string; pageNumber: number; level: number }[]> {
  const row = await db.selectFrom('documents').select('outlineJson').where('id', '=', documentId).executeTakeFirst();
  if (!row?.outlineJson) return [];
  const flat: { title: string; pageNumber: number; level: number }[] = [];
  const walk = (entries: PdfOutlineEntry[], level: number) => {
    for (const entry of entries) {
      if (entry.pageNumber !== null) flat.push({ title: entry.title, pageNumber: entry.pageNumber, level });
      walk(entry.children, level + 1);
    }
  };
  walk(JSON.parse(row.outlineJson) as PdfOutlineEntry[], 1);
  return flat;
}
