/** One word or phrase of a reader's query, already analysed into index terms. */
export type QueryClause =
  /**
   * `expansions`: for a prefix, the index terms of the vocabulary's words that begin with it (set by
   * the drivers before searching); absent, the engine's own prefix search is used.
   */
  | { kind: 'term'; term: string; prefix: boolean; expansions?: string[] }
  | { kind: 'phrase'; terms: string[] };

/**
 * A parsed query: every group must match (AND); inside a group any clause may match (OR);
 * no excluded clause may match.
 */
export type ParsedQuery = {
  groups: QueryClause[][];
  excluded: QueryClause[];
  /** The surface words the reader typed (for highlighting and suggestions), lower-cased and normalised. */
  words: string[];
  /** Set when the query cannot be run; the reader gets a clear message instead. */
  problem: SearchProblem | undefined;
};

export type SearchProblem = 'empty' | 'too_long' | 'only_stop_words' | 'only_exclusions' | 'no_words' | 'prefix_too_short';

/** What the index holds for one searchable unit: a PDF page (pageNumber ≥ 1) or a foreword (pageNumber 0). */
export type IndexEntry = { pageNumber: number; text: string };

export type IndexReportInput = { reportId: string; year: number; entries: IndexEntry[] };

export type SearchCandidate = { seq: number; reportId: string; year: number; pageNumber: number; score: number };

/**
 * How much one search may do, across the whole query and its "did you mean" (not per word): see
 * search.config.ts. Every step that reads takes what it reads from one SearchMeter first.
 */
export type SearchBudget = {
  /** Words, phrases and prefixes searched for (the rest of a longer query is left out, and the reader told). */
  maxClauses: number;
  /** Index words all the prefixes stand for together. */
  maxPrefixTerms: number;
  /** Candidate rows read: the results' and every "did you mean" try's. */
  maxCandidateRows: number;
  /** Rows read to learn how common each clause is (for ranking). */
  maxSampleRows: number;
  /** Index words compared with the reader's for "did you mean". */
  maxSuggestionWords: number;
  /** Alternative queries tried for "did you mean". */
  maxSuggestionTries: number;
};

export type SearchMeterKind = 'prefixTerms' | 'candidateRows' | 'sampleRows' | 'suggestionWords' | 'suggestionTries';

/** One search's budget as it is spent: created once per search and handed to every step. */
export type SearchMeter = {
  readonly budget: SearchBudget;
  /** Takes up to `wanted` of what is left (0 when it is spent) and says how much was granted. */
  take: (args: { kind: SearchMeterKind; wanted: number }) => number;
  /** Gives back what a step was granted but did not read (fewer rows than asked for). */
  giveBack: (args: { kind: SearchMeterKind; amount: number }) => void;
  left: (kind: SearchMeterKind) => number;
  /** What was taken and not given back, by kind. */
  spent: () => Record<SearchMeterKind, number>;
  /** Prefixes (as typed, folded, with *) that stand for more index words than this search looked for. */
  narrowedPrefixes: string[];
};

/** `meter`: the search's budget, which the driver's prefix expansion and statistics take from (the caller takes `limit` from it). */
export type SearchCandidatesInput = { query: ParsedQuery; yearFrom: number | undefined; yearTo: number | undefined; limit: number; meter: SearchMeter };

/** The contract both index drivers keep (SQLite FTS5 and PostgreSQL full-text search). */
export type SearchDriver = {
  name: 'sqlite-fts5' | 'postgres';
  /** Replaces everything indexed for the report with these entries. */
  indexReport: (input: IndexReportInput) => Promise<void>;
  removeReport: (input: { reportId: string }) => Promise<void>;
  /**
   * Up to `limit` matching entries, newest indexed first (a cheap order), each with a relevance
   * score where higher is better. Bounding the candidates keeps very common words fast.
   */
  findCandidates: (input: SearchCandidatesInput) => Promise<SearchCandidate[]>;
  /** The original text of the given entries, for snippets. */
  getTexts: (input: { seqs: number[] }) => Promise<Map<number, string>>;
  /** Indexed surface words near in spelling: same first letter, length within ±2. */
  listSimilarWords: (input: { word: string; limit: number }) => Promise<string[]>;
  /** Every indexed entry removed (for reindexing). */
  clear: () => Promise<void>;
};

export type SearchHit = {
  pageNumber: number | null;
  /** The snippet as plain text pieces; `mark` pieces matched the query. */
  snippet: { text: string; mark: boolean }[];
  readingUrl: string;
  pdfUrl: string | null;
  /** On the foreword's hit: the PDF page that carries the same passage (shown once, not twice). */
  alsoOnPage?: number;
  /** On a page's hit: the foreword carries the same passage. */
  alsoInForeword?: boolean;
  /** Set for a hit in a film's or sound's transcript: its title (readingUrl is its page). */
  mediaTitle?: string;
};

export type SearchGroup = {
  report: { id: string; year: number; title: string; url: string };
  /** Matching pages and foreword of this report among the candidates. */
  hitCount: number;
  hits: SearchHit[];
  /** The same search narrowed to this report, when it has more hits than this result page shows; else null. */
  allHitsUrl: string | null;
};

export type SearchResult = {
  query: string;
  yearFrom: number | null;
  yearTo: number | null;
  page: number;
  pageSize: number;
  /** Matching pages and forewords (counted up to `totalIsLowerBound`). */
  total: number;
  totalIsLowerBound: boolean;
  pageCount: number;
  groups: SearchGroup[];
  suggestions: string[];
  problem: SearchProblem | null;
  /** Set when the query had more words than one search may look for: it was searched on the first `kept` of `total`. */
  cut: { kept: number; total: number } | null;
  /** Prefixes (e.g. `ko*`) that stand for more index words than one search looks for: each was searched on its shortest words. */
  narrowedPrefixes: string[];
};

/** GET /api/v1/search: the result, each hit's snippet also given as HTML (escaped text, `<mark>` around matches). */
export type SearchApiResponse = Omit<SearchResult, 'groups'> & {
  groups: (Omit<SearchGroup, 'hits'> & { hits: (SearchHit & { snippetHtml: string })[] })[];
};
