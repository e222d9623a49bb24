export type StoredDocument = {
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
