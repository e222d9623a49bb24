import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type DatabaseHandle } from '../../database/database.js';
import { openTestDatabase } from '../../dependencies.test-utils.js';
import { createPostgresSearchDriver } from './drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from './drivers/sqlite-fts5.search.js';
import { createSearchMeter, DEFAULT_SEARCH_BUDGET } from './search-budget.models.js';
import { parseQuery } from './search-query.models.js';
import type { SearchDriver } from './search.types.js';
import { recordStatements } from './search.test-utils.js';
import { rankCandidates } from './search.usecases.js';

// One suite for every SearchDriver: SQLite FTS5 always, PostgreSQL when TEST_DATABASE_URL is set.
const postgresUrl = process.env.TEST_DATABASE_URL ?? '';
const setups: { name: string; open: () => Promise<DatabaseHandle>; create: (h: DatabaseHandle) => SearchDriver }[] = [
  { name: 'sqlite-fts5', open: async () => createDatabase({ url: 'sqlite::memory:' }), create: (h) => createSqliteFts5SearchDriver({ db: h.db }) },
];
if (postgresUrl.startsWith('postgres')) setups.push({ name: 'postgres', open: () => openTestDatabase({ url: postgresUrl }), create: (h) => createPostgresSearchDriver({ db: h.db }) });
else console.info('search contract: PostgreSQL driver skipped (set TEST_DATABASE_URL=postgres://… to run it)');

const pages = {
  r2019: [
    { pageNumber: 0, text: 'Forord: Kommunerne har haft et travlt år med velfærd.' },
    { pageNumber: 1, text: 'Kommunernes økonomi er presset, og børnene skal have bedre skoler.' },
    { pageNumber: 2, text: 'Klimatilpasning og grøn omstilling i hele landet.' },
  ],
  r2020: [
    { pageNumber: 1, text: 'En kommune i Jylland fik ny borgmester. Sundhed og ældrepleje fylder meget.' },
    { pageNumber: 2, text: 'Klimaet er vigtigt for kommunen. Søren Kierkegaard citeres: Livet forstås baglæns.' },
    { pageNumber: 3, text: 'Samarbejde med 東京都 om digitalisering. Сотрудничество с Москвой. تعاون مع القاهرة' },
    { pageNumber: 4, text: 'Skoler og børnehaver: nye regler for dagtilbud.' },
  ],
};

for (const setup of setups) {
  describe(`search driver ${setup.name}`, () => {
    let handle: DatabaseHandle;
    let driver: SearchDriver;
    const find = async (q: string, years: { yearFrom?: number; yearTo?: number } = {}) => {
      const found = await driver.findCandidates({ query: parseQuery(q), yearFrom: years.yearFrom, yearTo: years.yearTo, limit: 100, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) });
      return rankCandidates({ candidates: found }).map((c) => `${c.year}:${c.pageNumber}`);
    };

    beforeAll(async () => {
      handle = await setup.open();
      await migrateToLatest({ db: handle.db });
      driver = setup.create(handle);
      await driver.indexReport({ reportId: 'r2019', year: 2019, entries: pages.r2019 });
      await driver.indexReport({ reportId: 'r2020', year: 2020, entries: pages.r2020 });
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('finds every inflection of a Danish word through its stem (kommunernes finds kommune and kommunerne)', async () => {
      const hits = await find('kommunernes');
      expect(hits).toEqual(expect.arrayContaining(['2019:0', '2019:1', '2020:1', '2020:2']));
    });

    it('ignores case and matches æ/ø/å typed as ae/oe/aa', async () => {
      expect(await find('BØRNENE')).toContain('2019:1');
      expect(await find('boernene')).toContain('2019:1');
      expect(await find('aeldrepleje')).toEqual(['2020:1']);
      expect(await find('baglaens')).toEqual(['2020:2']);
    });

    it('finds a name typed in decomposed Unicode (NFD) as the composed one', async () => {
      expect(await find('Søren'.normalize('NFD'))).toEqual(['2020:2']);
    });

    it('finds text in other scripts: Chinese, Cyrillic and Arabic', async () => {
      expect(await find('東京')).toEqual(['2020:3']);
      expect(await find('Москвой')).toEqual(['2020:3']);
      expect(await find('القاهرة')).toEqual(['2020:3']);
    });

    it('matches quoted phrases only in that order', async () => {
      expect(await find('"grøn omstilling"')).toEqual(['2019:2']);
      expect(await find('"omstilling grøn"')).toEqual([]);
      expect(await find('"og grøn omstilling"')).toEqual(['2019:2']);
      expect(await find('"klimatilpasning grøn omstilling"')).toEqual([]);
      expect(await find('"東京都"')).toEqual(['2020:3']);
      expect(await find('kommune -"ny borgmester"').then((h) => h.sort())).toEqual(['2019:0', '2019:1', '2020:2']);
    });

    it('matches prefixes, ANDs words by default, ORs and excludes', async () => {
      expect(await find('klima*').then((h) => h.sort())).toEqual(['2019:2', '2020:2']);
      expect(await find('skoler børnehaver')).toEqual(['2020:4']);
      expect(await find('borgmester OR klimatilpasning').then((h) => h.sort())).toEqual(['2019:2', '2020:1']);
      expect(await find('skoler -børnehaver')).toEqual(['2019:1']);
    });

    it('filters by a year or a range of years', async () => {
      expect(await find('kommune', { yearFrom: 2020, yearTo: 2020 }).then((h) => h.sort())).toEqual(['2020:1', '2020:2']);
      expect(await find('kommune', { yearFrom: 2019, yearTo: 2020 })).toHaveLength(4);
      expect(await find('kommune', { yearFrom: 2021, yearTo: 2025 })).toEqual([]);
    });

    it('filters by one bound alone: "from 2019" includes every later year, "to 2020" every earlier one', async () => {
      expect(await find('kommune', { yearFrom: 2019 })).toHaveLength(4);
      expect(await find('kommune', { yearFrom: 2020 }).then((h) => h.sort())).toEqual(['2020:1', '2020:2']);
      expect(await find('kommune', { yearTo: 2020 })).toHaveLength(4);
      expect(await find('kommune', { yearTo: 2019 }).then((h) => h.sort())).toEqual(['2019:0', '2019:1']);
      expect(await find('kommune', { yearFrom: 2021 })).toEqual([]);
    });

    it('ranks by relevance with newer years breaking ties', async () => {
      await driver.indexReport({ reportId: 'tie-a', year: 2001, entries: [{ pageNumber: 1, text: 'Tvillingeside med ordet zebraagtig.' }] });
      await driver.indexReport({ reportId: 'tie-b', year: 2002, entries: [{ pageNumber: 1, text: 'Tvillingeside med ordet zebraagtig.' }] });
      expect(await find('zebraagtig')).toEqual(['2002:1', '2001:1']);
      await driver.removeReport({ reportId: 'tie-a' });
      await driver.removeReport({ reportId: 'tie-b' });
    });

    it('ranks with BM25: the page where the rarer word occurs more often comes first', async () => {
      const filler = Array.from({ length: 8 }, (_, i) => ({ pageNumber: i + 3, text: 'Kommune, kommune og sag.' }));
      await driver.indexReport({ reportId: 'bm25', year: 2003, entries: [{ pageNumber: 1, text: 'Kommune giraffhals kommune kommune.' }, { pageNumber: 2, text: 'Giraffhals kommune giraffhals giraffhals.' }, ...filler] });
      expect(await find('kommune giraffhals')).toEqual(['2003:2', '2003:1']);
      expect(await find('giraffhals kommune')).toEqual(['2003:2', '2003:1']);
      await driver.removeReport({ reportId: 'bm25' });
    });

    it('a prefix matches every word that begins with it, however the word is inflected (kommunerne*, boern*)', async () => {
      expect(await find('kommunerne*')).toEqual(expect.arrayContaining(['2019:0', '2019:1']));
      expect(await find('boern*').then((h) => h.sort())).toEqual(['2019:1', '2020:4']);
      expect(await find('zzyzx*')).toEqual([]);
      expect(await find('klima* -klimatilpasning')).toEqual(['2020:2']);
      expect(await find('kommune -klima*').then((h) => h.sort())).toEqual(['2019:0', '2019:1', '2020:1']);
    });

    it('a prefix the vocabulary has no word for (a stop word\'s, a number\'s) is searched as the words it is known to stand for, never by the engine\'s scan of every word in the range', async () => {
      // The vocabulary keeps letters-only words of 3+ letters that are not stop words: ik* (ikke) and 20* had no
      // words there and went to FTS5's "ik"* / PostgreSQL's 'ik':*, which read every page of every word in the range
      // (1-2 s of one synchronous statement at 1M pages).
      await driver.indexReport({ reportId: 'unknown-prefix', year: 2005, entries: [{ pageNumber: 1, text: 'Vi kan ikke se 20 af dem.' }] });
      const recorded = recordStatements({ db: handle.db });
      const watched = setup.create({ ...handle, db: recorded.db });
      const findWatched = async (q: string) => (await watched.findCandidates({ query: parseQuery(q), yearFrom: undefined, yearTo: undefined, limit: 100, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) })).map((c) => `${c.year}:${c.pageNumber}`);
      expect(await findWatched('ik*')).toEqual(['2005:1']);
      expect(await findWatched('20*')).toEqual(['2005:1']);
      expect(await findWatched('kommune -ik*').then((h) => h.sort())).toEqual(['2019:0', '2019:1', '2020:1', '2020:2']);
      const enginePrefix = recorded.statements.flatMap((s) => s.parameters).filter((p) => typeof p === 'string' && /"\*|':\*/.test(p));
      expect(enginePrefix).toEqual([]);
      await driver.removeReport({ reportId: 'unknown-prefix' });
    });

    it('when more pages match than are ranked, the newest years are ranked, whatever order the reports were indexed in', async () => {
      await driver.indexReport({ reportId: 'new', year: 2024, entries: [{ pageNumber: 1, text: 'Nyeste side om okapier.' }] });
      await driver.indexReport({ reportId: 'old', year: 2010, entries: [{ pageNumber: 1, text: 'Gammel side om okapier og okapier.' }] });
      await driver.indexReport({ reportId: 'mid', year: 2017, entries: [{ pageNumber: 1, text: 'Midterste side om okapier.' }] });
      const bounded = await driver.findCandidates({ query: parseQuery('okapier'), yearFrom: undefined, yearTo: undefined, limit: 2, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) });
      expect(bounded.map((c) => c.year).sort()).toEqual([2017, 2024]);
      for (const reportId of ['new', 'old', 'mid']) await driver.removeReport({ reportId });
    });

    it('re-indexing a report replaces its pages and removing it forgets them', async () => {
      await driver.indexReport({ reportId: 'tmp', year: 2030, entries: [{ pageNumber: 1, text: 'Gammel tekst om flamingoer.' }] });
      expect(await find('flamingoer')).toEqual(['2030:1']);
      await driver.indexReport({ reportId: 'tmp', year: 2030, entries: [{ pageNumber: 1, text: 'Ny tekst om pelikaner.' }] });
      expect(await find('flamingoer')).toEqual([]);
      expect(await find('pelikaner')).toEqual(['2030:1']);
      await driver.removeReport({ reportId: 'tmp' });
      expect(await find('pelikaner')).toEqual([]);
    });

    it('returns the stored text for snippets and near words for suggestions', async () => {
      const [first] = await driver.findCandidates({ query: parseQuery('borgmester'), yearFrom: undefined, yearTo: undefined, limit: 10, meter: createSearchMeter({ budget: DEFAULT_SEARCH_BUDGET }) });
      const texts = await driver.getTexts({ seqs: [first!.seq] });
      expect(texts.get(first!.seq)).toContain('ny borgmester');
      expect(await driver.listSimilarWords({ word: 'borgmestr', limit: 100 })).toContain('borgmester');
      // Typed without a Danish keyboard: the first letter's Danish twin is looked at too.
      await driver.indexReport({ reportId: 'dk', year: 2031, entries: [{ pageNumber: 1, text: 'Kommunernes økonomi og Århus.' }] });
      expect(await driver.listSimilarWords({ word: 'okonomi', limit: 100 })).toContain('økonomi');
      expect(await driver.listSimilarWords({ word: 'arhus', limit: 100 })).toContain('århus');
      // The nearest lengths first, so a small limit still holds the likeliest words.
      expect((await driver.listSimilarWords({ word: 'okonomi', limit: 2 })).map((w) => Array.from(w).length)).toEqual([7, 7]);
      await driver.removeReport({ reportId: 'dk' });
    });

    it.each([
      ['unbalanced quotes', '"kommune'],
      ['FTS operators and syntax characters', 'NEAR(kommune klima) AND OR NOT ^* : {terms} ( ) "" \' \\ & | ! <-> :*'],
      ['a 10,000-character query', 'kommune '.repeat(1250)],
      ['SQL fragments', "'; DROP TABLE search_entries; -- OR 1=1"],
      ['only stop words', 'og i at det'],
      ['control characters', 'kom\u0000mune\u0007\u001b[31m\u202e'],
      ['only exclusions', '-kommune -klima'],
      ['lone operators', 'OR - * "'],
    ])('a hostile query (%s) never throws', async (_name, q) => {
      await expect(find(q)).resolves.toBeInstanceOf(Array);
    });

    it('SQL fragments are searched as words and leave the index intact', async () => {
      await find("'; DROP TABLE search_entries; --");
      expect(await find('borgmester')).toEqual(['2020:1']);
    });
  });
}
