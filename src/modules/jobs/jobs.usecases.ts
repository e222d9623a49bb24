import type { Db, DatabaseDialect } from '../../database/database.js';
import type { JobStatus } from '../../database/database.types.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { createId } from '../../shared/ids.js';
import { createJobsRepository, type JobRow } from './jobs.repository.js';

export type JobDeps = { db: Db; dialect: DatabaseDialect; clock: Clock; logger: Logger };

export type JobContext = { jobId: string; attempt: number; maxAttempts: number; signal: AbortSignal };

/** Does the job's work. Return: done. Throw: the worker is treated as dead and the job retried with backoff (at most maxAttempts tries). */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** Queues a job unless the same one is already waiting or running; returns its id. `priority`: higher runs first among due jobs (default 0). */
export async function enqueueJob({ type, payload, priority }: { type: string; payload: unknown; priority?: number }, { db, dialect, clock }: Pick<JobDeps, 'db' | 'dialect' | 'clock'>): Promise<string> {
  const repository = createJobsRepository({ db, dialect });
  const payloadJson = JSON.stringify(payload);
  const open = await repository.findOpen({ type, payloadJson });
  if (open?.status === 'queued') return open.id;
  const id = createId();
  const now = clock.now().toISOString();
  await repository.insertJob({ job: { id, type, payloadJson, runAfter: now, createdAt: now, ...(priority === undefined ? {} : { priority }) } });
  return id;
}

export type JobStats = {
  /** Jobs per status; every status is present, 0 when none. */
  byStatus: Record<JobStatus, number>;
  /** Per job type, over the jobs that finished within the window: how many, and their run times in seconds. */
  durations: { type: string; count: number; averageSeconds: number; maxSeconds: number }[];
};
const jobStatuses: JobStatus[] = ['queued', 'running', 'done', 'failed'];

/** Queue depth by status and run times of the jobs that finished in the last `windowMs` (for /metrics). */
export async function readJobStats({ windowMs = 3_600_000 }: { windowMs?: number }, { db, dialect, clock }: Pick<JobDeps, 'db' | 'dialect' | 'clock'>): Promise<JobStats> {
  const repository = createJobsRepository({ db, dialect });
  const byStatus = Object.fromEntries(jobStatuses.map((status) => [status, 0])) as Record<JobStatus, number>;
  for (const row of await repository.countByStatus()) if (row.status in byStatus) byStatus[row.status as JobStatus] = row.count;
  const since = new Date(clock.now().getTime() - windowMs).toISOString();
  const perType = new Map<string, { count: number; total: number; max: number }>();
  for (const job of await repository.listFinishedSince({ since, limit: 10_000 })) {
    const seconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    if (!Number.isFinite(seconds) || seconds < 0) continue;
    const entry = perType.get(job.type) ?? { count: 0, total: 0, max: 0 };
    entry.count += 1;
    entry.total += seconds;
    entry.max = Math.max(entry.max, seconds);
    perType.set(job.type, entry);
  }
  const durations = [...perType].map(([type, e]) => ({ type, count: e.count, averageSeconds: e.total / e.count, maxSeconds: e.max }));
  return { byStatus, durations };
}

/** 30 s, 2 min, 8 min …: how long a job waits after its n-th try died. */
export function computeBackoffMs({ attempts }: { attempts: number }): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}

export type JobRunner = {
  start: () => void;
  /** Stops claiming; waits up to `graceMs` for the running job, then aborts it and returns it to the queue. */
  stop: (args?: { graceMs?: number }) => Promise<void>;
  /** Claims and runs one due job; false when none was due. */
  runOnce: () => Promise<boolean>;
  /** Looks for work now instead of at the next poll. */
  wake: () => void;
};

/**
 * Runs queued jobs one at a time in this process (the PDF work itself happens in child
 * processes, so the event loop only waits). Jobs whose worker died (no heartbeat for
 * `staleAfterMs`, e.g. the server was killed) go back to the queue with backoff, or fail after
 * their last try.
 */
export function createJobRunner(
  { handlers, workerId = createId(), pollMs = 1000, heartbeatMs = 10_000, staleAfterMs = 180_000 }: { handlers: Record<string, JobHandler>; workerId?: string; pollMs?: number; heartbeatMs?: number; staleAfterMs?: number },
  deps: JobDeps,
): JobRunner {
  const repository = createJobsRepository({ db: deps.db, dialect: deps.dialect });
  let running: Promise<boolean> | undefined;
  let current: { job: JobRow; controller: AbortController } | undefined;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;

  const now = () => deps.clock.now().toISOString();

  async function recoverStale(): Promise<void> {
    const before = new Date(deps.clock.now().getTime() - staleAfterMs).toISOString();
    for (const job of await repository.listStale({ before })) await giveUpOrRetry({ job, error: 'worker stopped responding' });
  }

  async function giveUpOrRetry({ job, error }: { job: JobRow; error: string }): Promise<void> {
    if (job.attempts >= job.maxAttempts) {
      await repository.finish({ id: job.id, status: 'failed', lastError: error, now: now() });
      deps.logger.warn({ jobId: job.id, type: job.type, error }, 'job failed after its last try');
      return;
    }
    const runAfter = new Date(deps.clock.now().getTime() + computeBackoffMs({ attempts: job.attempts })).toISOString();
    await repository.requeue({ id: job.id, runAfter, lastError: error, now: now(), countAttempt: true });
  }

  async function runOnce(): Promise<boolean> {
    await recoverStale();
    const job = await repository.claimNext({ workerId, now: now() });
    if (!job) return false;
    const handler = handlers[job.type];
    if (!handler) {
      await repository.finish({ id: job.id, status: 'failed', lastError: `no handler for ${job.type}`, now: now() });
      return true;
    }
    const controller = new AbortController();
    current = { job, controller };
    const beat = setInterval(() => void repository.heartbeat({ id: job.id, workerId, now: now() }).catch(() => undefined), heartbeatMs);
    try {
      await handler(JSON.parse(job.payloadJson), { jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, signal: controller.signal });
      await repository.finish({ id: job.id, status: 'done', lastError: null, now: now() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (controller.signal.aborted) await repository.requeue({ id: job.id, runAfter: now(), lastError: 'stopped by shutdown', now: now(), countAttempt: false });
      else await giveUpOrRetry({ job, error: message });
      deps.logger.warn({ jobId: job.id, type: job.type, err: error }, 'job did not finish');
    } finally {
      clearInterval(beat);
      current = undefined;
    }
    return true;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void loop(), delay);
  }

  async function loop(): Promise<void> {
    if (stopped || running) return;
    let didWork = false;
    try {
      running = runOnce();
      didWork = await running;
    } catch (error) {
      deps.logger.error({ err: error }, 'job runner failed to claim a job');
    } finally {
      running = undefined;
    }
    schedule(didWork ? 0 : pollMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop({ graceMs = 10_000 } = {}) {
      stopped = true;
      clearTimeout(timer);
      if (!running) return;
      const finished = running.then(() => true, () => true);
      const inTime = await Promise.race([finished, new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref())]);
      if (!inTime) {
        current?.controller.abort();
        await finished;
      }
    },
    runOnce,
    wake() {
      if (!stopped && !running) schedule(0);
    },
  };
}
