import type { ReportStatus } from '../../database/database.types.js';

export type { ReportStatus };

export type Report = {
  id: string;
  year: number;
  title: string;
  periodStart: string | null;
  periodEnd: string | null;
  forewordMd: string;
  status: ReportStatus;
  publishedAt: string | null;
  scheduledAt: string | null;
  deletedAt: string | null;
  currentDocumentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
};

/** Page 1 of the PDF as an image: 320 px (`height` is its height) and 640 px for dense screens. */
export type PublicCover = { smallUrl: string; largeUrl: string; width: number; height: number };

/** `accessibilityProblems`: failed accessibility checks of the PDF (0 when none or not checked yet); readers are pointed to the reading version. */
export type PublicDocument = { id: string; sha256: string; fileName: string; size: number; pageCount: number | null; url: string; cover?: PublicCover; accessibilityProblems?: number };

/** A published report as readers see it. */
export type PublicReport = Report & { document: PublicDocument | undefined };
