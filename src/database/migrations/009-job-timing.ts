import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * When a job's current try started and when the job finished (done or failed), so /metrics can
 * report how long jobs take. Both empty for jobs from before this migration.
 */
export const migration009JobTiming: Migration = {
  name: '009-job-timing',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('jobs').addColumn('started_at', 'text').execute();
    await db.schema.alterTable('jobs').addColumn('finished_at', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('jobs').dropColumn('finished_at').execute();
    await db.schema.alterTable('jobs').dropColumn('started_at').execute();
  },
};
