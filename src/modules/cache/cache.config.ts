import { z } from 'zod';
import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const cacheConfig = {
  httpFront: defineSetting({
    env: 'HTTP_FRONT',
    schema: z.enum(['worker', 'off']),
    default: 'worker',
    doc: '`worker` (the default): a worker thread owns PORT and answers cached public pages from its own copy of the page cache, in a V8 isolate of its own, and passes every other request to the app over a private Unix socket (a cached page costs about a quarter less CPU, as little as in a bare node:http server; a miss pays one local hop of tens of µs; about 10 MB more memory). `off`: the app listens on PORT itself and answers cached pages before Fastify, as before (for a platform without Unix sockets; with `npm start`\'s 1 MB young generation a hit then costs more garbage collection).',
  }),
  pageCacheHitLogSeconds: defineSetting({
    env: 'PAGE_CACHE_HIT_LOG_SECONDS',
    schema: integerFromEnv({ min: 0, max: 86400 }),
    default: '60',
    doc: 'Page cache hits are not logged one line each (they are counted in /metrics): one info line every this many seconds sums them by route and status. 0: no summary line. LOG_LEVEL=debug logs every hit too.',
  }),
};
