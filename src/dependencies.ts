import type { Config } from './config/config.js';
import { createDatabase, migrateToLatest, resolveDatabaseUrl } from './database/database.js';
import { createConfiguredStorage } from './modules/storage/storage.usecases.js';
import { startInstanceSync } from './modules/instances/instances.usecases.js';
import { ensureSearchIndex, registerSearchIndexing } from './modules/search/search.usecases.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { loadAssets } from './ui/assets.js';
import { createEventBus } from './shared/events.js';
import { createPdfSlots, pdfChildRecyclingOf } from './modules/documents/drivers/pdf-slots.js';
import { subscribeIngestion } from './modules/documents/documents.usecases.js';
import { subscribeOcr } from './modules/ocr/ocr.usecases.js';
import type { Dependencies } from './dependencies.types.js';
import { createStatisticsCounter, startStatisticsFlusher } from './modules/statistics/statistics.usecases.js';

export async function createDependencies({ config }: { config: Config }): Promise<Dependencies> {
  const logger = createLogger({ level: config.logLevel });
  const databaseUrl = resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const database = createDatabase({ url: databaseUrl });
  await migrateToLatest({ db: database.db });
  const storage = await createConfiguredStorage({ config });
  // Long-lived PDF children, at most PDF_MAX_CHILDREN, replaced after failures, N documents or the memory mark.
  const pdfSlots = createPdfSlots({ max: config.pdfMaxChildren, recycling: pdfChildRecyclingOf({ config }) });
  const events = createEventBus({ onError: (error, name) => logger.error({ err: error, event: name }, 'event handler failed') });
  // On PostgreSQL: this instance's report/site changes reach every other instance's caches (LISTEN/NOTIFY).
  const instanceSync = await startInstanceSync({ url: databaseUrl }, { db: database.db, dialect: database.dialect, events, logger });
  // Search: the index follows every report change at once, and is built on the first start when empty.
  registerSearchIndexing({ db: database.db, dialect: database.dialect, events });
  subscribeIngestion({ db: database.db, dialect: database.dialect, clock: systemClock, events });
  subscribeOcr({ db: database.db, dialect: database.dialect, clock: systemClock, events, config });
  await ensureSearchIndex({ db: database.db, dialect: database.dialect, logger });
  // Readership statistics: counted in memory, added to the database every STATISTICS_FLUSH_SECONDS and at close.
  const statistics = createStatisticsCounter({ enabled: config.statistics, maxBytes: config.statisticsBufferKb * 1024 });
  const statisticsFlusher = startStatisticsFlusher({ counter: statistics, intervalMs: config.statisticsFlushSeconds * 1000 }, { db: database.db, clock: systemClock, config, logger });
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    storage,
    clock: systemClock,
    logger,
    assets: loadAssets(),
    events,
    pdfSlots,
    statistics,
    close: async () => {
      await pdfSlots.close();
      await statisticsFlusher.stop();
      await instanceSync.stop();
      await database.close();
    },
  };
}
