import type { AccessibilityFacts } from './accessibility.types.js';

/** What the PDF child reads from an untagged PDF without title, language or embedded fonts, with one scanned page (3 pages). */
export const sampleAccessibilityFacts: AccessibilityFacts = {
  version: 1,
  pageCount: 3,
  pagesChecked: 3,
  marked: false,
  hasStructTree: false,
  lang: null,
  infoTitle: null,
  xmpTitle: null,
  hasXmp: false,
  displayDocTitle: null,
  pdfUaPart: null,
  permissions: null,
  untaggedText: { pages: [1, 2], count: 2, chars: 400 },
  scannedPages: { pages: [3], count: 1 },
  headings: [],
  figures: 0,
  figuresWithoutAlt: { pages: [], count: 0 },
  tables: 0,
  tablesWithoutHeaders: { pages: [], count: 0 },
  lists: 0,
  malformedLists: { pages: [], count: 0 },
  bulletParagraphs: { pages: [], count: 0 },
  fonts: [{ name: 'Helvetica', embedded: false, unreadableChars: 0, pages: [1, 2], unreadablePages: [] }],
};
