import { describe, expect, it } from 'vitest';
import { listReplaceableWords, parseQuery } from './search-query.models.js';
import { countClause, proseWeight, scoreBm25 } from './search-ranking.models.js';
import { buildSnippet, isSamePassage, renderSnippetHtml } from './search-snippet.models.js';
import { analyzeText, levenshtein } from './search.models.js';

describe('search query and text analysis', () => {
  it('gives every inflection of kommune the same term, in either spelling of æ/ø/å', () => {
    expect(new Set(analyzeText('kommune kommunerne Kommunernes KOMMUNEN')).size).toBe(1);
    expect(analyzeText('børnene')).toEqual(analyzeText('boernene'));
    expect(analyzeText('Søren'.normalize('NFD'))).toEqual(analyzeText('Søren'));
    expect(analyzeText('ﬁnanslov')).toEqual(analyzeText('finanslov')); // NFKC: the ligature is two letters
  });

  it('splits Chinese and Japanese into character pairs and keeps Cyrillic and Arabic words', () => {
    expect(analyzeText('東京都')).toEqual(['東京', '京都']);
    expect(analyzeText('Москва القاهرة')).toEqual(['москва', 'القاهرة']);
  });

  it('reads phrases, prefixes, OR and exclusions; AND by default', () => {
    const q = parseQuery('"grøn omstilling" klima* skole OR dagtilbud -psykiatri');
    expect(q.problem).toBeUndefined();
    expect(q.groups).toHaveLength(3);
    expect(q.groups[0]![0]).toMatchObject({ kind: 'phrase' });
    expect(q.groups[1]![0]).toEqual({ kind: 'term', term: 'klima', prefix: true });
    expect(q.groups[2]).toHaveLength(2);
    expect(q.excluded).toHaveLength(1);
  });

  it('names the problem of a query that cannot run instead of failing', () => {
    expect(parseQuery('x'.repeat(10_000)).problem).toBe('too_long');
    expect(parseQuery('og i at').problem).toBe('only_stop_words');
    expect(parseQuery('-kommune').problem).toBe('only_exclusions');
    expect(parseQuery('*** ((( )))').problem).toBe('no_words');
    expect(parseQuery('a*').problem).toBe('prefix_too_short'); // a letter, not "only symbols"
    expect(parseQuery('k* kommune').problem).toBeUndefined();
    expect(parseQuery('\u0000\u0007').problem).toBe('empty');
    expect(parseQuery('"kommune').problem).toBeUndefined();
  });

  it('marks the matched words in a snippet and escapes the rest', () => {
    const pieces = buildSnippet({ text: 'Om <b>kommunerne</b> & klimaet.', query: parseQuery('kommune') });
    expect(renderSnippetHtml(pieces)).toBe('Om &lt;b&gt;<mark>kommunerne</mark>&lt;/b&gt; &amp; klimaet');
  });

  it('scores with BM25: occurrences count with diminishing returns, rarer clauses weigh more, longer pages less', () => {
    const terms = analyzeText('grøn omstilling og grøn vækst i kommunen').join(' ');
    expect(countClause({ terms, clause: { kind: 'phrase', terms: analyzeText('grøn omstilling') } })).toBe(1);
    expect(countClause({ terms, clause: { kind: 'phrase', terms: analyzeText('omstilling grøn') } })).toBe(0);
    expect(countClause({ terms, clause: { kind: 'term', term: 'gro', prefix: true, expansions: ['groen'] } })).toBe(2);
    const clauses = parseQuery('kommune giraffhals').groups.flat();
    const statistics = { pageCount: 1000, averageLength: 40, documentFrequencies: [900, 3] };
    const score = (text: string) => scoreBm25({ terms: analyzeText(text).join(' '), clauses, statistics });
    expect(score('kommune giraffhals giraffhals')).toBeGreaterThan(score('kommune kommune giraffhals'));
    expect(score('kommune giraffhals giraffhals')).toBeLessThan(2 * score('kommune giraffhals'));
    expect(score('kommune giraffhals')).toBeGreaterThan(score(`kommune giraffhals ${'ord '.repeat(40)}`));
  });

  it('measures spelling distance for suggestions', () => {
    expect(levenshtein({ a: 'borgmestr', b: 'borgmester' })).toBe(1);
    expect(levenshtein({ a: 'klima', b: 'klima' })).toBe(0);
  });
});

describe('cleaned search helpers (issue #15.4)', () => {
  it('lists the words "did you mean" may replace, with their places, never an excluded word or a prefix', () => {
    const { query, words } = listReplaceableWords('skoel -folkeskole "grøn omstiling" OR klima* -"ny lov"');
    expect(words.map((w) => w.word)).toEqual(['skoel', 'grøn', 'omstiling']);
    const omstiling = words[2]!;
    expect(`${query.slice(0, omstiling.start)}omstilling${query.slice(omstiling.end)}`).toBe('skoel -folkeskole "grøn omstilling" OR klima* -"ny lov"');
  });

  it('takes two snippets around the same words as one passage, however differently they run on', () => {
    const a = [{ text: 'Forord Kommunerne løftede velfærden i hele landet sammen med ', mark: false }, { text: 'regionerne', mark: true }, { text: '. Et andet punkt', mark: false }];
    const b = [{ text: '… løftede velfærden i hele landet sammen med ', mark: false }, { text: 'regionerne', mark: true }];
    const c = [{ text: 'Staten aftalte med ', mark: false }, { text: 'regionerne', mark: true }, { text: ' en ny plan for sundhed i landet', mark: false }];
    expect(isSamePassage(a, b)).toBe(true);
    expect(isSamePassage(a, c)).toBe(false);
  });

  it('weights a page by its share of words: prose near 1, a table of codes and amounts far lower', () => {
    expect(proseWeight('kommun har arbejd med skol')).toBe(1);
    expect(proseWeight('kommun 101 4 1 102 4 2 103 4 3')).toBeLessThan(0.2);
  });
});
