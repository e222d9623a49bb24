import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * The years a published report was public under before its year was changed, so the old address
 * (/beretninger/<year>, …/laes) answers 301 to the current one. One report per year: the newest
 * move wins. A year that a report holds now is never redirected (checked when read).
 */
export const migration011ReportPreviousYears: Migration = {
  name: '011-report-previous-years',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('report_previous_years')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_previous_years_report').on('report_previous_years').column('report_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('report_previous_years').execute();
  },
};
