// Metadata found in a PDF's bytes without parsing it (the XMP packet, /DisplayDocTitle), for
// ingestion with PDFium (pdf-child-pdfium.ts), which gives neither; pdf-lib reads those of tagged files.

/** A metadata value as pdf.js's reading kept it: trimmed, NFC, at most 500 characters, null when empty. */
export const cleanMetadataText = (value: string) => (value.trim() !== '' ? value.normalize('NFC').trim().slice(0, 500) : null);

/**
 * The document's XMP packet found by scanning the bytes, as XMP packets are made to be found
 * (their `<?xpacket` wrapper exists for it): the last one, as an incremental update appends. A
 * packet in a compressed stream is not found (pdf-lib reads those of tagged files).
 */
export function scanXmpPacket({ data }: { data: Uint8Array }): string | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const start = bytes.lastIndexOf('<x:xmpmeta');
  if (start < 0) return null;
  const end = bytes.indexOf('</x:xmpmeta>', start);
  return end < 0 ? null : bytes.subarray(start, end + 12).toString('utf8');
}

/** /ViewerPreferences /DisplayDocTitle found by scanning the bytes (null when absent or compressed). */
export function scanDisplayDocTitle({ data }: { data: Uint8Array }): boolean | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const at = bytes.lastIndexOf('/DisplayDocTitle');
  if (at < 0) return null;
  const value = /^\s*(true|false)/.exec(bytes.subarray(at + 16, at + 40).toString('latin1'));
  return value ? value[1] === 'true' : null;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The first rdf:li of an XMP property (dc:title, dc:creator), as pdf.js's metadata reads it. */
export function readXmpProperty({ xmp, name }: { xmp: string | null; name: 'dc:title' | 'dc:creator' }): string | null {
  if (!xmp) return null;
  const match = new RegExp(`<${name}>[\\s\\S]*?<rdf:li[^>]*>([\\s\\S]*?)</rdf:li>`).exec(xmp);
  if (!match) return null;
  const value = match[1]!.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => (entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : (entities[entity] ?? whole)));
  return cleanMetadataText(value);
}
