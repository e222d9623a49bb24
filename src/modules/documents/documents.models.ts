import type { DocumentStateRow, DocumentStateText, PageLine } from './documents.types.js';
import type { MessageKey, Translate } from '../../ui/i18n/i18n.js';
import type { CoverFormat } from './drivers/pdf-process.types.js';
import { canRerunOcr, describeOcrNotes, isOcrActive } from '../ocr/ocr.models.js';
import { describeAccessibilitySummary } from '../accessibility/accessibility.models.js';

/** The file name readers get: the original, minus anything that could act as a path or a control character. */
/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks): a right-to-left
 * override in a name makes `rapport\u202Efdp.exe` read as `rapportexe.pdf`. Never kept in a file name.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeFileName({ fileName }: { fileName: string }): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  let cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned.length > 150) cleaned = cleaned.slice(0, 150);
  if (!cleaned) cleaned = 'beretning';
  if (!/\.pdf$/i.test(cleaned)) cleaned = `${cleaned}.pdf`;
  return cleaned;
}

/** The public, content-addressed address of a PDF: immutable, since its bytes can never change. */
export function createDocumentUrl({ sha256, fileName }: { sha256: string; fileName: string }): string {
  return `/filer/${sha256}/${encodeURIComponent(sanitizeFileName({ fileName }))}`;
}

/** The public address of a stored cover: content-addressed like the PDF, so it never changes. */
export function createCoverUrl({ sha256, width, format }: { sha256: string; width: CoverWidth; format: CoverFormat }): string {
  return `/omslag/${sha256}-${width}.${format}`;
}

/** A stored cover's format, from its storage key (covers made before WebP are PNG). */
export function coverFormatOfKey({ key }: { key: string }): CoverFormat {
  return key.endsWith('.webp') ? 'webp' : 'png';
}

export const coverWidths = [320, 640] as const;
export type CoverWidth = (typeof coverWidths)[number];

/** `<sha256>-<320|640>.<webp|png>` from a cover address; anything else is undefined (so it answers 404). */
export function parseCoverFileName({ fileName }: { fileName: string }): { sha256: string; width: CoverWidth; format: CoverFormat } | undefined {
  const match = /^([a-f0-9]{64})-(320|640)\.(webp|png)$/.exec(fileName);
  if (!match) return undefined;
  return { sha256: match[1]!, width: Number(match[2]) as CoverWidth, format: match[3] as CoverFormat };
}

/** Reason codes ingestion stores in `documents.ingest_error`, each with its text in the catalogue. */
export const ingestReasonCodes = ['encrypted', 'malformed', 'too_large', 'timeout', 'no_pages', 'not_pdf', 'crashed', 'missing'] as const;

/** The editor's sentence for a stored failure reason (an unknown code gets the general one). */
export function describeIngestReason({ code, t }: { code: string | null; t: Translate }): string {
  return (ingestReasonCodes as readonly string[]).includes(code ?? '') ? t(`documents.reason.${code}` as MessageKey) : t('documents.reason.unknown');
}

/** A document's ingestion in words: state, progress ("sider 3 af 12"), flags (scanned pages, caps, restrictions). */
export function describeDocumentState({ row, t }: { row: DocumentStateRow; t: Translate }): DocumentStateText {
  const failed = row.ingestStatus === 'fejlet';
  const reason = failed ? describeIngestReason({ code: row.ingestError, t }) : null;
  const total = row.ingestPagesTotal ?? row.pageCount;
  const progress = (row.ingestStatus === 'behandles' || row.ingestStatus === 'færdig') && total !== null ? t('documents.progress', { done: row.ingestPagesDone, total }) : t('documents.progressNone');
  const notes: string[] = [];
  if (row.ingestStatus === 'færdig') {
    if (row.pagesWithoutText > 0 && row.ocrStatus !== 'utilgængelig') notes.push(t(row.pagesWithoutText === 1 ? 'documents.scannedOne' : 'documents.scanned', { count: row.pagesWithoutText }));
    if (row.pagesCapped) notes.push(t('documents.pagesCapped', { count: row.ingestPagesTotal ?? row.ingestPagesDone }));
    if (row.textCapped) notes.push(t('documents.textCapped'));
  }
  if (row.ingestStatus === 'færdig') notes.push(...describeOcrNotes({ row, t }));
  if (row.isRestricted) notes.push(t('documents.restricted'));
  if (row.figuresWithoutAlt > 0) notes.push(t(row.figuresWithoutAlt === 1 ? 'documents.figureWithoutAltOne' : 'documents.figuresWithoutAlt', { count: row.figuresWithoutAlt }));
  const state = t(`documents.state.${row.ingestStatus}` as MessageKey);
  return {
    id: row.id,
    status: row.ingestStatus,
    active: row.ingestStatus === 'venter' || row.ingestStatus === 'behandles' || (row.ingestStatus === 'færdig' && isOcrActive({ row })),
    failed,
    state,
    reason,
    progress,
    notes,
    ocrRerunnable: canRerunOcr({ row }),
    accessibility: describeAccessibilitySummary({ failures: row.ingestStatus === 'færdig' ? row.accessibilityFailures : null, t }),
    announcement: t('documents.announcement', { file: row.fileName, state: reason ? `${state}: ${reason}` : row.ingestStatus === 'behandles' ? `${state}, ${progress}` : state }),
  };
}

const danishToAscii: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };

/** The plain-ASCII `filename=` fallback for old clients: æøå spelled out, other accents dropped. */
export function toAsciiFileName({ fileName }: { fileName: string }): string {
  return fileName
    .replace(/[æøåÆØÅ]/g, (c) => danishToAscii[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
}

/** One text run as pdf.js gives it, already in page coordinates from the top-left corner. */
export type TextRun = { text: string; x: number; y: number; width: number; size: number; fontName: string; bold: boolean; italic: boolean; hasEOL: boolean };

/** Any code unit from U+0300 up: below it every character is NFC's quick check "yes" (Latin-1, Latin Extended, IPA). */
const BEYOND_NFC_QUICK_YES = /[^\u0000-\u02ff]/;

/**
 * The text in NFC. Nearly all Danish text has no character from U+0300 up, and such text is NFC
 * already; the test costs a fraction of normalize('NFC'), which copies the string to ICU every time.
 */
export function toNfc(text: string): string {
  return BEYOND_NFC_QUICK_YES.test(text) ? text.normalize('NFC') : text;
}

/** White space other than single spaces between words: what collapsing and trimming would change. */
export const UNTIDY_SPACE = /[^\S ]| {2}|^ | $/;

/** Runs of white space as one space, trimmed, NFC (a line's or a cell's text): the replace only where it changes something. */
export function tidyLineText(text: string): string {
  return toNfc(UNTIDY_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text);
}

/**
 * A line's position to 1/100 point, far finer than any rule that reads it. A position computed in
 * single precision (PDFium's) has seventeen digits as a double: rounded, the page messages are
 * smaller (the 300-page report's 3.36 → 3.16 MB), and so are the stored lines; each number costs less to write.
 */
const roundPosition = (value: number) => Math.round(value * 100) / 100;

/** Whether a text has anything but white space (`text.trim() !== ''` without making the trimmed copy). */
export const hasText = (text: string) => /\S/.test(text);

/**
 * Joins text runs into lines. Runs arrive in content-stream order, which is the reading order of
 * nearly every producer (columns included); a run joins the current line when it sits on the same
 * baseline to its right. Text is NFC so Danish letters built from a base letter and a combining
 * ring or stroke compare and search as one letter.
 */
export function groupRunsIntoLines({ runs }: { runs: TextRun[] }): PageLine[] {
  const lines: PageLine[] = [];
  // `endsWithSpace`: whether the text so far ends with a space, kept as runs are added. Asking the
  // text (endsWith) made V8 flatten it on every run: quadratic in a line drawn one text object per
  // character (C053).
  let current: (PageLine & { end: number; endsWithSpace: boolean; segments: { x: number; text: string }[] }) | undefined;
  // Each line is one object literal of a fixed shape, its keys in the stored order. A line made by
  // rest and spread (`{ ...line, x }`) took a slow copy and an extra property array, about a third
  // of what a reading allocated (issue #15, the garbage collector's share of bench:ingest).
  const flush = () => {
    if (current && hasText(current.text)) {
      const { segments } = current;
      const cells = segments.length < 2 ? undefined : segments.map((cell) => ({ x: roundPosition(cell.x), text: tidyLineText(cell.text) })).filter((cell) => cell.text !== '');
      // `cells` always, undefined for a line without (JSON leaves it out): added only to some lines, it
      // gave those a second map, which V8 made anew for each document, and code reading lines was
      // deoptimised for it ("wrong map", issue #15, --trace-deopt).
      lines.push({ text: tidyLineText(current.text), x: roundPosition(current.x), y: roundPosition(current.y), width: roundPosition(current.width), size: current.size, fontName: current.fontName, bold: current.bold, italic: current.italic, cells: cells && cells.length >= 2 ? cells : undefined });
    }
    current = undefined;
  };
  for (const run of runs) {
    if (run.text === '' && !run.hasEOL) continue;
    const sameLine = current && Math.abs(run.y - current.y) <= Math.max(1, current.size * 0.4) && run.x >= current.end - current.size;
    if (!sameLine) flush();
    if (!current) {
      if (hasText(run.text)) current = { text: run.text, x: run.x, y: run.y, width: run.width, size: run.size, fontName: run.fontName, bold: run.bold, italic: run.italic, end: run.x + run.width, endsWithSpace: run.text.endsWith(' '), segments: [{ x: run.x, text: run.text }] };
    } else {
      const gap = run.x - current.end;
      const runHasText = hasText(run.text);
      // A gap of more than two spaces' width separates table cells (or columns of a form).
      if (gap > current.size * 1.2 && runHasText) current.segments.push({ x: run.x, text: run.text });
      else current.segments[current.segments.length - 1]!.text += (gap > current.size * 0.15 ? ' ' : '') + run.text;
      const space = gap > current.size * 0.15 && !current.endsWithSpace && !run.text.startsWith(' ') ? ' ' : '';
      current.text += space + run.text;
      current.endsWithSpace = run.text === '' ? current.endsWithSpace || space !== '' : run.text.endsWith(' ');
      current.end = Math.max(current.end, run.x + run.width);
      current.width = current.end - current.x;
      if (runHasText) {
        current.size = Math.max(current.size, run.size);
        current.bold = current.bold && run.bold;
        current.italic = current.italic && run.italic;
      }
    }
    if (run.hasEOL) flush();
  }
  flush();
  return lines;
}

const keptHyphenBefore = new Set(['og', 'eller', 'samt', 'and', 'or']);
/** joinLinesToText's patterns, made once (a regular expression literal in a function body is a new object on every call). */
const LETTER_AND_HYPHEN_AT_END = /(\p{L})-$/u;
const FIRST_WORD = /^(\p{L}+)/u;

/**
 * A page's plain text for search: lines joined with spaces, end-of-line hyphenation repaired
 * (`kommu-` + `nerne` → `kommunerne`), but `EU-` + `regler` keeps its hyphen and `social-` + `og`
 * stays a word pair.
 */
export function joinLinesToText({ lines }: { lines: { text: string }[] }): string {
  // The pieces are joined once at the end: looking at the end of a text built with `+` (endsWith,
  // slice) flattens it, which copied the whole text so far on every line.
  const parts: string[] = [];
  for (const { text: line } of lines) {
    if (parts.length === 0) {
      if (line !== '') parts.push(line);
      continue;
    }
    // The text ends with the last line pushed; a letter before its hyphen is within its last three code units (two for a letter beyond the BMP).
    const previous = parts[parts.length - 1]!;
    const hyphen = previous.endsWith('-') ? LETTER_AND_HYPHEN_AT_END.exec(previous.slice(-3)) : null;
    const nextWord = hyphen ? (FIRST_WORD.exec(line)?.[1] ?? '') : '';
    if (hyphen && nextWord && !keptHyphenBefore.has(nextWord.toLowerCase())) {
      const letterBefore = hyphen[1]!;
      const keepHyphen = letterBefore === letterBefore.toUpperCase() || nextWord[0] !== nextWord[0]!.toLowerCase();
      if (!keepHyphen) parts[parts.length - 1] = previous.slice(0, -1);
      parts.push(line);
    } else {
      parts.push(' ', line);
    }
  }
  return toNfc(parts.join(''));
}

/** Font names like `ABCDEF+Helvetica-BoldOblique`: weight and style from the name. */
export function readFontStyle({ fontName }: { fontName: string }): { bold: boolean; italic: boolean } {
  const name = fontName.replace(/^[A-Z]{6}\+/, '');
  return { bold: /bold|black|heavy|semibold|demi/i.test(name), italic: /italic|oblique|kursiv/i.test(name) };
}

/** A PDF date (`D:20200131120000+01'00'`) as ISO-8601 UTC, or null when it cannot be read. */
export function parsePdfDate({ value }: { value: unknown }): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
