import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../ui/i18n/i18n.js';
import { assessTextLayer, canRerunOcr, chooseOcrLanguages, describeOcrNotes, measureWordAccuracy, parseHocr } from './ocr.models.js';
import { shiftLetters } from './ocr.test-utils.js';

const danish = 'Årsberetningen viser at økonomien i kommunen er sund, og at der er brugt flere penge på børn og ældre end året før. Byrådet har besluttet at bygge nye cykelstier, og de grønne områder på rådhuspladsen blev færdige i løbet af foråret. Det er et godt resultat for alle borgere i kommunen.';
const english = 'The annual report shows that the economy of the municipality is sound, and that more was spent on children and the elderly than in the year before. The council has decided to build new cycle paths, and the green areas were finished in the spring.';

describe('a page\'s text layer: usable, or OCR', () => {
  it('a page without text needs OCR', () => {
    expect(assessTextLayer({ text: '' })).toEqual({ needsOcr: true, problem: 'empty' });
    expect(assessTextLayer({ text: ' \n\t ' })).toEqual({ needsOcr: true, problem: 'empty' });
  });

  it('ordinary Danish and English prose is kept', () => {
    expect(assessTextLayer({ text: danish, language: 'da-DK' })).toEqual({ needsOcr: false, problem: null });
    expect(assessTextLayer({ text: english })).toEqual({ needsOcr: false, problem: null });
  });

  it('a text layer of private-use or replacement characters (unmapped glyphs) is garbage', () => {
    expect(assessTextLayer({ text: '\ue001\ue002\ue003 \ue004\ue005 \ue006\ue007\ue008 \ufffd\ufffd' })).toEqual({ needsOcr: true, problem: 'private_use' });
    expect(assessTextLayer({ text: '\u0001\u0002\u0003\u0004 \u0005\u0006 \u0007\u0008' })).toEqual({ needsOcr: true, problem: 'unmapped' });
  });

  it('a text layer of symbols where letters should be is garbage', () => {
    expect(assessTextLayer({ text: '#$%^ ~`|{ }[]<> @#$^ ~|{} #$%^ ~`|{ }[]<> @#$^ ~|{} #$%^ ~`|{ }' })).toEqual({ needsOcr: true, problem: 'unmapped' });
  });

  it('words that are not words (glyphs mapped to the wrong letters) are garbage, when there are enough to judge', () => {
    expect(assessTextLayer({ text: shiftLetters({ text: danish }) })).toEqual({ needsOcr: true, problem: 'few_words' });
    expect(assessTextLayer({ text: shiftLetters({ text: english }), language: 'en-GB' })).toEqual({ needsOcr: true, problem: 'few_words' });
    expect(assessTextLayer({ text: shiftLetters({ text: 'Byrådet har besluttet at bygge nye cykelstier.' }) })).toEqual({ needsOcr: false, problem: null });
  });

  it('a table of figures, and a language it has no dictionary for, are never judged garbage for lacking words', () => {
    expect(assessTextLayer({ text: 'Indtægter 952 1.204 1.377\nUdgifter 880 1.150 1.300\nResultat 72 54 77\n'.repeat(6) })).toEqual({ needsOcr: false, problem: null });
    expect(assessTextLayer({ text: shiftLetters({ text: danish }), language: 'de-DE' })).toEqual({ needsOcr: false, problem: null });
  });
});

describe('the OCR language', () => {
  it('follows the document\'s language, and is Danish with English when in doubt, from what is installed', () => {
    const installed = ['dan', 'eng'];
    expect(chooseOcrLanguages({ documentLanguage: 'da-DK', installed })).toBe('dan');
    expect(chooseOcrLanguages({ documentLanguage: 'en-GB', installed })).toBe('eng');
    expect(chooseOcrLanguages({ documentLanguage: null, installed })).toBe('dan+eng');
    expect(chooseOcrLanguages({ documentLanguage: 'de', installed })).toBe('dan+eng');
    expect(chooseOcrLanguages({ documentLanguage: 'da', installed: ['eng'] })).toBe('eng');
    expect(chooseOcrLanguages({ documentLanguage: null, installed: ['deu'] })).toBeUndefined();
  });
});

const hocr = `<div class='ocr_page' id='page_1' title='image "x.png"; bbox 0 0 2480 3509; ppageno 0; scan_res 300 300'>
 <p class='ocr_par' id='par_1_1' lang='dan' title="bbox 260 252 2234 963">
  <span class='ocr_line' id='line_1_1' title="bbox 300 250 1500 300; baseline 0.01 -10; x_size 50; x_descenders 10; x_ascenders 11">
   <span class='ocrx_word' id='word_1_1' title='bbox 300 252 500 290; x_wconf 96'>Økonomi</span>
   <span class='ocrx_word' id='word_1_2' title='bbox 520 252 600 290; x_wconf 90'>&amp;</span>
   <span class='ocrx_word' id='word_1_3' title='bbox 620 252 900 290; x_wconf 80'>ældre</span>
   <span class='ocrx_word' id='word_1_4' title='bbox 920 252 930 290; x_wconf 12'>,</span>
  </span>
  <span class='ocr_header' id='line_1_2' title="bbox 300 400 900 450; baseline 0 -5; x_size 60">
   <span class='ocrx_word' id='word_1_5' title='bbox 300 400 900 450; x_wconf 70'>på&#229;</span>
  </span>
 </p>
</div>`;

describe('Tesseract\'s hOCR as a page\'s lines', () => {
  it('gives each line its words, left edge, baseline, width and size in PDF points, and the mean word confidence', () => {
    const page = parseHocr({ hocr, dpi: 300 });
    expect(page.lines).toEqual([
      { text: 'Økonomi & ældre', x: 72, y: 69.6, width: 288, size: 12, fontName: 'OCR', bold: false, italic: false },
      { text: 'påå', x: 72, y: 106.8, width: 144, size: 14.4, fontName: 'OCR', bold: false, italic: false },
    ]);
    expect(page.text).toBe('Økonomi & ældre\npåå');
    expect(page.words).toBe(4);
    expect(page.confidence).toBe(84);
  });

  it('a page with no words has no confidence', () => {
    expect(parseHocr({ hocr: "<div class='ocr_page' title='bbox 0 0 10 10'></div>", dpi: 300 })).toEqual({ lines: [], text: '', confidence: null, words: 0 });
  });
});

describe('word accuracy', () => {
  it('is one minus the word edit distance over the words expected, ignoring case and surrounding punctuation', () => {
    expect(measureWordAccuracy({ expected: 'Børn og ældre.', actual: 'børn og ældre' })).toBe(1);
    expect(measureWordAccuracy({ expected: 'børn og ældre får støtte', actual: 'born og ældre får' })).toBe(0.6);
    expect(measureWordAccuracy({ expected: 'a b', actual: 'x y z w v' })).toBe(0);
  });
});

describe('OCR in the workspace\'s words', () => {
  const t = createTranslator({ locale: 'da' });
  const row = { pagesWithoutText: 3, ocrPagesTotal: 3, ocrPagesDone: 1, ocrPagesCapped: 0, ocrConfidence: null, ocrError: null };
  it('says how far OCR is, page by page, then the mean confidence and the cap', () => {
    expect(describeOcrNotes({ row: { ...row, ocrStatus: 'behandles' }, t })).toEqual(['Tekstgenkendelse (OCR): side 1 af 3']);
    expect(describeOcrNotes({ row: { ...row, ocrStatus: 'færdig', ocrPagesDone: 3, ocrConfidence: 91, ocrPagesCapped: 1 }, t })).toEqual(['Tekst genkendt automatisk på 3 sider, gennemsnitlig sikkerhed 91 %', 'Kun de første 3 skannede sider er genkendt (grænsen OCR_MAX_PAGES)']);
    expect(describeOcrNotes({ row: { ...row, ocrStatus: null }, t })).toEqual([]);
  });
  it('offers "Genkend tekst igen" once OCR has run and is not running', () => {
    expect(canRerunOcr({ row: { ingestStatus: 'færdig', ocrStatus: 'færdig' } })).toBe(true);
    expect(canRerunOcr({ row: { ingestStatus: 'færdig', ocrStatus: 'behandles' } })).toBe(false);
    expect(canRerunOcr({ row: { ingestStatus: 'færdig', ocrStatus: null } })).toBe(false);
  });
});
