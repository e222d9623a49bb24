import type { Migration } from './migrations.types.js';
import { migration001Initial } from './migrations/001-initial.js';
import { migration002Auth } from './migrations/002-auth.js';
import { migration003ReportRevisions } from './migrations/003-report-revisions.js';
import { migration004Ingestion } from './migrations/004-ingestion.js';
import { migration005Search } from './migrations/005-search.js';
import { migration006OpenData } from './migrations/006-open-data.js';
import { migration007CoverSize } from './migrations/007-cover-size.js';
import { migration008ApiTokens } from './migrations/008-api-tokens.js';
import { migration009JobTiming } from './migrations/009-job-timing.js';
import { migration010SearchRanking } from './migrations/010-search-ranking.js';
import { migration011ReportPreviousYears } from './migrations/011-report-previous-years.js';
import { migration012ReadingStructure } from './migrations/012-reading-structure.js';
import { migration013Accessibility } from './migrations/013-accessibility.js';
import { migration014Statistics } from './migrations/014-statistics.js';
import { migration015ReportMedia } from './migrations/015-report-media.js';
import { migration016Ocr } from './migrations/016-ocr.js';
import { migration018SearchCleanedText } from './migrations/018-search-cleaned-text.js';

// Every migration, in order. Names are numbered; a new one is appended, never inserted.
export const migrations: Migration[] = [migration001Initial, migration002Auth, migration003ReportRevisions, migration004Ingestion, migration005Search, migration006OpenData, migration007CoverSize, migration008ApiTokens, migration009JobTiming, migration010SearchRanking, migration011ReportPreviousYears, migration012ReadingStructure, migration013Accessibility, migration014Statistics, migration015ReportMedia, migration016Ocr, migration018SearchCleanedText];
