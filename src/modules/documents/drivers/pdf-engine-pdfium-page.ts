// One PDF page read with PDFium (pdf-engine-pdfium.ts loads the engine and opens documents): its
// text runs, one per text object in content order, with font, size, position in pdf.js's viewport
// coordinates and marked content, and whether it paints an image. pdf-engine-pdfium-runs.ts then
// mends PDFium's own line and space making into what pdf.js reads.
import { hasText, readFontStyle } from '../documents.models.js';
import { endLinesAtWraps, isCjk, joinVerticalColumns } from './pdf-engine-pdfium-runs.js';
import type { ContentMark, Engine, PdfiumDocument, PdfiumExports, PdfiumFont, PdfiumPage, PdfiumRun } from './pdf-engine-pdfium.js';

const PAGEOBJ_TEXT = 1;
const PAGEOBJ_IMAGE = 3;
const PAGEOBJ_FORM = 5;
const FONT_SYMBOLIC = 4;
const FONT_NONSYMBOLIC = 32;

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

function readFont({ doc, font }: { doc: PdfiumDocument; font: number }): PdfiumFont {
  const known = doc.fonts.get(font);
  if (known) return known;
  const { W, heap, scratch } = doc.engine;
  const length = W.FPDFFont_GetBaseFontName!(font, scratch, 1024);
  const name = length > 1 ? latin1.decode(heap().HEAPU8.subarray(scratch, scratch + Math.min(length, 1024) - 1)) : '';
  // Bold and italic from the name, as with pdf.js: PDFium's weight is unreliable (often 400 for bold faces).
  const style = readFontStyle({ fontName: name });
  const flags = W.FPDFFont_GetFlags!(font);
  const symbolic = flags !== -1 && (flags & FONT_SYMBOLIC) !== 0 && (flags & FONT_NONSYMBOLIC) === 0;
  const entry = { id: `f${font}`, name, embedded: W.FPDFFont_GetIsEmbedded!(font) !== 0, ...style, symbolic };
  doc.fonts.set(font, entry);
  return entry;
}

function readMarks({ engine: { W, heap, scratch, strings }, object }: { engine: Engine; object: number }): ContentMark[] {
  const count = W.FPDFPageObj_CountMarks!(object);
  if (count === 0) return [];
  if (count === 1) {
    // The common case, one tagged span: its MCID in one call. Only its tag decides anything then
    // when it is an Artifact, and an artifact carries no MCID.
    const mcid = W.FPDFPageObj_GetMarkedContentID!(object);
    if (mcid >= 0) return [{ tag: '', mcid }];
  }
  const marks: ContentMark[] = [];
  for (let i = 0; i < count; i += 1) {
    const mark = W.FPDFPageObj_GetMark!(object, i);
    if (!mark) continue;
    let tag = '';
    if (W.FPDFPageObjMark_GetName!(mark, scratch, 512, scratch + 1024)) {
      const bytes = heap().HEAP32[(scratch + 1024) >> 2]!;
      tag = bytes > 2 ? utf16.decode(heap().HEAPU8.subarray(scratch, scratch + Math.min(bytes, 512) - 2)) : '';
    }
    const mcid = W.FPDFPageObjMark_GetParamIntValue!(mark, strings.MCID, scratch + 1024) ? heap().HEAP32[(scratch + 1024) >> 2]! : null;
    marks.push({ tag, mcid });
  }
  return marks;
}

/**
 * The page's objects in content order (forms' objects where the form is drawn): PDFium's text page
 * puts objects on one line in left-to-right order, pdf.js and the reading rules take the order of
 * the content stream (a right column drawn first stays first). With `formMarks`, also the marks
 * each text object inside a form inherits from the forms around it.
 */
function readObjectOrder({ engine, page, formMarks }: { engine: Engine; page: number; formMarks: boolean }): { order: Map<number, number>; inherited: Map<number, ContentMark[]> } {
  const { W } = engine;
  const order = new Map<number, number>();
  const inherited = new Map<number, ContentMark[]>();
  const visit = (container: number, isForm: boolean, outer: ContentMark[], depth: number) => {
    const total = isForm ? W.FPDFFormObj_CountObjects!(container) : W.FPDFPage_CountObjects!(container);
    for (let i = 0; i < total; i += 1) {
      const object = isForm ? W.FPDFFormObj_GetObject!(container, i) : W.FPDFPage_GetObject!(container, i);
      const type = W.FPDFPageObj_GetType!(object);
      if (type === PAGEOBJ_TEXT) {
        order.set(object, order.size);
        if (isForm && outer.length > 0) inherited.set(object, [...outer, ...readMarks({ engine, object })]);
      } else if (type === PAGEOBJ_FORM && depth < 8) visit(object, true, formMarks ? [...outer, ...readMarks({ engine, object })] : outer, depth + 1);
    }
  };
  visit(page, false, [], 0);
  return { order, inherited };
}

/** Whether the page paints an image, in its own content or in a form it draws. */
function paintsImage({ W, container, count, get }: { W: PdfiumExports; container: number; count: (container: number) => number; get: (container: number, index: number) => number }, depth = 0): boolean {
  const total = count(container);
  for (let i = 0; i < total; i += 1) {
    const object = get(container, i);
    const type = W.FPDFPageObj_GetType!(object);
    if (type === PAGEOBJ_IMAGE) return true;
    if (type === PAGEOBJ_FORM && depth < 8 && paintsImage({ W, container: object, count: (form) => W.FPDFFormObj_CountObjects!(form), get: (form, index) => W.FPDFFormObj_GetObject!(form, index) }, depth + 1)) return true;
  }
  return false;
}

/** A character PDFium gives: a code point, or U+FFFD for none or for a code it passed through that is none (above U+10FFFF). */
const readCodePoint = (value: number) => (value > 0 && value <= 0x10ffff ? value : 0xfffd);

/**
 * pdf.js's viewport transform at scale 1 (PageViewport): page space to the top-left coordinates
 * of the page as shown, its crop box and /Rotate applied. As a matrix (x' = a·x + c·y + e,
 * y' = b·x + d·y + f), applied where it is used: a function returning [x, y] made an array per text object.
 */
function createViewportTransform({ box, rotation }: { box: [number, number, number, number]; rotation: number }): { a: number; b: number; c: number; d: number; e: number; f: number } {
  const [x1, y1, x2, y2] = box;
  const centerX = (x1 + x2) / 2;
  const centerY = (y1 + y2) / 2;
  const [a, b, c, d] = rotation === 90 ? [0, 1, 1, 0] : rotation === 180 ? [-1, 0, 0, 1] : rotation === 270 ? [0, -1, -1, 0] : [1, 0, 0, -1];
  const offsetX = a === 0 ? Math.abs(centerY - y1) : Math.abs(centerX - x1);
  const offsetY = a === 0 ? Math.abs(centerX - x1) : Math.abs(centerY - y1);
  return { a, b, c, d, e: offsetX - a * centerX - c * centerY, f: offsetY - b * centerX - d * centerY };
}

/** Characters `from` to `to` of a page's text: a slice of the whole text, or (beyond the BMP) of the characters read one by one. */
function sliceText({ all, chars }: { all: string; chars: string[] | null }, from: number, to: number): string {
  return all ? all.slice(from, to) : chars!.slice(from, to).join('');
}

/**
 * One page's text runs (one per text object, in content order, as pdf.js's text items are one per
 * shown string), each with its font, size, position and marked content; and whether the page paints
 * an image. `hasEOL` is set where the next run starts a new line (PDFium's own line breaks).
 */
export function readPdfiumPage({ doc, index, formMarks = false }: { doc: PdfiumDocument; index: number; formMarks?: boolean }): PdfiumPage {
  const { W, heap, scratch } = doc.engine;
  const page = doc.loadedPages.get(index) ?? W.FPDF_LoadPage!(doc.handle, index);
  doc.loadedPages.delete(index);
  if (!page) return { runs: [], hasImage: false, unmapped: 0 };
  let textPage = 0;
  try {
    const F32 = () => heap().HEAPF32;
    const box: [number, number, number, number] = W.FPDF_GetPageBoundingBox!(page, scratch) ? [F32()[scratch >> 2]!, F32()[(scratch >> 2) + 3]!, F32()[(scratch >> 2) + 2]!, F32()[(scratch >> 2) + 1]!] : [0, 0, W.FPDF_GetPageWidthF!(page), W.FPDF_GetPageHeightF!(page)];
    const rotation = (((W.FPDFPage_GetRotation!(page) * 90) % 360) + 360) % 360;
    const [x1, y1, x2, y2] = [Math.min(box[0], box[2]), Math.min(box[1], box[3]), Math.max(box[0], box[2]), Math.max(box[1], box[3])];
    const viewport = createViewportTransform({ box: [x1, y1, x2, y2], rotation });
    textPage = W.FPDFText_LoadPage!(page);
    const count = textPage ? W.FPDFText_CountChars!(textPage) : 0;
    const runs: PdfiumRun[] = [];
    let unmapped = 0;
    if (count > 0) {
      // The page's text in one call; per character only its text object. Characters beyond the BMP
      // take two UTF-16 units, and then the text is read character by character instead.
      const bytes = (count + 1) * 2;
      const buffer = W.malloc!(bytes);
      let all = '';
      // Where PDFium marked a hyphen it recognised at a line end: U+0002 from FPDFText_GetUnicode,
      // U+FFFE in the page's text. Read as '-' that ends its line, as on the page. Replaced before the
      // text becomes a string, so that a page of Latin-1 letters is a one-byte string: one U+FFFE made
      // the page's text and every string cut from it two bytes a character, twice the memory the
      // garbage collector copies and slower string work (issue #15, bench:ingest).
      const hyphens: number[] = [];
      try {
        const written = W.FPDFText_GetText!(textPage, 0, count, buffer);
        if (written === count + 1) {
          const units16 = new Uint16Array(heap().HEAPU8.buffer, buffer, count);
          for (let i = units16.indexOf(0xfffe); i !== -1; i = units16.indexOf(0xfffe, i + 1)) {
            hyphens.push(i);
            units16[i] = 0x2d;
          }
          all = utf16.decode(heap().HEAPU8.subarray(buffer, buffer + count * 2));
        }
      } finally {
        W.free!(buffer);
      }
      // Per character only its text object; a run is a slice of the page's text. A character
      // PDFium made up (no text object) is a space between words, kept, or a line break, which
      // ends the run.
      const chars = all
        ? null
        : Array.from({ length: count }, (_, i) => {
            const code = readCodePoint(W.FPDFText_GetUnicode!(textPage, i));
            if (code !== 0x0002 && code !== 0xfffe) return String.fromCodePoint(code);
            hyphens.push(i);
            return '-';
          });
      // The first UTF-16 unit of each character, read in the loop below from one string either way
      // (a closure choosing between the two was called, not inlined, for every character).
      const units = all || chars!.map((char) => char[0]!).join('');
      // `gaps`: spaces PDFium made up between two CJK characters (tracking, vertical text), where
      // these scripts put no space and pdf.js and pdftotext read none.
      let run: { object: number; start: number; end: number; eol: boolean; gaps?: number[] } | undefined;
      // Text drawn by a form XObject sits inside the marked content around the form's `Do` (tagged
      // files mark it there): its runs carry the form's marks before their own, as pdf.js reads them.
      const { order, inherited: marksOf } = readObjectOrder({ engine: doc.engine, page, formMarks });
      const pending: { object: number; text: string; eol: boolean; rank: number }[] = [];
      let inOrder = true; // whether the pieces came in content order already (nearly always): then they are not sorted
      const pageText = { all, chars };
      // The first hyphen mark not before the current run: runs and marks both come in text order,
      // so each mark is passed once (looking at every mark for every run was quadratic on a page of
      // many marks and many text objects).
      let nextHyphen = 0;
      // Allocates only the piece and its entry (no closure, no empty gaps array): it runs once per text object.
      const flush = () => {
        if (!run) return;
        let piece: string;
        if (!run.gaps) piece = sliceText(pageText, run.start, run.end);
        else {
          piece = '';
          let from = run.start;
          for (const gap of run.gaps) {
            piece += sliceText(pageText, from, gap);
            from = gap + 1;
          }
          piece += sliceText(pageText, from, run.end);
        }
        // PDFium joins the next line to a hyphen it recognised without a break: the hyphen ends the line.
        while (nextHyphen < hyphens.length && hyphens[nextHyphen]! < run.start) nextHyphen += 1;
        if (nextHyphen < hyphens.length && hyphens[nextHyphen]! < run.end) run.eol = true;
        const rank = order.get(run.object) ?? Number.MAX_SAFE_INTEGER;
        if (pending.length > 0 && rank < pending[pending.length - 1]!.rank) inOrder = false;
        pending.push({ object: run.object, text: piece, eol: run.eol, rank });
        run = undefined;
      };
      const getTextObject = W.FPDFText_GetTextObject!;
      for (let i = 0; i < count; i += 1) {
        const object = getTextObject(textPage, i);
        const code = units.charCodeAt(i);
        if (object && code > 0xff && W.FPDFText_HasUnicodeMapError!(textPage, i) === 1) unmapped += 1;
        if (!object) {
          if (!run) continue;
          if (code === 13 || code === 10) run.eol = true;
          else if (!run.eol) run.end = i + 1;
          continue;
        }
        if (!run || run.object !== object || run.eol) {
          flush();
          run = { object, start: i, end: i + 1, eol: false };
        } else {
          run.end = i + 1;
          if (code === 32 && i + 1 < count && isCjk(units.charCodeAt(i - 1)) && isCjk(units.charCodeAt(i + 1)) && W.FPDFText_IsGenerated!(textPage, i) === 1) (run.gaps ??= []).push(i);
        }
      }
      flush();
      if (!inOrder) pending.sort((a, b) => a.rank - b.rank); // stable: a text object's pieces keep their order
      for (const piece of pending) {
        const { object } = piece;
        if (!W.FPDFPageObj_GetMatrix!(object, scratch)) continue;
        const at = scratch >> 2;
        let floats = F32();
        const a = floats[at]!;
        const b = floats[at + 1]!;
        const c = floats[at + 2]!;
        const d = floats[at + 3]!;
        const e = floats[at + 4]!;
        const f = floats[at + 5]!;
        const fontSize = W.FPDFTextObj_GetFontSize!(object, scratch) ? F32()[at]! : 1;
        W.FPDFPageObj_GetBounds!(object, scratch, scratch + 4, scratch + 8, scratch + 12);
        floats = F32();
        const left = floats[at]!;
        const bottom = floats[at + 1]!;
        const right = floats[at + 2]!;
        const top = floats[at + 3]!;
        // Text wholly outside the page as shown (its crop box) is not read: no reader sees it, and
        // pdftotext leaves it out too (a voucher's other copies drawn above the page, C133).
        if (right < x1 || left > x2 || top < y1 || bottom > y2) continue;
        const font = readFont({ doc, font: W.FPDFTextObj_GetFont!(object) });
        const x = viewport.a * e + viewport.c * f + viewport.e;
        const y = viewport.b * e + viewport.d * f + viewport.f;
        let marks = marksOf.get(object);
        if (!marks) {
          marks = readMarks({ engine: doc.engine, object });
          marksOf.set(object, marks);
        }
        runs.push({ text: piece.text, x, y, width: Math.max(0, right - left), size: Math.round(Math.max(Math.hypot(c, d), Math.hypot(a, b)) * fontSize * 10) / 10, fontName: font.name, bold: font.bold, italic: font.italic, hasEOL: piece.eol, marks, font });
      }
      endLinesAtWraps({ runs });
    }
    const merged = joinVerticalColumns({ runs });
    // Only a page without text can be a scan, so only then are its objects looked at.
    const hasImage = !merged.some((run) => hasText(run.text)) && paintsImage({ W, container: page, count: (container) => W.FPDFPage_CountObjects!(container), get: (container, i) => W.FPDFPage_GetObject!(container, i) });
    return { runs: merged, hasImage, unmapped };
  } finally {
    if (textPage) W.FPDFText_ClosePage!(textPage);
    W.FPDF_ClosePage!(page);
  }
}
