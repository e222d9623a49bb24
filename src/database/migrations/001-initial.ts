import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

export const migration001Initial: Migration = {
  name: '001-initial',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('site')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('breadcrumb', 'text', (c) => c.notNull())
      .addColumn('intro', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('years_shown', 'integer', (c) => c.notNull())
      .addColumn('logo_url', 'text')
      .addColumn('primary_color', 'text')
      .addColumn('accessibility_url', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text')
      .addColumn('period_end', 'text')
      .addColumn('foreword_md', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('scheduled_at', 'text')
      .addColumn('deleted_at', 'text')
      .addColumn('current_document_id', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema.createIndex('reports_status_year').on('reports').columns(['status', 'year']).execute();

    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('page_count', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();
    await db.schema.createIndex('documents_report').on('documents').column('report_id').execute();
    await db.schema.createIndex('documents_sha256').on('documents').column('sha256').execute();

    // Filled by PDF ingestion: the text of each page (for search) and its layout blocks (for the reading version).
    await db.schema
      .createTable('document_pages')
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
      .addColumn('page_number', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('blocks_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('document_pages_pk', ['document_id', 'page_number'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('document_pages').execute();
    await db.schema.dropTable('documents').execute();
    await db.schema.dropTable('reports').execute();
    await db.schema.dropTable('site').execute();
  },
};
