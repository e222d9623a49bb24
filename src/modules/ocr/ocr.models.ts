import type { Translate } from '../../ui/i18n/i18n.js';
import type { PageLine } from '../documents/documents.types.js';

/** Why a page's text layer is not used: none at all, or garbage (see assessTextLayer). */
export type TextLayerProblem = 'empty' | 'private_use' | 'unmapped' | 'few_words';

// Snowball's Danish stop words and the commonest English ones: in real prose of either language
// they are a quarter to a half of all words; in a text layer whose font maps glyphs to the wrong
// letters (a common fault of old scanning software and subset fonts) they are nearly absent.
const commonWords = new Set(
  (
    'og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan ' +
    'the of and to a in is it that for on was with as be by are this from at or an not have has which but were their they its all will can more been one also than'
  ).split(' '),
);

const privateUse = /[\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}\ufffd]/gu;
// eslint-disable-next-line no-control-regex -- control characters are what an unmapped glyph often becomes
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Whether a page's text layer is usable, or the page needs OCR: no text (a scan), or text that is
 * garbage, because its glyphs are private-use or unmapped codes, or because its "words" are not
 * words (a font whose glyphs map to the wrong letters). The dictionary test needs enough words to
 * judge (`minWords`) and a language it knows: Danish, English or unknown; a page of figures and
 * numbers is never judged garbage for lacking words.
 */
export function assessTextLayer({ text, language = null, minWords = 25 }: { text: string; language?: string | null; minWords?: number }): { needsOcr: boolean; problem: TextLayerProblem | null } {
  const visible = text.replace(/\s+/g, '');
  if (visible.length === 0) return { needsOcr: true, problem: 'empty' };
  const odd = (visible.match(privateUse)?.length ?? 0) + (visible.match(controls)?.length ?? 0);
  if (odd / visible.length > 0.1) return { needsOcr: true, problem: odd > (visible.match(controls)?.length ?? 0) ? 'private_use' : 'unmapped' };
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  const digits = visible.match(/\p{N}/gu)?.length ?? 0;
  // Mostly symbols (not letters, digits or ordinary punctuation): glyphs mapped to arbitrary codes.
  const ordinary = visible.match(/[\p{L}\p{N}\p{M}.,;:!?'"()\-–—%/&§€$£+*=«»“”‘’…]/gu)?.length ?? 0;
  if (visible.length >= 40 && (visible.length - ordinary) / visible.length > 0.3) return { needsOcr: true, problem: 'unmapped' };
  if (letters < digits) return { needsOcr: false, problem: null };
  if (language && !/^(da|en)\b/i.test(language)) return { needsOcr: false, problem: null };
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter((word) => word.length > 0);
  if (words.length < minWords) return { needsOcr: false, problem: null };
  const common = words.filter((word) => commonWords.has(word)).length;
  return common / words.length < 0.04 ? { needsOcr: true, problem: 'few_words' } : { needsOcr: false, problem: null };
}

/**
 * Tesseract's language models for a document: its own language when it is Danish or English, both
 * (`dan+eng`) when in doubt; only models that are installed. Undefined when none of them is.
 */
export function chooseOcrLanguages({ documentLanguage, installed }: { documentLanguage: string | null; installed: string[] }): string | undefined {
  const wanted = /^da\b/i.test(documentLanguage ?? '') ? ['dan'] : /^en\b/i.test(documentLanguage ?? '') ? ['eng'] : ['dan', 'eng'];
  const available = wanted.filter((language) => installed.includes(language));
  if (available.length > 0) return available.join('+');
  const fallback = ['dan', 'eng'].filter((language) => installed.includes(language));
  return fallback.length > 0 ? fallback.join('+') : undefined;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return entities[name.toLowerCase()] ?? match;
  });
}

function readTitle(title: string): { bbox?: number[]; baseline?: number[]; xSize?: number; confidence?: number } {
  const out: { bbox?: number[]; baseline?: number[]; xSize?: number; confidence?: number } = {};
  for (const part of title.split(';')) {
    const [key, ...values] = part.trim().split(/\s+/);
    if (key === 'bbox') out.bbox = values.map(Number);
    else if (key === 'baseline') out.baseline = values.map(Number);
    else if (key === 'x_size') out.xSize = Number(values[0]);
    else if (key === 'x_wconf') out.confidence = Number(values[0]);
  }
  return out;
}

export type OcrPage = { lines: PageLine[]; text: string; confidence: number | null; words: number };

/**
 * Tesseract's hOCR for one page image as the page's lines, in PDF points from the top-left corner
 * like every other page's (image pixels × 72 / dpi): each line's left edge, baseline, width and
 * text size, its words joined by spaces. Specks read as punctuation (below 85 % sure) and words
 * below 20 % are dropped. `confidence`: the mean word confidence (0–100), null when no word was found.
 */
export function parseHocr({ hocr, dpi }: { hocr: string; dpi: number }): OcrPage {
  const k = 72 / dpi;
  const round = (value: number) => Math.round(value * 10) / 10;
  const lines: PageLine[] = [];
  let current: { x: number; y: number; width: number; size: number; words: string[] } | undefined;
  let confidenceSum = 0;
  let words = 0;
  const flush = () => {
    if (current && current.words.length > 0) lines.push({ text: current.words.join(' '), x: round(current.x), y: round(current.y), width: round(current.width), size: round(current.size), fontName: 'OCR', bold: false, italic: false });
    current = undefined;
  };
  const spans = /<span class=['"](ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_word)['"][^>]*?title=(["'])(.*?)\2[^>]*>(?:([^<]*)<\/span>)?/g;
  for (const match of hocr.matchAll(spans)) {
    const [, kind, , title = '', content] = match;
    const info = readTitle(title);
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = info.bbox ?? [];
    if (kind !== 'ocrx_word') {
      flush();
      const baselineOffset = info.baseline?.[1] ?? 0;
      current = { x: x0 * k, y: (y1 + baselineOffset) * k, width: (x1 - x0) * k, size: (info.xSize ?? y1 - y0) * k, words: [] };
      continue;
    }
    const word = decodeEntities(content ?? '').normalize('NFC').trim();
    const confidence = Math.max(0, Math.min(100, info.confidence ?? 0));
    if (word === '' || confidence < 20 || (!/[\p{L}\p{N}]/u.test(word) && confidence < 85)) continue;
    current?.words.push(word);
    confidenceSum += confidence;
    words += 1;
  }
  flush();
  return { lines, text: lines.map((line) => line.text).join('\n'), confidence: words > 0 ? Math.round(confidenceSum / words) : null, words };
}

function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '');
}

/**
 * Word accuracy of a recognised text against the known one: 1 − (word edit distance / words
 * expected), as OCR is usually scored (a missing, extra or misread word each costs one); case and
 * surrounding punctuation are ignored. Never below 0.
 */
export function measureWordAccuracy({ expected, actual }: { expected: string; actual: string }): number {
  const a = wordsOf(expected);
  const b = wordsOf(actual);
  if (a.length === 0) return b.length === 0 ? 1 : 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return Math.max(0, 1 - previous[b.length]! / a.length);
}

type OcrStateRow = { ocrStatus?: string | null; ocrPagesTotal?: number; ocrPagesDone?: number; ocrPagesCapped?: number; ocrConfidence?: number | null; ocrError?: string | null; pagesWithoutText: number };

/** OCR waiting or running: the workspace keeps asking for news. */
export function isOcrActive({ row }: { row: Pick<OcrStateRow, 'ocrStatus'> }): boolean {
  return row.ocrStatus === 'venter' || row.ocrStatus === 'behandles';
}

/** Whether "Genkend tekst igen" makes sense: OCR ran, failed or could not run, and is not running now. */
export function canRerunOcr({ row }: { row: Pick<OcrStateRow, 'ocrStatus'> & { ingestStatus: string } }): boolean {
  return row.ingestStatus === 'færdig' && (row.ocrStatus ?? null) !== null && !isOcrActive({ row });
}

/** The editor's notes on a read document's OCR: progress page by page, the mean confidence, the cap, or why not. */
export function describeOcrNotes({ row, t }: { row: OcrStateRow; t: Translate }): string[] {
  switch (row.ocrStatus) {
    case 'venter':
      return [t('ocr.waiting')];
    case 'behandles':
      return [t('ocr.progress', { done: row.ocrPagesDone ?? 0, total: row.ocrPagesTotal ?? 0 })];
    case 'færdig': {
      const total = row.ocrPagesTotal ?? 0;
      const notes = row.ocrConfidence === null || row.ocrConfidence === undefined ? [] : [t(total === 1 ? 'ocr.doneOne' : 'ocr.done', { count: total, confidence: row.ocrConfidence })];
      if (row.ocrPagesCapped) notes.push(t('ocr.capped', { count: total }));
      return notes;
    }
    case 'fejlet':
      return [t('ocr.failed', { reason: t(row.ocrError === 'timeout' ? 'ocr.reason.timeout' : row.ocrError === 'failed' ? 'ocr.reason.failed' : 'ocr.reason.other') })];
    case 'utilgængelig':
      return [t('ocr.unavailableNote', { count: row.ocrPagesTotal || row.pagesWithoutText })];
    default:
      return [];
  }
}
