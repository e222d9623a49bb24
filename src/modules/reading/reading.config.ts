import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const readingConfig = {
  readingChapterMinPages: defineSetting({ env: 'READING_CHAPTER_MIN_PAGES', schema: integerFromEnv({ min: 1, max: 100000 }), default: '30', doc: 'A reading version with more PDF pages than this is split into one web page per chapter (top-level outline entry or heading), with previous/next links and the contents on each.' }),
  readingPageMaxKb: defineSetting({ env: 'READING_PAGE_MAX_KB', schema: integerFromEnv({ min: 20, max: 10000 }), default: '120', doc: 'Text budget of one reading-version web page, in KB; a longer chapter is cut between PDF pages so no page passes about 150 KB of HTML.' }),
};
