import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { coverFormatOfKey, sanitizeFileName, describeDocumentState, describeIngestReason, groupRunsIntoLines, ingestReasonCodes, joinLinesToText, parseCoverFileName, toNfc, type TextRun } from './documents.models.js';
import type { DocumentStateRow } from './documents.types.js';

const da = createTranslator({ locale: 'da' });
const en = createTranslator({ locale: 'en' });

const row = (values: Partial<DocumentStateRow> = {}): DocumentStateRow => ({
  id: 'd1', reportId: 'r1', fileName: 'beretning.pdf', size: 1000, createdAt: '2026-01-01T00:00:00.000Z', ingestStatus: 'færdig', ingestPagesDone: 40, ingestPagesTotal: 40,
  ingestError: null, pagesCapped: 0, textCapped: 0, pagesWithoutText: 0, isRestricted: 0, figuresWithoutAlt: 0, accessibilityFailures: null, pageCount: 40, year: 2025, title: 'Beretning 2025', currentDocumentId: 'd1', ...values,
});

describe('a document\'s reading state in words', () => {
  it('every failure reason code has its own sentence in Danish and English', () => {
    for (const code of ingestReasonCodes) {
      expect(describeIngestReason({ code, t: da })).not.toBe(da('documents.reason.unknown'));
      expect(describeIngestReason({ code, t: en })).not.toBe(en('documents.reason.unknown'));
    }
    expect(describeIngestReason({ code: 'encrypted', t: da })).toBe('PDF’en er beskyttet med adgangskode');
    expect(describeIngestReason({ code: 'something-new', t: da })).toBe('PDF’en kunne ikke læses');
  });

  it('a scanned, capped, restricted document says so, with how many pages have no text', () => {
    const state = describeDocumentState({ row: row({ pagesWithoutText: 12, pagesCapped: 1, ingestPagesTotal: 40, pageCount: 900, isRestricted: 1 }), t: da });
    expect(state.notes).toEqual(['12 sider uden tekst (skannet?)', 'Kun de første 40 sider er læst (grænsen for sider)', 'Ejeren har begrænset kopiering eller udskrivning; teksten er læst alligevel']);
    expect(state.progress).toBe('sider 40 af 40');
    expect(describeDocumentState({ row: row({ pagesWithoutText: 1 }), t: en }).notes).toEqual(['1 page without text (scanned?)']);
  });

  it('progress while being read, none while waiting; a failure carries its reason into the announcement', () => {
    expect(describeDocumentState({ row: row({ ingestStatus: 'behandles', ingestPagesDone: 3, ingestPagesTotal: 12 }), t: da })).toMatchObject({ active: true, state: 'Behandles', progress: 'sider 3 af 12' });
    expect(describeDocumentState({ row: row({ ingestStatus: 'venter', ingestPagesDone: 0 }), t: da })).toMatchObject({ active: true, progress: '–' });
    const failed = describeDocumentState({ row: row({ ingestStatus: 'fejlet', ingestError: 'timeout' }), t: da });
    expect(failed).toMatchObject({ failed: true, active: false, reason: 'Behandlingen tog for lang tid', announcement: 'beretning.pdf: Fejlet: Behandlingen tog for lang tid' });
  });
});

describe('cover addresses', () => {
  it('accept only a sha256, one of the two widths and WebP or PNG', () => {
    const sha = 'a'.repeat(64);
    expect(parseCoverFileName({ fileName: `${sha}-640.webp` })).toEqual({ sha256: sha, width: 640, format: 'webp' });
    expect(parseCoverFileName({ fileName: `${sha}-320.png` })).toEqual({ sha256: sha, width: 320, format: 'png' });
    for (const fileName of [`${sha}-641.webp`, `${sha}-320.PNG`, `${sha}-320.gif`, `../${sha}-320.webp`, `${sha.slice(1)}-320.webp`]) expect(parseCoverFileName({ fileName })).toBeUndefined();
  });

  it('a stored cover\'s format comes from its key (older covers are PNG)', () => {
    expect(coverFormatOfKey({ key: 'covers/aa/x-320.webp' })).toBe('webp');
    expect(coverFormatOfKey({ key: 'covers/aa/x-320.png' })).toBe('png');
  });
});

describe('file names and bidirectional text', () => {
  it('removes right-to-left overrides and other bidi controls, so a name cannot show its extension reversed', () => {
    expect(sanitizeFileName({ fileName: 'rapport\u202Efdp.exe' })).toBe('rapportfdp.exe.pdf');
    expect(sanitizeFileName({ fileName: '\u2067Årsberetning\u2069 2024\u200F.pdf' })).toBe('Årsberetning 2024.pdf');
  });
});

describe('figures without alt text', () => {
  it('the editor is told how many figures of a tagged PDF lack alt text, in Danish and English', () => {
    expect(describeDocumentState({ row: row({ figuresWithoutAlt: 2 }), t: da }).notes).toContain('2 figurer uden alternativ tekst i PDF’en: tilføj den i PDF’en og upload igen');
    expect(describeDocumentState({ row: row({ figuresWithoutAlt: 1 }), t: en }).notes).toContain('1 figure without alternative text in the PDF: add it in the PDF and upload again');
    expect(describeDocumentState({ row: row(), t: da }).notes.join(' ')).not.toContain('alternativ tekst');
  });
});

/** A seeded generator of lines made of the characters that matter to joining: letters, hyphens, spaces, a combining ring. */
function randomLines(seed: number, count: number): string[] {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const alphabet = ['a', 'b', 'ø', 'A', 'E', 'U', '-', '-', ' ', ' ', 'a\u030a', '1', '𝐀', 'og', 'eller'];
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join(''));
}

/** joinLinesToText as it was written before it joined its pieces once: the reference the faster one must match. */
function joinLinesByConcatenation(lines: string[]): string {
  const kept = new Set(['og', 'eller', 'samt', 'and', 'or']);
  let text = '';
  for (const line of lines) {
    if (text === '') {
      text = line;
      continue;
    }
    const hyphen = /(\p{L})-$/u.exec(text.slice(-3));
    const nextWord = /^(\p{L}+)/u.exec(line)?.[1] ?? '';
    if (hyphen && nextWord && !kept.has(nextWord.toLowerCase())) {
      const before = hyphen[1]!;
      text = before === before.toUpperCase() || nextWord[0] !== nextWord[0]!.toLowerCase() ? `${text}${line}` : `${text.slice(0, -1)}${line}`;
    } else text = `${text} ${line}`;
  }
  return text.normalize('NFC');
}

describe('a page\'s lines joined into its text', () => {
  const join = (...lines: string[]) => joinLinesToText({ lines: lines.map((text) => ({ text })) });

  it('repairs a word broken at a line end, and keeps the hyphens that belong', () => {
    expect(join('Det gælder kommu-', 'nerne i hele landet.')).toBe('Det gælder kommunerne i hele landet.');
    expect(join('nye EU-', 'regler')).toBe('nye EU-regler');
    expect(join('social-', 'og sundhedsområdet')).toBe('social- og sundhedsområdet');
    expect(join('Børne-', 'Unge')).toBe('Børne-Unge');
    expect(join('', '', 'første', 'anden')).toBe('første anden');
    expect(join('tal 4-', '17')).toBe('tal 4- 17');
    expect(join('a\u030ar', 'og')).toBe('år og');
  });

  it('gives the same text as joining line by line did, for any lines', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const lines = randomLines(seed, 1 + (seed % 9));
      expect(joinLinesToText({ lines: lines.map((text) => ({ text })) }), JSON.stringify(lines)).toBe(joinLinesByConcatenation(lines));
    }
  });
});

describe('text in NFC', () => {
  it('leaves every character below U+0300 as it is, as normalize would', () => {
    for (let code = 0; code < 0x300; code += 1) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(toNfc(text)).toBe(text.normalize('NFC'));
    }
  });

  it('composes a letter and its combining mark, and maps the singletons', () => {
    expect(toNfc('a\u030ar')).toBe('år');
    expect(toNfc('\u212b')).toBe('Å');
    expect(toNfc('o\u0338')).toBe('o\u0338'.normalize('NFC'));
  });
});

describe('runs grouped into lines', () => {
  const run = (text: string, x: number, values: Partial<TextRun> = {}): TextRun => ({ text, x, y: 100, width: text.length * 5, size: 10, fontName: 'Helvetica', bold: false, italic: false, hasEOL: false, ...values });

  it('collapses white space and trims a line and its cells only where there is something to collapse', () => {
    const [line] = groupRunsIntoLines({ runs: [run('\u00a0Post\t', 0), run('  Mio.  kr. ', 100, { hasEOL: true })] });
    expect(line!.text).toBe('Post Mio. kr.');
    expect(line!.cells?.map((cell) => cell.text)).toEqual(['Post', 'Mio. kr.']);
    const [plain] = groupRunsIntoLines({ runs: [run('Indtægter i alt', 0, { hasEOL: true })] });
    expect(plain!.text).toBe('Indtægter i alt');
    const [decomposed] = groupRunsIntoLines({ runs: [run('Sko\u0301le', 0, { hasEOL: true })] });
    expect(decomposed!.text).toBe('Skóle');
  });

  it('keeps positions to 1/100 point, as single-precision coordinates come in with seventeen digits', () => {
    const [line] = groupRunsIntoLines({ runs: [run('Post', 72.00000762939453, { y: 101.23456789, width: 20.004999 }), run('Mio. kr.', 300.1049999, { hasEOL: true })] });
    expect([line!.x, line!.y, line!.width]).toEqual([72, 101.23, 268.1]);
    expect(line!.cells?.map((cell) => cell.x)).toEqual([72, 300.1]);
    expect(JSON.stringify(line)).not.toMatch(/\d\.\d{3}/);
  });

  it('gives every line the same fields in the same order, cells undefined on a line without, which JSON leaves out', () => {
    const lines = groupRunsIntoLines({ runs: [run('Post', 0), run('Mio. kr.', 100, { hasEOL: true }), run('Indtægter i alt', 0, { y: 120, hasEOL: true })] });
    expect(lines.map((line) => Object.keys(line))).toEqual([0, 1].map(() => ['text', 'x', 'y', 'width', 'size', 'fontName', 'bold', 'italic', 'cells']));
    expect(lines[1]!.cells).toBeUndefined();
    expect(JSON.stringify(lines[1])).not.toContain('cells');
  });
});
