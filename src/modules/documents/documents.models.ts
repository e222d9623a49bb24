/** The file name readers get: the original, minus anything that could act as a path or a control character. */
export function sanitizeFileName({ fileName }: { fileName: string }): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  let cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned.length > 150) cleaned = cleaned.slice(0, 150);
  if (!cleaned) cleaned = 'beretning';
  if (!/\.pdf$/i.test(cleaned)) cleaned = `${cleaned}.pdf`;
  return cleaned;
}

/** The public, content-addressed address of a PDF: immutable, since its bytes can never change. */
export function createDocumentUrl({ sha256, fileName }: { sha256: string; fileName: string }): string {
  return `/filer/${sha256}/${encodeURIComponent(sanitizeFileName({ fileName }))}`;
}

const danishToAscii: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };

/** The plain-ASCII `filename=` fallback for old clients: æøå spelled out, other accents dropped. */
export function toAsciiFileName({ fileName }: { fileName: string }): string {
  return fileName
    .replace(/[æøåÆØÅ]/g, (c) => danishToAscii[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
}
