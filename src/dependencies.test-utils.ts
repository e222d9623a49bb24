import { createTestConfig, type Config } from './config/config.js';
import { createDatabase, migrateToLatest } from './database/database.js';
import { createMemoryStorage } from './modules/storage/drivers/memory.storage.js';
import { createFakeClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { loadAssets, type Assets } from './ui/assets.js';
import { createEventBus } from './shared/events.js';
import type { Dependencies } from './dependencies.types.js';

let cachedAssets: Assets | undefined;

/**
 * The composition root's twin for tests: in-memory SQLite with the real migrations (or the
 * PostgreSQL database in TEST_DATABASE_URL, emptied first), memory storage, a fake clock.
 */
export async function createTestDependencies({ config: overrides = {}, now = '2026-06-01T10:00:00.000Z' }: { config?: Partial<Config>; now?: string } = {}) {
  const config = createTestConfig(overrides);
  const database = createDatabase({ url: 'sqlite::memory:' });
  await migrateToLatest({ db: database.db });
  const storage = createMemoryStorage();
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
    close: () => database.close(),
  };
  return { ...dependencies, storage, clock };
}
