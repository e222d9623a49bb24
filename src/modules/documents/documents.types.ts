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
  /** Pieces of the line separated by wide gaps (table cells), when there are two or more. */
  cells?: { x: number; text: string }[];
};

export type IngestStatus = 'venter' | 'behandles' | 'færdig' | 'fejlet';

export type { OcrStatus } from '../../database/database.types.js';
import type { OcrStatus } from '../../database/database.types.js';

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
  /** Figures the PDF's tags give no alt text. */
  figuresWithoutAlt: number;
  /** Failed accessibility checks; null until checked (migration 013). */
  accessibilityFailures: number | null;
  pageCount: number | null;
  year: number;
  title: string;
  currentDocumentId: string | null;
  /** OCR of the scanned pages (migration 016); null (or absent) when no page needed it. */
  ocrStatus?: OcrStatus | null;
  ocrPagesTotal?: number;
  ocrPagesDone?: number;
  ocrPagesCapped?: number;
  ocrConfidence?: number | null;
  ocrError?: string | null;
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
  /** "Tilgængelighed: 3 problemer". */
  accessibility: string;
  /** One sentence for the live region when the state changes. */
  announcement: string;
  /** "Genkend tekst igen" is offered: OCR ran (or could not) and is not running now. */
  ocrRerunnable?: boolean;
};

/** A run of text inside a paragraph that links somewhere or is in another language than the document. */
export type InlinePart = { text: string; href?: string; lang?: string };

/**
 * An ordered list's numbers as the PDF prints them: `start` when it does not start at 1, `value` on
 * an item that does not follow the one before, `numbering` 'a' or 'A' for lettered lists (HTML's
 * `<ol start type>` and `<li value>`). Absent: 1, 2, 3 …
 */
export type ListNumbering = { start?: number; numbering?: 'a' | 'A' };
export type ListItem = { text: string; lang?: string; value?: number; list?: { ordered: boolean; items: ListItem[] } & ListNumbering };

/** `scope` on header cells: `col` for the first row's, `row` for those further down. */
export type TableCell = { text: string; header: boolean; scope?: 'col' | 'row' };

/**
 * One block of a page as the reading version shows it. Ingestion stores these per page
 * (`document_pages.structure_json`) for tagged PDFs, from the structure tree; for untagged PDFs
 * the reading version derives the same blocks from the stored lines. `lang` only where the part's
 * language differs from the document's.
 */
export type StructureBlock =
  /** `size`: the heading's font size in points (untagged PDFs), for ranking levels across the document. */
  | { kind: 'heading'; level: 2 | 3 | 4 | 5 | 6; text: string; id: string; size?: number; lang?: string }
  | { kind: 'paragraph'; text: string; lang?: string; parts?: InlinePart[] }
  | ({ kind: 'list'; ordered: boolean; items: ListItem[]; lang?: string } & ListNumbering)
  | { kind: 'table'; rows: TableCell[][]; caption?: string; lang?: string }
  /** `alt: null`: the PDF gives the figure no alt text; the editor is told, the reader sees no empty alt. */
  | { kind: 'figure'; alt: string | null; caption?: string };
