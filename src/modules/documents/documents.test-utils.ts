import { createDeflate, deflateSync } from 'node:zlib';

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
export function createTaggedPdf(): Buffer {
  const text = (s: string) => s.replace(/æ/g, '\\346').replace(/ø/g, '\\370').replace(/å/g, '\\345').replace(/Æ/g, '\\306').replace(/Ø/g, '\\330').replace(/Å/g, '\\305');
  const show = ({ mcid, tag, font = 'F1', size = 11, x = 72, y, s }: { mcid: number; tag: string; font?: string; size?: number; x?: number; y: number; s: string }) => `/${tag} <</MCID ${mcid}>> BDC BT /${font} ${size} Tf ${x} ${y} Td (${text(s)}) Tj ET EMC\n`;
  const artifact = (y: number, s: string) => `/Artifact BMC BT /F1 8 Tf 72 ${y} Td (${text(s)}) Tj ET EMC\n`;
  const page1 = [
    artifact(815, 'Årsberetning 2024'),
    show({ mcid: 0, tag: 'H1', font: 'F2', size: 20, y: 760, s: 'Økonomi' }),
    show({ mcid: 2, tag: 'P', x: 320, y: 720, s: 'Højre spalte fortsætter.' }),
    show({ mcid: 1, tag: 'P', y: 720, s: 'Venstre spalte begynder her.' }),
    show({ mcid: 3, tag: 'LBody', x: 90, y: 680, s: 'grøn omstilling' }),
    show({ mcid: 4, tag: 'LBody', x: 110, y: 666, s: 'vindmøller' }),
    show({ mcid: 5, tag: 'LBody', x: 90, y: 652, s: 'digitalisering' }),
    show({ mcid: 6, tag: 'TH', font: 'F2', y: 610, s: 'Post' }),
    show({ mcid: 7, tag: 'TH', font: 'F2', x: 220, y: 610, s: 'Mio. kr.' }),
    show({ mcid: 8, tag: 'TH', font: 'F2', y: 594, s: 'Indtægter' }),
    show({ mcid: 9, tag: 'TD', x: 220, y: 594, s: '952' }),
    '/Figure <</MCID 10>> BDC 72 480 100 80 re f EMC\n',
    '/Figure <</MCID 11>> BDC 200 480 100 80 re f EMC\n',
    show({ mcid: 12, tag: 'P', y: 440, s: 'Beretningen hedder på engelsk' }),
    show({ mcid: 13, tag: 'Span', x: 250, y: 440, s: 'annual report' }),
    artifact(30, '- 1 -'),
  ].join('');
  const page2 = [artifact(815, 'Årsberetning 2024'), show({ mcid: 0, tag: 'H2', font: 'F2', size: 16, y: 760, s: 'Nøgletal' }), show({ mcid: 1, tag: 'P', y: 730, s: 'Tallene for året.' }), artifact(30, '- 2 -')].join('');
  const lbody = (mcid: number, kids: TaggedElement[] = []): TaggedElement => ({ role: 'LBody', kids: [{ role: '', mcid }, ...kids] });
  const tree: TaggedElement = {
    role: 'Document',
    kids: [
      { role: 'H1', mcid: 0 },
      { role: 'P', mcid: 1 },
      { role: 'P', mcid: 2 },
      { role: 'L', kids: [{ role: 'LI', kids: [lbody(3, [{ role: 'L', kids: [{ role: 'LI', kids: [lbody(4)] }] }])] }, { role: 'LI', kids: [lbody(5)] }] },
      { role: 'Table', kids: [{ role: 'TR', kids: [{ role: 'TH', mcid: 6 }, { role: 'TH', mcid: 7 }] }, { role: 'TR', kids: [{ role: 'TH', mcid: 8 }, { role: 'TD', mcid: 9 }] }] },
      { role: 'Figure', mcid: 10, alt: 'Søjlediagram over udgifterne' },
      { role: 'Figure', mcid: 11 },
      { role: 'P', kids: [{ role: '', mcid: 12 }, { role: 'Span', mcid: 13, lang: 'en-GB' }] },
      { role: 'H2', mcid: 0, page: 2 },
      { role: 'P', mcid: 1, page: 2 },
    ],
  };

  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // 1 catalog, 2 pages, 3-4 page 1 and its content, 5-6 page 2 and its content, 7-8 fonts, 9 struct tree root, 10 parent tree, 11.. elements.
  add('<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 9 0 R /Lang (da-DK) >>');
  add('<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>');
  const resources = '/Resources << /Font << /F1 7 0 R /F2 8 0 R >> >>';
  add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${resources} /StructParents 0 >>`);
  add(`<< /Length ${Buffer.byteLength(page1, 'latin1')} >>\nstream\n${page1}\nendstream`);
  add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R ${resources} /StructParents 1 >>`);
  add(`<< /Length ${Buffer.byteLength(page2, 'latin1')} >>\nstream\n${page2}\nendstream`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
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

  let pdf = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
