import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * The accessibility checks of each PDF (`documents.accessibility_json`: every check's result; and
 * `accessibility_failures`: how many failed, for lists without parsing; both null until checked).
 * Every stored document is queued to be read again, so existing PDFs get checked without anyone
 * running `reindex`. Frozen: the job's type and payload shape are copied here, not imported.
 */
const ingestJobType = 'documents.ingest';

export const migration013Accessibility: Migration = {
  name: '013-accessibility',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').addColumn('accessibility_json', 'text').execute();
    await db.schema.alterTable('documents').addColumn('accessibility_failures', 'integer').execute();
    const now = new Date().toISOString();
    const { rows } = await sql<{ id: string }>`select id from documents order by created_at`.execute(db);
    for (const { id } of rows) {
      const payloadJson = JSON.stringify({ documentId: id });
      const open = await sql<{ id: string }>`select id from jobs where type = ${ingestJobType} and payload_json = ${payloadJson} and status = 'queued'`.execute(db);
      if (open.rows.length > 0) continue;
      const jobId = `m013-${id}`;
      await sql`insert into jobs (id, type, payload_json, status, attempts, max_attempts, run_after, created_at, updated_at) values (${jobId}, ${ingestJobType}, ${payloadJson}, 'queued', 0, 3, ${now}, ${now}, ${now})`.execute(db);
      await sql`update documents set ingest_status = 'venter', ingest_pages_done = 0, ingest_error = null where id = ${id}`.execute(db);
    }
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').dropColumn('accessibility_failures').execute();
    await db.schema.alterTable('documents').dropColumn('accessibility_json').execute();
  },
};
