import { foldWord, tokenizeText, type TextToken } from './search.models.js';
import type { ParsedQuery } from './search.types.js';

/** Every term the query looks for, for highlighting (prefix terms end with `*`). */
export function listQueryTerms(query: ParsedQuery): string[] {
  const out: string[] = [];
  for (const clause of query.groups.flat()) {
    if (clause.kind === 'term') out.push(clause.prefix ? `${clause.term}*` : clause.term);
    else out.push(...clause.terms);
  }
  return out;
}

export type SnippetPiece = { text: string; mark: boolean };

/** A short passage around the densest run of matching words, the matches marked. */
export function buildSnippet({ text, query, maxWords = 30 }: { text: string; query: ParsedQuery; maxWords?: number }): SnippetPiece[] {
  const terms = listQueryTerms(query);
  const exact = new Set(terms.filter((t) => !t.endsWith('*')));
  const prefixes = terms.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1));
  const tokens = tokenizeText(text);
  if (tokens.length === 0) return [];
  const isMatch = (token: TextToken) =>
    token.terms.some((term) => exact.has(term)) || (prefixes.length > 0 && prefixes.some((p) => foldWord(token.surface).startsWith(p)));
  const matched = tokens.map(isMatch);
  let bestStart = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    if (matched[i]) count += 1;
    if (i >= maxWords && matched[i - maxWords]) count -= 1;
    if (count > bestCount) { bestCount = count; bestStart = Math.max(0, i - maxWords + 1); }
  }
  // Start a few words before the first match, so the match has context.
  const firstMatch = matched.indexOf(true, bestStart);
  const from = firstMatch === -1 ? 0 : Math.max(0, Math.min(bestStart, firstMatch - 5));
  const to = Math.min(tokens.length, from + maxWords);
  const pieces: SnippetPiece[] = [];
  let cursor = tokens[from]!.start;
  if (from > 0) pieces.push({ text: '… ', mark: false });
  for (let i = from; i < to; i += 1) {
    const token = tokens[i]!;
    if (!matched[i]) continue;
    if (token.start > cursor) pieces.push({ text: text.slice(cursor, token.start), mark: false });
    pieces.push({ text: text.slice(token.start, token.end), mark: true });
    cursor = token.end;
  }
  const end = tokens[to - 1]!.end;
  if (end > cursor) pieces.push({ text: text.slice(cursor, end), mark: false });
  if (to < tokens.length) pieces.push({ text: ' …', mark: false });
  return pieces.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }));
}

/** The folded words of a snippet and where its first match is (-1 without one). */
function snippetWords(pieces: SnippetPiece[]): { words: string[]; first: number } {
  const words: string[] = [];
  let first = -1;
  for (const piece of pieces) {
    for (const token of tokenizeText(piece.text)) {
      if (piece.mark && first === -1) first = words.length;
      words.push(foldWord(token.surface));
    }
  }
  return { words, first };
}

/**
 * Whether two snippets show the same passage: the words around their first match agree, from up to 8
 * before it to up to 9 after, as far as both snippets run (at least 6 words). The foreword and the
 * page it was copied from then count as one passage, however differently their snippets end.
 */
export function isSamePassage(a: SnippetPiece[], b: SnippetPiece[]): boolean {
  const x = snippetWords(a);
  const y = snippetWords(b);
  if (x.first === -1 || y.first === -1) return false;
  const before = Math.min(8, x.first, y.first);
  const after = Math.min(9, x.words.length - x.first, y.words.length - y.first);
  if (before + after < 6) return false;
  for (let i = -before; i < after; i += 1) if (x.words[x.first + i] !== y.words[y.first + i]) return false;
  return true;
}

/** The snippet as HTML: text escaped, matches in `<mark>`. */
export function renderSnippetHtml(pieces: SnippetPiece[]): string {
  return pieces.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
