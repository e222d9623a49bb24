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
