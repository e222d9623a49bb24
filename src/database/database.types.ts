// Row shapes of every table, as Kysely sees them. Columns are snake_case in SQL and camelCase here
// (CamelCasePlugin). Timestamps are ISO-8601 UTC text. Booleans are integers 0/1 (portable).
import type { Generated } from 'kysely';

export type SiteTable = {
  id: string;
  name: string;
  title: string;
  breadcrumb: string; // JSON array of strings
  intro: string;
  language: string;
  yearsShown: number;
  logoUrl: string | null;
  primaryColor: string | null;
  accessibilityUrl: string | null;
  isDemo: Generated<number>;
  updatedAt: string;
};

export type ReportStatus = 'draft' | 'scheduled' | 'published';

export type ReportTable = {
  id: string;
  year: number;
  title: string;
  periodStart: string | null; // YYYY-MM-DD
  periodEnd: string | null;
  forewordMd: string;
  status: ReportStatus;
  publishedAt: string | null; // when it was (or is shown as) published
  scheduledAt: string | null; // planned publication time (UTC)
  deletedAt: string | null; // in the trash since
  currentDocumentId: string | null;
  version: Generated<number>; // bumped on every save: optimistic concurrency
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
};

export type DocumentTable = {
  id: string;
  reportId: string;
  sha256: string;
  storageKey: string;
  fileName: string;
  size: number;
  pageCount: number | null;
  createdAt: string;
  createdBy: string | null;
  // Ingestion (migration 004): state, progress, what was read from the PDF.
  ingestStatus: Generated<IngestStatus>;
  ingestPagesDone: Generated<number>;
  ingestPagesTotal: number | null;
  ingestError: string | null; // short Danish reason when fejlet
  ingestedAt: string | null;
  pdfTitle: string | null;
  pdfAuthor: string | null;
  pdfLanguage: string | null;
  pdfCreatedAt: string | null;
  outlineJson: string | null; // JSON PdfOutlineEntry[]
  coverSmallKey: string | null; // storage key of the 320 px cover (WebP; PNG before)
  coverLargeKey: string | null; // 640 px
  coverSmallHeight: number | null; // px height of the 320 px cover (migration 007)
  pagesCapped: Generated<number>; // 0/1: more pages than INGEST_MAX_PAGES
  textCapped: Generated<number>; // 0/1: more text than INGEST_MAX_TEXT_MB
  pagesWithoutText: Generated<number>; // scanned pages
  isRestricted: Generated<number>; // 0/1: owner restrictions (opened without a password)
  isTagged: Generated<number>; // 0/1: read from the PDF's structure tree (migration 012)
  figuresWithoutAlt: Generated<number>; // figures the tags give no alt text (the editor is told)
  // OCR of scanned pages (migration 016): null when no page needed it.
  ocrStatus: OcrStatus | null;
  ocrPagesTotal: Generated<number>;
  ocrPagesDone: Generated<number>;
  ocrPagesCapped: Generated<number>; // 0/1: more pages needed OCR than OCR_MAX_PAGES
  ocrConfidence: number | null; // mean word confidence 0–100 over the OCR pages
  ocrError: string | null;
  accessibilityJson: string | null; // AccessibilityResult: every accessibility check (migration 013); null until checked
  accessibilityFailures: number | null; // how many checks failed; null until checked
};

/** `utilgængelig`: Tesseract (or its language data) is not installed; the pages stay without text. */
export type OcrStatus = 'venter' | 'behandles' | 'færdig' | 'fejlet' | 'utilgængelig';

export type IngestStatus = 'venter' | 'behandles' | 'færdig' | 'fejlet';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export type JobTable = {
  id: string;
  type: string;
  payloadJson: string;
  status: JobStatus;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  runAfter: string;
  lockedBy: string | null;
  heartbeatAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the current (or last) try began; null while never claimed. */
  startedAt: Generated<string | null>;
  /** When the job ended as done or failed. */
  finishedAt: Generated<string | null>;
  /** Higher runs first among due jobs (migration 016); OCR is below the default 0. */
  priority: Generated<number>;
};

export type DocumentPageTable = {
  documentId: string;
  pageNumber: number; // 1-based
  text: string;
  /** JSON array of layout blocks (lines with font size, weight and position) for the reading version. */
  blocksJson: Generated<string>;
  /** JSON StructureBlock[] from the PDF's structure tree (tagged PDFs, migration 012); null for untagged ones. */
  structureJson: Generated<string | null>;
  /** 0/1: the text was recognised from the page image (migration 016). */
  ocr: Generated<number>;
  /** Mean word confidence 0–100 of an OCR page; null otherwise. */
  ocrConfidence: Generated<number | null>;
};

export type UserRole = 'admin' | 'editor';

export type UserTable = {
  id: string;
  email: string; // lower case
  name: string;
  role: UserRole;
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type SessionTable = {
  id: string; // sha256 of the cookie value
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string; // absolute expiry
  ip: string;
};

export type LoginAttemptTable = {
  id: string;
  email: string;
  ip: string;
  succeeded: number;
  createdAt: string;
};

export type AuditLogTable = {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Generated<string>; // JSON object
  ip: string | null;
};

/** One searchable unit of a published report: a PDF page, or the foreword as page 0 (filled by the search module). */
export type SearchEntryTable = {
  seq: Generated<number>;
  reportId: string;
  pageNumber: number;
  year: number;
  text: string;
  /** The page's index terms joined by spaces (for ranking; migration 010). */
  terms: string | null;
};

/** The index's surface vocabulary, for "did you mean" suggestions and prefix expansion. */
export type SearchWordTable = {
  word: string;
  firstLetter: string;
  length: number;
  /** The word folded as the index folds it (æ→ae, accents dropped; migration 010). */
  folded: string | null;
};

/** A public note about a correction of a published report (migration 006). */
export type ReportCorrectionTable = {
  id: string;
  reportId: string;
  note: string;
  createdAt: string;
  createdBy: string | null;
};

/** One saved state of a report (migration 003). */
export type ReportRevisionTable = {
  id: string;
  reportId: string;
  number: number;
  action: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  snapshotJson: string;
};

/** A year a published report was public under before its year changed: its old address redirects. */
export type ReportPreviousYearTable = {
  year: number;
  reportId: string;
  createdAt: string;
};

export type ApiTokenScope = 'read' | 'write' | 'statistics';

/** An editor's personal API token (migration 008); only its SHA-256 digest is stored. */
export type ApiTokenTable = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string; // hex SHA-256 of the whole token
  prefix: string; // the token's first characters, for recognition
  scope: ApiTokenScope;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Readership statistics (migration 014): a count per Copenhagen day × metric × item × detail. */
export type StatisticsDailyTable = {
  day: string; // YYYY-MM-DD, Copenhagen
  metric: 'view' | 'download' | 'search' | 'referrer' | 'device';
  item: string; // a report year, 'site', a report id (downloads) or a search query
  detail: string;
  count: number;
};

export type ReportMediaTable = {
  id: string;
  reportId: string;
  slug: string;
  kind: 'video' | 'audio';
  title: string;
  description: Generated<string>;
  position: Generated<number>;
  sha256: string;
  storageKey: string;
  fileName: string;
  mimeType: string;
  size: number;
  durationSeconds: number;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  captionsKey: string | null; // WebVTT, content-addressed
  posterKey: string | null; // JPEG, uploaded or taken from the video
  posterType: string | null; // image/jpeg, image/png or image/webp
  posterUploaded: Generated<number>; // 1: the editor's own, kept when the film is replaced
  transcriptMd: string | null;
  removedAt: string | null; // taken off the report, restorable
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Database = {
  site: SiteTable;
  reports: ReportTable;
  reportRevisions: ReportRevisionTable;
  reportPreviousYears: ReportPreviousYearTable;
  documents: DocumentTable;
  documentPages: DocumentPageTable;
  reportMedia: ReportMediaTable;
  jobs: JobTable;
  users: UserTable;
  sessions: SessionTable;
  loginAttempts: LoginAttemptTable;
  auditLog: AuditLogTable;
  searchEntries: SearchEntryTable;
  searchWords: SearchWordTable;
  reportCorrections: ReportCorrectionTable;
  apiTokens: ApiTokenTable;
  statisticsDaily: StatisticsDailyTable;
};
