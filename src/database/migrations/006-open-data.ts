import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/** Public correction notes: what an editor tells readers when a published report's PDF or foreword is corrected. */
export const migration006OpenData: Migration = {
  name: '006-open-data',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('report_corrections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();
    await db.schema.createIndex('report_corrections_report').on('report_corrections').columns(['report_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('report_corrections').execute();
  },
};
