import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const cacheConfig = {
  pageCacheHitLogSeconds: defineSetting({
    env: 'PAGE_CACHE_HIT_LOG_SECONDS',
    schema: integerFromEnv({ min: 0, max: 86400 }),
    default: '60',
    doc: 'Page cache hits are not logged one line each (they are counted in /metrics): one info line every this many seconds sums them by route and status. 0: no summary line. LOG_LEVEL=debug logs every hit too.',
  }),
};
