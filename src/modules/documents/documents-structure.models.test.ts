import { describe, expect, it } from 'vitest';
import { buildTaggedBlocks, collectMarkedContentText, countFiguresWithoutAlt, removeUnreadableGlyphs, type StructNode } from './documents-structure.models.js';
import type { StructureBlock } from './documents.types.js';

const c = (n: number): StructNode => ({ type: 'content', id: `p1R_mc${n}` });
const el = (role: string, children: StructNode[], extra: Partial<StructNode> = {}): StructNode => ({ role, children, ...extra });

describe('a tagged page read from its structure tree', () => {
  const texts = ['Økonomi', 'Indledning i venstre spalte.', 'Fortsat i højre spalte.', '•', 'grøn omstilling', 'vind', 'digitalisering', 'Post', 'Mio. kr.', 'Indtægter', '952', 'Tabel 1', 'Se', 'kl.dk', 'on the whole', 'Søjlediagram over udgifter'];
  const contentText = new Map(texts.map((text, i) => [`p1R_mc${i}`, text]));
  const tree = el('Root', [
    el('Document', [
      el('H1', [c(0)]),
      // Reading order is the tree's, whatever the content stream's: left column, then right.
      el('P', [c(1)]),
      el('P', [c(2)]),
      el('L', [el('LI', [el('Lbl', [c(3)]), el('LBody', [c(4), el('L', [el('LI', [el('LBody', [c(5)])])])])]), el('LI', [el('LBody', [c(6)])])]),
      el('Table', [el('Caption', [c(11)]), el('TR', [el('TH', [c(7)]), el('TH', [c(8)])]), el('TR', [el('TH', [c(9)]), el('TD', [c(10)])])]),
      el('P', [c(12), el('Link', [c(13), { type: 'annotation', id: 'pdfjs_internal_id_9R' }]), el('Span', [c(14)], { lang: 'en-GB' })]),
      el('Figure', [], { alt: 'Søjlediagram over udgifter' }),
      el('Figure', []),
    ]),
  ]);
  const blocks = buildTaggedBlocks({ tree, contentText, links: new Map([['pdfjs_internal_id_9R', 'https://www.kl.dk/']]), documentLang: 'da-DK', pageNumber: 4 });

  it('gives headings, paragraphs in tree order, nested lists, a table with header scopes and caption, links, a language span and figures', () => {
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, text: 'Økonomi', id: 'side-4-1-oekonomi' },
      { kind: 'paragraph', text: 'Indledning i venstre spalte.' },
      { kind: 'paragraph', text: 'Fortsat i højre spalte.' },
      { kind: 'list', ordered: false, items: [{ text: 'grøn omstilling', list: { ordered: false, items: [{ text: 'vind' }] } }, { text: 'digitalisering' }] },
      { kind: 'table', caption: 'Tabel 1', rows: [[{ text: 'Post', header: true, scope: 'col' }, { text: 'Mio. kr.', header: true, scope: 'col' }], [{ text: 'Indtægter', header: true, scope: 'row' }, { text: '952', header: false }]] },
      { kind: 'paragraph', text: 'Se kl.dk on the whole', parts: [{ text: 'Se' }, { text: 'kl.dk', href: 'https://www.kl.dk/' }, { text: 'on the whole', lang: 'en-GB' }] },
      { kind: 'figure', alt: 'Søjlediagram over udgifter' },
      { kind: 'figure', alt: null },
    ]);
  });

  it('flags a figure without alt text instead of giving it an empty one', () => {
    expect(countFiguresWithoutAlt({ blocks })).toBe(1);
  });

  it('leaves out text marked as an artifact (running header, page number)', () => {
    const text = collectMarkedContentText({ items: [
      { type: 'beginMarkedContent', tag: 'Artifact' }, { str: 'Årsberetning 2024 · side 4', hasEOL: true }, { type: 'endMarkedContent' },
      { type: 'beginMarkedContentProps', id: 'p1R_mc0', tag: 'P' }, { str: 'Kommunerne har sam-', hasEOL: true }, { str: 'arbejdet.', hasEOL: false }, { type: 'endMarkedContent' },
    ] });
    expect([...text]).toEqual([['p1R_mc0', 'Kommunerne har samarbejdet.']]);
  });
});

describe('a Word-tagged page', () => {
  it('turns paragraphs that start with a Symbol-font bullet (U+F0B7) into one list, and leaves no private-use glyph anywhere', () => {
    const contentText = new Map([['a', '\uf0b7 grøn omstilling'], ['b', '\uf0b7digitalisering'], ['c', 'Afsluttende tekst.'], ['d', '\uf0a7 Bemærk']]);
    const tree = el('Document', [el('P', [{ type: 'content', id: 'a' }]), el('P', [{ type: 'content', id: 'b' }]), el('P', [{ type: 'content', id: 'c' }]), el('Table', [el('TR', [el('TD', [{ type: 'content', id: 'd' }])])])]);
    expect(buildTaggedBlocks({ tree, contentText, documentLang: 'da', pageNumber: 1 })).toEqual([
      { kind: 'list', ordered: false, items: [{ text: 'grøn omstilling' }, { text: 'digitalisering' }] },
      { kind: 'paragraph', text: 'Afsluttende tekst.' },
      { kind: 'table', rows: [[{ text: 'Bemærk', header: false }]] },
    ]);
  });
});

describe('unreadable glyphs in blocks', () => {
  it('are left out of every kind of block, with the white space around them tidied, and a paragraph or heading left empty goes', () => {
    const blocks: StructureBlock[] = [
      { kind: 'heading', level: 2, text: '\uf0b7 Økonomi', id: 'side-1-1-oekonomi' },
      { kind: 'heading', level: 3, text: '\uf0a7', id: 'side-1-2-afsnit' },
      { kind: 'paragraph', text: 'Se  kl.dk\u0007', parts: [{ text: 'Se ' }, { text: 'kl.dk\u0007', href: 'https://www.kl.dk/' }] },
      { kind: 'list', ordered: false, items: [{ text: '\uf0b7grøn', list: { ordered: true, items: [{ text: 'vind\t' }] } }] },
      { kind: 'table', rows: [[{ text: '\uf0d8 Post', header: true }, { text: '952', header: false }]], caption: ' Tabel 1' },
      { kind: 'figure', alt: 'Søjler\uf020' },
    ];
    expect(removeUnreadableGlyphs({ blocks })).toEqual([
      { kind: 'heading', level: 2, text: 'Økonomi', id: 'side-1-1-oekonomi' },
      { kind: 'paragraph', text: 'Se kl.dk', parts: [{ text: 'Se' }, { text: 'kl.dk', href: 'https://www.kl.dk/' }] },
      { kind: 'list', ordered: false, items: [{ text: 'grøn', list: { ordered: true, items: [{ text: 'vind' }] } }] },
      { kind: 'table', rows: [[{ text: 'Post', header: true }, { text: '952', header: false }]], caption: 'Tabel 1' },
      { kind: 'figure', alt: 'Søjler' },
    ]);
  });

  it('leave a clean block as it is, not a copy', () => {
    const blocks: StructureBlock[] = [
      { kind: 'heading', level: 2, text: 'Økonomi', id: 'side-1-1-oekonomi' },
      { kind: 'paragraph', text: 'Se kl.dk', parts: [{ text: 'Se' }, { text: 'kl.dk', href: 'https://www.kl.dk/' }] },
      { kind: 'list', ordered: false, items: [{ text: 'grøn', list: { ordered: true, items: [{ text: 'vind' }] } }] },
      { kind: 'table', rows: [[{ text: 'Post', header: true }]], caption: 'Tabel 1' },
      { kind: 'figure', alt: null },
    ];
    const kept = removeUnreadableGlyphs({ blocks });
    expect(kept).toHaveLength(blocks.length);
    kept.forEach((block, i) => expect(block).toBe(blocks[i]));
  });
});
