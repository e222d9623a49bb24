import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const opsConfig = {
  shutdownGraceSeconds: defineSetting({
    env: 'SHUTDOWN_GRACE_SECONDS',
    schema: integerFromEnv({ min: 0, max: 3600 }),
    default: '30',
    doc: 'On SIGTERM/SIGINT: how long requests in flight (uploads included) and running jobs may take to finish before the process stops anyway.',
  }),
};
