// npm run bench:search — builds a search index of generated Danish pages and measures query latency.
//
//   BENCH_PAGES=1000000 (default; 200 organisations × 25 years × 200 pages), e.g. BENCH_PAGES=100000 for a quick run
//   BENCH_WORDS_PER_PAGE=150   words per generated page
//   BENCH_PG_URL=postgres://…  also measure the PostgreSQL driver and the reference (a plain GIN ts_rank query)
//   BENCH_RUNS=5               times each query of the fixed mix is run
//   BENCH_DB=/tmp/search.db    keep the SQLite database there and, when it exists, measure it without rebuilding
//   BENCH_SQLITE=0             skip SQLite (with BENCH_PG_URL: PostgreSQL only)
//   BENCH_PG_SCHEMA=bench      keep the PostgreSQL data in that schema and, when it holds pages, measure it without rebuilding
//   BENCH_UNBOUNDED=1          also run the hostile shapes without the query budget (64 index words per prefix, no clause limit: as before the budget)
//
// Latency is what the first page of results costs: bounded candidates, ranking, the stored text
// of the top 20 and their snippets.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDatabase, migrateToLatest, type DatabaseHandle } from '../src/database/database.js';
import { createTestSchema, dropTestSchema, withSearchPath } from '../src/dependencies.test-utils.js';
import { createPostgresSearchDriver } from '../src/modules/search/drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from '../src/modules/search/drivers/sqlite-fts5.search.js';
import { boundQuery, createSearchMeter, DEFAULT_SEARCH_BUDGET } from '../src/modules/search/search-budget.models.js';
import { parseQuery } from '../src/modules/search/search-query.models.js';
import { buildSnippet } from '../src/modules/search/search-snippet.models.js';
import { countSearchEntries } from '../src/modules/search/search.repository.js';
import type { SearchBudget, SearchDriver } from '../src/modules/search/search.types.js';
import { CANDIDATE_LIMIT, PAGE_SIZE, rankCandidates } from '../src/modules/search/search.usecases.js';
import { createRandom } from './bench.utils.js';

const totalPages = Number(process.env.BENCH_PAGES ?? 1_000_000);
const wordsPerPage = Number(process.env.BENCH_WORDS_PER_PAGE ?? 150);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const pgUrl = process.env.BENCH_PG_URL ?? '';
const keptDb = process.env.BENCH_DB ?? '';
const PAGES_PER_REPORT = 200;
const YEARS = 25;

// --- generated Danish text: a Zipf-distributed vocabulary of real words, their inflections and rarer made-up words

const stopWords = 'og i at det en den til er som på de med af for ikke der var har om vi et men fra skal blev kan også under have efter når mod'.split(' ');
const nouns =
  'kommune borger velfærd klima skole barn ældrepleje sundhed økonomi budget beskæftigelse region samarbejde udvikling indsats forvaltning byråd borgmester politik område opgave løsning tilbud dagtilbud institution medarbejder ledelse styring digitalisering omstilling energi vand affald trafik bolig plan strategi aftale forhandling regering finanslov tilskud udligning skat service kvalitet resultat mål evaluering rapport analyse projekt netværk forening virksomhed erhverv uddannelse ungdom familie handicap psykiatri rehabilitering hjemmepleje plejehjem hospital læge sygepleje forebyggelse bevægelse kultur idræt bibliotek natur miljø landbrug kyst oversvømmelse klimatilpasning grøn bæredygtighed cirkulær ressource indkøb udbud kontrakt jura lovgivning regel tilsyn kontrol data sikkerhed system platform infrastruktur bredbånd mobil borgerservice henvendelse sag afgørelse klage ankestyrelse ministerium styrelse direktør chef leder team fællesskab demokrati valg råd udvalg møde beslutning høring dialog inddragelse frivillighed civilsamfund partnerskab'.split(' ');
const adjectives = 'ny stor lille god vigtig fælles lokal national digital grøn social økonomisk faglig politisk bred stærk tæt langsigtet ansvarlig effektiv'.split(' ');
const verbs = 'arbejder styrker udvikler sikrer skaber understøtter prioriterer investerer samarbejder leverer øger reducerer forbedrer fastholder gennemfører'.split(' ');
const nounForms = (n: string) => [n, `${n}n`, `${n}en`, `${n}r`, `${n}er`, `${n}erne`, `${n}ernes`, `${n}ens`, `${n}s`];

function buildVocabulary(random: () => number): string[] {
  const words = [...stopWords];
  for (const noun of nouns) words.push(...nounForms(noun).map((w) => w.replace(/eer/, 'er').replace(/een/, 'en')));
  for (const adj of adjectives) words.push(adj, `${adj}e`, `${adj}t`);
  words.push(...verbs);
  const syllables = 'ka ve lo mu ri sa be dan fe gi hus jo kle mø nø pe rå sk st tr ul va yr æb øs ås ing hed else skab'.split(' ');
  while (words.length < 30_000) {
    let w = '';
    const n = 2 + Math.floor(random() * 3);
    for (let i = 0; i < n; i += 1) w += syllables[Math.floor(random() * syllables.length)];
    words.push(w);
  }
  return words;
}

function createPageWriter(seed: number) {
  const random = createRandom(seed);
  const vocabulary = buildVocabulary(random);
  // Zipf weights 1/rank: stop words and the commonest nouns appear on nearly every page.
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < vocabulary.length; i += 1) cumulative.push((sum += 1 / (i + 1)));
  const pick = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  return (): string => {
    const words: string[] = [];
    for (let i = 0; i < wordsPerPage; i += 1) {
      let w = pick();
      if (i === 0 || words[i - 1]!.endsWith('.')) w = w[0]!.toUpperCase() + w.slice(1);
      if (random() < 0.08) w += '.';
      words.push(w);
    }
    return words.join(' ');
  };
}

const queryMix: { kind: string; q: string }[] = [
  { kind: '1 word, very common', q: 'kommunerne' },
  { kind: '1 word, very common', q: 'borgere' },
  { kind: '1 word, very common', q: 'velfærd' },
  { kind: '1 word, common', q: 'klimatilpasning' },
  { kind: '1 word, rare', q: 'ankestyrelsen' },
  { kind: '1 word, prefix', q: 'klima*' },
  { kind: '2 words', q: 'kommunernes økonomi' },
  { kind: '2 words', q: 'grøn omstilling' },
  { kind: '2 words', q: 'skole dagtilbud' },
  { kind: '3 words', q: 'borgmester byråd budget' },
  { kind: '3 words', q: 'digitalisering data sikkerhed' },
  { kind: '3 words', q: 'velfærd kommune borger' },
  { kind: 'phrase', q: '"og i"' },
  { kind: 'phrase', q: '"kommunerne og"' },
  { kind: 'phrase', q: '"grøn omstilling"' },
  { kind: 'OR / exclusion', q: 'hospital OR plejehjem -psykiatri' },
];

// Hostile shapes (issue #14): each is bounded by the query budget (search.config.ts) as a whole.
const prefixes = 'ka ve lo mu ri sa be da fe gi hu jo kl pe sk st tr ul va in he ko bo fo'.split(' ');
const orOfPrefixes = (n: number, from: number) => Array.from({ length: n }, (_, i) => `${prefixes[(from + i) % prefixes.length]}*`).join(' OR ');
const hostileMix: { kind: string; q: string }[] = [
  { kind: 'hostile: 8 groups × 8 prefixes', q: Array.from({ length: 8 }, (_, g) => orOfPrefixes(8, g * 3)).join(' ') },
  { kind: 'hostile: 24 prefixes ORed', q: orOfPrefixes(24, 0) },
  { kind: 'hostile: 50 words ANDed', q: nouns.slice(0, 50).join(' ') },
  { kind: 'hostile: word, 20 excluded prefixes', q: `kommune ${prefixes.slice(0, 20).map((p) => `-${p}*`).join(' ')}` },
  { kind: 'hostile: 10 long phrases', q: Array.from({ length: 10 }, (_, i) => `"${nouns.slice(i * 4, i * 4 + 4).join(' ')}"`).join(' OR ') },
  // Prefixes of stop words only (ikke, og, hvor, thi): the vocabulary has no word for them (numbers neither, in real reports).
  { kind: 'hostile: unknown prefixes ORed', q: 'ik* OR og* OR hv* OR th*' },
  { kind: 'hostile: unknown prefixes ANDed', q: 'ik* og* hv* th*' },
];
/** About the limits before the budget: 64 index words for every prefix, 16 groups of any size. */
const UNBOUNDED: SearchBudget = { maxClauses: 100_000, maxPrefixTerms: 64 * 1000, maxCandidateRows: 1_000_000, maxSampleRows: 1_000_000, maxSuggestionWords: 1_000_000, maxSuggestionTries: 1000 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Builds the index; at each checkpoint (a quarter and a half of the pages) measures latency too, so a cut-short run still says something. */
async function buildIndex({ driver, label, checkpoint }: { driver: SearchDriver; label: string; checkpoint?: (pages: number) => Promise<unknown> }): Promise<number> {
  const write = createPageWriter(42);
  const reports = Math.ceil(totalPages / PAGES_PER_REPORT);
  const started = performance.now();
  for (let r = 0; r < reports; r += 1) {
    const year = 2000 + (r % YEARS);
    const pages = Math.min(PAGES_PER_REPORT, totalPages - r * PAGES_PER_REPORT);
    await driver.indexReport({ reportId: `org${Math.floor(r / YEARS)}-${year}`, year, entries: Array.from({ length: pages }, (_, i) => ({ pageNumber: i + 1, text: write() })) });
    if ((r + 1) % 500 === 0) process.stdout.write(`  ${label}: ${(r + 1) * PAGES_PER_REPORT} pages, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    if (checkpoint && reports >= 1000 && (r + 1 === Math.floor(reports / 4) || r + 1 === Math.floor(reports / 2))) await checkpoint((r + 1) * PAGES_PER_REPORT);
  }
  return (performance.now() - started) / 1000;
}

async function firstPage({ driver, q, budget = DEFAULT_SEARCH_BUDGET }: { driver: SearchDriver; q: string; budget?: SearchBudget }): Promise<number> {
  const { query } = boundQuery({ query: parseQuery(q), maxClauses: budget.maxClauses });
  const meter = createSearchMeter({ budget });
  const candidates = await driver.findCandidates({ query, yearFrom: undefined, yearTo: undefined, limit: meter.take({ kind: 'candidateRows', wanted: CANDIDATE_LIMIT }), meter });
  const top = rankCandidates({ candidates }).slice(0, PAGE_SIZE);
  const texts = await driver.getTexts({ seqs: top.map((c) => c.seq) });
  for (const c of top) buildSnippet({ text: texts.get(c.seq) ?? '', query });
  return candidates.length;
}

/**
 * Runs a mix; returns its overall p99. The longest the event loop went without a turn during the mix
 * is reported too (a timer every millisecond: what another request would wait for at most).
 */
async function measure({ label, run, mix = queryMix, reference }: { label: string; run: (q: string) => Promise<number>; mix?: { kind: string; q: string }[]; reference?: number }): Promise<number> {
  // The first pass is reported apart: it is when the rankers learn each clause's frequency (cached until the index changes).
  const cold: string[] = [];
  for (const { q } of mix) {
    const t0 = performance.now();
    await run(q);
    cold.push(`${q.length > 40 ? `${q.slice(0, 40)}…` : q}=${(performance.now() - t0).toFixed(0)}`);
  }
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  const matches = new Map<string, number>();
  let lastTurn = performance.now();
  let longestBlock = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestBlock = Math.max(longestBlock, now - lastTurn);
    lastTurn = now;
  }, 1);
  for (let i = 0; i < runs; i += 1) {
    for (const { kind, q } of mix) {
      const t0 = performance.now();
      matches.set(q, await run(q));
      const ms = performance.now() - t0;
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
  }
  clearInterval(ticker);
  all.sort((a, b) => a - b);
  const p99 = percentile(all, 99);
  console.log(`\n${label}: ${all.length} queries, p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${all[all.length - 1]!.toFixed(1)} ms, longest event-loop block ${longestBlock.toFixed(1)} ms`);
  for (const [kind, list] of byKind) {
    list.sort((a, b) => a - b);
    const ratio = reference ? `  ${(percentile(list, 99) / reference).toFixed(2)}× the normal mix's p99` : '';
    console.log(`  ${kind.padEnd(36)} p50 ${percentile(list, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(list, 99).toFixed(1).padStart(7)} ms${ratio}`);
  }
  console.log(`  first pass, ms: ${cold.join(', ')}`);
  console.log(`  candidates per query: ${mix.map(({ q }) => `${q.length > 40 ? `${q.slice(0, 40)}…` : q}=${matches.get(q)}`).join(', ')}`);
  return p99;
}

/** The normal mix, then the hostile shapes against its p99 (and, with BENCH_UNBOUNDED=1, without the budget). */
async function measureDriver({ label, driver }: { label: string; driver: SearchDriver }) {
  const normal = await measure({ label: `${label} (first page of results)`, run: (q) => firstPage({ driver, q }) });
  await measure({ label: `${label}, hostile shapes within the query budget`, run: (q) => firstPage({ driver, q }), mix: hostileMix, reference: normal });
  if (process.env.BENCH_UNBOUNDED === '1') await measure({ label: `${label}, hostile shapes without the budget (as before)`, run: (q) => firstPage({ driver, q, budget: UNBOUNDED }), mix: hostileMix, reference: normal });
}

async function main() {
  console.log(`search benchmark: ${totalPages} pages (${Math.ceil(totalPages / PAGES_PER_REPORT)} reports × ${PAGES_PER_REPORT} pages), ${wordsPerPage} words a page, candidate limit ${CANDIDATE_LIMIT}`);
  if (process.env.BENCH_SQLITE !== '0') await benchSqlite();
  if (pgUrl) await benchPostgres();
  else console.log('\nPostgreSQL skipped: set BENCH_PG_URL=postgres://… to measure the postgres driver and the plain GIN ts_rank reference.');
}

async function benchSqlite() {
  const dir = keptDb ? '' : mkdtempSync(join(tmpdir(), 'beretning-bench-search-'));
  const file = keptDb || join(dir, 'bench.db');
  const reuse = keptDb !== '' && existsSync(keptDb);
  const sqlite = createDatabase({ url: `sqlite:${file}` });
  try {
    await migrateToLatest({ db: sqlite.db });
    const driver = createSqliteFts5SearchDriver({ db: sqlite.db });
    if (reuse) console.log(`sqlite-fts5: measuring the kept database ${file} (${await countSearchEntries({ db: sqlite.db })} pages), not rebuilt`);
    else {
      const seconds = await buildIndex({ driver, label: 'sqlite-fts5', checkpoint: (pages) => measure({ label: `sqlite-fts5 at ${pages} pages`, run: (q) => firstPage({ driver, q }) }) });
      const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      console.log(`sqlite-fts5: built in ${seconds.toFixed(1)} s (${Math.round(totalPages / seconds)} pages/s), database ${(size / 1024 / 1024).toFixed(0)} MB (text + index)`);
    }
    await measureDriver({ label: 'sqlite-fts5', driver });
  } finally {
    await sqlite.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  const keptSchema = process.env.BENCH_PG_SCHEMA ?? '';
  let schema = keptSchema;
  if (keptSchema) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${keptSchema.replace(/[^a-z0-9_]/g, '')}`);
    await admin.end();
  } else schema = await createTestSchema({ url: pgUrl });
  let handle: DatabaseHandle | undefined;
  try {
    handle = createDatabase({ url: withSearchPath({ url: pgUrl, schema }) });
    await migrateToLatest({ db: handle.db });
    const driver = createPostgresSearchDriver({ db: handle.db });
    const existing = await countSearchEntries({ db: handle.db });
    const seconds = existing > 0 ? undefined : await buildIndex({ driver, label: 'postgres' });
    const client = new pg.Client({ connectionString: withSearchPath({ url: pgUrl, schema }) });
    await client.connect();
    try {
      await client.query('ANALYZE search_entries');
      const size = await client.query<{ size: string }>("SELECT pg_total_relation_size('search_entries')::text AS size");
      console.log(`\npostgres: ${seconds === undefined ? `kept schema ${schema} (${existing} pages), not rebuilt` : `built in ${seconds.toFixed(1)} s`}, table + GIN ${(Number(size.rows[0]!.size) / 1024 / 1024).toFixed(0)} MB`);
      await measureDriver({ label: 'postgres driver', driver });
      // The reference: the same pages, to_tsvector('danish') with a GIN index, every match ranked by ts_rank.
      const t0 = performance.now();
      const hasReference = (await client.query("SELECT to_regclass('ref_pages') IS NOT NULL AS present")).rows[0]?.present === true;
      if (!hasReference) {
        await client.query("CREATE TABLE ref_pages AS SELECT seq, year, text, to_tsvector('danish', text) AS tsv FROM search_entries");
        await client.query('CREATE INDEX ref_pages_tsv ON ref_pages USING gin (tsv)');
        await client.query('ANALYZE ref_pages');
        console.log(`\nreference table built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      await measure({
        label: 'reference: plain GIN, ORDER BY ts_rank LIMIT 20',
        run: async (q) => {
          const text = q.replace(/"/g, '').replace(/\*|-\S+|\bOR\b/g, ' ');
          const result = await client.query("SELECT seq, ts_rank(tsv, q) AS r FROM ref_pages, plainto_tsquery('danish', $1) q WHERE tsv @@ q ORDER BY r DESC, year DESC LIMIT 20", [text]);
          return result.rowCount ?? 0;
        },
      });
    } finally {
      await client.end();
    }
  } finally {
    await handle?.close();
    if (!keptSchema) await dropTestSchema({ url: pgUrl, schema });
  }
}

await main();
