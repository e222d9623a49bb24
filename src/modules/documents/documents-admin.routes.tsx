import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { renderPage } from '../../ui/render.js';
import { describeDocumentState } from './documents.models.js';
import { listDocumentStates, retryIngestionAsEditor } from './documents.usecases.js';
import { DocumentsPage } from './documents-admin.views.js';
import { readOcrAvailability, rerunOcrAsEditor } from '../ocr/ocr.usecases.js';

/** Where "Prøv igen" may send the editor back to: a workspace page, never another site. */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/admin(\/[A-Za-z0-9_-]+)*$/.test(value) ? value : '/admin/dokumenter';
}

/**
 * The editors' document page under /admin (register inside the guarded group): every document's
 * reading state, a JSON twin for live updates, and "Prøv igen" for failed ones.
 */
export function registerDocumentWorkspaceRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/dokumenter', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const rows = await listDocumentStates(deps);
    const retried = (request.query as Record<string, unknown>).proevet;
    const retriedRow = typeof retried === 'string' ? rows.find((row) => row.id === retried) : undefined;
    const rerun = (request.query as Record<string, unknown>).genkendt;
    const rerunRow = typeof rerun === 'string' ? rows.find((row) => row.id === rerun) : undefined;
    const notice = retriedRow ? ctx.t('documents.retried', { file: retriedRow.fileName }) : rerunRow ? ctx.t('ocr.rerunQueued', { file: rerunRow.fileName }) : undefined;
    const documents = rows.map((row) => ({ row, state: describeDocumentState({ row, t: ctx.t }) }));
    // Only where it matters: some document has scanned pages that OCR would read.
    const scanned = rows.some((row) => row.pagesWithoutText > 0 || row.ocrStatus === 'utilgængelig');
    const ocrUnavailable = scanned && !(await readOcrAvailability(deps)).available;
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(renderPage(<DocumentsPage ctx={ctx} documents={documents} notice={notice} ocrUnavailable={ocrUnavailable} />));
  });

  // Polled by assets/js/documents.js; the texts come ready in the editor's language.
  app.get('/dokumenter.json', async (request: FastifyRequest, reply) => {
    const t = createTranslator({ locale: request.locale });
    const documents = (await listDocumentStates(deps)).map((row) => describeDocumentState({ row, t }));
    return reply.header('Cache-Control', 'no-store').send({ active: documents.some((d) => d.active), documents });
  });

  // An editor's action on one document, audited by the use case; back to the page with a notice, or to where the form came from.
  const documentAction = (path: string, noticeParam: string, run: typeof retryIngestionAsEditor) => {
    app.post<{ Params: { id: string } }>(`/dokumenter/:id/${path}`, async (request, reply) => {
      const user = request.user;
      if (!user) throw new Error('workspace reached without a user: the admin guard must run first');
      await run({ documentId: request.params.id, actor: { id: user.id, email: user.email, ip: request.ip } }, deps);
      const returnTo = safeReturnTo(((request.body ?? {}) as Record<string, unknown>).tilbage);
      return reply.redirect(returnTo === '/admin/dokumenter' ? `/admin/dokumenter?${noticeParam}=${encodeURIComponent(request.params.id)}` : returnTo, 303);
    });
  };
  documentAction('proev-igen', 'proevet', retryIngestionAsEditor);
  documentAction('genkend-igen', 'genkendt', rerunOcrAsEditor);
}
