import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const searchConfig = {
  searchMaxClauses: defineSetting({ env: 'SEARCH_MAX_CLAUSES', schema: integerFromEnv({ min: 1, max: 64 }), default: '8', doc: 'Words, phrases and prefixes one search may look for, across all its OR groups and exclusions; a longer query is searched on its first ones and the reader is told so.' }),
  searchMaxPrefixTerms: defineSetting({ env: 'SEARCH_MAX_PREFIX_TERMS', schema: integerFromEnv({ min: 1, max: 1024 }), default: '64', doc: 'Index words that all the prefixes (klima*) of one search may stand for together, shared between them (the shortest words first).' }),
  searchRateLimitPerMinute: defineSetting({ env: 'SEARCH_RATE_LIMIT_PER_MINUTE', schema: integerFromEnv({ min: 1, max: 100000 }), default: '60', doc: 'Searches per minute from one address (the search page and /api/v1/search; answers from the page cache are not counted); more get 429 with Retry-After.' }),
};
