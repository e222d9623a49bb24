import { createDeflate, deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A one-page PDF whose content stream is small on disk and `decodedBytes` long once inflated
 * (a decompression bomb): a line of text, then blanks. Written in chunks, so building it costs
 * this process a few MB, not `decodedBytes`.
 */
export async function createFlateBombPdf({ decodedBytes }: { decodedBytes: number }): Promise<Buffer> {
  const head = Buffer.from('BT /F1 12 Tf 72 720 Td (Kommunernes beretning) Tj ET\n', 'latin1');
  const stream = await deflateBlanks({ head, decodedBytes, level: 1 });

  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: Buffer | string) => {
    const buffer = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (body: string | (string | Buffer)[]) => {
    offsets.push(length);
    push(`${offsets.length} 0 obj\n`);
    for (const part of typeof body === 'string' ? [body] : body) push(part);
    push('\nendobj\n');
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  object('<< /Type /Catalog /Pages 2 0 R >>');
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>');
  object([`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, stream, '\nendstream']);
  object('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const xref = length;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** Deflates `head` followed by blanks up to `decodedBytes`, streaming (never the whole in memory). */
async function deflateBlanks({ head, decodedBytes, level = 9 }: { head: Buffer; decodedBytes: number; level?: number }): Promise<Buffer> {
  const deflate = createDeflate({ level });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  deflate.write(head);
  const blanks = Buffer.alloc(16 * 1024 * 1024, 0x20);
  for (let written = head.length; written < decodedBytes; written += blanks.length) {
    if (!deflate.write(blanks.subarray(0, Math.min(blanks.length, decodedBytes - written)))) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(compressed);
}

/**
 * A PDF of a few kilobytes whose catalog, page tree and page sit in an object stream that inflates
 * to `decodedBytes` (deflated twice: /Filter [/FlateDecode /FlateDecode]), with a cross-reference
 * stream. Merely opening it (what the upload check does) inflates the whole object stream.
 */
export async function createObjectStreamBombPdf({ decodedBytes }: { decodedBytes: number }): Promise<Buffer> {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let offset = 0;
  const header = objects.map((body, i) => { const entry = `${i + 1} ${offset}`; offset += body.length + 1; return entry; }).join(' ') + '\n';
  const once = await deflateBlanks({ head: Buffer.from(header + objects.map((o) => `${o}\n`).join(''), 'latin1'), decodedBytes });
  const twice = deflateSync(once, { level: 9 });
  const parts: Buffer[] = [];
  let length = 0;
  const push = (part: Buffer | string) => {
    const buffer = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    parts.push(buffer);
    length += buffer.length;
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const streamOffset = length;
  push(`4 0 obj\n<< /Type /ObjStm /N 3 /First ${header.length} /Length ${twice.length} /Filter [/FlateDecode /FlateDecode] >>\nstream\n`);
  push(twice);
  push('\nendstream\nendobj\n');
  const xrefOffset = length;
  // /W [1 4 2]: type, field 2 (offset or object stream number), field 3 (index in the stream or generation).
  const row = (type: number, a: number, b: number) => { const r = Buffer.alloc(7); r.writeUInt8(type, 0); r.writeUInt32BE(a, 1); r.writeUInt16BE(b, 5); return r; };
  const xref = Buffer.concat([row(0, 0, 65535), row(2, 4, 0), row(2, 4, 1), row(2, 4, 2), row(1, streamOffset, 0), row(1, xrefOffset, 0)]);
  push(`5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length ${xref.length} >>\nstream\n`);
  push(xref);
  push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return Buffer.concat(parts);
}

type TaggedElement = { role: string; mcid?: number; page?: number; lang?: string; alt?: string; kids?: TaggedElement[] };

/**
 * A small tagged PDF written object by object (/MarkInfo, /Lang da-DK, StructTreeRoot, ParentTree,
 * MCID-marked content): page 1 holds a heading, two columns drawn right column first (the tree
 * gives left then right), a nested list, a table with header cells, a figure with alt text and one
 * without, an English span, and a running header and page number marked as artifacts; page 2 a
 * heading and a paragraph. Helvetica with WinAnsi, so æ, ø and å are octal escapes.
 */
export type TaggedPdfOptions = {
  /** The catalog's /Lang; null leaves it out. */
  lang?: string | null;
  /** A title in /Info and in XMP (dc:title); with `displayDocTitle` the viewer shows it. */
  title?: string;
  displayDocTitle?: boolean;
  /** XMP claims PDF/UA-1 (pdfuaid:part 1). */
  pdfUa?: boolean;
  /** The second figure gets no alt text (default) or alt text too. */
  figureWithoutAlt?: boolean;
  /** The table's header cells (default) or only data cells. */
  tableHeaders?: boolean;
  /** Page 2's heading is H3 after page 1's H1 (a skipped level) instead of H2. */
  skipHeadingLevel?: boolean;
  /** A line on page 2 drawn outside both tags and artifacts. */
  untaggedText?: boolean;
  /** A paragraph on page 2 that starts with a bullet: a list tagged as a paragraph. */
  bulletParagraph?: boolean;
  /** A bullet on page 2 in a font whose ToUnicode maps it to a private-use code point (Word's Symbol bullet). */
  privateUseGlyph?: boolean;
  /** A third page holding only an image (a scan). */
  scannedPage?: boolean;
  /** Every font embedded (Liberation Sans from pdf.js's standard fonts) instead of the unembedded Helvetica. */
  embedFonts?: boolean;
};

export function createTaggedPdf(options: TaggedPdfOptions = {}): Buffer {
  const { lang = 'da-DK', title, displayDocTitle = false, pdfUa = false, figureWithoutAlt = true, tableHeaders = true, skipHeadingLevel = false, untaggedText = false, bulletParagraph = false, privateUseGlyph = false, scannedPage = false, embedFonts = false } = options;
  const text = (s: string) => s.replace(/•/g, '\\225').replace(/æ/g, '\\346').replace(/ø/g, '\\370').replace(/å/g, '\\345').replace(/Æ/g, '\\306').replace(/Ø/g, '\\330').replace(/Å/g, '\\305');
  const show = ({ mcid, tag, font = 'F1', size = 11, x = 72, y, s }: { mcid: number; tag: string; font?: string; size?: number; x?: number; y: number; s: string }) => `/${tag} <</MCID ${mcid}>> BDC BT /${font} ${size} Tf ${x} ${y} Td (${text(s)}) Tj ET EMC\n`;
  const artifact = (y: number, s: string) => `/Artifact BMC BT /F1 8 Tf 72 ${y} Td (${text(s)}) Tj ET EMC\n`;
  const cell = tableHeaders ? 'TH' : 'TD';
  const page1 = [
    artifact(815, 'Årsberetning 2024'),
    show({ mcid: 0, tag: 'H1', font: 'F2', size: 20, y: 760, s: 'Økonomi' }),
    show({ mcid: 2, tag: 'P', x: 320, y: 720, s: 'Højre spalte fortsætter.' }),
    show({ mcid: 1, tag: 'P', y: 720, s: 'Venstre spalte begynder her.' }),
    show({ mcid: 3, tag: 'LBody', x: 90, y: 680, s: 'grøn omstilling' }),
    show({ mcid: 4, tag: 'LBody', x: 110, y: 666, s: 'vindmøller' }),
    show({ mcid: 5, tag: 'LBody', x: 90, y: 652, s: 'digitalisering' }),
    show({ mcid: 6, tag: cell, font: 'F2', y: 610, s: 'Post' }),
    show({ mcid: 7, tag: cell, font: 'F2', x: 220, y: 610, s: 'Mio. kr.' }),
    show({ mcid: 8, tag: cell, font: 'F2', y: 594, s: 'Indtægter' }),
    show({ mcid: 9, tag: 'TD', x: 220, y: 594, s: '952' }),
    '/Figure <</MCID 10>> BDC 72 480 100 80 re f EMC\n',
    '/Figure <</MCID 11>> BDC 200 480 100 80 re f EMC\n',
    show({ mcid: 12, tag: 'P', y: 440, s: 'Beretningen hedder på engelsk' }),
    show({ mcid: 13, tag: 'Span', x: 250, y: 440, s: 'annual report' }),
    artifact(30, '- 1 -'),
  ].join('');
  const heading2 = skipHeadingLevel ? 'H3' : 'H2';
  const page2 = [
    artifact(815, 'Årsberetning 2024'),
    show({ mcid: 0, tag: heading2, font: 'F2', size: 16, y: 760, s: 'Nøgletal' }),
    show({ mcid: 1, tag: 'P', y: 730, s: 'Tallene for året.' }),
    bulletParagraph ? show({ mcid: 2, tag: 'P', y: 700, s: '• Flere borgere fik hjælp' }) : '',
    privateUseGlyph ? '/P <</MCID 3>> BDC BT /F1 11 Tf 72 680 Td (Se figur ) Tj /F3 11 Tf (A) Tj ET EMC\n' : '',
    untaggedText ? 'BT /F1 11 Tf 72 660 Td (Tekst uden tags) Tj ET\n' : '',
    artifact(30, '- 2 -'),
  ].join('');
  const lbody = (mcid: number, kids: TaggedElement[] = []): TaggedElement => ({ role: 'LBody', kids: [{ role: '', mcid }, ...kids] });
  const tree: TaggedElement = {
    role: 'Document',
    kids: [
      { role: 'H1', mcid: 0 },
      { role: 'P', mcid: 1 },
      { role: 'P', mcid: 2 },
      { role: 'L', kids: [{ role: 'LI', kids: [lbody(3, [{ role: 'L', kids: [{ role: 'LI', kids: [lbody(4)] }] }])] }, { role: 'LI', kids: [lbody(5)] }] },
      { role: 'Table', kids: [{ role: 'TR', kids: [{ role: cell, mcid: 6 }, { role: cell, mcid: 7 }] }, { role: 'TR', kids: [{ role: cell, mcid: 8 }, { role: 'TD', mcid: 9 }] }] },
      { role: 'Figure', mcid: 10, alt: 'Søjlediagram over udgifterne' },
      { role: 'Figure', mcid: 11, ...(figureWithoutAlt ? {} : { alt: 'Kort over kommunen' }) },
      { role: 'P', kids: [{ role: '', mcid: 12 }, { role: 'Span', mcid: 13, lang: 'en-GB' }] },
      { role: heading2, mcid: 0, page: 2 },
      { role: 'P', mcid: 1, page: 2 },
      ...(bulletParagraph ? [{ role: 'P', mcid: 2, page: 2 }] : []),
      ...(privateUseGlyph ? [{ role: 'P', mcid: 3, page: 2 }] : []),
    ],
  };

  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // 1 catalog, 2 pages, 3-4 page 1 and its content, 5-6 page 2 and its content, 7-8 fonts, 9 struct tree root, 10 parent tree, 11.. elements.
  // Objects after the structure elements: the XMP, the embedded font and its descriptor, the private-use font, the scanned page.
  const extra: { key: string; body: string | Buffer }[] = [];
  const later = (key: string, body: string | Buffer) => extra.push({ key, body });
  const catalogExtras = [lang === null ? '' : `/Lang (${lang})`, displayDocTitle ? '/ViewerPreferences << /DisplayDocTitle true >>' : '', title || pdfUa ? '/Metadata @xmp' : ''].join(' ');
  add(`<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 9 0 R ${catalogExtras} >>`);
  add(`<< /Type /Pages /Kids [3 0 R 5 0 R${scannedPage ? ' @scan' : ''}] /Count ${scannedPage ? 3 : 2} >>`);
  const resources = `/Resources << /Font << /F1 7 0 R /F2 8 0 R${privateUseGlyph ? ' /F3 @pua' : ''} >> >>`;
  add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${resources} /StructParents 0 >>`);
  add(`<< /Length ${Buffer.byteLength(page1, 'latin1')} >>\nstream\n${page1}\nendstream`);
  add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R ${resources} /StructParents 1 >>`);
  add(`<< /Length ${Buffer.byteLength(page2, 'latin1')} >>\nstream\n${page2}\nendstream`);
  if (embedFonts) {
    const fontFile = readFileSync(join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf'));
    later('fontfile', Buffer.concat([Buffer.from(`<< /Length ${fontFile.length} /Length1 ${fontFile.length} >>\nstream\n`, 'latin1'), fontFile, Buffer.from('\nendstream', 'latin1')]));
    later('descriptor', '<< /Type /FontDescriptor /FontName /LiberationSans /Flags 32 /FontBBox [-203 -303 1050 910] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 /FontFile2 @fontfile >>');
    const widths = `/FirstChar 32 /LastChar 255 /Widths [${Array.from({ length: 224 }, () => '556').join(' ')}]`;
    add(`<< /Type /Font /Subtype /TrueType /BaseFont /LiberationSans /Encoding /WinAnsiEncoding ${widths} /FontDescriptor @descriptor >>`);
    add(`<< /Type /Font /Subtype /TrueType /BaseFont /LiberationSans /Encoding /WinAnsiEncoding ${widths} /FontDescriptor @descriptor >>`);
  } else {
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  }
  if (privateUseGlyph) {
    const cmap = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <F0B7> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end';
    later('tounicode', `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`);
    later('pua', embedFonts ? `<< /Type /Font /Subtype /TrueType /BaseFont /LiberationSans /FirstChar 65 /LastChar 65 /Widths [556] /FontDescriptor @descriptor /ToUnicode @tounicode >>` : '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode @tounicode >>');
  }
  if (scannedPage) {
    const image = 'q 200 0 0 200 72 500 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x20\x80\x80\x20 EI Q\n';
    later('scancontent', `<< /Length ${Buffer.byteLength(image, 'latin1')} >>\nstream\n${image}\nendstream`);
    later('scan', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents @scancontent >>');
  }
  if (title || pdfUa) {
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">${title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>` : ''}${pdfUa ? '<pdfuaid:part>1</pdfuaid:part>' : ''}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    later('xmp', `<< /Type /Metadata /Subtype /XML /Length ${Buffer.byteLength(xmp, 'utf8')} >>\nstream\n${Buffer.from(xmp, 'utf8').toString('latin1')}\nendstream`);
  }
  add('');
  add('');
  const parents: Record<number, string[]> = { 1: [], 2: [] };
  const pageRef = (page: number) => (page === 2 ? '5 0 R' : '3 0 R');
  const write = (element: TaggedElement, parent: string, page: number): string => {
    objects.push('');
    const number = objects.length;
    const ref = `${number} 0 R`;
    const onPage = element.page ?? page;
    const kids: string[] = [];
    if (element.mcid !== undefined && element.role) {
      kids.push(String(element.mcid));
      parents[onPage]![element.mcid] = ref;
    }
    for (const kid of element.kids ?? []) {
      if (!kid.role && kid.mcid !== undefined) {
        kids.push(String(kid.mcid));
        parents[onPage]![kid.mcid] = ref;
      } else kids.push(write(kid, ref, onPage));
    }
    objects[number - 1] = `<< /Type /StructElem /S /${element.role} /P ${parent} /Pg ${pageRef(onPage)} /K [${kids.join(' ')}]${element.lang ? ` /Lang (${element.lang})` : ''}${element.alt ? ` /Alt (${text(element.alt)})` : ''} >>`;
    return ref;
  };
  const documentRef = write(tree, '9 0 R', 1);
  objects[8] = `<< /Type /StructTreeRoot /K [${documentRef}] /ParentTree 10 0 R /ParentTreeNextKey 2 >>`;
  objects[9] = `<< /Nums [0 [${parents[1]!.join(' ')}] 1 [${parents[2]!.join(' ')}]] >>`;

  const numbers = new Map(extra.map((item, i) => [item.key, objects.length + i + 1]));
  const resolve = (body: string) => body.replace(/@(\w+)/g, (_, key: string) => `${numbers.get(key)} 0 R`);
  const all: (string | Buffer)[] = [...objects.map(resolve), ...extra.map((item) => (typeof item.body === 'string' ? resolve(item.body) : item.body))];
  const infoNumber = all.length + 1;
  if (title) all.push(`<< /Title (${text(title)}) >>`);
  return writePdf({ objects: all, trailer: title ? `/Info ${infoNumber} 0 R` : '' });
}

/** Objects 1…n (object 1 the catalog), a cross-reference table and a trailer with `trailer` added: a whole PDF file. */
function writePdf({ objects, trailer, header = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n' }: { objects: (string | Buffer)[]; trailer: string; header?: string }): Buffer {
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(part);
    length += part.length;
  });
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** RC4, for the standard security handler of the encrypted test PDF (Node's OpenSSL no longer offers it). */
function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i += 1) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n += 1) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

/**
 * A one-page PDF encrypted with the standard security handler (revision 2, empty user password, so
 * it opens without one) whose /P allows or forbids copying for accessibility (bit 10).
 */
export function createEncryptedPdf({ allowAccessibility }: { allowAccessibility: boolean }): Buffer {
  const padding = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
  const id = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
  const owner = createHash('md5').update(padding).digest().subarray(0, 5);
  const ownerEntry = rc4(owner, padding);
  // Print and copy allowed; bit 10 (512) as asked; the high bits set as the format requires.
  const p = (0xfffff000 | 0x4 | 0x10 | 0xc0 | (allowAccessibility ? 0x200 : 0)) >> 0;
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(p);
  const key = createHash('md5').update(Buffer.concat([padding, ownerEntry, pBytes, id])).digest().subarray(0, 5);
  const userEntry = rc4(key, padding);
  const objectKey = (num: number) => createHash('md5').update(Buffer.concat([key, Buffer.from([num & 255, (num >> 8) & 255, 0, 0, 0])])).digest().subarray(0, 10);
  const content = rc4(objectKey(4), Buffer.from('BT /F1 12 Tf 72 720 Td (Beskyttet beretning) Tj ET', 'latin1'));
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`, 'latin1'), content, Buffer.from('\nendstream', 'latin1')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${ownerEntry.toString('hex')}> /U <${userEntry.toString('hex')}> /P ${p} >>`,
  ];
  return writePdf({ objects, trailer: `/Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]`, header: '%PDF-1.4\n' });
}

const pdfStream = (body: string | Buffer, dict = '') => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return Buffer.concat([Buffer.from(`<< /Length ${bytes.length} ${dict}>>\nstream\n`, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]);
};

/**
 * A PDF whose page draws `content` with font F1 (object 5), later objects from 6 on; the page is A4
 * (595 × 842). With `pageBefore`, a page before it with that line in Helvetica.
 */
function createOneFontPdf({ content, font, more, pageBefore, catalog = '', page = '' }: { content: string; font: string; more: (string | Buffer)[]; pageBefore?: string; catalog?: string; page?: string }): Buffer {
  const before = 6 + more.length;
  const extra = pageBefore ? [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${before + 1} 0 R /Resources << /Font << /F1 ${before + 2} 0 R >> >> >>`, pdfStream(`BT /F1 12 Tf 72 700 Td (${pageBefore}) Tj ET`), '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'] : [];
  return writePdf({
    objects: [`<< /Type /Catalog /Pages 2 0 R ${catalog}>>`, `<< /Type /Pages /Kids [${pageBefore ? `${before} 0 R ` : ''}3 0 R] /Count ${pageBefore ? 2 : 1} >>`, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${page}>>`, pdfStream(content), font, ...more, ...extra],
    trailer: '',
  });
}

/**
 * Cyrillic text in a Type0 font whose encoding and ToUnicode CMaps take UTF-8 byte sequences as
 * codes, as the Haru library writes them (its Modern-UTF8-H, codes of up to three bytes here).
 * PDFium drops such a ToUnicode map and gives the codes as text; pdf.js and poppler read it.
 * With `pageBefore`, that Latin line on a page before it.
 */
export function createUtf8CMapPdf({ text = 'масса', pageBefore }: { text?: string; pageBefore?: string } = {}): Buffer {
  const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex').toUpperCase();
  const ranges: { low: string; high: string; unicode: number }[] = [];
  for (let code = 0x80; code < 0xffff; code += 64) {
    if (code >= 0xd800 && code < 0xe000) continue;
    const [low, high] = [String.fromCodePoint(code), String.fromCodePoint(code + 63)];
    if (Buffer.byteLength(low) === Buffer.byteLength(high)) ranges.push({ low: hex(low), high: hex(high), unicode: code });
  }
  const blocks = (keyword: string, lines: string[]) => Array.from({ length: Math.ceil(lines.length / 100) }, (_, i) => lines.slice(i * 100, i * 100 + 100)).map((part) => `${part.length} begin${keyword}\n${part.join('\n')}\nend${keyword}`).join('\n');
  const cmap = ({ type, body }: { type: number; body: string }) =>
    `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Haru) /Ordering (Modern1) /Supplement 0 >> def /CMapName /Modern-UTF8-H def /CMapType ${type} def\n4 begincodespacerange\n<00> <7F>\n<C280> <DFBF>\n<E0A080> <E0BFBF>\n<E18080> <EFBFBF>\nendcodespacerange\n${body}\nendcmap CMapName currentdict /CMap defineresource pop end end`;
  const encoding = cmap({ type: 1, body: blocks('cidrange', ['<00> <7F> 0', ...ranges.map((range, i) => `<${range.low}> <${range.high}> ${128 + i * 64}`)]) });
  const toUnicode = cmap({ type: 2, body: blocks('bfrange', ['<00> <7F> <0000>', ...ranges.map((range) => `<${range.low}> <${range.high}> <${range.unicode.toString(16).toUpperCase().padStart(4, '0')}>`)]) });
  const systemInfo = '/CIDSystemInfo << /Registry (Haru) /Ordering (Modern1) /Supplement 0 >>';
  return createOneFontPdf({
    pageBefore,
    content: `BT /F1 24 Tf 72 700 Td (${Buffer.from(text, 'utf8').toString('latin1').replace(/[()\\]/g, '\\$&')}) Tj ET`,
    font: '<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding 6 0 R /ToUnicode 7 0 R /DescendantFonts [8 0 R] >>',
    more: [
      pdfStream(encoding, `/Type /CMap /CMapName /Modern-UTF8-H ${systemInfo} `),
      pdfStream(toUnicode),
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial ${systemInfo} /FontDescriptor 9 0 R /DW 600 >>`,
      '<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [-203 -303 1050 910] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 >>',
    ],
  });
}

/**
 * Text with letters beyond ASCII (WinAnsi codes, "Allgäu") in an embedded simple TrueType font
 * flagged Symbolic with neither /Encoding nor /ToUnicode, as Amyuni writes it; with `toUnicode`
 * the font carries a ToUnicode map as well (then nothing is left to guess).
 */
export function createUnencodedSymbolicFontPdf({ toUnicode = false }: { toUnicode?: boolean } = {}): Buffer {
  const fontFile = readFileSync(join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf'));
  const cmap = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Latin def 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <FF> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end';
  return createOneFontPdf({
    content: 'BT /F1 24 Tf 72 700 Td (Allg\xe4u K\xe4ferhofen) Tj ET',
    font: `<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Arial /FirstChar 32 /LastChar 255 /Widths [${Array.from({ length: 224 }, () => '556').join(' ')}] /FontDescriptor 6 0 R ${toUnicode ? '/ToUnicode 8 0 R ' : ''}>>`,
    more: [
      '<< /Type /FontDescriptor /FontName /ABCDEF+Arial /Flags 4 /FontBBox [-203 -303 1050 910] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 /FontFile2 7 0 R >>',
      pdfStream(fontFile, `/Length1 ${fontFile.length} `),
      ...(toUnicode ? [pdfStream(cmap)] : []),
    ],
  });
}

/** One line on the page and one drawn wholly above it (outside its crop box), as a voucher's other copies are. */
export function createTextOutsidePagePdf(): Buffer {
  return createOneFontPdf({ content: 'BT /F1 12 Tf 72 700 Td (Auf der Seite) Tj ET BT /F1 12 Tf 72 900 Td (Neben der Seite) Tj ET', font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', more: [] });
}

/**
 * An A4 page with a red square (a quarter of the page's width, its top left corner at a quarter of
 * the width from the left and from the top) and, rotated by `rotate`, a line of text; for covers.
 */
export function createColouredShapePdf({ rotate = 0 }: { rotate?: number } = {}): Buffer {
  const side = 595 / 4;
  return createOneFontPdf({
    content: `1 0 0 rg ${595 / 4} ${842 - 595 / 4 - side} ${side} ${side} re f BT /F1 12 Tf 72 100 Td (Forside) Tj ET`,
    font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    more: [],
    page: rotate ? `/Rotate ${rotate} ` : '',
  });
}
