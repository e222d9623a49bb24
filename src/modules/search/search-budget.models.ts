import type { ParsedQuery, QueryClause, SearchBudget, SearchMeter, SearchMeterKind } from './search.types.js';

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
