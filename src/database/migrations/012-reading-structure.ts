import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * The reading version from the PDF's own structure: each page's blocks from the structure tree of
 * a tagged PDF (`document_pages.structure_json`), whether the document is tagged, and how many
 * figures lack alt text (shown to the editor). Every stored document is queued to be read again
 * with the new rules, so an existing installation upgrades without anyone running `reindex`.
 * Frozen: the job's type and payload shape are copied here, not imported.
 */
const ingestJobType = 'documents.ingest';

export const migration012ReadingStructure: Migration = {
  name: '012-reading-structure',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('document_pages').addColumn('structure_json', 'text').execute();
    await db.schema.alterTable('documents').addColumn('is_tagged', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('documents').addColumn('figures_without_alt', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    const now = new Date().toISOString();
    const { rows } = await sql<{ id: string }>`select id from documents order by created_at`.execute(db);
    for (const { id } of rows) {
      const payloadJson = JSON.stringify({ documentId: id });
      const open = await sql<{ id: string }>`select id from jobs where type = ${ingestJobType} and payload_json = ${payloadJson} and status = 'queued'`.execute(db);
      if (open.rows.length > 0) continue;
      const jobId = `m012-${id}`;
      await sql`insert into jobs (id, type, payload_json, status, attempts, max_attempts, run_after, created_at, updated_at) values (${jobId}, ${ingestJobType}, ${payloadJson}, 'queued', 0, 3, ${now}, ${now}, ${now})`.execute(db);
      await sql`update documents set ingest_status = 'venter', ingest_pages_done = 0, ingest_error = null where id = ${id}`.execute(db);
    }
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').dropColumn('figures_without_alt').execute();
    await db.schema.alterTable('documents').dropColumn('is_tagged').execute();
    await db.schema.alterTable('document_pages').dropColumn('structure_json').execute();
  },
};
