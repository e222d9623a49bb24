import { describe, expect, it } from 'vitest';
import { buildTableOfContents, findChapterOfPage, splitIntoChapters } from './reading-chapters.models.js';

describe('long reports in chapters', () => {
  const pages = Array.from({ length: 40 }, (_, i) => ({ pageNumber: i + 1, hasText: true, blocks: [{ kind: 'paragraph' as const, text: 'Tekst '.repeat(100) }] }));
  const toc = [
    { title: 'Forord', level: 1, href: '#side-1', pageNumber: 1 },
    { title: 'Økonomi', level: 1, href: '#side-12', pageNumber: 12 },
    { title: 'Nøgletal', level: 2, href: '#side-14', pageNumber: 14 },
    { title: 'Bilag', level: 1, href: '#side-30', pageNumber: 30 },
  ];

  it('splits a report over the page limit at its top-level entries and finds the chapter of any page', () => {
    const chapters = splitIntoChapters({ pages, toc, minPages: 30, maxChars: 1_000_000 });
    expect(chapters).toEqual([
      { number: 1, title: 'Forord', firstPage: 1, lastPage: 11 },
      { number: 2, title: 'Økonomi', firstPage: 12, lastPage: 29 },
      { number: 3, title: 'Bilag', firstPage: 30, lastPage: 40 },
    ]);
    expect(findChapterOfPage({ chapters, pageNumber: 14 })?.number).toBe(2);
    expect(findChapterOfPage({ chapters, pageNumber: 41 })).toBeUndefined();
  });

  it('keeps a short report on one page and cuts a chapter over the size budget between pages', () => {
    expect(splitIntoChapters({ pages: pages.slice(0, 30), toc, minPages: 30, maxChars: 1000 })).toHaveLength(1);
    const chapters = splitIntoChapters({ pages, toc, minPages: 30, maxChars: 3000 });
    expect(chapters.every((chapter) => chapter.lastPage - chapter.firstPage + 1 <= 3)).toBe(true);
    expect(chapters[0]).toMatchObject({ title: 'Forord', firstPage: 1 });
    expect(chapters.map((c) => c.firstPage)).toContain(12);
  });
});
