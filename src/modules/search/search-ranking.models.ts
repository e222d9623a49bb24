import type { ParsedQuery, QueryClause } from './search.types.js';

// Ranking: BM25 over a bounded set of candidates, computed here so both drivers rank alike

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
