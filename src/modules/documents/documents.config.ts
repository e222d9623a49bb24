import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const documentsConfig = {
  ingestTimeoutSeconds: defineSetting({ env: 'INGEST_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 3600 }), default: '120', doc: 'Wall-clock limit for reading one PDF (text, outline, cover); the child process is killed when it passes and the job fails.' }),
  ingestMemoryMb: defineSetting({ env: 'INGEST_MEMORY_MB', schema: integerFromEnv({ min: 128, max: 65536 }), default: '1024', doc: 'Memory limit for the child process that reads one PDF (everything it allocates, not only the JavaScript heap).' }),
  ingestMaxPages: defineSetting({ env: 'INGEST_MAX_PAGES', schema: integerFromEnv({ min: 1, max: 100000 }), default: '2000', doc: 'Pages indexed per PDF; a longer PDF is flagged as capped, not failed.' }),
  ingestMaxTextMb: defineSetting({ env: 'INGEST_MAX_TEXT_MB', schema: integerFromEnv({ min: 1, max: 1024 }), default: '20', doc: 'Text stored per PDF, in millions of characters; more is cut and the PDF flagged as capped.' }),
};
