import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * The pixel height of the 320 px cover (the 640 px one is twice as tall), so pages can give the
 * <img> its width and height and the layout does not shift when the cover arrives.
 */
export const migration007CoverSize: Migration = {
  name: '007-cover-size',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').addColumn('cover_small_height', 'integer').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('documents').dropColumn('cover_small_height').execute();
  },
};
