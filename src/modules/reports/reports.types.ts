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

export type PublicDocument = { id: string; sha256: string; fileName: string; size: number; pageCount: number | null; url: string };

/** A published report as readers see it. */
export type PublicReport = Report & { document: PublicDocument | undefined };
