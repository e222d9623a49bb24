import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { toCsv } from './accessibility.models.js';
import { getDocumentAccessibility, listPublishedAccessibility } from './accessibility.usecases.js';
import { AccessibilityStatementPage, DocumentAccessibilityPage, failingCodes, statementStatus } from './accessibility.views.js';

const html = 'text/html; charset=utf-8';

/**
 * The workspace's accessibility pages (register inside the guarded /admin group): one PDF's checks,
 * and the list of published PDFs for the accessibility statement, as a page and as CSV.
 */
export function registerAccessibilityWorkspaceRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get<{ Params: { id: string } }>('/dokumenter/:id/tilgaengelighed', async (request, reply) => {
    const item = await getDocumentAccessibility({ documentId: request.params.id }, deps);
    const ctx = await createViewContext({ request }, deps);
    return reply.type(html).send(renderPage(<DocumentAccessibilityPage ctx={ctx} item={item} />));
  });

  app.get('/tilgaengelighed', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    return reply.type(html).send(renderPage(<AccessibilityStatementPage ctx={ctx} items={await listPublishedAccessibility(deps)} />));
  });

  app.get('/tilgaengelighed.csv', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const items = await listPublishedAccessibility(deps);
    const { t } = ctx;
    const rows = [
      [t('a11y.colYear'), t('a11y.colFile'), t('a11y.colStatus'), t('a11y.colProblems'), 'codes'],
      ...items.map((item) => [item.row.year, item.row.fileName, statementStatus({ ctx, item }), failingCodes({ item }).map((check) => t(`a11y.check.${check.code}.name` as MessageKey)).join('; '), failingCodes({ item }).map((check) => check.code).join(' ')]),
    ];
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="tilgaengelighed.csv"').send(`\ufeff${toCsv({ rows })}`);
  });
}
