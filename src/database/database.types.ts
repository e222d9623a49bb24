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
};

export type DocumentPageTable = {
  documentId: string;
  pageNumber: number; // 1-based
  text: string;
  /** JSON array of layout blocks (lines with font size, weight and position) for the reading version. */
  blocksJson: Generated<string>;
};

export type Database = {
  site: SiteTable;
  reports: ReportTable;
  documents: DocumentTable;
  documentPages: DocumentPageTable;
};
