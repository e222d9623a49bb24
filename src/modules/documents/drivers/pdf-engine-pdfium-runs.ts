// How PDFium's text runs are mended into what pdf.js reads from the same page, after
// readPdfiumPage (pdf-engine-pdfium-page.ts) has made one run per text object: where PDFium's own line
// and space making differs from pdf.js's and from pdftotext's.
import type { ContentMark, PdfiumRun } from './pdf-engine-pdfium.js';

/** Hiragana, katakana, CJK punctuation and ideographs, full-width forms: scripts written without spaces between words. */
export const isCjk = (code: number) => (code >= 0x3000 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef);

const isCjkText = (text: string) => text !== '' && Array.from(text).every((char) => isCjk(char.codePointAt(0)!));
const sameMarks = (a: ContentMark[], b: ContentMark[]) => a.length === b.length && a.every((mark, i) => mark.tag === b[i]!.tag && mark.mcid === b[i]!.mcid);

/**
 * CJK text set vertically one character per text object (C102) as one run per column, as pdf.js
 * reads it: PDFium gives each character a line of its own, which would make each a word.
 */
export function joinVerticalColumns({ runs }: { runs: PdfiumRun[] }): PdfiumRun[] {
  const joined: PdfiumRun[] = [];
  let lastY = 0; // where the last character of the last joined run stands
  let column = false; // whether the last joined run is made of single characters
  for (const run of runs) {
    const previous = joined.at(-1);
    const single = run.text.length <= 2 && Array.from(run.text).length === 1 && isCjkText(run.text);
    const below = previous && Math.abs(run.x - previous.x) < 0.5 && run.y > lastY && run.y - lastY < 1.5 * previous.size;
    if (previous && single && column && below && previous.font === run.font && sameMarks(previous.marks, run.marks)) {
      joined[joined.length - 1] = { ...previous, text: previous.text + run.text, width: Math.max(previous.width, run.width), hasEOL: run.hasEOL };
    } else {
      joined.push(run);
      column = single;
    }
    lastY = run.y;
  }
  return joined;
}

/**
 * PDFium sometimes joins a line to the next with a space rather than a line break (text drawn one
 * character per object, C053's table cells): a run followed by one that starts lower and further
 * left ends its line, as pdf.js reads it, so a hyphen there joins the word again. In place.
 */
export function endLinesAtWraps({ runs }: { runs: PdfiumRun[] }): void {
  for (let i = 0; i + 1 < runs.length; i += 1) {
    const [run, next] = [runs[i]!, runs[i + 1]!];
    if (run.hasEOL || next.y - run.y <= run.size / 2 || next.x >= run.x) continue;
    run.hasEOL = true;
    run.text = run.text.replace(/ +$/, '');
  }
}
