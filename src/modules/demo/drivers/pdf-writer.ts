import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export type PdfSection = { heading: string; paragraphs: string[] };

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 64;

/**
 * Writes a simple, real PDF with a text layer: a cover page, then the sections as flowing text.
 * Used for the demo content and for the tests' own fixtures. `stamp` is printed on every page.
 * `hyphenate` breaks long words at line ends with a hyphen (`kommu-` / `nerne`), as typeset
 * reports do, so text extraction's repair of them can be checked.
 */
export async function writeReportPdf({ title, subtitle, sections, stamp, author = 'Beretning', language = 'da', createdAt = new Date('2024-01-01T00:00:00Z'), pagePerSection = false, hyphenate = false }: { title: string; subtitle?: string; sections: PdfSection[]; stamp?: string; author?: string; language?: string; createdAt?: Date; pagePerSection?: boolean; hyphenate?: boolean }): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setAuthor(author);
  pdf.setLanguage(language);
  pdf.setCreator('Beretning');
  pdf.setProducer('Beretning (pdf-lib)');
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  const cover = pdf.addPage(A4);
  cover.drawRectangle({ x: 0, y: A4[1] - 300, width: A4[0], height: 300, color: rgb(0, 0.294, 0.529) });
  drawWrapped({ page: cover, text: title, font: bold, size: 30, x: MARGIN, y: A4[1] - 140, width: A4[0] - 2 * MARGIN, color: rgb(1, 1, 1) });
  if (subtitle) drawWrapped({ page: cover, text: subtitle, font: regular, size: 14, x: MARGIN, y: A4[1] - 360, width: A4[0] - 2 * MARGIN });
  if (stamp) stampPage({ page: cover, stamp, font: bold });

  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = () => {
    if (stamp) stampPage({ page, stamp, font: bold });
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  sections.forEach((section, index) => {
    if (y < 200 || (pagePerSection && index > 0)) newPage();
    y = drawWrapped({ page, text: section.heading, font: bold, size: 18, x: MARGIN, y, width: A4[0] - 2 * MARGIN }) - 10;
    for (const paragraph of section.paragraphs) {
      const lines = wrap({ text: paragraph, font: regular, size: 11, width: A4[0] - 2 * MARGIN, hyphenate });
      for (const line of lines) {
        if (y < MARGIN + 20) newPage();
        page.drawText(line, { x: MARGIN, y, size: 11, font: regular, color: rgb(0.1, 0.1, 0.1) });
        y -= 16;
      }
      y -= 8;
    }
  });
  if (stamp) stampPage({ page, stamp, font: bold });
  return pdf.save();
}

function stampPage({ page, stamp, font }: { page: PDFPage; stamp: string; font: PDFFont }) {
  page.drawText(stamp, { x: MARGIN, y: 28, size: 9, font, color: rgb(0.55, 0.1, 0.1) });
}

function wrap({ text, font, size, width, hyphenate = false }: { text: string; font: PDFFont; size: number; width: number; hyphenate?: boolean }): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      // The longest head of at least three letters (leaving three) that still fits, with its hyphen.
      let head = 0;
      if (hyphenate && /^\p{L}{7,}$/u.test(word)) {
        for (let k = word.length - 3; k >= 3 && head === 0; k -= 1) if (font.widthOfTextAtSize(`${line} ${word.slice(0, k)}-`, size) <= width) head = k;
      }
      lines.push(head > 0 ? `${line} ${word.slice(0, head)}-` : line);
      line = word.slice(head);
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function drawWrapped({ page, text, font, size, x, y, width, color = rgb(0.1, 0.1, 0.1) }: { page: PDFPage; text: string; font: PDFFont; size: number; x: number; y: number; width: number; color?: ReturnType<typeof rgb> }): number {
  let cursor = y;
  for (const line of wrap({ text, font, size, width })) {
    page.drawText(line, { x, y: cursor, size, font, color });
    cursor -= size * 1.3;
  }
  return cursor;
}
