import { stemmer as danishStemmer } from '@orama/stemmers/danish';
import { blocksToText } from '../documents/documents-structure.models.js';
import type { StructureBlock } from '../documents/documents.types.js';
import type { ParsedQuery, QueryClause, SearchBudget, SearchMeter, SearchMeterKind, SearchProblem } from './search.types.js';

export const MAX_QUERY_LENGTH = 500;

// The Snowball Danish stop words (the list PostgreSQL's `danish` configuration uses).
const STOP_WORDS = new Set(
  'og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan'.split(' '),
);

// Scripts written without spaces between words: indexed as overlapping pairs of characters.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\p{N}]+$/u;

/** Lower case, NFKC, æ/ø/å spelled ae/oe/aa (so both spellings meet), other accents dropped. */
export function foldWord(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

/**
 * The index term of one word: folded first (so "baglæns" and "baglaens" stem alike), then the
 * Danish Snowball stem for Latin-script words.
 */
export function analyzeWord(word: string): string {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const folded = foldWord(word);
  const term = LATIN_WORD.test(folded) && !/^\d+$/.test(folded) ? danishStemmer(folded) : folded;
  // A text's vocabulary repeats itself: remembering recent words makes indexing several times faster.
  if (termCache.size >= 50_000) termCache.clear();
  termCache.set(word, term);
  return term;
}

const termCache = new Map<string, string>();

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.normalize('NFKC').toLowerCase());
}

export type TextToken = { start: number; end: number; terms: string[]; surface: string };

/** Words of a text with their offsets and index terms; runs of CJK/Thai become character pairs. */
export function tokenizeText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const surface = match[0];
    const start = match.index;
    if (!UNSPACED.test(surface)) {
      tokens.push({ start, end: start + surface.length, terms: [analyzeWord(surface)], surface });
      continue;
    }
    // Split the word into spaced and unspaced runs; each unspaced character is its own token whose terms are its pairs.
    const chars = Array.from(surface);
    let offset = start;
    let run = '';
    let runStart = start;
    const flushRun = () => {
      if (run) tokens.push({ start: runStart, end: runStart + run.length, terms: [analyzeWord(run)], surface: run });
      run = '';
    };
    for (let i = 0; i < chars.length; i += 1) {
      const ch = chars[i]!;
      if (UNSPACED.test(ch)) {
        flushRun();
        const next = chars[i + 1];
        const pair = next && UNSPACED.test(next) ? foldWord(ch + next) : undefined;
        const prev = chars[i - 1];
        const isolated = !pair && !(prev && UNSPACED.test(prev));
        tokens.push({ start: offset, end: offset + ch.length, terms: pair ? [pair] : isolated ? [foldWord(ch)] : [], surface: ch });
      } else {
        if (!run) runStart = offset;
        run += ch;
      }
      offset += ch.length;
    }
    flushRun();
  }
  return tokens;
}

/** Joins two neighbouring terms into one pair token: a private-use character, which analysis never leaves in a term. */
export const PAIR_JOINER = '\uE000';

/**
 * Each pair of neighbouring terms as one token, in order: a phrase of n words is then a phrase of
 * n − 1 pair tokens, which are far rarer than its words (FTS5 checks positions only where the pairs occur).
 */
export function pairTerms(terms: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < terms.length; i += 1) pairs.push(`${terms[i]}${PAIR_JOINER}${terms[i + 1]}`);
  return pairs;
}

/** Every index term of a text, in order (what the drivers store). */
export function analyzeText(text: string): string[] {
  return tokenizeText(text).flatMap((t) => t.terms);
}

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

/** The defaults of search.config.ts, for callers without a config (benchmarks, tests). */
export const DEFAULT_SEARCH_BUDGET: SearchBudget = { maxClauses: 8, maxPrefixTerms: 64, maxCandidateRows: 1300, maxSampleRows: 16_000, maxSuggestionWords: 2000, maxSuggestionTries: 6 };

const budgetOf: Record<SearchMeterKind, keyof SearchBudget> = {
  prefixTerms: 'maxPrefixTerms',
  candidateRows: 'maxCandidateRows',
  sampleRows: 'maxSampleRows',
  suggestionWords: 'maxSuggestionWords',
  suggestionTries: 'maxSuggestionTries',
};

export function createSearchMeter({ budget }: { budget: SearchBudget }): SearchMeter {
  const spent: Record<SearchMeterKind, number> = { prefixTerms: 0, candidateRows: 0, sampleRows: 0, suggestionWords: 0, suggestionTries: 0 };
  const left = (kind: SearchMeterKind) => Math.max(0, budget[budgetOf[kind]] - spent[kind]);
  return {
    budget,
    take: ({ kind, wanted }) => {
      const granted = Math.max(0, Math.min(Math.floor(wanted), left(kind)));
      spent[kind] += granted;
      return granted;
    },
    giveBack: ({ kind, amount }) => {
      spent[kind] = Math.max(0, spent[kind] - Math.max(0, Math.floor(amount)));
    },
    left,
    spent: () => ({ ...spent }),
    narrowedPrefixes: [],
  };
}

/** A query cut to the budget: how many of its words, phrases and prefixes were searched for. */
export type QueryCut = { kept: number; total: number };

/**
 * The query within `maxClauses`: its clauses in the order typed (the groups, then the exclusions),
 * the rest left out. A reader's OR group is kept whole or cut at its end; an emptied group is dropped.
 */
export function boundQuery({ query, maxClauses }: { query: ParsedQuery; maxClauses: number }): { query: ParsedQuery; cut: QueryCut | null } {
  const total = query.groups.reduce((n, g) => n + g.length, 0) + query.excluded.length;
  if (total <= maxClauses) return { query, cut: null };
  let left = maxClauses;
  const groups: QueryClause[][] = [];
  for (const group of query.groups) {
    const kept = group.slice(0, left);
    left -= kept.length;
    if (kept.length > 0) groups.push(kept);
  }
  const excluded = query.excluded.slice(0, left);
  return { query: { ...query, groups, excluded }, cut: { kept: maxClauses, total } };
}

/**
 * The index terms a prefix stands for without asking the vocabulary (search_words keeps letters-only
 * words of 3+ letters that are not stop words): the prefix itself as a whole word (a number, "EU", "by")
 * and the stop words that begin with it. With the vocabulary's words these are all a prefix is searched
 * as: the engines' own prefix search reads every page of every word in the range (ik* at 1M pages: 1-2 s
 * in one synchronous statement), which no budget can bound.
 */
export function listKnownPrefixTerms({ prefix }: { prefix: string }): string[] {
  const terms = new Set<string>([prefix, analyzeWord(prefix)]);
  for (const word of STOP_WORDS) if (foldWord(word).startsWith(prefix)) terms.add(analyzeWord(word));
  return [...terms];
}

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

/** The search page's address for a query and years (the one form both the page and the API link to). */
export function searchUrlFor({ q, yearFrom, yearTo, page }: { q: string; yearFrom: number | undefined; yearTo: number | undefined; page?: number }): string {
  const params = new URLSearchParams({ q });
  if (yearFrom !== undefined) params.set('fra', String(yearFrom));
  if (yearTo !== undefined) params.set('til', String(yearTo));
  if (page && page > 1) params.set('side', String(page));
  return `/soeg?${params.toString()}`;
}

/** The snippet as HTML: text escaped, matches in `<mark>`. */
export function renderSnippetHtml(pieces: SnippetPiece[]): string {
  return pieces.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function levenshtein({ a, b }: { a: string; b: string }): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** Surface words worth indexing for suggestions: letters only, 3–40 characters, not stop words. */
export function listVocabularyWords(text: string): string[] {
  const words = new Set<string>();
  for (const match of text.normalize('NFC').toLowerCase().matchAll(/\p{L}{3,40}/gu)) {
    if (!isStopWord(match[0]) && !UNSPACED.test(match[0])) words.add(match[0]);
  }
  return [...words];
}

// --- ranking: BM25 over a bounded set of candidates, computed here so both drivers rank alike

/** The clauses that add to a page's score (every clause of every group; exclusions add nothing). */
export function listScoringClauses(query: ParsedQuery): QueryClause[] {
  return query.groups.flat();
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count += 1;
  return count;
}

/**
 * How often a clause occurs in a page, given the page's index terms joined by single spaces
 * (as stored beside the text): a term's occurrences, a phrase's, or those of every term a prefix stands for.
 */
export function countClause({ terms, clause }: { terms: string; clause: QueryClause }): number {
  return countInPadded(` ${terms} `, clause);
}

function countInPadded(padded: string, clause: QueryClause): number {
  if (clause.kind === 'phrase') return countOccurrences(padded, ` ${clause.terms.join(' ')} `);
  if (!clause.prefix) return countOccurrences(padded, ` ${clause.term} `);
  if (clause.expansions) return clause.expansions.reduce((sum, term) => sum + countOccurrences(padded, ` ${term} `), 0);
  return countOccurrences(padded, ` ${clause.term}`);
}

export type Bm25Statistics = {
  /** Pages in the index (an estimate is fine). */
  pageCount: number;
  /** Average length of a page's terms text, in characters (the length measure BM25 normalises by). */
  averageLength: number;
  /** For each scoring clause, in order: on how many pages it occurs (an estimate is fine). */
  documentFrequencies: number[];
};

const K1 = 1.2;
const B = 0.75;

/**
 * The share of a page's index terms that are words (two or more letters, no digits): near 1 for prose,
 * low for a table of codes, amounts or page numbers.
 */
export function proseShare(terms: string): number {
  let all = 0;
  let words = 0;
  for (const term of terms.split(' ')) {
    if (term === '') continue;
    all += 1;
    if (/^\p{L}[\p{L}\p{M}]+$/u.test(term)) words += 1;
  }
  return all === 0 ? 1 : words / all;
}

/**
 * How much a page's BM25 counts, by its share of words: prose keeps its score, a page that is mostly
 * numbers and codes keeps a fraction (a code table that names "kommunerne" once in a short page would
 * otherwise outrank the prose about them, BM25 favouring short pages).
 */
export function proseWeight(terms: string): number {
  const share = proseShare(terms);
  return 0.1 + 0.9 * share * share;
}

/**
 * What search indexes for one PDF page: the text of its reading-version blocks when ingestion stored
 * them (no running headers, footers or page numbers, no bullets), else the text as stored.
 */
export function pageSearchText({ text, structureJson }: { text: string; structureJson: string | null }): string {
  if (structureJson === null) return text;
  try {
    const blocks: unknown = JSON.parse(structureJson);
    return Array.isArray(blocks) ? blocksToText({ blocks: blocks as StructureBlock[] }) : text;
  } catch {
    return text;
  }
}

/** Okapi BM25 of one page for the scoring clauses, weighted by its share of words (proseWeight); the page length is its terms text's length. */
export function scoreBm25({ terms, clauses, statistics }: { terms: string; clauses: QueryClause[]; statistics: Bm25Statistics }): number {
  const { pageCount, averageLength, documentFrequencies } = statistics;
  const norm = K1 * (1 - B + (B * terms.length) / Math.max(1, averageLength));
  const padded = ` ${terms} `;
  let score = 0;
  clauses.forEach((clause, i) => {
    const tf = countInPadded(padded, clause);
    if (tf === 0) return;
    const df = Math.min(pageCount, Math.max(1, documentFrequencies[i] ?? 1));
    const idf = Math.log(1 + (pageCount - df + 0.5) / (df + 0.5));
    score += (idf * tf * (K1 + 1)) / (tf + norm);
  });
  return score === 0 ? 0 : score * proseWeight(terms);
}

/** A stable key for a clause (for caching its document frequency). */
export function clauseKey(clause: QueryClause): string {
  if (clause.kind === 'phrase') return `"${clause.terms.join(' ')}"`;
  if (!clause.prefix) return clause.term;
  return `${clause.term}*${clause.expansions ? `(${clause.expansions.join(' ')})` : ''}`;
}
