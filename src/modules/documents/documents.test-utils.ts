import { createDeflate } from 'node:zlib';

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
