import type { Db } from '../../../database/database.js';
import { yieldToEventLoop } from '../../../shared/event-loop.js';
import { clauseKey, scoreBm25, type Bm25Statistics } from '../search-ranking.models.js';
import { listKnownPrefixTerms } from '../search.models.js';
import { countShapeEntries, getIndexShape, listPrefixTerms, type IndexShape } from '../search.repository.js';
import type { ParsedQuery, QueryClause, SearchMeter } from '../search.types.js';

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
 * The expansion step: the query with each prefix given the index terms it stands for, all prefixes
 * together within the meter's `prefixTerms` (what one prefix leaves unused goes to the next). A prefix
 * is its own word and the stop words that begin with it, then the vocabulary's words, shortest first;
 * never the engines' own prefix search (unbounded). One bounded lookup per prefix, with the event loop
 * free between them. A prefix that stands for more words than it got is noted in the meter.
 */
export async function expandPrefixes(query: ParsedQuery, { db, meter }: { db: Db; meter: SearchMeter }): Promise<ParsedQuery> {
  let prefixesLeft = [...query.groups.flat(), ...query.excluded].filter((c) => c.kind === 'term' && c.prefix).length;
  const expand = async (clause: QueryClause): Promise<QueryClause> => {
    if (clause.kind !== 'term' || !clause.prefix) return clause;
    const share = Math.floor(meter.left('prefixTerms') / Math.max(1, prefixesLeft));
    prefixesLeft -= 1;
    const granted = meter.take({ kind: 'prefixTerms', wanted: share });
    // Its own word at least, whatever is left: a prefix searched as nothing would find nothing.
    const limit = Math.max(1, granted);
    const terms = new Set(listKnownPrefixTerms({ prefix: clause.term }).slice(0, limit));
    let more = false;
    if (terms.size < limit) {
      await yieldToEventLoop();
      // One word more than fits: to know whether the prefix was narrowed.
      for (const term of await listPrefixTerms({ prefix: clause.term, limit: limit + 1 }, { db })) {
        if (terms.has(term)) continue;
        if (terms.size >= limit) { more = true; break; }
        terms.add(term);
      }
    } else more = true;
    meter.giveBack({ kind: 'prefixTerms', amount: granted - terms.size });
    if (more) meter.narrowedPrefixes.push(`${clause.term}*`);
    return { ...clause, expansions: [...terms] };
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

/** Fills a gap in the statistics: a clause whose frequency the budget left no rows to learn counts as on half the pages. */
const UNKNOWN_SHARE = 0.5;

/**
 * The statistics step: what BM25 needs for these clauses. The page count is the sum of each year's
 * span of entry numbers; a clause's document frequency is exact up to SAMPLE_SIZE and beyond that
 * extrapolated from how far back its newest matches reach. Samples come out of the meter's
 * `sampleRows` (learnt ones are kept for a minute and cost nothing). A query of one clause needs no
 * frequency (it scales every score alike).
 */
export async function learnStatistics(
  { clauses }: { clauses: QueryClause[] },
  { db, sampleClause, meter }: { db: Db; sampleClause: (input: { clause: QueryClause; limit: number }) => Promise<ClauseSample>; meter: SearchMeter },
): Promise<Bm25Statistics> {
  const statistics = statisticsFor(db);
  statistics.shape ??= await getIndexShape({ db });
  const shape = statistics.shape;
  const pageCount = countShapeEntries({ shape });
  const documentFrequencies: number[] = [];
  for (const clause of clauses) {
    if (clauses.length === 1) { documentFrequencies.push(1); continue; }
    const key = clauseKey(clause);
    const known = statistics.frequencies.get(key);
    if (known !== undefined) { documentFrequencies.push(known); continue; }
    const limit = meter.take({ kind: 'sampleRows', wanted: SAMPLE_SIZE });
    if (limit === 0) { documentFrequencies.push(pageCount * UNKNOWN_SHARE); continue; }
    await yieldToEventLoop();
    const sample = await sampleClause({ clause, limit });
    meter.giveBack({ kind: 'sampleRows', amount: limit - sample.count });
    const exact = sample.count < limit || sample.oldestSeq === null;
    const frequency = exact ? sample.count : (limit * pageCount) / countShapeEntries({ shape, fromSeq: sample.oldestSeq! });
    // A smaller sample than usual (the budget ran low) is good enough for this search, not to keep.
    if (exact || limit === SAMPLE_SIZE) {
      if (statistics.frequencies.size >= 10_000) statistics.frequencies.clear();
      statistics.frequencies.set(key, frequency);
    }
    documentFrequencies.push(frequency);
  }
  return { pageCount, averageLength: shape.averageLength, documentFrequencies };
}

/**
 * The scoring step: BM25 of each candidate page (by its terms text) for the clauses, with the
 * statistics handed in. Scoring reads each candidate's terms once per index word of the query (up to
 * 1,000 × 64 scans of about 1 KB): in batches, with the event loop free between them.
 */
export async function scoreCandidates({ candidates, clauses, statistics }: { candidates: { terms: string | null }[]; clauses: QueryClause[]; statistics: Bm25Statistics }): Promise<number[]> {
  const scores: number[] = [];
  for (let i = 0; i < candidates.length; i += SCORING_BATCH) {
    if (i > 0) await yieldToEventLoop();
    for (const c of candidates.slice(i, i + SCORING_BATCH)) scores.push(scoreBm25({ terms: c.terms ?? '', clauses, statistics }));
  }
  return scores;
}
