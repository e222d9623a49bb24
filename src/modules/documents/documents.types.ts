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

/**
 * One line of text on a PDF page as ingestion stores it (`document_pages.blocks_json` is an array
 * of these, in reading order). Coordinates are PDF points from the page's top-left corner; the
 * reading version groups lines into headings, paragraphs and lists from size, weight and position.
 */
export type PageLine = {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points (the text height). */
  size: number;
  fontName: string;
  bold: boolean;
  italic: boolean;
};

export type IngestStatus = 'venter' | 'behandles' | 'færdig' | 'fejlet';

/** One document's ingestion as the workspace shows it (`createIngestionRepository().listStates()`). */
export type DocumentStateRow = {
  id: string;
  reportId: string;
  fileName: string;
  size: number;
  createdAt: string;
  ingestStatus: IngestStatus;
  ingestPagesDone: number;
  ingestPagesTotal: number | null;
  ingestError: string | null;
  pagesCapped: number;
  textCapped: number;
  pagesWithoutText: number;
  isRestricted: number;
  pageCount: number | null;
  year: number;
  title: string;
  currentDocumentId: string | null;
};

/** The same, as text in the reader's language: what the table cells and the JSON for live updates hold. */
export type DocumentStateText = {
  id: string;
  status: IngestStatus;
  /** Waiting or being read: the page keeps asking. */
  active: boolean;
  failed: boolean;
  state: string;
  /** The failure reason, when failed. */
  reason: string | null;
  progress: string;
  notes: string[];
  /** One sentence for the live region when the state changes. */
  announcement: string;
};
