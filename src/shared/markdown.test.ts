import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from './markdown.js';

describe('markdownToPlainText', () => {
  it('keeps the words and drops Markdown syntax: list dashes and numbers, emphasis, headings, links, images', () => {
    const source = '# Forord\n\nKommunerne har **et godt år** bag sig.\n\n- første punkt\n- andet *punkt*\n\n1. nummer et\n2. nummer to\n\nSe [KL](https://www.kl.dk) og ![logo](logo.png).\n\n> Et citat';
    expect(markdownToPlainText(source)).toBe('Forord Kommunerne har et godt år bag sig. første punkt andet punkt nummer et nummer to Se KL og . Et citat');
  });

  it('keeps hyphens and numbers that are words, not syntax', () => {
    expect(markdownToPlainText('Et 3-årigt forløb - og 2024-tallet.')).toBe('Et 3-årigt forløb - og 2024-tallet.');
  });

  it('never returns HTML: raw tags are text, escaped later by the views', () => {
    expect(markdownToPlainText('Hej <script>x</script>')).toBe('Hej <script>x</script>');
  });
});
