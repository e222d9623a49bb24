import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { listUsers } from '../auth/auth.usecases.js';
import { listWorkspaceReports } from '../reports/reports-admin.usecases.js';
import { listAuditEntries } from './audit.usecases.js';
import { copenhagenDayStart, isIsoDay, nextDay } from './audit.models.js';
import { AuditLogPage, type AuditFilterForm } from './audit.views.js';

export const auditPageSize = 50;

/** /admin/log: the audit log for admins, newest first, filtered by user and period (Copenhagen days), 50 a page. */
export function registerAuditRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/log', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const query = request.query as Record<string, unknown>;
    const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).trim().slice(0, 100) : '');
    const filter: AuditFilterForm = { userId: text('bruger'), from: text('fra'), to: text('til'), fieldErrors: {} };
    if (filter.from && !isIsoDay(filter.from)) filter.fieldErrors.from = ctx.t('auth.auditBadDate');
    if (filter.to && !isIsoDay(filter.to)) filter.fieldErrors.to = ctx.t('auth.auditBadDate');
    const invalid = Object.keys(filter.fieldErrors).length > 0;
    const pageNumber = Math.min(Math.max(1, Number.parseInt(text('side'), 10) || 1), 100000);
    const users = await listUsers({ db: deps.db });
    const result = await listAuditEntries(
      {
        filter: {
          actorId: filter.userId || undefined,
          from: !invalid && filter.from ? copenhagenDayStart(filter.from) : undefined,
          to: !invalid && filter.to ? copenhagenDayStart(nextDay(filter.to)) : undefined,
          page: pageNumber,
          pageSize: auditPageSize,
        },
      },
      deps,
    );
    // Bounded: one row per user and per report year; the log links each entry's thing while it exists.
    const lookup = { users: new Map(users.map((u) => [u.id, u.email])), reports: new Map((await listWorkspaceReports(deps)).map((r) => [r.id, r.year])) };
    return reply
      .code(invalid ? 422 : 200)
      .type('text/html; charset=utf-8')
      .send(renderPage(<AuditLogPage ctx={ctx} entries={result.entries} users={users} lookup={lookup} filter={filter} page={pageNumber} pages={result.pages} total={result.total} />));
  });
}
