import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import { createTranslator, type MessageKey, type Translate } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { sendProblem } from '../../shared/problem.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import { csvRowsOf, lastDays, periodFor, toCsv } from './statistics.models.js';
import { statisticsApiQuerySchema, statisticsQuerySchema, type StatisticsQueryField } from './statistics.schemas.js';
import { getStatisticsOverview } from './statistics.usecases.js';
import { StatisticsPage, type StatisticsForm } from './statistics.views.js';

/**
 * Counts the public pages Fastify answers (rendered pages, and cache hits made through inject):
 * after the response, for GET answered 200 or 304, never for a signed-in user. Hits the
 * early server answers are counted there, with the same countView.
 */
export function registerStatisticsCounting({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  if (!deps.statistics.enabled) return;
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    if ((status === 200 || status === 304) && request.method === 'GET' && !request.user) {
      deps.statistics.countView({ path: request.url, headers: request.headers, now: deps.clock.now().getTime() });
    }
    done();
  });
}

function firstString(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, 100) : undefined;
}

/** The statistics page's query as typed (for the form) and as parsed (for the period), with its problems as field messages. */
function readStatisticsQuery({ query, t, now }: { query: unknown; t: Translate; now: Date }) {
  const raw = (query ?? {}) as Record<string, unknown>;
  const typed = { periode: firstString(raw.periode) ?? '30', fra: firstString(raw.fra) ?? '', til: firstString(raw.til) ?? '', aar: firstString(raw.aar) ?? '', tabel: firstString(raw.tabel) };
  const parsed = statisticsQuerySchema.safeParse(typed);
  const form: StatisticsForm = { periode: typed.periode, fra: typed.fra, til: typed.til, aar: typed.aar, fieldErrors: {} };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) form.fieldErrors[issue.path[0] as StatisticsQueryField] ??= t(issue.message as MessageKey);
    return { form, ok: false as const };
  }
  const { periode, fra, til, aar, tabel } = parsed.data;
  return { form, ok: true as const, period: periodFor({ choice: periode, from: fra || undefined, to: til || undefined, now }), year: typeof aar === 'number' ? aar : undefined, table: tabel };
}

/** CSV export rows: more than the page shows, still bounded. */
const CSV_LIMIT = 1000;

/**
 * /admin/statistik (register inside the guarded workspace group: editors and admins) and its CSV
 * export of each table, /admin/statistik/csv?tabel=…
 */
export function registerStatisticsRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/statistik', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const read = readStatisticsQuery({ query: request.query, t: ctx.t, now: deps.clock.now() });
    const years = (await listPublishedReports(deps)).map((r) => r.year);
    const overview = read.ok ? await getStatisticsOverview({ period: read.period, year: read.year }, deps) : undefined;
    return reply.code(read.ok ? 200 : 422).type('text/html; charset=utf-8').send(renderPage(<StatisticsPage ctx={ctx} form={read.form} years={years} overview={overview} enabled={deps.statistics.enabled} />));
  });

  app.get('/statistik/csv', async (request, reply) => {
    const t = createTranslator({ locale: request.locale });
    const read = readStatisticsQuery({ query: request.query, t, now: deps.clock.now() });
    if (!read.ok || !read.table) {
      const message = Object.values(read.form.fieldErrors)[0] ?? t('statistics.errorTable');
      return reply.code(400).type('text/plain; charset=utf-8').send(message);
    }
    const overview = await getStatisticsOverview({ period: read.period, year: read.year, limit: CSV_LIMIT }, deps);
    const labels = { day: 'colDay', views: 'colViews', downloads: 'colDownloads', report: 'colReport', title: 'colTitle', reading: 'colReading', chapter: 'colChapter', query: 'colQuery', count: 'colCount', domain: 'colDomain', device: 'colDevice' } as const;
    const csv = toCsv(csvRowsOf({ table: read.table, overview, label: (key) => t(`statistics.${labels[key]}`) }));
    const name = `statistik-${read.table}-${read.period.from}-${read.period.to}${read.year ? `-${read.year}` : ''}.csv`;
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}"`).send(csv);
  });
}

/**
 * GET /api/v1/statistics: the aggregates as JSON, for an API token with the `statistics` scope
 * (the token check refuses other tokens here, and statistics tokens elsewhere) or a signed-in
 * editor. Not public: no CORS header, never kept by a shared cache.
 */
export function registerStatisticsApiRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/api/v1/statistics', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const t = createTranslator({ locale: request.locale });
    if (!request.user) {
      reply.header('WWW-Authenticate', 'Bearer');
      return sendProblem(reply, { status: 401, title: t('statistics.apiUnauthorised'), code: 'statistics.unauthorised' });
    }
    const parsed = statisticsApiQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) return sendProblem(reply, { status: 400, title: t((parsed.error.issues[0]?.message ?? 'statistics.errorDate') as MessageKey), code: 'statistics.bad_query' });
    const { from, to, year } = parsed.data;
    const period = from && to ? { from, to } : lastDays({ days: 30, now: deps.clock.now() });
    return reply.type('application/json; charset=utf-8').send(await getStatisticsOverview({ period, year, limit: CSV_LIMIT }, deps));
  });
}
