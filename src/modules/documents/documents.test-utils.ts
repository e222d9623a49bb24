import { createDeflate, deflateSync } from 'node:zlib';

/**
 * A one-page PDF whose content stream is small on disk and `decodedBytes` long once inflated
 * (a decompression bomb): a line of text, then blanks. Written in chunks, so building it costs
 * this process a few MB, not `decodedBytes`.
 */
export async function createFlateBombPdf({ decodedBytes }: { decodedBytes: number }): Promise<Buffer> {
  const deflate = createDeflate({ level: 1 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const head = Buffer.from('BT /F1 12 Tf 72 720 Td (Kommunernes beretning) Tj ET\n', 'latin1');
  deflate.write(head);
  const blanks = Buffer.alloc(16 * 1024 * 1024, 0x20);
  for (let written = head.length; written < decodedBytes; written += blanks.length) {
    const chunk = blanks.subarray(0, Math.min(blanks.length, decodedBytes - written));
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  const stream = Buffer.concat(compressed);

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
async function deflateBlanks({ head, decodedBytes }: { head: Buffer; decodedBytes: number }): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
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
