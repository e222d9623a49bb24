import type { Db, DatabaseDialect } from '../../database/database.js';

export type JobRow = { id: string; type: string; payloadJson: string; status: string; attempts: number; maxAttempts: number; runAfter: string; lockedBy: string | null; heartbeatAt: string | null; lastError: string | null; createdAt: string; updatedAt: string; startedAt: string | null; finishedAt: string | null };

export function createJobsRepository({ db, dialect }: { db: Db; dialect: DatabaseDialect }) {
  return {
    async insertJob({ job }: { job: { id: string; type: string; payloadJson: string; runAfter: string; createdAt: string; priority?: number } }): Promise<void> {
      await db.insertInto('jobs').values({ ...job, status: 'queued', updatedAt: job.createdAt }).execute();
    },
    /** A queued or running job of this type for this payload, so the same work is not queued twice. */
    async findOpen({ type, payloadJson }: { type: string; payloadJson: string }): Promise<JobRow | undefined> {
      return db.selectFrom('jobs').selectAll().where('type', '=', type).where('payloadJson', '=', payloadJson).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    },
    /**
     * Takes the next due job for `workerId`, or none. One worker only: on SQLite the conditional
     * UPDATE (… AND status = 'queued') is atomic; on PostgreSQL the candidate row is locked with
     * FOR UPDATE SKIP LOCKED so concurrent instances pick different jobs. Higher priority first, so
     * a low-priority job (OCR) waits while any other job is due.
     */
    async claimNext({ workerId, now }: { workerId: string; now: string }): Promise<JobRow | undefined> {
      let candidate = db.selectFrom('jobs').select('id').where('status', '=', 'queued').where('runAfter', '<=', now).orderBy('priority', 'desc').orderBy('runAfter').orderBy('createdAt').limit(1);
      if (dialect === 'postgres') candidate = candidate.forUpdate().skipLocked();
      return db
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', lockedBy: workerId, heartbeatAt: now, startedAt: now, finishedAt: null, updatedAt: now, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', (eb) => eb.selectFrom(candidate.as('c')).select('c.id'))
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
    },
    async heartbeat({ id, workerId, now }: { id: string; workerId: string; now: string }): Promise<void> {
      await db.updateTable('jobs').set({ heartbeatAt: now }).where('id', '=', id).where('lockedBy', '=', workerId).execute();
    },
    async finish({ id, status, lastError, now }: { id: string; status: 'done' | 'failed'; lastError: string | null; now: string }): Promise<void> {
      await db.updateTable('jobs').set({ status, lastError, lockedBy: null, updatedAt: now, finishedAt: now }).where('id', '=', id).execute();
    },
    async requeue({ id, runAfter, lastError, now, countAttempt }: { id: string; runAfter: string; lastError: string | null; now: string; countAttempt: boolean }): Promise<void> {
      await db
        .updateTable('jobs')
        .set((eb) => ({ status: 'queued', runAfter, lastError, lockedBy: null, heartbeatAt: null, updatedAt: now, ...(countAttempt ? {} : { attempts: eb('attempts', '-', 1) }) }))
        .where('id', '=', id)
        .execute();
    },
    /** Running jobs whose worker stopped sending heartbeats (its process died). */
    async listStale({ before }: { before: string }): Promise<JobRow[]> {
      return db.selectFrom('jobs').selectAll().where('status', '=', 'running').where('heartbeatAt', '<', before).execute();
    },
    /** How many jobs are in each status (queue depth: `queued`). */
    async countByStatus(): Promise<{ status: string; count: number }[]> {
      const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number | string>().as('count')]).groupBy('status').execute();
      return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
    },
    /** Type, start and end of the jobs that finished (done or failed) since `since`, newest first, at most `limit`. */
    async listFinishedSince({ since, limit }: { since: string; limit: number }): Promise<{ type: string; status: string; startedAt: string; finishedAt: string }[]> {
      const rows = await db
        .selectFrom('jobs')
        .select(['type', 'status', 'startedAt', 'finishedAt'])
        .where('finishedAt', '>=', since)
        .where('startedAt', 'is not', null)
        .orderBy('finishedAt', 'desc')
        .limit(limit)
        .execute();
      return rows.flatMap((row) => (row.startedAt && row.finishedAt ? [{ type: row.type, status: row.status, startedAt: row.startedAt, finishedAt: row.finishedAt }] : []));
    },
    async getById({ id }: { id: string }): Promise<JobRow | undefined> {
      return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };
}
