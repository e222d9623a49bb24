// Each module that has settings adds its *.config.ts here, once.
import { authConfig } from '../modules/auth/auth.config.js';
import { storageConfig } from '../modules/storage/storage.config.js';
import { opsConfig } from '../modules/ops/ops.config.js';
import { documentsConfig } from '../modules/documents/documents.config.js';
import { searchConfig } from '../modules/search/search.config.js';
import { readingConfig } from '../modules/reading/reading.config.js';
import { ocrConfig } from '../modules/ocr/ocr.config.js';
import { statisticsConfig } from '../modules/statistics/statistics.config.js';
import { accessibilityConfig } from '../modules/accessibility/accessibility.config.js';
import { mediaConfig } from '../modules/media/media.config.js';
import { cacheConfig } from '../modules/cache/cache.config.js';

export const moduleConfigs = {
  ...authConfig,
  ...storageConfig,
  ...opsConfig,
  ...documentsConfig,
  ...searchConfig,
  ...readingConfig,
  ...ocrConfig,
  ...statisticsConfig,
  ...accessibilityConfig,
  ...mediaConfig,
  ...cacheConfig,
};
