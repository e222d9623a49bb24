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
import { createPdfiumWasm, type WasmBuild } from './modules/documents/drivers/pdfium-wasm.js';
import { subscribeIngestion } from './modules/documents/documents.usecases.js';
import { subscribeOcr } from './modules/ocr/ocr.usecases.js';
import type { Dependencies } from './dependencies.types.js';
import { createStatisticsCounter, startStatisticsFlusher } from './modules/statistics/statistics.usecases.js';

/**
 * `role`: the server makes the optimised PDFium binary when there is none (PDFIUM_OPTIMIZE); a
 * command run once (the CLI) uses it when the server has made it, and does not start a build it
 * would stop when it ends.
 */
export async function createDependencies({ config, role = 'server' }: { config: Config; role?: 'server' | 'command' }): Promise<Dependencies> {
  const logger = createLogger({ level: config.logLevel });
  const databaseUrl = resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const database = createDatabase({ url: databaseUrl });
  await migrateToLatest({ db: database.db });
  const storage = await createConfiguredStorage({ config });
  // Long-lived PDF children, at most PDF_MAX_CHILDREN, replaced after failures, N documents or the memory mark.
  const pdfiumWasm = createPdfiumWasm({ enabled: config.pdfiumOptimize, build: role === 'server', onSettled: (result) => logPdfiumWasm({ result, logger }) });
  const pdfSlots = createPdfSlots({ max: config.pdfMaxChildren, recycling: pdfChildRecyclingOf({ config }), pdfiumWasm });
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

/** Says once which PDFium binary the children load: the optimised one, or the package's and why. */
function logPdfiumWasm({ result, logger }: { result: WasmBuild; logger: Dependencies['logger'] }): void {
  if (result.state === 'ready') logger.info({ path: result.path }, result.built ? 'PDFium: optimised binary made; new PDF children load it' : 'PDFium: new PDF children load the optimised binary');
  else if (result.state === 'stopped') logger.info('PDFium: making the optimised binary stopped at shutdown; the next start makes it');
  else if (result.state === 'failed') logger.warn({ reason: result.reason }, `PDFium: reading with the package's binary (about 15–20 % more CPU per page), as the optimised one could not be made: ${result.reason}`);
}
