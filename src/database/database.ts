import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import { CamelCasePlugin, Kysely, Migrator, PostgresAdapter, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import { CurrentSchemaPostgresDialect } from './database.introspector.js';
import type { Database } from './database.types.js';
import { migrations } from './migrations.registry.js';

export type Db = Kysely<Database>;
export type DatabaseDialect = 'sqlite' | 'postgres';
export type DatabaseHandle = { db: Db; dialect: DatabaseDialect; close: () => Promise<void> };

/** Where the data lives: `postgres://…`, `sqlite:/path`, `:memory:`, or empty for `<dataDir>/beretning.db`. */
export function resolveDatabaseUrl({ databaseUrl, dataDir }: { databaseUrl: string; dataDir: string }): string {
  if (databaseUrl) return databaseUrl;
  if (dataDir === ':memory:') return 'sqlite::memory:';
  return `sqlite:${resolve(dataDir, 'beretning.db')}`;
}

/**
 * The PostgreSQL driver, loaded on first use: a server on SQLite never loads it (about 2.5 MB of
 * heap and more of RSS in every process otherwise). `require`, because `createDatabase` is synchronous.
 */
export function loadPg(): typeof pgModule {
  return createRequire(import.meta.url)('pg') as typeof pgModule;
}

export function createDatabase({ url }: { url: string }): DatabaseHandle {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pg = loadPg();
    // Large integers (COUNT, BIGINT) come back as numbers; our values stay far below 2^53.
    pg.types.setTypeParser(20, (value) => Number(value));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function createRegistryProvider(): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(migrations.map((m) => [m.name, { up: m.up, down: m.down }]));
    },
  };
}

/**
 * On PostgreSQL the migration tables live in the connection's current schema (search_path): Kysely
 * otherwise finds another schema's kysely_migration table and skips creating its own.
 */
async function createMigrator({ db }: { db: Db }): Promise<Migrator> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const migrationTableSchema = isPostgres ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  return new Migrator({ db, provider: createRegistryProvider(), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

export async function migrateToLatest({ db }: { db: Db }): Promise<void> {
  const migrator = await createMigrator({ db });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** True when every migration in the registry has run; used by readiness checks. */
export async function hasPendingMigrations({ db }: { db: Db }): Promise<boolean> {
  const migrator = await createMigrator({ db });
  const list = await migrator.getMigrations();
  return list.some((m) => m.executedAt === undefined);
}
