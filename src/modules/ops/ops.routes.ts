import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Dependencies } from '../../dependencies.types.js';
import { hasPendingMigrations } from '../../database/database.js';
import { readJobStats, type JobStats } from '../jobs/jobs.usecases.js';

export type RequestObservation = { route: string; method: string; status: number; seconds: number };

export type Metrics = {
  registry: Registry;
  cacheHits: Counter;
  cacheMisses: Counter;
  /** Counts one answered request and its latency (http_requests_total, http_request_duration_seconds). */
  observeRequest: (observation: RequestObservation) => void;
};

/** One registry per app (tests build many apps in one process), with the process' own metrics. */
export function createMetrics(deps: Pick<Dependencies, 'db' | 'dialect' | 'clock'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cacheHits = new Counter({ name: 'beretning_page_cache_hits_total', help: 'Public pages served from the page cache.', registers: [registry] });
  const cacheMisses = new Counter({ name: 'beretning_page_cache_misses_total', help: 'Cacheable public pages that had to be rendered.', registers: [registry] });
  // One read of the jobs table per scrape, shared by the gauges below: prom-client calls every
  // collect() in one synchronous pass, so the promise is forgotten at the next microtask.
  let stats: Promise<JobStats | undefined> | undefined;
  const readStats = () => {
    if (!stats) {
      stats = readJobStats({}, deps).catch(() => undefined);
      queueMicrotask(() => (stats = undefined));
    }
    return stats;
  };
  new Gauge({
    name: 'beretning_jobs',
    help: 'Jobs in the persistent queue by status (queue depth: status="queued").',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const current = await readStats();
      if (current) for (const [status, count] of Object.entries(current.byStatus)) this.set({ status }, count);
    },
  });
  const perType = ({ name, help, value }: { name: string; help: string; value: (row: JobStats['durations'][number]) => number }) =>
    new Gauge({
      name,
      help,
      labelNames: ['type'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of (await readStats())?.durations ?? []) this.set({ type: row.type }, value(row));
      },
    });
  perType({ name: 'beretning_job_duration_seconds_avg', help: 'Average run time (claim to finish) of the jobs that finished in the last hour, by type.', value: (row) => row.averageSeconds });
  perType({ name: 'beretning_job_duration_seconds_max', help: 'Longest run time of the jobs that finished in the last hour, by type.', value: (row) => row.maxSeconds });
  perType({ name: 'beretning_jobs_finished_last_hour', help: 'Jobs that finished (done or failed) in the last hour, by type.', value: (row) => row.count });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  // Label children bound once per (route, method, status): the labels are a small bounded set,
  // and page cache hits are counted here too, so each costs a map lookup, not a label hash.
  const bound = new Map<string, { count: { inc: () => void }; time: { observe: (value: number) => void } }>();
  const observeRequest = ({ route, method, status, seconds }: RequestObservation) => {
    const key = `${route} ${method} ${status}`;
    let child = bound.get(key);
    if (!child) {
      const labels = { route, method, status: String(status) };
      child = { count: requests.labels(labels), time: latency.labels(labels) };
      bound.set(key, child);
    }
    child.count.inc();
    child.time.observe(seconds);
  };
  return { registry, cacheHits, cacheMisses, observeRequest };
}

/** /healthz, /readyz and /metrics, plus the request counters and latency histograms. */
export function registerOpsRoutes({ app, metrics }: { app: FastifyInstance; metrics: Metrics }, deps: Dependencies): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: a bounded set of labels.
    metrics.observeRequest({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    // One compact line per request (Fastify's own two lines are off: disableRequestLogging); the request id comes with request.log.
    if (deps.logger.isLevelEnabled('info')) request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
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
