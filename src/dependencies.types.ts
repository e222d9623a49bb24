import type { Config } from './config/config.js';
import type { Db, DatabaseDialect } from './database/database.js';
import type { StorageDriver } from './modules/storage/storage.types.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import type { Assets } from './ui/assets.js';
import type { EventBus } from './shared/events.js';
import type { PdfSlots } from './modules/documents/drivers/pdf-slots.js';
import type { StatisticsCounter } from './modules/statistics/statistics.types.js';

/** Everything with I/O that the application uses, made once by the composition root. */
export type Dependencies = {
  config: Config;
  db: Db;
  dialect: DatabaseDialect;
  storage: StorageDriver;
  clock: Clock;
  logger: Logger;
  assets: Assets;
  events: EventBus;
  /** The cap on PDF child processes running at once (PDF_MAX_CHILDREN), shared by uploads and ingestion. */
  pdfSlots: PdfSlots;
  /** Readership counting in memory (STATISTICS); written to the database by the flusher the composition root starts. */
  statistics: StatisticsCounter;
  /** Closes what was opened, in reverse order. */
  close: () => Promise<void>;
};
