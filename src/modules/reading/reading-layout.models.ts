import type { PageLine, TableCell } from '../documents/documents.types.js';
import { hasText } from '../documents/documents.models.js';

// Pure functions that read a document's layout from the positions and sizes of its stored lines:
// the body text size, tables in untagged pages, and running headers, footers and page numbers.

/** The body text size of a document: the size that carries the most characters. */
export function findBodySize(pages: PageLine[][]): number {
  const weight = new Map<number, number>();
  for (const lines of pages) {
    for (const line of lines) {
      const size = Math.round(line.size * 2) / 2;
      weight.set(size, (weight.get(size) ?? 0) + line.text.length);
    }
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, chars] of weight) {
    if (chars > bestWeight || (chars === bestWeight && size < best)) {
      best = size;
      bestWeight = chars;
    }
  }
  return best || 10;
}

const NUMERIC_CELL = /^[\s\d.,%\-–+()]+$/u;

/**
 * Tables in an untagged page: at least three lines in a row, each split into two or more cells by
 * wide gaps (see groupRunsIntoLines), close together and with their first column aligned. The
 * first row is the header row when it is bold or words over numbers. Keyed by the first line's
 * index; `end` is the last line's.
 */
export function findTables(lines: PageLine[]): Map<number, { end: number; rows: TableCell[][] }> {
  const found = new Map<number, { end: number; rows: TableCell[][] }>();
  let start = 0;
  while (start < lines.length) {
    let end = start;
    const first = lines[start]!;
    if ((first.cells?.length ?? 0) >= 2) {
      while (end + 1 < lines.length) {
        const current = lines[end]!;
        const next = lines[end + 1]!;
        const aligned = Math.abs((next.cells?.[0]?.x ?? next.x) - (current.cells?.[0]?.x ?? current.x)) <= 3;
        const close = next.y > current.y && next.y - current.y <= current.size * 2.6;
        if ((next.cells?.length ?? 0) >= 2 && aligned && close) end += 1;
        else break;
      }
    }
    if (end - start >= 2) {
      const rows = lines.slice(start, end + 1).map((line) => (line.cells ?? []).map((cell) => cell.text.trim()));
      const width = Math.max(...rows.map((row) => row.length));
      const head = rows[0]!;
      const numericLater = rows.slice(1).some((row) => row.slice(1).some((cell) => NUMERIC_CELL.test(cell)));
      const headerRow = first.bold || (numericLater && head.filter((cell) => NUMERIC_CELL.test(cell)).length === 0) || (numericLater && head.slice(1).every((cell) => !NUMERIC_CELL.test(cell) || /^(19|20)\d\d$/.test(cell.trim())));
      found.set(start, {
        end,
        rows: rows.map((row, r) => Array.from({ length: width }, (_, c): TableCell => {
          const text = row[c] ?? '';
          if (r === 0 && headerRow) return { text, header: true, scope: 'col' };
          return { text, header: false };
        })),
      });
      start = end + 1;
    } else start += 1;
  }
  return found;
}

/** A running header, footer or page number: its text with every number made alike, so "Side 4-17" and "Side 4-18" match. */
function runningKey(text: string): string {
  return text.trim().toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ');
}

/**
 * Lines that repeat at the same height on most pages of a document (running headers and footers,
 * page numbers "Side 4-17", "- 4 -", dates): per page, the indexes of the lines to drop. A line
 * counts when its text (numbers made alike) stands within 4 pt of the same height on at least
 * `share` of the pages (and on three pages at least); left and right pages with different headers
 * each reach 40 %.
 */
export function findRunningLines({ pages, share = 0.4 }: { pages: PageLine[][]; share?: number }): Set<number>[] {
  const result = pages.map(() => new Set<number>());
  if (pages.length < 3) return result;
  const needed = Math.max(3, Math.ceil(pages.length * share));
  const seen = new Map<string, Map<number, Set<number>>>();
  // Only the top line and the bottom two lines of a page can be running lines: body text that
  // differs only in a number ("Tekst på side 4") must stay. The top is the least y, the bottom the
  // second greatest (the greatest when the page has one line), found in one pass rather than by
  // sorting every page's heights (issue #15, bench:ingest).
  const candidates = pages.map((lines) => {
    let top = Number.POSITIVE_INFINITY;
    let greatest = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    for (const { y } of lines) {
      if (y < top) top = y;
      if (y > greatest) {
        second = greatest;
        greatest = y;
      } else if (y > second) second = y;
    }
    const bottom = lines.length > 1 ? second : greatest;
    // `counts`: whether the line counts towards a key's pages (a long line is body text), or is only matched against them.
    const found: { index: number; key: string; bucket: number; counts: boolean }[] = [];
    lines.forEach((line, index) => {
      if ((line.y <= top || line.y >= bottom) && hasText(line.text)) found.push({ index, key: runningKey(line.text), bucket: Math.round(line.y / 4), counts: line.text.length <= 120 });
    });
    return found;
  });
  candidates.forEach((found, page) => {
    for (const { key, bucket, counts } of found) {
      if (!counts) continue;
      const buckets = seen.get(key) ?? new Map<number, Set<number>>();
      const set = buckets.get(bucket) ?? new Set<number>();
      set.add(page);
      buckets.set(bucket, set);
      seen.set(key, buckets);
    }
  });
  candidates.forEach((found, page) => {
    for (const { index, key, bucket } of found) {
      const buckets = seen.get(key);
      if (!buckets) continue;
      const near = [buckets.get(bucket - 1), buckets.get(bucket), buckets.get(bucket + 1)].filter((set) => set !== undefined);
      // One position alone often holds enough pages (a footer on every page); only otherwise are the three counted together.
      if (near.some((set) => set.size >= needed) || new Set(near.flatMap((set) => [...set])).size >= needed) result[page]!.add(index);
    }
  });
  return result;
}
