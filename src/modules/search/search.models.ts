import { stemmer as danishStemmer } from '@orama/stemmers/danish';
import { blocksToText } from '../documents/documents-structure.models.js';
import type { StructureBlock } from '../documents/documents.types.js';

// The Snowball Danish stop words (the list PostgreSQL's `danish` configuration uses).
const STOP_WORDS = new Set(
  'og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan'.split(' '),
);

// Scripts written without spaces between words: indexed as overlapping pairs of characters.
export const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
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
