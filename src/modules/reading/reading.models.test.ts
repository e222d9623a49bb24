import { describe, expect, it } from 'vitest';
import type { PageLine } from '../documents/documents.types.js';
import { findBodySize, findRunningLines, findTables } from './reading-layout.models.js';
import { buildPageBlocks, buildReadingPages, isHeadingLike, joinLineText, parsePageLines } from './reading.models.js';
import { slugify } from '../documents/documents-structure.models.js';
import { buildTableOfContents } from './reading-chapters.models.js';

/** Lines of body text 10 pt, 12 pt apart, starting at y; each string one line. */
function body(texts: string[], { x = 50, y = 100, size = 10, bold = false }: { x?: number; y?: number; size?: number; bold?: boolean } = {}): PageLine[] {
  return texts.map((text, i) => ({ text, x, y: y + i * size * 1.2, width: 400, size, fontName: bold ? 'Helvetica-Bold' : 'Helvetica', bold, italic: false }));
}
function line(text: string, { x = 50, y, size = 10, bold = false, width = 400 }: { x?: number; y: number; size?: number; bold?: boolean; width?: number }): PageLine {
  return { text, x, y, width, size, fontName: 'Helvetica', bold, italic: false };
}

describe('end-of-line hyphenation', () => {
  it('joins a Danish word broken at the line end', () => {
    expect(joinLineText('Vi samarbejder med kommu-', 'nerne om velfærd')).toBe('Vi samarbejder med kommunerne om velfærd');
    expect(joinLineText('den grønne omstil-', 'ling af energiforsyningen')).toBe('den grønne omstilling af energiforsyningen');
    expect(joinLineText('børne- og ungeområ-', 'det')).toBe('børne- og ungeområdet');
    expect(joinLineText('sundheds-', 'væsenet er')).toBe('sundhedsvæsenet er');
    expect(joinLineText('ældre-', 'plejen')).toBe('ældreplejen');
    expect(joinLineText('Æble-', 'øen')).toBe('Æbleøen');
  });

  it('keeps the hyphen of a compound with an abbreviation or a capitalised word', () => {
    expect(joinLineText('de nye EU-', 'regler')).toBe('de nye EU-regler');
    expect(joinLineText('KL’s Covid-', '19-indsats')).toBe('KL’s Covid-19-indsats');
    expect(joinLineText('Region Nord-', 'Jylland')).toBe('Region Nord-Jylland');
  });

  it('keeps a suspended hyphen before "og" and "eller"', () => {
    expect(joinLineText('social-', 'og sundhedsområdet')).toBe('social- og sundhedsområdet');
    expect(joinLineText('beskæftigelses-', 'eller uddannelsestilbud')).toBe('beskæftigelses- eller uddannelsestilbud');
  });

  it('joins a paragraph of many lines as joining them one by one would, also where a hyphen stands on a line of its own', () => {
    // The paragraph is kept as pieces and only its last ones are looked at; the text must be the same.
    const texts = ['Kommunerne og', 'regionerne har sam-', 'arbejdet om de nye EU-', 'regler, social-', 'og sundhedsområdet,', 'velfærds\u00ad', 'samfundet og', 'ældre', '-', 'plejen; A', '-', 'B og kommu-', 'nerne.'];
    const [block] = buildPageBlocks({ lines: body(texts), bodySize: 10, pageNumber: 1 });
    expect(block).toEqual({ kind: 'paragraph', text: texts.reduce(joinLineText) });
    expect(texts.reduce(joinLineText)).toBe('Kommunerne og regionerne har samarbejdet om de nye EU-regler, social- og sundhedsområdet, velfærdssamfundet og ældre - plejen; A - B og kommunerne.');
  });

  it('removes a soft hyphen and joins plain lines with one space', () => {
    expect(joinLineText('velfærds\u00ad', 'samfundet')).toBe('velfærdssamfundet');
    expect(joinLineText('Kommunerne har  ', '  travlt')).toBe('Kommunerne har travlt');
    expect(joinLineText('2020 –', '2021')).toBe('2020 – 2021');
  });
});

describe('paragraphs', () => {
  it('joins the lines of a paragraph and repairs hyphenation inside it', () => {
    const blocks = buildPageBlocks({ lines: body(['Året har været præget af sam-', 'arbejde mellem kommunerne og', 'regeringen.']), bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Året har været præget af samarbejde mellem kommunerne og regeringen.' }]);
  });

  it('starts a new paragraph after a blank line gap', () => {
    const lines = [...body(['Første afsnit slutter her.'], { y: 100 }), ...body(['Andet afsnit begynder.', 'Og fortsætter.'], { y: 130 })];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Første afsnit slutter her.' },
      { kind: 'paragraph', text: 'Andet afsnit begynder. Og fortsætter.' },
    ]);
  });

  it('ignores empty lines', () => {
    expect(buildPageBlocks({ lines: body(['', '   ']), bodySize: 10, pageNumber: 1 })).toEqual([]);
  });

  it('reads two columns as one text, continuing a sentence from the bottom of the left column to the top of the right', () => {
    const left = body(['Kommunerne har i år løftet', 'en stor opgave med at mod-'], { x: 50, y: 100 });
    const right = body(['tage flygtninge fra Ukraine.', 'Det er gået godt.'], { x: 320, y: 100 });
    const blocks = buildPageBlocks({ lines: [...left, ...right], bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Kommunerne har i år løftet en stor opgave med at modtage flygtninge fra Ukraine. Det er gået godt.' }]);
  });

  it('starts a new paragraph at the top of the right column when the left column ended a sentence', () => {
    const left = body(['Første kolonne slutter.'], { x: 50, y: 100 });
    const right = body(['Anden kolonne begynder.'], { x: 320, y: 100 });
    expect(buildPageBlocks({ lines: [...left, ...right], bodySize: 10, pageNumber: 1 })).toHaveLength(2);
  });
});

describe('headings', () => {
  it('recognises headings from size relative to the body text and gives them levels', () => {
    const lines = [line('Forord', { y: 50, size: 20, bold: true }), line('Økonomi og velfærd', { y: 90, size: 14, bold: true }), ...body(['Brødtekst her.'], { y: 120 }), line('Mindre overskrift', { y: 150, size: 11.5, bold: true })];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 3 });
    expect(blocks.map((b) => (b.kind === 'heading' ? [b.level, b.text] : [b.kind]))).toEqual([[2, 'Forord'], [3, 'Økonomi og velfærd'], ['paragraph'], [4, 'Mindre overskrift']]);
  });

  it('joins a heading that wraps over two lines', () => {
    const lines = [line('Kommunernes økonomi i en', { y: 50, size: 20, bold: true }), line('usikker tid', { y: 74, size: 20, bold: true })];
    expect(buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 })).toMatchObject([{ kind: 'heading', level: 2, text: 'Kommunernes økonomi i en usikker tid' }]);
  });

  it('treats a short bold body-size line standing alone as a heading, but not a bold sentence', () => {
    const lines = [line('Klima og energi', { y: 50, bold: true }), ...body(['Tekst om klima.'], { y: 80 }), line('Dette er en fremhævet sætning.', { y: 110, bold: true })];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 });
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'paragraph']);
  });

  it('gives each heading a unique id from its page and text, with Danish letters spelt out', () => {
    const lines = [line('Året i tal', { y: 50, size: 20 }), line('Året i tal', { y: 100, size: 20 })];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 7 });
    expect(blocks.map((b) => (b.kind === 'heading' ? b.id : ''))).toEqual(['side-7-1-aaret-i-tal', 'side-7-2-aaret-i-tal']);
    expect(slugify('Ældre, børn & økonomi')).toBe('aeldre-boern-oekonomi');
    expect(slugify('!!!')).toBe('afsnit');
  });
});

describe('lists', () => {
  it('keeps bullet lists (•, – and -) as lists, with wrapped items joined', () => {
    const lines = [
      ...body(['Vi har arbejdet med:'], { y: 100 }),
      line('• bedre vilkår for kommu-', { y: 112 }),
      line('nernes ældrepleje', { y: 124, x: 60 }),
      line('• grøn omstilling', { y: 136 }),
      line('– digitalisering', { y: 148 }),
    ];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Vi har arbejdet med:' },
      { kind: 'list', ordered: false, items: [{ text: 'bedre vilkår for kommunernes ældrepleje' }, { text: 'grøn omstilling' }, { text: 'digitalisering' }] },
    ]);
  });

  it('keeps numbered lists as ordered lists and ends the list at the next paragraph', () => {
    const lines = [line('1. Økonomiaftalen', { y: 100 }), line('2) Beskæftigelsesreformen', { y: 112 }), ...body(['Herefter et almindeligt afsnit.'], { y: 140 })];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([
      { kind: 'list', ordered: true, items: [{ text: 'Økonomiaftalen' }, { text: 'Beskæftigelsesreformen' }] },
      { kind: 'paragraph', text: 'Herefter et almindeligt afsnit.' },
    ]);
  });

  it('keeps the numbers the PDF prints: a list from 4, a gap in the numbers, a lettered list', () => {
    const lines = [
      line('4. Fjerde punkt', { y: 100 }),
      line('5. Femte punkt', { y: 112 }),
      line('7. Syvende punkt', { y: 124 }),
      line('a) første underpunkt', { y: 136, x: 70 }),
      line('b) andet underpunkt', { y: 148, x: 70 }),
      ...body(['Et afsnit.'], { y: 180 }),
      line('c) tredje', { y: 200 }),
      line('d) fjerde', { y: 212 }),
    ];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 });
    expect(blocks).toEqual([
      {
        kind: 'list', ordered: true, start: 4,
        items: [{ text: 'Fjerde punkt' }, { text: 'Femte punkt' }, { text: 'Syvende punkt', value: 7, list: { ordered: true, numbering: 'a', items: [{ text: 'første underpunkt' }, { text: 'andet underpunkt' }] } }],
      },
      { kind: 'paragraph', text: 'Et afsnit.' },
      { kind: 'list', ordered: true, numbering: 'a', start: 3, items: [{ text: 'tredje' }, { text: 'fjerde' }] },
    ]);
  });
});

describe('a whole document', () => {
  it('finds the body size as the size with the most text, and marks pages without text', () => {
    const page1 = [line('Titel', { y: 50, size: 24 }), ...body(['lang brødtekst '.repeat(5), 'mere brødtekst '.repeat(5)], { y: 100 })];
    expect(findBodySize([page1, []])).toBe(10);
    const pages = buildReadingPages({ pages: [{ pageNumber: 1, lines: page1 }, { pageNumber: 2, lines: [] }] });
    expect(pages.map((p) => p.hasText)).toEqual([true, false]);
    expect(pages[0]?.blocks[0]).toMatchObject({ kind: 'heading', level: 2, text: 'Titel' });
  });

  it('builds the table of contents from the outline when there is one, else from the headings', () => {
    const pages = buildReadingPages({ pages: [{ pageNumber: 1, lines: [line('Forord', { y: 50, size: 20 }), ...body(['tekst '.repeat(30)], { y: 80 })] }, { pageNumber: 2, lines: [line('Økonomi', { y: 50, size: 14 })] }] });
    expect(buildTableOfContents({ outline: [{ title: ' Forord ', pageNumber: 1, level: 1 }, { title: 'Uden side', pageNumber: 99 }], pages })).toEqual([{ title: 'Forord', level: 1, href: '#side-1', pageNumber: 1 }]);
    expect(buildTableOfContents({ outline: [], pages })).toEqual([
      { title: 'Forord', level: 1, href: '#side-1-1-forord', pageNumber: 1 },
      { title: 'Økonomi', level: 2, href: '#side-2-1-oekonomi', pageNumber: 2 },
    ]);
  });

  it('reads stored lines and treats broken JSON as a page without text', () => {
    expect(parsePageLines('not json')).toEqual([]);
    expect(parsePageLines('{"a":1}')).toEqual([]);
    expect(parsePageLines(JSON.stringify([{ text: 'Hej', x: 1, y: 2, size: 10 }, { text: 'uden størrelse', x: 1, y: 2 }]))).toEqual([{ text: 'Hej', x: 1, y: 2, size: 10, width: 0, bold: false, italic: false, fontName: '' }]);
  });
});

describe('lessons from real reports (KL seed, Word and OpenOffice PDFs)', () => {
  it('reads a bold "1. Forord" standing alone as a numbered heading, not a one-item list', () => {
    const lines = [line('1. Forord', { y: 200, size: 11, bold: true }), line('Året 2014 stod i kommunernes tegn, og udgivelsen af denne tekst er en', { y: 218, size: 11, x: 99 }), line('prøve.', { y: 232, size: 11, x: 72 })];
    const blocks = buildPageBlocks({ lines, bodySize: 11, pageNumber: 1 });
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph']);
    expect(blocks[0]).toMatchObject({ text: '1. Forord' });
  });

  it('reads "8. Nøgletal 2020" as a heading: the section number does not count as the figures of a table row', () => {
    const lines = [line('8. Nøgletal 2020', { y: 200, size: 11, bold: true }), line('Tabellen viser kommunernes nøgletal for året, som de blev opgjort.', { y: 218, size: 11 })];
    const blocks = buildPageBlocks({ lines, bodySize: 11, pageNumber: 9 });
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph']);
    expect(blocks[0]).toMatchObject({ text: '8. Nøgletal 2020' });
    expect(isHeadingLike('12 Indtægter 952 1.004 5,2 %')).toBe(false);
  });

  it('drops running page numbers such as "-2-" and "12"', () => {
    const lines = [line('-2-', { y: 30 }), ...body(['Tekst på siden.'], { y: 100 }), line('12', { y: 800 })];
    expect(buildPageBlocks({ lines, bodySize: 10, pageNumber: 2 })).toEqual([{ kind: 'paragraph', text: 'Tekst på siden.' }]);
  });

  it('keeps a number that is content: the year under the title of a cover, a figure between paragraphs', () => {
    const cover = [line('Eksempelforeningens beretning', { y: 200, size: 30 }), line('2024', { y: 236, size: 30 }), ...body(['Udgivet af foreningen.'], { y: 400 })];
    expect(buildPageBlocks({ lines: cover, bodySize: 10, pageNumber: 1 })[0]).toMatchObject({ kind: 'heading', text: 'Eksempelforeningens beretning 2024' });
    const figure = [...body(['Antal kommuner i foreningen:'], { y: 100 }), line('98', { y: 130, size: 10 }), ...body(['Det er alle landets kommuner.'], { y: 160 }), line('7', { y: 800 })];
    expect(buildPageBlocks({ lines: figure, bodySize: 10, pageNumber: 7 }).map((b) => (b.kind === 'paragraph' ? b.text : b.kind))).toEqual(['Antal kommuner i foreningen:', '98', 'Det er alle landets kommuner.']);
  });

  it('starts a new paragraph at an indented first line after a full stop, and at a wider gap than between its lines', () => {
    const indented = [line('Første afsnit begynder her og', { y: 100, x: 99 }), line('slutter her.', { y: 112, x: 72 }), line('Andet afsnit er indrykket og', { y: 124, x: 99 }), line('fortsætter.', { y: 136, x: 72 })];
    expect(buildPageBlocks({ lines: indented, bodySize: 10, pageNumber: 1 }).map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
    const spaced = [line('Første linje i afsnittet', { y: 100 }), line('anden linje slutter.', { y: 112 }), line('Nyt afsnit efter lidt luft.', { y: 128 })];
    expect(buildPageBlocks({ lines: spaced, bodySize: 10, pageNumber: 1 }).map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('ranks heading levels across the whole document: the largest size is h2, the next h3', () => {
    const pages = buildReadingPages({
      pages: [
        { pageNumber: 1, lines: [line('KL’s beretning 2014', { y: 100, size: 13, bold: true }), line('1. Forord', { y: 200, size: 11, bold: true }), ...body(['tekst '.repeat(40)], { y: 220, size: 11 })] },
        { pageNumber: 2, lines: [line('2. Økonomi', { y: 60, size: 11, bold: true }), ...body(['tekst '.repeat(40)], { y: 80, size: 11 })] },
      ],
    });
    const headings = pages.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'heading' ? [[b.level, b.text]] : [])));
    expect(headings).toEqual([[2, 'KL’s beretning 2014'], [3, '1. Forord'], [3, '2. Økonomi']]);
  });

  it('moves a word broken across a page break to the next page, whole', () => {
    const pages = buildReadingPages({
      pages: [
        { pageNumber: 1, lines: body(['Vi har arbejdet tæt sammen med kommu-'], { y: 700 }) },
        { pageNumber: 2, lines: body(['nerne om velfærden.'], { y: 60 }) },
      ],
    });
    expect(pages[0]?.blocks).toEqual([{ kind: 'paragraph', text: 'Vi har arbejdet tæt sammen med' }]);
    expect(pages[1]?.blocks).toEqual([{ kind: 'paragraph', text: 'kommunerne om velfærden.' }]);
  });
});

describe('untagged PDFs: running headers, bullets, tables, headings', () => {
  const page = (n: number, extra: PageLine[]): PageLine[] => [line('Årsberetning 2024', { y: 20, size: 8 }), ...extra, line(`Side 4-${n}`, { y: 800, size: 8 }), line(`- ${n} -`, { y: 815, size: 8 })];

  it('removes lines repeating at the same height on most pages, also when their number changes (Side 4-17, - 4 -)', () => {
    const text = (n: number) => [`Tekst på side ${n} om kommunerne.`, '', `Side ${n} slutter her.`, '', 'Tak.'];
    const pages = [1, 2, 3, 4].map((n) => page(n, body(text(n).map((t) => t || ' '), { y: 100 })));
    const running = findRunningLines({ pages });
    expect(running.map((set) => [...set].sort())).toEqual([[0, 6, 7], [0, 6, 7], [0, 6, 7], [0, 6, 7]]);
    const built = buildReadingPages({ pages: pages.map((lines, i) => ({ pageNumber: i + 1, lines })) });
    for (const [i, p] of built.entries()) {
      const shown = JSON.stringify(p.blocks);
      expect(shown).toContain(`Tekst på side ${i + 1} om kommunerne.`);
      expect(shown).not.toMatch(/Årsberetning|Side 4-|- \d -/u);
    }
  });

  it('looks only at the top line and the bottom two; a page of one line is both; a line over 120 characters is matched but counts for no key', () => {
    const long = `Side ${'9'.repeat(130)}`; // "Side #" as a key, but too long to be a footer itself
    const pages = (longFooters: number[]) => [
      ...[1, 2, 3, 4].map((n) => [
        line('Årsberetning 2024', { y: 20 }),
        line(`Side ${n}`, { y: 400 }), // on every page at one height, but in the middle: body text
        line(`Note ${n}`, { y: 790 }),
        line(longFooters.includes(n) ? long : `Side ${n}`, { y: 800 }),
      ]),
      [line('Årsberetning 2024', { y: 20 })], // a page of one line: it is the page's top and its bottom
    ];
    const found = (longFooters: number[]) => findRunningLines({ pages: pages(longFooters) }).map((set) => [...set].sort());
    // Page 4's long footer is matched against the three short ones.
    expect(found([4])).toEqual([[0, 2, 3], [0, 2, 3], [0, 2, 3], [0, 2, 3], [0]]);
    // Long footers alone make no running line, however often they repeat.
    expect(found([1, 2, 3, 4])).toEqual([[0, 2], [0, 2], [0, 2], [0, 2], [0]]);
  });

  it('keeps a line that repeats on few pages or at different heights', () => {
    const pages = [1, 2, 3, 4, 5, 6].map((n) => [line('Økonomi', { y: 100 + n * 50 }), ...(n === 1 ? [line('Note', { y: 700 })] : [])]);
    expect(findRunningLines({ pages }).every((set) => set.size === 0)).toBe(true);
  });

  it('reads Symbol and Wingdings bullets (private-use U+F0B7, U+F0A7) as list items, nested when indented', () => {
    const lines = [line('\uf0b7 grøn omstilling', { y: 100 }), line('\uf0a7vedvarende energi', { x: 70, y: 112 }), line('\uf0b7 digitalisering', { y: 124 })];
    expect(buildPageBlocks({ lines, bodySize: 10, pageNumber: 1 })).toEqual([
      { kind: 'list', ordered: false, items: [{ text: 'grøn omstilling', list: { ordered: false, items: [{ text: 'vedvarende energi' }] } }, { text: 'digitalisering' }] },
    ]);
  });

  it('reads aligned columns over several lines as a table with a header row, never a heading', () => {
    const row = (y: number, cells: string[], size = 14) => ({ ...line(cells.join(' '), { y, size }), cells: cells.map((text, i) => ({ x: 50 + i * 120, text })) });
    const lines = [row(100, ['Post', 'Mio. kr.', 'Ændring']), row(118, ['Indtægter', '952', '4,1 %']), row(136, ['Udgifter', '901', '-2,0 %'])];
    const blocks = buildPageBlocks({ lines, bodySize: 10, pageNumber: 9 });
    expect(blocks).toEqual([
      { kind: 'table', rows: [
        [{ text: 'Post', header: true, scope: 'col' }, { text: 'Mio. kr.', header: true, scope: 'col' }, { text: 'Ændring', header: true, scope: 'col' }],
        [{ text: 'Indtægter', header: false }, { text: '952', header: false }, { text: '4,1 %', header: false }],
        [{ text: 'Udgifter', header: false }, { text: '901', header: false }, { text: '-2,0 %', header: false }],
      ] },
    ]);
    expect(findTables(lines.slice(0, 2)).size).toBe(0);
  });

  it('takes no long line, sentence or line of numbers as a heading', () => {
    expect(isHeadingLike('Økonomi og styring')).toBe(true);
    expect(isHeadingLike('3.2 Beskæftigelse')).toBe(true);
    expect(isHeadingLike('Indtægter 952 1.004 5,2 %')).toBe(false);
    expect(isHeadingLike('Kommunerne har haft et godt år.')).toBe(false);
    expect(isHeadingLike('x'.repeat(101))).toBe(false);
    const blocks = buildPageBlocks({ lines: [line('Kommunerne har haft et godt år.', { y: 100, size: 20 }), line('2024 2023 952 1.004', { y: 140, size: 16 })], bodySize: 10, pageNumber: 1 });
    expect(blocks.some((block) => block.kind === 'heading')).toBe(false);
  });
});
