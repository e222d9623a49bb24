import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * Video and audio on a report (issue #19). Files are content-addressed like PDFs: the media file,
 * its WebVTT captions and its poster each by storage key. The transcript is Markdown in the row, as
 * it is indexed for search and shown on the item's page. `position` orders the "Se og hør" section
 * (the lowest is the main film); `slug` is the item's address under /beretninger/<year>/film/.
 * `removed_at` set: taken off the report by an editor, kept so it can be restored.
 */
export const migration015ReportMedia: Migration = {
  name: '015-report-media',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('report_media')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('duration_seconds', 'real', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('video_codec', 'text')
      .addColumn('audio_codec', 'text')
      .addColumn('captions_key', 'text')
      .addColumn('poster_key', 'text')
      .addColumn('poster_type', 'text')
      .addColumn('poster_uploaded', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('transcript_md', 'text')
      .addColumn('removed_at', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_media_report_slug').unique().on('report_media').columns(['report_id', 'slug']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('report_media').execute();
  },
};
