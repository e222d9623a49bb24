import { foldWord, isStopWord, tokenizeText, UNSPACED } from './search.models.js';
import type { ParsedQuery, QueryClause, SearchProblem } from './search.types.js';

export const MAX_QUERY_LENGTH = 500;

/** Removes control and format characters, which have no place in a query. */
function cleanQuery(raw: string): string {
  return raw.normalize('NFKC').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, ' ');
}

/** `at`: where `text` starts in the cleaned query. */
type RawClause = { text: string; at: number; quoted: boolean; excluded: boolean; prefix: boolean };

function splitQuery(query: string): (RawClause | 'OR')[] {
  const parts: (RawClause | 'OR')[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) { i += 1; continue; }
    let excluded = false;
    if (ch === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) { excluded = true; i += 1; }
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close === -1 ? query.length : close; // an unbalanced quote runs to the end
      parts.push({ text: query.slice(i + 1, end), at: i + 1, quoted: true, excluded, prefix: false });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end]!) && query[end] !== '"') end += 1;
    const word = query.slice(i, end);
    const at = i;
    i = end;
    if (word === 'OR' && !excluded) { parts.push('OR'); continue; }
    parts.push({ text: word, at, quoted: false, excluded, prefix: /\p{L}\p{M}*\*+$|\p{N}\*+$/u.test(word) });
  }
  return parts;
}

function toClause(raw: RawClause): { clause: QueryClause | undefined; onlyStopWords: boolean; shortPrefix?: boolean } {
  const tokens = tokenizeText(raw.text);
  const terms = tokens.flatMap((t) => t.terms);
  if (terms.length === 0) return { clause: undefined, onlyStopWords: false };
  if (raw.prefix && tokens.length === 1 && !UNSPACED.test(tokens[0]!.surface)) {
    const folded = foldWord(tokens[0]!.surface);
    return folded.length >= 2 ? { clause: { kind: 'term', term: folded, prefix: true }, onlyStopWords: false } : { clause: undefined, onlyStopWords: false, shortPrefix: true };
  }
  if (terms.length === 1) {
    if (!raw.quoted && isStopWord(tokens[0]!.surface)) return { clause: undefined, onlyStopWords: true };
    return { clause: { kind: 'term', term: terms[0]!, prefix: false }, onlyStopWords: false };
  }
  return { clause: { kind: 'phrase', terms: terms.slice(0, 32) }, onlyStopWords: false };
}

/** The reader's query as groups of clauses; never throws, whatever was typed. */
export function parseQuery(raw: string): ParsedQuery {
  const empty = (problem: SearchProblem | undefined): ParsedQuery => ({ groups: [], excluded: [], words: [], problem });
  if (raw.length > MAX_QUERY_LENGTH) return empty('too_long');
  const query = cleanQuery(raw).trim();
  if (!query) return empty('empty');
  const groups: QueryClause[][] = [];
  const excluded: QueryClause[] = [];
  const words = new Set<string>();
  let joinNext = false;
  let sawStopWord = false;
  let sawWord = false;
  let sawShortPrefix = false;
  for (const part of splitQuery(query)) {
    if (part === 'OR') { joinNext = groups.length > 0; continue; }
    const { clause, onlyStopWords, shortPrefix } = toClause(part);
    sawStopWord ||= onlyStopWords;
    sawShortPrefix ||= shortPrefix === true;
    if (!clause) { joinNext = false; continue; }
    sawWord = true;
    for (const token of tokenizeText(part.text)) words.add(token.surface.normalize('NFC').toLowerCase());
    if (part.excluded) { excluded.push(clause); joinNext = false; continue; }
    if (joinNext) groups[groups.length - 1]!.push(clause);
    else groups.push([clause]);
    joinNext = false;
  }
  let problem: SearchProblem | undefined;
  if (groups.length === 0) problem = excluded.length > 0 ? 'only_exclusions' : sawStopWord ? 'only_stop_words' : sawShortPrefix ? 'prefix_too_short' : sawWord ? 'empty' : 'no_words';
  return { groups: groups.slice(0, 16), excluded: excluded.slice(0, 16), words: [...words], problem };
}

/** A word the reader typed that "did you mean" may replace, and where it stands in `query`. */
export type ReplaceableWord = { word: string; start: number; end: number };

/**
 * The words of a query that a spelling suggestion may replace, with their places in the cleaned
 * query, so a suggestion changes that word and keeps everything else as typed (quotes, OR, -, *).
 * Excluded words and prefixes are never replaced: an exclusion cannot be why nothing was found, and
 * a prefix is already a partial word.
 */
export function listReplaceableWords(raw: string): { query: string; words: ReplaceableWord[] } {
  const query = cleanQuery(raw).trim();
  const words: ReplaceableWord[] = [];
  if (raw.length > MAX_QUERY_LENGTH) return { query, words };
  for (const part of splitQuery(query)) {
    if (part === 'OR' || part.excluded || part.prefix) continue;
    for (const token of tokenizeText(part.text)) {
      if (UNSPACED.test(token.surface)) continue;
      words.push({ word: token.surface.normalize('NFC').toLowerCase(), start: part.at + token.start, end: part.at + token.end });
    }
  }
  return { query, words };
}

/** The search page's address for a query and years (the one form both the page and the API link to). */
export function searchUrlFor({ q, yearFrom, yearTo, page }: { q: string; yearFrom: number | undefined; yearTo: number | undefined; page?: number }): string {
  const params = new URLSearchParams({ q });
  if (yearFrom !== undefined) params.set('fra', String(yearFrom));
  if (yearTo !== undefined) params.set('til', String(yearTo));
  if (page && page > 1) params.set('side', String(page));
  return `/soeg?${params.toString()}`;
}
