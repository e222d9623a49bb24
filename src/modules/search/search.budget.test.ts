import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../app.test-utils.js';
import { expandPrefixes } from './drivers/ranking.js';
import { boundQuery, createSearchMeter, DEFAULT_SEARCH_BUDGET } from './search-budget.models.js';
import { parseQuery } from './search-query.models.js';
import type { SearchApiResponse } from './search.types.js';
import { searchReports } from './search.usecases.js';
import { recordStatements, sumRows, setReportPages } from './search.test-utils.js';

// The attack of issue #14: 8 OR groups of 8 two-letter prefixes, each of which stands for many index
// words. Each prefix used to get 64 index words of its own (4,096 terms in one engine query).
const syllables = ['ko', 'ka', 'be', 've', 'lo', 'mu', 'ri', 'sa'];
const hostile = Array.from({ length: 8 }, (_, g) => syllables.map((s, i) => `${syllables[(g + i) % 8]}${s.charAt(0)}*`).join(' OR ')).join(' ');
// 8 × 80 distinct words behind the prefixes (koa…, kob…): more than any budget lets one prefix take.
const vocabulary = syllables.flatMap((s) => syllables.flatMap((t) => Array.from({ length: 10 }, (_, i) => `${s}${t}${'abcdefghij'[i]}rd`)));
const pages = Array.from({ length: 16 }, (_, p) => vocabulary.filter((_, i) => i % 16 === p).join(' '));

describe('the search budget', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ reports: [{ year: 2020, title: 'Beretning 2020', pages: 16 }], config: { searchRateLimitPerMinute: 1000 } });
    await setReportPages({ year: 2020, texts: pages }, t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets all the prefixes of a query stand for the budget of index words together, not each', async () => {
    const { query } = boundQuery({ query: parseQuery('kok* OR kak* OR bek* OR vek*'), maxClauses: 8 });
    const meter = createSearchMeter({ budget: { ...DEFAULT_SEARCH_BUDGET, maxPrefixTerms: 20 } });
    const expanded = await expandPrefixes(query, { db: t.deps.db, meter });
    const terms = expanded.groups.flat().flatMap((c) => (c.kind === 'term' ? (c.expansions ?? []) : []));
    expect(terms.length).toBe(20);
    expect(terms.every((term) => /^(kok|kak|bek|vek)/.test(term))).toBe(true);
    expect(meter.narrowedPrefixes).toEqual(['kok*', 'kak*', 'bek*', 'vek*']);
  });

  it('searches a query of 64 prefixes on its first 8, finds pages, and says so on the page and in the API', async () => {
    const result = await searchReports({ q: hostile, yearFrom: undefined, yearTo: undefined, page: 1 }, t.deps);
    expect(result.cut).toEqual({ kept: 8, total: 64 });
    expect(result.total).toBeGreaterThan(0);
    const page = await t.app.inject({ url: `/soeg?q=${encodeURIComponent(hostile)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Søgningen var for bred: vi har søgt på de første 8 af dens 64 ord');
    const api = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(hostile)}` });
    expect((api.json() as SearchApiResponse).cut).toEqual({ kept: 8, total: 64 });
    const english = await t.app.inject({ url: `/soeg?q=${encodeURIComponent(`${hostile} ko*`)}`, headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('The search was too broad: it looked for the first 8 of its 65');
  });

  it('a query within the budget is searched whole, with no notice', async () => {
    const result = await searchReports({ q: 'koa* OR kaa* bea*', yearFrom: undefined, yearTo: undefined, page: 1 }, t.deps);
    expect(result.cut).toBeNull();
    const page = await t.app.inject({ url: `/soeg?q=${encodeURIComponent('koa* OR kaa* bea*')}` });
    expect(page.body).not.toContain('search-cut');
  });

  it('names the prefixes that stand for more words than the search looked for, on the page and in the API, in both languages', async () => {
    // 80 index words begin with ko and 80 with ka: the 64 of the budget shared leaves each 32.
    const q = 'ko* OR ka*';
    const result = await searchReports({ q, yearFrom: undefined, yearTo: undefined, page: 1 }, t.deps);
    expect(result.narrowedPrefixes).toEqual(['ko*', 'ka*']);
    const page = await t.app.inject({ url: `/soeg?q=${encodeURIComponent(q)}` });
    expect(page.body).toContain('Nogle præfikser dækker over flere ord, end én søgning kan se efter: ko*, ka*.');
    const english = await t.app.inject({ url: `/soeg?q=${encodeURIComponent(q)}`, headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('Some prefixes stand for more words than one search can look for: ko*, ka*.');
    const api = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
    expect((api.json() as SearchApiResponse).narrowedPrefixes).toEqual(['ko*', 'ka*']);
    const narrow = await searchReports({ q: 'koa* OR kab*', yearFrom: undefined, yearTo: undefined, page: 1 }, t.deps);
    expect(narrow.narrowedPrefixes).toEqual([]);
  });

  it('reads no more rows than the budget across the whole search, its "did you mean" included, counted statement by statement', async () => {
    const budget = { maxClauses: 8, maxPrefixTerms: 16, maxCandidateRows: 120, maxSampleRows: 300, maxSuggestionWords: 60, maxSuggestionTries: 2 };
    const engine = /search_fts|tsv @@/;
    const words = /search_words/;
    // A hostile query that finds pages (candidates, statistics), and misspellings that find none ("did you mean").
    for (const q of [hostile, 'kokarx OR kakbrx OR bekcrx', 'kokar* kakbrx']) {
      const recorded = recordStatements({ db: t.deps.db });
      await searchReports({ q, yearFrom: undefined, yearTo: undefined, page: 1, budget }, { ...t.deps, db: recorded.db });
      expect(sumRows({ statements: recorded.statements, table: engine })).toBeLessThanOrEqual(budget.maxCandidateRows + budget.maxSampleRows);
      // A prefix lookup reads up to four rows per index word it may keep (inflections share a stem), and one word more to see whether there are more.
      expect(sumRows({ statements: recorded.statements, table: words })).toBeLessThanOrEqual(budget.maxSuggestionWords + 4 * (budget.maxPrefixTerms + budget.maxClauses));
    }
  });

  it('gives the event loop turns while a hostile search runs (other requests are not held up until it ends)', async () => {
    // better-sqlite3 answers synchronously: without a yield between statements, a whole search is one
    // turn of the event loop and a ticker scheduled beside it gets no turn until the search is done.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    await searchReports({ q: hostile, yearFrom: undefined, yearTo: undefined, page: 1 }, t.deps);
    done = true;
    // One turn per bounded step at least: prefix lookups, the candidates, each clause's statistics, the texts, "did you mean".
    expect(turns).toBeGreaterThanOrEqual(12);
  });
});

describe('the search rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ reports: [{ year: 2020, title: 'Beretning 2020', pages: 2 }], config: { searchRateLimitPerMinute: 3 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the limit per address, on the page (in the reader language) and the API, and other addresses still search', async () => {
    const from = (ip: string, url: string, headers: Record<string, string> = {}) => t.app.inject({ url, remoteAddress: ip, headers });
    for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.7', `/soeg?q=ord${i}`)).statusCode).toBe(200);
    const page = await from('203.0.113.7', '/soeg?q=ord9');
    expect(page.statusCode).toBe(429);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Du har søgt mange gange på kort tid. Prøv igen om');
    expect(page.body).toContain('id="soeg-q"');
    const english = await from('203.0.113.7', '/soeg?q=ord10', { 'accept-language': 'en' });
    expect(english.body).toContain('You have searched many times in a short while.');
    const api = await from('203.0.113.7', '/api/v1/search?q=ord11');
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('198.51.100.1', '/soeg?q=ord9')).statusCode).toBe(200);
    // The report page is not limited.
    expect((await from('203.0.113.7', '/beretninger/2020')).statusCode).toBe(200);
  });

  it('a search answered from the page cache costs the reader nothing of the limit, and HEAD counts like GET', async () => {
    const from = (url: string, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url, remoteAddress: '192.0.2.44' });
    for (let i = 0; i < 5; i += 1) expect((await from('/soeg?q=gentaget')).statusCode).toBe(200);
    expect((await from('/soeg?q=andet', 'HEAD')).statusCode).toBe(200);
    expect((await from('/soeg?q=tredje')).statusCode).toBe(200);
    expect((await from('/soeg?q=fjerde', 'HEAD')).statusCode).toBe(429);
    expect((await from('/soeg?q=gentaget')).statusCode).toBe(200);
  });
});
