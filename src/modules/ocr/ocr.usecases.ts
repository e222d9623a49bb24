import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, DatabaseDialect } from '../../database/database.js';
import type { Config } from '../../config/config.js';
import type { StorageDriver } from '../storage/storage.types.js';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';
import { createError, createNotFoundError } from '../../shared/errors.js';
import { yieldToEventLoop } from '../../shared/event-loop.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.usecases.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { pdfLimitsOf } from '../documents/documents.usecases.js';
import { runPdfChild } from '../documents/drivers/pdf-process.js';
import type { PdfChildMessage } from '../documents/drivers/pdf-process.types.js';
import type { PdfSlots } from '../documents/drivers/pdf-slots.js';
import { buildReadingPages } from '../reading/reading.models.js';
import { assessTextLayer, chooseOcrLanguages, parseHocr } from './ocr.models.js';
import { createOcrRepository } from './ocr.repository.js';
import { probeTesseract, recognizePage, type TesseractProbe } from './drivers/tesseract.js';

export const ocrJobType = 'documents.ocr';
/** Below every other job (default 0): OCR runs when nothing else is due. */
export const OCR_JOB_PRIORITY = -10;
/** Pages rendered per child process: bounds the images on disk at once and each child's run time. */
const RENDER_BATCH = 12;
/** A page is rendered at OCR_DPI, or smaller when it would pass this many pixels (a poster-sized MediaBox). */
const MAX_PIXELS = 40_000_000;

export type OcrDeps = {
  db: Db;
  dialect: DatabaseDialect;
  storage: StorageDriver;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  pdfSlots: PdfSlots;
  config: Pick<Config, 'ocrMaxPages' | 'ocrDpi' | 'ocrPageTimeoutSeconds' | 'ocrTesseract' | 'ingestTimeoutSeconds' | 'ingestMemoryMb'>;
};

const createDocumentNotFoundError = () => createNotFoundError({ code: 'documents.not_found', message: 'Filen findes ikke.' });

/** Whether OCR can run here, for the workspace's one notice: Tesseract with Danish or English. */
export async function readOcrAvailability({ config }: Pick<OcrDeps, 'config'>): Promise<{ available: boolean; detail: string | null }> {
  const probe = await probeTesseract({ command: config.ocrTesseract });
  if (!probe.available) return { available: false, detail: probe.detail };
  return chooseOcrLanguages({ documentLanguage: null, installed: probe.languages }) ? { available: true, detail: null } : { available: false, detail: 'no Danish or English model (tesseract-ocr-dan, tesseract-ocr-eng)' };
}

/**
 * Queues OCR of a read document at low priority (once: a waiting job is reused). The state shows
 * "waiting" at once when pages are known to lack text; a page whose text layer is garbage is found
 * by the job itself, off the request.
 */
export async function enqueueOcr({ documentId, markWaiting }: { documentId: string; markWaiting: boolean }, deps: Pick<OcrDeps, 'db' | 'dialect' | 'clock'>): Promise<void> {
  if (markWaiting) await createOcrRepository({ db: deps.db }).updateDocument({ id: documentId, values: { ocrStatus: 'venter', ocrPagesDone: 0, ocrError: null } });
  await enqueueJob({ type: ocrJobType, payload: { documentId }, priority: OCR_JOB_PRIORITY }, deps);
}

/** After a PDF is read (not after OCR's own announcement), its scanned pages are queued for OCR. */
export function subscribeOcr(deps: Pick<OcrDeps, 'db' | 'dialect' | 'clock' | 'events' | 'config'>): void {
  deps.events.on('document.ingested', async ({ documentId, ocr }) => {
    if (ocr || deps.config.ocrMaxPages === 0) return;
    const document = await createOcrRepository({ db: deps.db }).getDocument({ id: documentId });
    if (!document) return;
    await enqueueOcr({ documentId, markWaiting: document.pagesWithoutText > 0 }, deps);
  });
}

/** `reindex --ocr`: every read document is recognised again. */
export async function reindexAllOcr(deps: Pick<OcrDeps, 'db' | 'dialect' | 'clock'>): Promise<number> {
  const ids = await createOcrRepository({ db: deps.db }).listReadDocumentIds();
  for (const documentId of ids) await enqueueOcr({ documentId, markWaiting: true }, deps);
  return ids.length;
}

/** "Genkend tekst igen": an editor has one document's scanned pages recognised again; the audit log keeps who did. */
export async function rerunOcrAsEditor(
  { documentId, actor }: { documentId: string; actor: { id: string; email: string; ip?: string } },
  deps: Pick<OcrDeps, 'db' | 'dialect' | 'clock'>,
): Promise<{ fileName: string }> {
  const document = await createOcrRepository({ db: deps.db }).getDocument({ id: documentId });
  if (!document) throw createDocumentNotFoundError();
  if (document.ingestStatus !== 'færdig') throw createError({ code: 'ocr.not_read', status: 409, message: 'PDF’en skal være læst, før teksten kan genkendes.' });
  if (document.ocrStatus === 'venter' || document.ocrStatus === 'behandles') throw createError({ code: 'ocr.busy', status: 409, message: 'Teksten er allerede ved at blive genkendt.' });
  await enqueueOcr({ documentId, markWaiting: true }, deps);
  await recordAudit({ actorId: actor.id, actorEmail: actor.email, action: 'document.ocr_rerun', targetType: 'document', targetId: documentId, details: { fileName: document.fileName }, ip: actor.ip }, deps);
  return { fileName: document.fileName };
}

let warnedUnavailable = false;

/**
 * Recognises the text of one document's scanned pages: pages without text, pages whose text layer
 * is garbage (assessTextLayer), and pages recognised before (a re-run), at most OCR_MAX_PAGES.
 * Pages are rendered in a PDF child process (the ingestion limits), a batch at a time, and each
 * image goes through Tesseract as soon as it is written; each page's words are stored as its
 * lines, text and blocks like any other page's, marked as OCR with their mean confidence. When
 * pages have landed the document is announced again, so search and cached pages follow.
 * Tesseract missing: the pages stay as ingestion left them and the state says so.
 */
export async function recognizeDocument({ documentId, attempt = 1, maxAttempts = 1, signal }: { documentId: string; attempt?: number; maxAttempts?: number; signal?: AbortSignal }, deps: OcrDeps): Promise<void> {
  const repository = createOcrRepository({ db: deps.db });
  const document = await repository.getDocument({ id: documentId });
  if (!document || document.ingestStatus !== 'færdig') return;
  const pages = await repository.listPages({ documentId });
  const wanted: number[] = [];
  for (const [index, page] of pages.entries()) {
    if (page.ocr === 1 || assessTextLayer({ text: page.text, language: document.pdfLanguage }).needsOcr) wanted.push(page.pageNumber);
    if (index % 50 === 49) await yieldToEventLoop();
  }
  if (wanted.length === 0 || deps.config.ocrMaxPages === 0) {
    await repository.updateDocument({ id: documentId, values: { ocrStatus: null, ocrPagesTotal: 0, ocrPagesDone: 0, ocrPagesCapped: 0, ocrError: null } });
    return;
  }
  const probe: TesseractProbe = await probeTesseract({ command: deps.config.ocrTesseract });
  const languages = probe.available ? chooseOcrLanguages({ documentLanguage: document.pdfLanguage, installed: probe.languages }) : undefined;
  if (!probe.available || !languages) {
    await repository.updateDocument({ id: documentId, values: { ocrStatus: 'utilgængelig', ocrPagesTotal: wanted.length, ocrPagesDone: 0, ocrError: probe.available ? 'no_language' : 'unavailable' } });
    if (!warnedUnavailable) {
      warnedUnavailable = true;
      deps.logger.warn({ detail: probe.available ? 'no dan/eng model' : probe.detail }, 'OCR unavailable: scanned pages stay without text (apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng)');
    }
    return;
  }
  const chosen = wanted.slice(0, deps.config.ocrMaxPages);
  await repository.updateDocument({ id: documentId, values: { ocrStatus: 'behandles', ocrPagesTotal: chosen.length, ocrPagesDone: 0, ocrPagesCapped: wanted.length > chosen.length ? 1 : 0, ocrError: null } });

  const limits = pdfLimitsOf({ config: deps.config });
  const directory = await mkdtemp(join(tmpdir(), 'beretning-ocr-'));
  let done = 0;
  let failedPages = 0;
  let lastPageProblem: string | null = null;
  let renderProblem: Extract<PdfChildMessage, { type: 'failed' }> | undefined;
  try {
    for (let start = 0; start < chosen.length && !renderProblem; start += RENDER_BATCH) {
      if (signal?.aborted) throw new Error('stopped');
      let pending: Promise<void> = Promise.resolve();
      const recognize = async (message: Extract<PdfChildMessage, { type: 'pageImage' }>) => {
        if (signal?.aborted) return;
        const result = await recognizePage({ imagePath: message.path, languages, dpi: message.dpi, timeoutMs: deps.config.ocrPageTimeoutSeconds * 1000, memoryBytes: limits.memoryBytes, command: deps.config.ocrTesseract });
        await rm(message.path, { force: true });
        if (!result.ok) {
          failedPages += 1;
          lastPageProblem = result.problem;
          deps.logger.warn({ documentId, pageNumber: message.pageNumber, problem: result.problem, detail: result.detail }, 'OCR of a page failed');
          return;
        }
        const page = parseHocr({ hocr: result.hocr, dpi: message.dpi });
        const blocks = buildReadingPages({ pages: [{ pageNumber: message.pageNumber, lines: page.lines }] })[0]?.blocks ?? [];
        await repository.updatePage({ documentId, pageNumber: message.pageNumber, values: { text: page.text, blocksJson: JSON.stringify(page.lines), structureJson: JSON.stringify(blocks), ocr: 1, ocrConfidence: page.confidence } });
        done += 1;
        await repository.updateDocument({ id: documentId, values: { ocrPagesDone: done + failedPages } });
      };
      const release = (await deps.pdfSlots.acquire())!;
      let result: PdfChildMessage;
      try {
        result = await runPdfChild({
          request: { mode: 'render', maxBytes: Math.max(document.size, 1), pages: chosen.slice(start, start + RENDER_BATCH), dpi: deps.config.ocrDpi, maxPixels: MAX_PIXELS, outDir: directory },
          input: await deps.storage.read({ key: document.storageKey }),
          limits,
          onMessage: (message) => {
            if (message.type === 'pageImage') pending = pending.then(() => recognize(message));
          },
          signal,
        });
      } finally {
        release();
      }
      await pending;
      if (result.type === 'failed') renderProblem = result;
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  if (signal?.aborted) throw new Error('stopped');
  if (renderProblem?.problem === 'crashed' && attempt < maxAttempts) {
    await repository.updateDocument({ id: documentId, values: { ocrStatus: 'venter' } });
    throw new Error(`PDF child process died while rendering for OCR: ${renderProblem.detail}`);
  }
  const after = await repository.listPages({ documentId });
  const confidences = after.filter((page) => page.ocr === 1 && page.ocrConfidence !== null).map((page) => page.ocrConfidence!);
  const failed = done === 0 && (renderProblem !== undefined || failedPages > 0);
  await repository.updateDocument({
    id: documentId,
    values: {
      ocrStatus: failed ? 'fejlet' : 'færdig',
      ocrError: failed ? (renderProblem?.problem ?? lastPageProblem) : null,
      ocrConfidence: confidences.length > 0 ? Math.round(confidences.reduce((sum, value) => sum + value, 0) / confidences.length) : null,
      pagesWithoutText: after.filter((page) => page.text.trim() === '').length,
    },
  });
  if (done > 0) await deps.events.emit('document.ingested', { documentId, reportId: document.reportId, ocr: true });
}

/** The queue's handler for OCR jobs. */
export function createOcrHandler(deps: OcrDeps): JobHandler {
  return async (payload, { attempt, maxAttempts, signal }) => {
    const { documentId } = payload as { documentId: string };
    await recognizeDocument({ documentId, attempt, maxAttempts, signal }, deps);
  };
}
