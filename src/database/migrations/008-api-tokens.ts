import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * Editors' personal API tokens (issue 9). Only a digest of each token is stored: SHA-256 of a
 * 32-byte random token. A fast hash is enough here because the token has 256 bits of entropy and
 * cannot be guessed; a memory-hard KDF (argon2, scrypt) is for low-entropy passwords, and would
 * make every API request pay for it. The prefix is the token's harmless first characters, shown
 * so an editor recognises which token is which.
 */
export const migration008ApiTokens: Migration = {
  name: '008-api-tokens',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('api_tokens').execute();
  },
};
