import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const authConfig = {
  sessionIdleHours: defineSetting({ env: 'SESSION_IDLE_HOURS', schema: integerFromEnv({ min: 1, max: 720 }), default: '8', doc: 'A session ends after this many hours without a request.' }),
  sessionMaxDays: defineSetting({ env: 'SESSION_MAX_DAYS', schema: integerFromEnv({ min: 1, max: 365 }), default: '7', doc: 'A session ends this many days after login, however active.' }),
};
