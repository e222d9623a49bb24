import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Dependencies } from '../../dependencies.types.js';
import { hasPendingMigrations } from '../../database/database.js';
import { readJobStats, type JobStats } from '../jobs/jobs.usecases.js';

/** One answered request, or `count` of them that took `seconds` each on average (the HTTP front's hits, reported in batches). */
export type RequestObservation = { route: string; method: string; status: number; seconds: number; count?: number };

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
  // Requests and their latency are counted in plain numbers per (route, method, status) and turned
  // into Prometheus text only when scraped: a page cache hit costs a map lookup and a bucket
  // search, not prom-client's label hashing (measured: about 7 µs of a ~45 µs hit).
  const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
  type Series = { labels: { route: string; method: string; status: string }; count: number; sum: number; perBucket: number[] };
  // Keyed route → method → status, never by a string built per request: route and method are strings
  // the process holds already (their hashes are kept), so a hit allocates nothing here.
  const series = new Map<string, Map<string, Map<number, Series>>>();
  const allSeries: Series[] = [];
  const seriesFor = (route: string, method: string, status: number): Series => {
    let byMethod = series.get(route);
    if (!byMethod) series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let entry = byStatus.get(status);
    if (!entry) {
      entry = { labels: { route, method, status: String(status) }, count: 0, sum: 0, perBucket: buckets.map(() => 0) };
      byStatus.set(status, entry);
      allSeries.push(entry);
    }
    return entry;
  };
  const observeRequest = ({ route, method, status, seconds, count = 1 }: RequestObservation) => {
    const entry = seriesFor(route, method, status);
    entry.count += count;
    entry.sum += seconds * count;
    for (let bucket = 0; bucket < buckets.length; bucket++) {
      if (seconds <= (buckets[bucket] ?? 0)) {
        entry.perBucket[bucket] = (entry.perBucket[bucket] ?? 0) + count;
        break;
      }
    }
  };
  registerComputedMetric({
    registry,
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status (page cache hits included).',
    type: 'counter',
    values: () => allSeries.map((entry) => ({ labels: entry.labels, value: entry.count })),
  });
  registerComputedMetric({
    registry,
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route, method and status.',
    type: 'histogram',
    values: () =>
      allSeries.flatMap((entry) => {
        let cumulative = 0;
        return [
          ...buckets.map((limit, i) => {
            cumulative += entry.perBucket[i] ?? 0;
            return { metricName: 'http_request_duration_seconds_bucket', labels: { le: String(limit), ...entry.labels }, value: cumulative };
          }),
          { metricName: 'http_request_duration_seconds_bucket', labels: { le: '+Inf', ...entry.labels }, value: entry.count },
          { metricName: 'http_request_duration_seconds_sum', labels: entry.labels, value: entry.sum },
          { metricName: 'http_request_duration_seconds_count', labels: entry.labels, value: entry.count },
        ];
      }),
  });
  return { registry, cacheHits, cacheMisses, observeRequest };
}

type ComputedValue = { metricName?: string; labels: Record<string, string>; value: number };

/** A metric whose values are computed at scrape time (prom-client's registry takes any object with name, type and get()). */
function registerComputedMetric({ registry, name, help, type, values }: { registry: Registry; name: string; help: string; type: 'counter' | 'histogram'; values: () => ComputedValue[] }): void {
  const metric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }), reset: () => undefined };
  // prom-client's Metric type is its own classes; the registry itself only calls name, get() and reset().
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

/** A multipart form carries its CSRF token in the action URL (`…/pdf?_csrf=…`): the log keeps the URL without it. */
function withoutCsrfToken(url: string): string {
  return url.includes('_csrf=') ? url.replace(/([?&]_csrf=)[^&#]*/g, '$1[redacted]') : url;
}

/** /healthz, /readyz and /metrics, plus the request counters and latency histograms. */
export function registerOpsRoutes({ app, metrics }: { app: FastifyInstance; metrics: Metrics }, deps: Dependencies): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: a bounded set of labels.
    metrics.observeRequest({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    // One compact line per request (Fastify's own two lines are off: disableRequestLogging); the request id comes with request.log.
    if (deps.logger.isLevelEnabled('info')) request.log.info({ method: request.method, url: withoutCsrfToken(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
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
