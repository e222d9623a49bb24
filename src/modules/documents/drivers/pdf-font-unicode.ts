// Why PDFium can read letters wrongly where pdf.js and pdftotext read them right, and how the
// ingestion child (pdf-child-pdfium.ts) tells, so that it reads such a document with pdf.js:
//
// - A simple TrueType font with neither /Encoding nor /ToUnicode, flagged Symbolic (C086, Amyuni):
//   PDFium takes its codes above 127 as Mac Roman when the embedded font has a Mac cmap (0xE4, "ä"
//   in WinAnsi, becomes "‰"); pdf.js and poppler take them as WinAnsi, as Windows producers mean.
//   PDFium's text API cannot say which encoding it assumed, so a symbolic font that draws letters
//   beyond ASCII is looked up here in the file's own font dictionaries, which settle it.
//   Correcting PDFium's text instead (turning it back into codes, read as WinAnsi) was tried and
//   cannot be made exact from the text alone: PDFium's guess is not the Mac Roman table (TextDecoder
//   'macintosh'): where Mac Roman has symbols (0xB0 "∞", 0xC6 "∆", 0xC5 "≈") it gives Latin-1's
//   "°", "Æ", "Å", so nine characters come from two codes each ("Æ" is 0xAE and 0xC6: WinAnsi "®"
//   and "Æ"); and it splits the Mac ligatures at 0xDE and 0xDF into "fi" and "fl", which are
//   WinAnsi "Þ" and "ß" (C086's "gemäß" would read "gemäfl", not to be told from a real "fl").
//   Asking PDFium what each code gives (a text object of the font on a scratch page,
//   FPDFText_SetCharcodes) settles the first but not the second, which needs the codes PDFium's
//   text API does not give. So these documents still go to pdf.js (in a child of its own).
// - A ToUnicode CMap PDFium does not accept (C098, Haru's UTF-8 CMap: with codes of one and two
//   bytes only PDFium reads it, with ranges of three-byte codes added it drops the map): PDFium then
//   gives the character code itself as the text and says so (FPDFText_HasUnicodeMapError), so that
//   needs no lookup (readPdfiumPage counts those characters as `unmapped`). Reading the map here
//   instead was tried: the letters come right, but the spacing does not (C098's words split).
import type { ParsedPdf } from './pdf-structure-tree.js';

/** A font's name without its subset tag (`XTDZQO+Arial`): PDFium gives some names with it and some without. */
export const withoutSubsetTag = (name: string) => name.replace(/^[A-Z]{6}\+/, '');

/**
 * Of the fonts named `baseFonts` (subset tags aside), those that are simple TrueType fonts without
 * /Encoding and without /ToUnicode: where PDFium's guess at the encoding is not pdf.js's.
 */
export function findFontsWithoutEncoding({ pdf, baseFonts }: { pdf: ParsedPdf; baseFonts: ReadonlySet<string> }): string[] {
  const { PDFDict, PDFName } = pdf.lib;
  const names = { Type: PDFName.of('Type'), Font: PDFName.of('Font'), Subtype: PDFName.of('Subtype'), TrueType: PDFName.of('TrueType'), BaseFont: PDFName.of('BaseFont'), Encoding: PDFName.of('Encoding'), ToUnicode: PDFName.of('ToUnicode') };
  const found = new Set<string>();
  // One pass over the objects pdf-lib has parsed anyway: bounded by the document itself.
  for (const [, object] of pdf.doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(names.Type) !== names.Font || object.get(names.Subtype) !== names.TrueType) continue;
    const baseFont = object.get(names.BaseFont);
    const name = baseFont instanceof PDFName ? withoutSubsetTag(baseFont.decodeText()) : '';
    if (baseFonts.has(name) && !object.has(names.Encoding) && !object.has(names.ToUnicode)) found.add(name);
  }
  return [...found];
}

/** Whether a run's text has letters beyond ASCII that a wrong single-byte encoding would change (private-use symbols aside: pdf.js reads those alike). */
export function hasTextBeyondAscii({ text }: { text: string }): boolean {
  return /[^\u0000-\u007f\s\ue000-\uf8ff]/.test(text);
}
