import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const searchConfig = {
  searchMaxClauses: defineSetting({ env: 'SEARCH_MAX_CLAUSES', schema: integerFromEnv({ min: 1, max: 64 }), default: '8', doc: 'Words, phrases and prefixes one search may look for, across all its OR groups and exclusions; a longer query is searched on its first ones and the reader is told so.' }),
  searchMaxPrefixTerms: defineSetting({ env: 'SEARCH_MAX_PREFIX_TERMS', schema: integerFromEnv({ min: 1, max: 1024 }), default: '64', doc: 'Index words that all the prefixes (klima*) of one search may stand for together, shared between them (the shortest words first; each prefix at least its own word); a prefix that stands for more is named on the page.' }),
  searchMaxCandidateRows: defineSetting({ env: 'SEARCH_MAX_CANDIDATE_ROWS', schema: integerFromEnv({ min: 1, max: 100000 }), default: '1300', doc: 'Matching pages one search reads to rank, its "did you mean" tries included (the results ask for 1,000, each try for 50).' }),
  searchMaxSampleRows: defineSetting({ env: 'SEARCH_MAX_SAMPLE_ROWS', schema: integerFromEnv({ min: 0, max: 1000000 }), default: '16000', doc: 'Matching pages one search may read to learn how common its words are, for ranking (up to 2,000 a word; what is learnt is kept for a minute). Past it, a word counts as common.' }),
  searchMaxSuggestionWords: defineSetting({ env: 'SEARCH_MAX_SUGGESTION_WORDS', schema: integerFromEnv({ min: 0, max: 100000 }), default: '2000', doc: 'Index words one search compares with the reader\'s for "did you mean", across all its words.' }),
  searchMaxSuggestionTries: defineSetting({ env: 'SEARCH_MAX_SUGGESTION_TRIES', schema: integerFromEnv({ min: 0, max: 100 }), default: '6', doc: 'Alternative queries one search tries for "did you mean" (each a bounded lookup of at most 50 pages).' }),
  searchRateLimitPerMinute: defineSetting({ env: 'SEARCH_RATE_LIMIT_PER_MINUTE', schema: integerFromEnv({ min: 1, max: 100000 }), default: '60', doc: 'Searches per minute from one address (the search page and /api/v1/search; answers from the page cache are not counted); more get 429 with Retry-After.' }),
};
