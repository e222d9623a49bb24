import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Dependencies } from '../../dependencies.types.js';
import { hasPendingMigrations } from '../../database/database.js';

export type Metrics = {
  registry: Registry;
  cacheHits: Counter;
  cacheMisses: Counter;
};

/** One registry per app (tests build many apps in one process), with the process' own metrics. */
export function createMetrics(deps: Pick<Dependencies, 'db'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cacheHits = new Counter({ name: 'beretning_page_cache_hits_total', help: 'Public pages served from the page cache.', registers: [registry] });
  const cacheMisses = new Counter({ name: 'beretning_page_cache_misses_total', help: 'Cacheable public pages that had to be rendered.', registers: [registry] });
  new Gauge({
    name: 'beretning_jobs',
    help: 'Jobs in the persistent queue by status (queue depth: status="queued").',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readJobCounts(deps)) this.set({ status: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'beretning_job_duration_seconds_avg',
    help: 'Average run time of finished jobs over the last hour, by kind.',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readJobDurations(deps)) this.set({ kind: row.kind }, row.seconds);
    },
  });
  return { registry, cacheHits, cacheMisses };
}

// The jobs table belongs to the jobs module; until it exists (or if its columns differ) these read nothing.
async function readJobCounts({ db }: Pick<Dependencies, 'db'>): Promise<{ status: string; count: number }[]> {
  try {
    const result = await sql<{ status: string; count: number | string }>`select status, count(*) as count from jobs group by status`.execute(db);
    return result.rows.map((r) => ({ status: String(r.status), count: Number(r.count) }));
  } catch {
    return [];
  }
}

async function readJobDurations({ db }: Pick<Dependencies, 'db'>): Promise<{ kind: string; seconds: number }[]> {
  try {
    const since = new Date(Date.now() - 3600_000).toISOString();
    const result = await sql<{ kind: string; startedAt: string; finishedAt: string }>`select kind, started_at, finished_at from jobs where finished_at is not null and started_at is not null and finished_at >= ${since} limit 10000`.execute(db);
    const sums = new Map<string, { total: number; n: number }>();
    for (const row of result.rows) {
      const seconds = (Date.parse(row.finishedAt) - Date.parse(row.startedAt)) / 1000;
      if (!Number.isFinite(seconds)) continue;
      const s = sums.get(row.kind) ?? { total: 0, n: 0 };
      s.total += seconds;
      s.n += 1;
      sums.set(row.kind, s);
    }
    return [...sums].map(([kind, s]) => ({ kind, seconds: s.total / s.n }));
  } catch {
    return [];
  }
}

/** /healthz, /readyz and /metrics, plus the request counters and latency histograms. */
export function registerOpsRoutes({ app, metrics }: { app: FastifyInstance; metrics: Metrics }, deps: Dependencies): void {
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route, method and status.', labelNames: ['route', 'method', 'status'], registers: [metrics.registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: a bounded set of labels.
    const labels = { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/healthz', async (_request, reply) => reply.header('Cache-Control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const problems = await checkReadiness(deps);
    return reply
      .code(problems.length ? 503 : 200)
      .header('Cache-Control', 'no-store')
      .send({ status: problems.length ? 'unavailable' : 'ok', problems });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.header('Cache-Control', 'no-store').type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** Why this instance should not get traffic: database, storage, migrations. Empty when ready. */
export async function checkReadiness({ db, storage }: Pick<Dependencies, 'db' | 'storage'>): Promise<string[]> {
  const problems: string[] = [];
  try {
    await sql`select 1`.execute(db);
    try {
      if (await hasPendingMigrations({ db })) problems.push('database: migrations are not current');
    } catch (error) {
      problems.push(`database: migrations unknown (${error instanceof Error ? error.message : String(error)})`);
    }
  } catch (error) {
    problems.push(`database: unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    await storage.checkWritable();
  } catch (error) {
    problems.push(`storage: not writable (${error instanceof Error ? error.message : String(error)})`);
  }
  return problems;
}
