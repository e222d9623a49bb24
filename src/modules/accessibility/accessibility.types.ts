// What the PDF child reads for the accessibility checks ("facts"), and what the checks make of it.

/** Page numbers where something was found (capped by the child) and how many there were in all. */
export type PageTally = { pages: number[]; count: number };

/** One font as pdf.js loaded it: embedded or substituted, and how much of its text is no readable Unicode. */
export type FontFact = { name: string; embedded: boolean; unreadableChars: number; pages: number[]; unreadablePages: number[] };

/**
 * Everything the checks need, read once by the PDF child (drivers/pdf-accessibility.ts) from the
 * catalog, the metadata, the permissions, each page's marked content and structure tree and the
 * loaded fonts. Plain JSON, so it travels from the child and can be kept.
 */
export type AccessibilityFacts = {
  version: 1;
  pageCount: number;
  /** Pages read (the first INGEST_MAX_PAGES). */
  pagesChecked: number;
  /** /MarkInfo /Marked true in the catalog. */
  marked: boolean;
  /** A structure tree was found on at least one page. */
  hasStructTree: boolean;
  /** The catalog's /Lang, as written. */
  lang: string | null;
  infoTitle: string | null;
  xmpTitle: string | null;
  hasXmp: boolean;
  /** /ViewerPreferences /DisplayDocTitle: null when absent. */
  displayDocTitle: boolean | null;
  /** pdfuaid:part from the XMP metadata, when the file claims PDF/UA. */
  pdfUaPart: number | null;
  /** pdf.js's PermissionFlag values the file allows, or null when it restricts nothing. */
  permissions: number[] | null;
  /** Pages with text outside both tags and artifacts, and how many characters of it. */
  untaggedText: PageTally & { chars: number };
  /** Pages with no text but an image: scanned. */
  scannedPages: PageTally;
  /** Headings in reading order per page (H1–H6 as 1–6, H as 0), capped. */
  headings: { level: number; page: number }[];
  figures: number;
  figuresWithoutAlt: PageTally;
  tables: number;
  tablesWithoutHeaders: PageTally;
  lists: number;
  /** L with kids other than LI (or LI outside L). */
  malformedLists: PageTally;
  /** Paragraphs that start with a bullet glyph: a list not tagged as one. */
  bulletParagraphs: PageTally;
  fonts: FontFact[];
};

export type CheckStatus = 'pass' | 'fail' | 'cannot_tell';

export const accessibilityCheckCodes = [
  'tagged', 'title', 'title-shown', 'language', 'content-tagged', 'headings', 'heading-levels', 'figure-alt', 'table-headers', 'lists', 'fonts-embedded', 'unicode', 'scanned', 'permissions', 'pdfua',
] as const;
export type AccessibilityCheckCode = (typeof accessibilityCheckCodes)[number];

export type CheckResult = {
  code: AccessibilityCheckCode;
  status: CheckStatus;
  /** Informational checks (the PDF/UA claim) never count as a problem. */
  informational?: true;
  /** Pages concerned, at most ACCESSIBILITY_MAX_PAGES_LISTED; `count` says how many in all. */
  pages: number[];
  count: number;
  /** Values for the sentence (a language tag, font names, a heading jump). */
  detail?: Record<string, string | number>;
};

/** What is stored per document (`documents.accessibility_json`). */
export type AccessibilityResult = { version: 1; checks: CheckResult[]; failures: number };
