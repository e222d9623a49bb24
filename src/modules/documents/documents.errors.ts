import { createError } from '../../shared/errors.js';
import type { PdfProblem } from './drivers/pdf-process.types.js';

const uploadMessages: Record<PdfProblem, { code: string; message: string }> = {
  not_pdf: { code: 'documents.not_pdf', message: 'Filen er ikke en PDF. Vælg en PDF-fil.' },
  encrypted: { code: 'documents.encrypted', message: 'PDF\'en er beskyttet med adgangskode. Gem den uden adgangskode, og prøv igen.' },
  malformed: { code: 'documents.malformed', message: 'PDF\'en er beskadiget og kan ikke åbnes.' },
  no_pages: { code: 'documents.no_pages', message: 'PDF\'en har ingen sider.' },
  too_large: { code: 'documents.too_large', message: 'PDF\'en er for stor til at blive behandlet.' },
  timeout: { code: 'documents.timeout', message: 'PDF\'en tog for lang tid at åbne.' },
  crashed: { code: 'documents.malformed', message: 'PDF\'en er beskadiget og kan ikke åbnes.' },
};

/** An upload that is not a usable PDF: 422 with a short Danish message for the editor. */
export const createUploadRejectedError = ({ problem, detail }: { problem: PdfProblem; detail?: string }) =>
  createError({ code: uploadMessages[problem].code, status: 422, message: uploadMessages[problem].message, details: { problem, detail } });

/** Seconds an editor is asked to wait when every PDF slot is taken and the line is full. */
export const PDF_BUSY_RETRY_SECONDS = 30;

/** Every PDF child slot is busy and as many uploads are waiting: 503, try again shortly. */
export const createPdfBusyError = () =>
  createError({ code: 'documents.busy', status: 503, message: 'Der bliver læst mange PDF’er lige nu. Prøv igen om et halvt minut.', expose: true, details: { problem: 'busy', retryAfterSeconds: PDF_BUSY_RETRY_SECONDS } });
