import { booleanFromEnv, defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const statisticsConfig = {
  statistics: defineSetting({ env: 'STATISTICS', schema: booleanFromEnv(), default: 'true', doc: 'Counts readers without cookies (page views, PDF downloads, searches, referrer domains, device classes; see "Readership statistics"). `false`: nothing is counted, the workspace shows what was counted before.' }),
  statisticsFlushSeconds: defineSetting({ env: 'STATISTICS_FLUSH_SECONDS', schema: integerFromEnv({ min: 1, max: 3600 }), default: '60', doc: 'How often the counts kept in memory are added to the database (and at shutdown); a crash loses at most this many seconds of counting.' }),
  statisticsRetentionMonths: defineSetting({ env: 'STATISTICS_RETENTION_MONTHS', schema: integerFromEnv({ min: 1, max: 120 }), default: '25', doc: 'Daily counts older than this many months are deleted.' }),
  statisticsQueryDays: defineSetting({ env: 'STATISTICS_QUERY_DAYS', schema: integerFromEnv({ min: 1, max: 1100 }), default: '14', doc: 'Days of counts one database statement of the statistics page (and its CSV and API) reads: a longer period is summed in steps of this many days, with other requests served between the steps (SQLite answers on the event loop). Larger: fewer statements; smaller: shorter steps.' }),
  statisticsBufferKb: defineSetting({ env: 'STATISTICS_BUFFER_KB', schema: integerFromEnv({ min: 16, max: 65536 }), default: '1024', doc: 'Memory for counts not yet written and for the day\'s reader digests (PDF de-duplication), in KB. When full, new search words and referrer domains are counted as "other", and further PDF readers of the day as new downloads.' }),
};
