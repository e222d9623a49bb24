import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { coverFormatOfKey, sanitizeFileName, describeDocumentState, describeIngestReason, ingestReasonCodes, parseCoverFileName } from './documents.models.js';
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
