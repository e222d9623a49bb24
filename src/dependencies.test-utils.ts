import { createTestConfig, type Config } from './config/config.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, migrateToLatest, type DatabaseHandle } from './database/database.js';
import { createMemoryStorage } from './modules/storage/drivers/memory.storage.js';
import { createFakeClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { loadAssets, type Assets } from './ui/assets.js';
import { createEventBus } from './shared/events.js';
import { createPdfSlots, pdfChildRecyclingOf } from './modules/documents/drivers/pdf-slots.js';
import { subscribeIngestion } from './modules/documents/documents.usecases.js';
import { subscribeOcr } from './modules/ocr/ocr.usecases.js';
import { registerSearchIndexing } from './modules/search/search.usecases.js';
import type { Dependencies } from './dependencies.types.js';
import { createStatisticsCounter } from './modules/statistics/statistics.usecases.js';

let cachedAssets: Assets | undefined;

/**
 * The composition root's twin for tests: in-memory SQLite with the real migrations (or the
 * PostgreSQL database in TEST_DATABASE_URL, emptied first), memory storage, a fake clock.
 */
export async function createTestDependencies({ config: overrides = {}, now = '2026-06-01T10:00:00.000Z', databaseUrl }: { config?: Partial<Config>; now?: string; databaseUrl?: string } = {}) {
  const config = createTestConfig(overrides);
  // databaseUrl: several test instances on one database (schema kept; the caller drops it).
  const database = databaseUrl ? createDatabase({ url: databaseUrl }) : await openTestDatabase();
  await migrateToLatest({ db: database.db }).catch(async (error: unknown) => {
    await database.close(); // drops the PostgreSQL test schema
    throw error;
  });
  const storage = createMemoryStorage();
  const pdfSlots = createPdfSlots({ max: config.pdfMaxChildren, recycling: pdfChildRecyclingOf({ config }) });
  const clock = createFakeClock(now);
  cachedAssets ??= loadAssets();
  const dependencies: Dependencies = {
    config,
    db: database.db,
    dialect: database.dialect,
    storage,
    clock,
    logger: createLogger({ level: 'silent' }),
    assets: cachedAssets,
    events: createEventBus({ onError: (error) => { throw error; } }),
    pdfSlots,
    // No flusher: a test writes the batch with flushStatistics when it wants to.
    statistics: createStatisticsCounter({ enabled: config.statistics, maxBytes: config.statisticsBufferKb * 1024 }),
    close: async () => {
      await pdfSlots.close();
      await database.close();
    },
  };
  // As in the composition root: the search index follows report changes.
  registerSearchIndexing(dependencies);
  // Every added document is queued for ingestion (run it with createJobRunner(…).runOnce()).
  subscribeIngestion(dependencies);
  // A read document with scanned pages is queued for OCR (run it with the OCR handler).
  subscribeOcr(dependencies);
  return { ...dependencies, storage, clock };
}

/**
 * In-memory SQLite, or (when TEST_DATABASE_URL is a postgres:// URL) a fresh schema of its own in
 * that database: `search_path` points every connection of the pool at it, and close drops it.
 */
export async function openTestDatabase({ url = process.env.TEST_DATABASE_URL ?? '' }: { url?: string } = {}): Promise<DatabaseHandle> {
  if (!url) return createDatabase({ url: 'sqlite::memory:' });
  const schema = await createTestSchema({ url });
  const database = createDatabase({ url: withSearchPath({ url, schema }) });
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropTestSchema({ url, schema });
    },
  };
}

/** Creates an empty schema `t_<random>` in the PostgreSQL database at `url`; returns its name. */
export async function createTestSchema({ url }: { url: string }): Promise<string> {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

export async function dropTestSchema({ url, schema }: { url: string; schema: string }): Promise<void> {
  if (!/^t_[0-9a-f]+$/.test(schema)) throw new Error(`not a test schema: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The same URL with `options=-c search_path=<schema>`, so every pooled connection uses that schema. */
export function withSearchPath({ url, schema }: { url: string; schema: string }): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
