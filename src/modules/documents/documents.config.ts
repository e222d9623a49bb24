import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const documentsConfig = {
  ingestTimeoutSeconds: defineSetting({ env: 'INGEST_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 3600 }), default: '120', doc: 'Wall-clock limit for reading one PDF (text, outline, cover); the child process is killed when it passes and the job fails.' }),
  ingestMemoryMb: defineSetting({ env: 'INGEST_MEMORY_MB', schema: integerFromEnv({ min: 128, max: 65536 }), default: '1024', doc: 'Memory limit for the child process that reads one PDF (everything it allocates, not only the JavaScript heap).' }),
  ingestMaxPages: defineSetting({ env: 'INGEST_MAX_PAGES', schema: integerFromEnv({ min: 1, max: 100000 }), default: '2000', doc: 'Pages indexed per PDF; a longer PDF is flagged as capped, not failed.' }),
  ingestMaxTextMb: defineSetting({ env: 'INGEST_MAX_TEXT_MB', schema: integerFromEnv({ min: 1, max: 1024 }), default: '20', doc: 'Text stored per PDF, in millions of characters; more is cut and the PDF flagged as capped.' }),
  pdfMaxChildren: defineSetting({ env: 'PDF_MAX_CHILDREN', schema: integerFromEnv({ min: 1, max: 64 }), default: '2', doc: 'PDF child processes running at once (upload checks and ingestion together), each within INGEST_MEMORY_MB: the cap on the memory PDF work can take. Ingestion waits for a slot; an upload waits behind at most as many others, else gets 503 with Retry-After.' }),
  uploadBodyTimeoutSeconds: defineSetting({ env: 'UPLOAD_BODY_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 5, max: 86400 }), default: '600', doc: 'Longest time the body of an upload may take to arrive; a slower one is cut with 408 and nothing is stored.' }),
};
