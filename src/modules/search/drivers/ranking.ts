import type { Db } from '../../../database/database.js';
import { yieldToEventLoop } from '../../../shared/event-loop.js';
import { clauseKey, listScoringClauses, scoreBm25 } from '../search.models.js';
import { countShapeEntries, getIndexShape, listPrefixTerms, type IndexShape } from '../search.repository.js';
import type { ParsedQuery, QueryClause } from '../search.types.js';

// What both drivers share around their engine: prefixes expanded from the vocabulary, and BM25 over
// the bounded candidates with statistics that cost a bounded amount to learn. The engines' own
// scorers (FTS5 bm25(), ts_rank with the idf of every matching page) read every page of a common
// word or phrase; this never reads more than SAMPLE_SIZE matches of a clause.

/** A clause's document frequency is counted exactly up to this many pages and estimated beyond. */
export const SAMPLE_SIZE = 2000;
/** Candidates scored per turn of the event loop. */
const SCORING_BATCH = 100;
/** How long learnt statistics are trusted when the index changes in another process (in this one, any change forgets them). */
const STATISTICS_TTL_MS = 60_000;

/** The newest `limit` pages matching a clause: how many there are and the oldest one's entry number. */
export type ClauseSample = { count: number; oldestSeq: number | null };

type Statistics = { at: number; shape: IndexShape | undefined; frequencies: Map<string, number> };

// Keyed by the database handle: drivers are created per request, the statistics outlive them.
const cache = new WeakMap<object, Statistics>();

function statisticsFor(db: Db): Statistics {
  let entry = cache.get(db);
  if (!entry || Date.now() - entry.at > STATISTICS_TTL_MS) {
    entry = { at: Date.now(), shape: undefined, frequencies: new Map() };
    cache.set(db, entry);
  }
  return entry;
}

/** The index changed: rank with fresh statistics. */
export function forgetStatistics(db: Db): void {
  cache.delete(db);
}

/**
 * The query with each prefix term given the index terms it stands for (engine prefix search when the
 * vocabulary has none): at most `perPrefix` each, the vocabulary's shortest words first. One bounded
 * lookup per prefix, with the event loop free between them.
 */
export async function expandPrefixes(query: ParsedQuery, { db, perPrefix }: { db: Db; perPrefix: number }): Promise<ParsedQuery> {
  const expand = async (clause: QueryClause): Promise<QueryClause> => {
    if (clause.kind !== 'term' || !clause.prefix) return clause;
    await yieldToEventLoop();
    const terms = await listPrefixTerms({ prefix: clause.term, limit: perPrefix }, { db });
    return terms.length > 0 ? { ...clause, expansions: terms } : clause;
  };
  const groups: QueryClause[][] = [];
  for (const group of query.groups) {
    const expanded: QueryClause[] = [];
    for (const clause of group) expanded.push(await expand(clause));
    groups.push(expanded);
  }
  const excluded: QueryClause[] = [];
  for (const clause of query.excluded) excluded.push(await expand(clause));
  return { ...query, groups, excluded };
}

/**
 * BM25 scores for candidate pages (by their terms text). The page count is the sum of each year's
 * span of entry numbers; a clause's document frequency is exact up to SAMPLE_SIZE and beyond that extrapolated
 * from how far back its newest SAMPLE_SIZE matches reach. A query of one clause needs no frequency
 * (it scales every score alike).
 */
export async function scoreCandidates(
  { query, candidates }: { query: ParsedQuery; candidates: { terms: string | null }[] },
  { db, sampleClause }: { db: Db; sampleClause: (input: { clause: QueryClause; limit: number }) => Promise<ClauseSample> },
): Promise<number[]> {
  if (candidates.length === 0) return [];
  const clauses = listScoringClauses(query);
  const statistics = statisticsFor(db);
  statistics.shape ??= await getIndexShape({ db });
  const shape = statistics.shape;
  const pageCount = countShapeEntries({ shape });
  const documentFrequencies: number[] = [];
  for (const clause of clauses) {
    if (clauses.length === 1) { documentFrequencies.push(1); continue; }
    const key = clauseKey(clause);
    let frequency = statistics.frequencies.get(key);
    if (frequency === undefined) {
      await yieldToEventLoop();
      const sample = await sampleClause({ clause, limit: SAMPLE_SIZE });
      frequency = sample.count < SAMPLE_SIZE || sample.oldestSeq === null ? sample.count : (SAMPLE_SIZE * pageCount) / countShapeEntries({ shape, fromSeq: sample.oldestSeq });
      if (statistics.frequencies.size >= 10_000) statistics.frequencies.clear();
      statistics.frequencies.set(key, frequency);
    }
    documentFrequencies.push(frequency);
  }
  // Scoring reads each candidate's terms once per index word of the query (up to 1,000 × 64 scans of
  // about 1 KB): in batches, with the event loop free between them.
  const scores: number[] = [];
  const bm25Statistics = { pageCount, averageLength: shape.averageLength, documentFrequencies };
  for (let i = 0; i < candidates.length; i += SCORING_BATCH) {
    if (i > 0) await yieldToEventLoop();
    for (const c of candidates.slice(i, i + SCORING_BATCH)) scores.push(scoreBm25({ terms: c.terms ?? '', clauses, statistics: bm25Statistics }));
  }
  return scores;
}
